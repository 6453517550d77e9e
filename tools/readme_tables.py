"""The README's generated tables: the alert catalogue and the library's warning ids.

    make docs            # rewrites the tables in README.md (python -m tools.readme_tables)

Each table sits between ``<!-- BEGIN GENERATED: <name> -->`` and ``<!-- END GENERATED: <name> -->``;
tests/test_readme_tables.py fails when the committed README differs from what this renders.
"""

import ast
import importlib
import re
import sys
from pathlib import Path

from constructs_lib.alerts.alert_catalogue import catalogue

PROJECT_ROOT = Path(__file__).resolve().parent.parent
README = PROJECT_ROOT / "README.md"
LIBRARY = PROJECT_ROOT / "constructs_lib"

# When each warning is given. The ids themselves are read from the library's add_warning_v2 calls;
# a warning without a line here (or a line without a warning) fails the README test.
WARNING_DESCRIPTIONS = {
    "constructs-lib:policy-not-applied": "an imported bucket, key or topic needs statements its owner must add",
    "constructs-lib:object-lock-disabled": "the log bucket has no Object Lock",
    "constructs-lib:log-file-validation-disabled": "log file validation is off",
    "constructs-lib:single-region-trail": "the trail records one Region only",
    "constructs-lib:cloudwatch-logs-disabled": "no CloudWatch Logs delivery, so no metric-filter alarms",
    "constructs-lib:log-retention-infinite": "the log group never expires events",
    "constructs-lib:duplicate-management-events": "a second trail in the account records management events (billed again)",
    "constructs-lib:trail-log-bucket-data-events": "a selector records writes to the trail's own log buckets (feedback loop)",
    "constructs-lib:global-service-alert-region": "an alert for global-service events has a rule on the default bus outside us-east-1",
    "constructs-lib:unknown-data-resource-type": "a data event selector names a resource type the library does not know",
    "constructs-lib:unknown-network-activity-event-source": (
        "a network activity selector names an event source the library does not know"
    ),
    "constructs-lib:query-regions-without-us-east-1": (
        "the Athena table's Regions leave out us-east-1, where global-service events are recorded"
    ),
    "constructs-lib:cloudtrail-lake-availability": (
        "CloudTrail Lake takes no new customers: an event data store deploys only in accounts that used Lake"
    ),
    "constructs-lib:heartbeat-logs-off": "the CloudWatch Logs delivery heartbeat is turned off",
    "constructs-lib:heartbeat-s3-off": "the S3 delivery heartbeat is turned off",
    "constructs-lib:heartbeat-s3-unavailable": (
        "the log bucket is imported, so no request-metrics configuration (and no S3 heartbeat) can be added"
    ),
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _mechanisms(definition) -> str:
    mechanisms = []
    if getattr(definition, "filter_pattern", None):
        mechanisms.append("metric filter + alarm")
    if getattr(definition, "event_pattern", None):
        mechanisms.append("EventBridge rule")
    return ", ".join(mechanisms)


def alert_catalogue_table() -> str:
    """One row per alert of ``catalogue()``, in its order."""
    rows = [
        "| Id | What it watches | Severity | CIS / Security Hub control | Mechanisms | Region of the rule |",
        "|---|---|---|---|---|---|",
    ]
    for definition in catalogue().values():
        region = definition.global_service_region or "any (each Region you watch)"
        rows.append(
            f"| `{definition.alert_id}` | {_cell(definition.title)} | {definition.severity} | "
            f"{_cell(', '.join(definition.controls)) or '—'} | {_mechanisms(definition)} | {region} |"
        )
    return "\n".join(rows)


def warning_ids() -> dict[str, list[str]]:
    """Every id the library passes to ``add_warning_v2``, with where: ``{id: ["path:line", ...]}``.

    The id argument is evaluated in its module's namespace (a constant or a literal); an id that is
    not a constant there is reported as such, so that it cannot escape the list.
    """
    found: dict[str, list[str]] = {}
    for path in sorted(LIBRARY.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        calls = [
            node for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add_warning_v2"
        ]
        if not calls:
            continue
        module = importlib.import_module(".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts))
        for call in calls:
            where = f"{path.relative_to(PROJECT_ROOT)}:{call.lineno}"
            try:
                warning_id = eval(compile(ast.Expression(call.args[0]), where, "eval"), vars(module))  # noqa: S307
            except (IndexError, NameError, AttributeError) as error:
                raise ValueError(f"{where}: the warning id must be a module constant or a literal ({error})") from error
            found.setdefault(warning_id, []).append(where)
    return found


def warnings_table() -> str:
    """The warning ids and when each is given; ValueError when an id and its description do not pair."""
    ids = warning_ids()
    undescribed = sorted(set(ids) - set(WARNING_DESCRIPTIONS))
    unused = sorted(set(WARNING_DESCRIPTIONS) - set(ids))
    if undescribed or unused:
        raise ValueError(
            "tools/readme_tables.py WARNING_DESCRIPTIONS must describe exactly the library's warnings: "
            + "; ".join(
                [f"add {warning_id} (warned at {', '.join(ids[warning_id])})" for warning_id in undescribed]
                + [f"remove {warning_id} (no longer warned)" for warning_id in unused]
            )
        )
    rows = ["| Id | When |", "|---|---|"]
    rows += [f"| `{warning_id}` | {_cell(WARNING_DESCRIPTIONS[warning_id])} |" for warning_id in sorted(ids)]
    return "\n".join(rows)


TABLES = {"alert-catalogue": alert_catalogue_table, "warning-ids": warnings_table}


def render(readme: str) -> str:
    """``readme`` with every generated table replaced by what the library holds now."""
    for name, table in TABLES.items():
        pattern = re.compile(
            rf"(<!-- BEGIN GENERATED: {name} [^>]*-->\n)(?:.*?\n)?(<!-- END GENERATED: {name} -->)", re.DOTALL
        )
        if not pattern.search(readme):
            raise ValueError(f"README.md has no generated section {name!r}")
        readme = pattern.sub(lambda match, table=table: match.group(1) + table() + "\n" + match.group(2), readme)
    return readme


def main() -> int:
    current = README.read_text()
    rendered = render(current)
    if rendered != current:
        README.write_text(rendered)
        print("README.md: generated tables updated")
    else:
        print("README.md: generated tables up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
