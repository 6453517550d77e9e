#!/usr/bin/env python3
"""The CDK app: with no configuration it synthesizes the single-account layout.

Settings come from CDK context: `cdk synth -c trail_name=audit -c log_retention_days=731`, or the
"context" block of cdk.json. See the README, "The default app's settings".
"""

import os

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


if __name__ == "__main__":
    app = cdk.App(outdir=os.environ.get("CDK_OUTDIR"))
    SingleAccountTrailStack(app, "CloudTrailSingleAccount", **single_account_settings(app))
    app.synth()
