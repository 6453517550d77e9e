"""Saved queries: each parses as Trino SQL, names only the table's columns, reads only the days it is
given; custom queries and date ranges that break those rules fail with a ConfigurationError."""

import dataclasses
import datetime
import re

import pytest
import sqlglot

from constructs_lib import ConfigurationError, SavedQuery, execution_parameters
from constructs_lib.query.saved_queries import (
    SAVED_QUERIES,
    TABLE_COLUMNS,
    check_saved_query,
    parse,
    referenced_columns,
)

GOOD = SavedQuery(
    query_id="deleted-buckets",
    name="Deleted buckets",
    description="Buckets deleted.",
    sql="""SELECT eventtime, useridentity.sessioncontext.sessionissuer.arn AS issuer, t.resources
FROM {table} t CROSS JOIN UNNEST(t.resources) AS unnested (entry)
WHERE t."timestamp" BETWEEN ? AND ? AND eventname = 'DeleteBucket' AND entry.type = 'AWS::S3::Bucket'
ORDER BY issuer""",
)


@pytest.mark.parametrize("query", SAVED_QUERIES, ids=lambda q: q.query_id)
def test_saved_query_parses_as_trino_and_names_only_table_columns(query):
    tree = sqlglot.parse_one(query.render(table='"cloudtrail"."cloudtrail_logs"', log_bucket="b", trail_key_arn="k"), read="trino")
    assert isinstance(tree, sqlglot.exp.Select)
    assert referenced_columns(tree) <= TABLE_COLUMNS
    assert "timestamp" in {c.name for c in tree.args["where"].find_all(sqlglot.exp.Column)}
    check_saved_query(query)


def test_custom_query_with_struct_fields_aliases_and_unnest_is_accepted():
    check_saved_query(GOOD)
    assert referenced_columns(parse(GOOD.sql, query_id=GOOD.query_id)) == {"eventtime", "useridentity", "resources", "timestamp", "eventname"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sql": GOOD.sql.replace("eventname =", "event_name =")}, "names column(s) event_name that the CloudTrail table does not have"),
        ({"sql": GOOD.sql.replace("useridentity.sessioncontext", "userIdentity2.sessioncontext")}, "names column(s) useridentity2"),
        ({"sql": "SELECT eventname FROM {table} WHERE eventname = 'DeleteBucket'"}, 'does not constrain the "timestamp" partition'),
        ({"sql": "SELECT eventname FROM {table} WHERE \"timestamp\" >= ?"}, "has 1 '?' parameter(s) but describes 2"),
        ({"sql": "SELEC eventname FROM {table}"}, "is not valid Trino SQL"),
        ({"sql": "SELECT 1 FROM {table} WHERE \"timestamp\" BETWEEN ? AND ?; SELECT 2"}, "must be exactly one SELECT statement"),
        ({"query_id": "Deleted Buckets"}, "query_id 'Deleted Buckets' must be lower-case"),
        ({"name": "x" * 129}, "name is 129 characters long, but Athena accepts 1 to 128"),
    ],
)
def test_bad_custom_queries(changes, message):
    with pytest.raises(ConfigurationError, match=re.escape(message)):
        check_saved_query(dataclasses.replace(GOOD, **changes))


def test_execution_parameters_are_quoted_days_then_values():
    assert execution_parameters("2026/01/01", datetime.date(2026, 1, 31), "O'Brien") == ["'2026/01/01'", "'2026/01/31'", "'O''Brien'"]


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2026-01-01", "2026/01/31", "first_day '2026-01-01' is not a day in the form yyyy/MM/dd"),
        ("2026/01/01", "2026/13/01", "last_day '2026/13/01' is not a day"),
        ("2026/02/01", "2026/01/31", "first_day 2026/02/01 is after last_day 2026/01/31"),
        (20260101, "2026/01/31", "first_day 20260101 is not a day"),
    ],
)
def test_malformed_date_ranges(first, last, message):
    with pytest.raises(ConfigurationError, match=re.escape(message)):
        execution_parameters(first, last)
