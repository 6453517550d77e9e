"""Every saved query finds what it exists for, and nothing else, in real-shaped CloudTrail log files.

The sample events of the alert tests (tests/data/cloudtrail_events) plus a few copies moved to
another account, to a day outside the range, and to an account and a Region outside the
projection, are written as gzipped CloudTrail log files in the AWSLogs layout of each path layout;
DuckDB reads them through the table's own location template (tests/query/athena_emulation.py)
and runs each saved query, transpiled from Trino by sqlglot.
"""

import copy
import json
from collections import Counter
from pathlib import Path

import aws_cdk as cdk
import duckdb
import pytest
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3

from constructs_lib.query.cloudtrail_table import CloudTrailTable
from constructs_lib.query.saved_queries import SAVED_QUERIES, execution_parameters, saved_queries
from tests.query.athena_emulation import BUCKET, load_table, to_duckdb, write_log_files

SAMPLES = Path(__file__).parent.parent / "data" / "cloudtrail_events"
TRAIL_KEY = "arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
ACCOUNTS = ["111122223333", "444455556666"]
REGIONS = ["us-east-1", "eu-west-1"]
DAYS = ("2026/01/01", "2026/01/31")
ROOT_KEY = "ASIAEXAMPLEROOTKEY"


def _moved(name: str, new_name: str, **changes) -> tuple[str, dict]:
    record = copy.deepcopy(_samples()[name])
    record.update(changes, eventID=f"00000000-0000-0000-0000-{len(new_name):012d}{new_name[-4:]}")
    return new_name, record


def _samples() -> dict[str, dict]:
    return {path.stem: json.loads(path.read_text())["detail"] for path in sorted(SAMPLES.glob("*.json"))}


def _corpus() -> dict[str, dict]:
    root_call = "root-account-usage.match.api-call"
    return {
        **_samples(),
        **dict(
            [
                _moved(root_call, "extra.other-account", recipientAccountId="444455556666", eventTime="2026-01-20T08:00:00Z"),
                _moved(root_call, "extra.after-range", eventTime="2026-02-03T08:00:00Z"),
                _moved(root_call, "extra.unprojected-account", recipientAccountId="999988887777", eventTime="2026-01-20T08:00:00Z"),
                _moved(root_call, "extra.unprojected-region", awsRegion="ap-south-1", eventTime="2026-01-20T08:00:00Z"),
            ]
        ),
    }


CORPUS = _corpus()
# Only these records are in the projected partitions and the queried days.
VISIBLE = {name for name in CORPUS if not name.startswith(("extra.after", "extra.unprojected"))}

# The events each query exists for (everything else in the corpus must stay out).
EXPECTED_EVENTS = {
    "root-activity": {
        "root-account-usage.match.api-call",
        "root-account-usage.match.console-sign-in",
        "root-account-usage.match.read-only-api-call",
        "root-console-sign-in.match",
        "root-console-sign-in.match.failed",
        "console-sign-in-without-mfa.benign.root",  # a root sign-in: root activity, not an IAM user's
        "extra.other-account",
    },
    "console-sign-in-without-mfa": {"console-sign-in-without-mfa.match"},
    "trail-bucket-key-changes": {
        "cloudtrail-configuration-changes.match",
        "cloudtrail-configuration-changes.benign",  # AddTags on a trail is a change to it
        "cloudtrail-tampering.match.put-event-selectors",
        "cloudtrail-tampering.match.stop-logging",
        "cloudtrail-tampering.benign",  # StartLogging
        "trail-bucket-policy-changes.match",
        "trail-bucket-policy-changes.match.public-access-block-removed",
        "trail-bucket-policy-changes.benign",  # tagging the log bucket
        "trail-key-disabled-or-deletion-scheduled.match",
        "trail-key-disabled-or-deletion-scheduled.match.disable-key",
        "trail-key-disabled-or-deletion-scheduled.benign",  # EnableKey on the trail key
    },
    "access-key-activity": {
        "root-account-usage.match.api-call",
        "root-account-usage.match.read-only-api-call",
        "extra.other-account",
    },
}
# Not returned although they look alike.
MUST_NOT_FIND = {
    "root-activity": {"root-account-usage.benign.invoked-by-service", "root-account-usage.benign.iam-user", "extra.after-range", "extra.unprojected-account", "extra.unprojected-region"},
    "console-sign-in-without-mfa": {
        "console-sign-in-without-mfa.benign.failed",
        "console-sign-in-without-mfa.benign.identity-center-user",
        "console-sign-in-without-mfa.benign.root",
        "console-sign-in-without-mfa.benign.with-mfa",
    },
    "trail-bucket-key-changes": {
        "trail-bucket-policy-changes.match.other-bucket",
        "trail-key-disabled-or-deletion-scheduled.match.other-key",
        "s3-bucket-policy-changes.match",
    },
    "access-key-activity": {"extra.after-range", "root-account-usage.match.console-sign-in"},
}
LAYOUTS = {
    "organization": {"organization_id": "o-a1b2c3d4e5"},
    "multi-account-with-prefix": {"s3_key_prefix": "audit/cloudtrail"},
}


@pytest.fixture(scope="module", params=sorted(LAYOUTS))
def athena(request, tmp_path_factory):
    """(DuckDB connection, table construct) over the corpus written in one path layout."""
    stack = cdk.Stack(cdk.App(), "Queries", env=cdk.Environment(account="111122223333", region="us-east-1"))
    table = CloudTrailTable(
        stack,
        "Table",
        bucket=s3.Bucket.from_bucket_name(stack, "Bucket", BUCKET),
        key=kms.Key.from_key_arn(stack, "Key", TRAIL_KEY),
        accounts=ACCOUNTS,
        regions=REGIONS,
        **LAYOUTS[request.param],
    )
    bucket_root = tmp_path_factory.mktemp(request.param)
    write_log_files(bucket_root, table.log_prefix, list(CORPUS.values()))
    connection = duckdb.connect()
    load_table(
        connection,
        qualified_name=table.qualified_name,
        bucket_root=bucket_root,
        location_template=table.location_template,
        accounts=table.accounts,
        regions=table.regions,
        first_day=table.first_day,
    )
    yield connection, table
    connection.close()


def _run(athena, query_id: str, *values: str, select_event_ids: bool = False) -> list[tuple]:
    connection, table = athena
    sql = saved_queries()[query_id].render(table=table.qualified_name, log_bucket=BUCKET, trail_key_arn=TRAIL_KEY)
    duckdb_sql = to_duckdb(sql, execution_parameters(*DAYS, *values))
    if select_event_ids:
        duckdb_sql = duckdb_sql.replace("SELECT ", "SELECT eventid, ", 1)
    return connection.sql(duckdb_sql).fetchall()


def _names(rows) -> set[str]:
    by_id = {record["eventID"]: name for name, record in CORPUS.items()}
    return {by_id[row[0]] for row in rows}


def test_the_table_holds_exactly_the_projected_partitions(athena):
    connection, table = athena
    count = connection.sql(f'SELECT count(*) FROM {table.qualified_name} WHERE "timestamp" BETWEEN \'{DAYS[0]}\' AND \'{DAYS[1]}\'').fetchall()[0][0]
    assert count == len(VISIBLE)


@pytest.mark.parametrize("query_id", sorted(EXPECTED_EVENTS))
def test_query_returns_the_events_it_exists_for_and_no_others(athena, query_id):
    values = (ROOT_KEY,) if query_id == "access-key-activity" else ()
    found = _names(_run(athena, query_id, *values, select_event_ids=True))
    assert found == EXPECTED_EVENTS[query_id]
    assert not found & MUST_NOT_FIND[query_id]


def test_access_denied_counts_refusals_by_principal_without_log_delivery_or_head_bucket(athena):
    rows = _run(athena, "access-denied-by-principal")
    alice = "arn:aws:sts::111122223333:assumed-role/Administrator/alice"
    assert sorted(row[:6] for row in rows) == [
        (alice, "111122223333", "ec2.amazonaws.com", "DescribeInstances", "Client.UnauthorizedOperation", 1),
        (alice, "111122223333", "iam.amazonaws.com", "CreateUser", "AccessDenied", 1),
    ]


def test_top_api_callers_counts_every_call_in_the_range_by_principal(athena):
    rows = _run(athena, "top-api-callers")
    expected = Counter(CORPUS[name]["userIdentity"].get("arn") for name in VISIBLE)
    assert {row[0]: row[1] for row in rows} == dict(expected)
    assert [row[1] for row in rows] == sorted((row[1] for row in rows), reverse=True)


def test_every_saved_query_runs(athena):
    assert {query.query_id for query in SAVED_QUERIES} == set(EXPECTED_EVENTS) | {"access-denied-by-principal", "top-api-callers"}
