#!/usr/bin/env python3
"""The CDK app: with no configuration it synthesizes the single-account layout.

Settings come from CDK context: `cdk synth -c trail_name=audit -c log_retention_days=731`, or the
"context" block of cdk.json. See the README, "The default app's settings". A multi-account layout
comes from a JSON file of ``LayoutConfig`` settings: `cdk synth -c layout_config=estate.json`
(add `-c stack_set=true` for the accounts layout's StackSet form).
"""

import json
import os
from pathlib import Path

import aws_cdk as cdk

from constructs_lib import ConfigurationError
from stacks.single_account import SingleAccountTrailStack


def single_account_settings(app: cdk.App) -> dict:
    """The single-account stack's settings given as CDK context; a setting not given keeps the
    library's default. ``-c`` values arrive as strings."""
    settings = {}
    trail_name = app.node.try_get_context("trail_name")
    if trail_name is not None:
        settings["trail_name"] = str(trail_name)
    s3_key_prefix = app.node.try_get_context("s3_key_prefix")
    if s3_key_prefix is not None:
        settings["s3_key_prefix"] = str(s3_key_prefix)
    retention = app.node.try_get_context("log_retention_days")
    if retention is not None:
        if not str(retention).isdigit():
            raise ConfigurationError(
                f"context log_retention_days {retention!r} is not a number of days. Pass one of the values "
                f"CloudWatch Logs accepts, for example -c log_retention_days=365."
            )
        settings["cloud_watch_logs_retention"] = int(retention)  # SecureTrail checks the value
    return settings


def layout_config(app: cdk.App):
    """The ``LayoutConfig`` named by context ``layout_config`` (a JSON file), or None. The layouts
    are imported only then: the single-account app does not pay for them at start-up."""
    path = app.node.try_get_context("layout_config")
    if path is None:
        return None
    file = Path(str(path))
    try:
        data = json.loads(file.read_text())
    except FileNotFoundError:
        raise ConfigurationError(
            f"context layout_config {str(path)!r} names no file. Give the path of a JSON file of LayoutConfig "
            f"settings, for example -c layout_config=estate.json (see the README, multi-account layouts)."
        ) from None
    except (OSError, UnicodeDecodeError) as error:  # a folder, no permission, not text
        raise ConfigurationError(
            f"context layout_config {str(path)!r} cannot be read as a text file ({error}). Give the path of "
            f"a readable UTF-8 JSON file, for example -c layout_config=estate.json."
        ) from None
    except json.JSONDecodeError as error:
        raise ConfigurationError(
            f"context layout_config {str(path)!r} is not valid JSON: {error}. Fix the file at that line and "
            f"column (JSON needs double quotes and no trailing commas)."
        ) from None
    from constructs_lib import LayoutConfig

    return LayoutConfig.from_mapping(data, source=f"layout_config {str(path)!r}")


def stack_set_setting(app: cdk.App) -> bool:
    """Context ``stack_set``: the accounts layout through self-managed StackSets."""
    value = str(app.node.try_get_context("stack_set") or "false").lower()
    if value not in ("true", "false"):
        raise ConfigurationError(f"context stack_set {value!r} must be true or false, for example -c stack_set=true.")
    return value == "true"


def add_stacks(app: cdk.App) -> None:
    """The single-account stack, or the layout of context ``layout_config``."""
    config = layout_config(app)
    if config is None:
        SingleAccountTrailStack(app, "CloudTrailSingleAccount", **single_account_settings(app))
    else:
        from stacks.layouts import add_layout

        add_layout(app, config, stack_set=stack_set_setting(app))


if __name__ == "__main__":
    app = cdk.App(outdir=os.environ.get("CDK_OUTDIR"))
    add_stacks(app)
    app.synth()
