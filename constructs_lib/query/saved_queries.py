"""The saved investigation queries, and the checks every saved query passes (built-in or yours).

Each query is Trino SQL (Athena engine version 3) with ``?`` execution parameters: the first two are
always the first and last day (``'yyyy/MM/dd'``) of the date partition, so a query reads only the
folders of those days. Athena's console asks for the values when the query runs; from the CLI pass
them as ``--execution-parameters`` (``execution_parameters`` builds them). ``{table}`` is replaced
by the table's qualified name, ``{log_bucket}`` and ``{trail_key_arn}`` by the trail's bucket name
and key ARN.
"""

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sqlglot
from sqlglot import exp

from .._shared.errors import ConfigurationError
from ._days import check_day_range
from .cloudtrail_table import COLUMNS, DAY_PARTITION, PARTITION_KEYS

DAY_PARAMETERS = ("first day, 'yyyy/MM/dd'", "last day, 'yyyy/MM/dd'")
PLACEHOLDERS = ("{table}", "{log_bucket}", "{trail_key_arn}")
# AWS::Athena::NamedQuery limits.
_MAX_NAME = 128
_MAX_DESCRIPTION = 1024
_MAX_QUERY = 262_144
_QUERY_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass(frozen=True, kw_only=True)
class SavedQuery:
    """An Athena saved (named) query over the CloudTrail table.

    :param query_id: Stable id, lower-case words joined by dashes (the construct id of its
        ``AWS::Athena::NamedQuery``).
    :param name: The name Athena shows (at most 128 characters).
    :param description: What it finds and its parameters (at most 1024 characters).
    :param sql: Trino SQL. ``FROM {table}``; its WHERE clause must constrain ``"timestamp"`` with the
        first two ``?`` parameters (first and last day).
    :param extra_parameters: What the ``?`` parameters after the two days are, in order. Default: none.
    """

    query_id: str
    name: str
    description: str
    sql: str
    extra_parameters: tuple[str, ...] = ()

    @property
    def parameters(self) -> tuple[str, ...]:
        """Every ``?`` parameter, in order."""
        return (*DAY_PARAMETERS, *self.extra_parameters)

    def render(self, *, table: str, log_bucket: str = "", trail_key_arn: str = "") -> str:
        """The query text with its placeholders replaced."""
        return (
            self.sql.replace("{table}", table).replace("{log_bucket}", log_bucket).replace("{trail_key_arn}", trail_key_arn)
        )


_CHANGE_EVENTS = (
    "'CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging', "
    "'PutEventSelectors', 'PutInsightSelectors', 'AddTags', 'RemoveTags'"
)

SAVED_QUERIES: tuple[SavedQuery, ...] = (
    SavedQuery(
        query_id="root-activity",
        name="Root user activity",
        description=(
            "Every call made with the root user's credentials, not by an AWS service on its behalf "
            "(CIS 4.3 / Security Hub CloudWatch.1). Parameters: first day, last day ('yyyy/MM/dd')."
        ),
        sql="""SELECT eventtime, account, region, eventsource, eventname, sourceipaddress, useragent, errorcode
FROM {table}
WHERE "timestamp" BETWEEN ? AND ?
  AND useridentity.type = 'Root'
  AND useridentity.invokedby IS NULL
  AND eventtype <> 'AwsServiceEvent'
ORDER BY eventtime""",
    ),
    SavedQuery(
        query_id="console-sign-in-without-mfa",
        name="Console sign-ins without MFA",
        description=(
            "Successful AWS Management Console sign-ins of IAM users without multi-factor authentication "
            "(CIS 4.2 / Security Hub CloudWatch.3). Parameters: first day, last day ('yyyy/MM/dd')."
        ),
        sql="""SELECT eventtime, account, useridentity.arn AS principal, sourceipaddress, useragent
FROM {table}
WHERE "timestamp" BETWEEN ? AND ?
  AND eventsource = 'signin.amazonaws.com'
  AND eventname = 'ConsoleLogin'
  AND useridentity.type = 'IAMUser'
  AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success'
  AND coalesce(json_extract_scalar(additionaleventdata, '$.MFAUsed'), 'No') <> 'Yes'
ORDER BY eventtime""",
    ),
    SavedQuery(
        query_id="access-denied-by-principal",
        name="Access denied, by principal",
        description=(
            "Calls refused with AccessDenied* or *UnauthorizedOperation, counted by principal, account and "
            "API, without S3 log delivery and HeadBucket probes (CIS 4.1 / Security Hub CloudWatch.2). "
            "Parameters: first day, last day ('yyyy/MM/dd')."
        ),
        sql="""SELECT useridentity.arn AS principal, account, eventsource, eventname, errorcode,
  count(*) AS denied, min(eventtime) AS first_seen, max(eventtime) AS last_seen
FROM {table}
WHERE "timestamp" BETWEEN ? AND ?
  AND (errorcode LIKE '%UnauthorizedOperation' OR errorcode LIKE 'AccessDenied%')
  AND coalesce(sourceipaddress, '') <> 'delivery.logs.amazonaws.com'
  AND eventname <> 'HeadBucket'
GROUP BY useridentity.arn, account, eventsource, eventname, errorcode
ORDER BY denied DESC, principal
LIMIT 1000""",
    ),
    SavedQuery(
        query_id="trail-bucket-key-changes",
        name="Changes to trails, the log bucket or the trail key",
        description=(
            "Management calls that change a trail (create, update, delete, start or stop logging, event "
            "selectors, tags), the trail's log bucket or its KMS key, "
            "successful or not. Parameters: first day, last day ('yyyy/MM/dd')."
        ),
        sql=f"""SELECT eventtime, account, region, eventsource, eventname, useridentity.arn AS principal,
  sourceipaddress, errorcode, requestparameters
FROM {{table}}
WHERE "timestamp" BETWEEN ? AND ?
  AND readonly = 'false'
  AND coalesce(eventcategory, 'Management') = 'Management'
  AND (
    (eventsource = 'cloudtrail.amazonaws.com' AND eventname IN ({_CHANGE_EVENTS}))
    OR (eventsource = 's3.amazonaws.com' AND json_extract_scalar(requestparameters, '$.bucketName') = '{{log_bucket}}')
    OR (eventsource = 'kms.amazonaws.com' AND contains(transform(resources, r -> r.arn), '{{trail_key_arn}}'))
  )
ORDER BY eventtime""",
    ),
    SavedQuery(
        query_id="access-key-activity",
        name="Activity of one access key",
        description=(
            "Everything done with one access key id (AKIA... or ASIA...), in order. Parameters: first day, "
            "last day ('yyyy/MM/dd'), access key id."
        ),
        sql="""SELECT eventtime, account, region, eventsource, eventname, useridentity.arn AS principal,
  sourceipaddress, useragent, errorcode
FROM {table}
WHERE "timestamp" BETWEEN ? AND ?
  AND useridentity.accesskeyid = ?
ORDER BY eventtime""",
        extra_parameters=("access key id, for example 'AKIAIOSFODNN7EXAMPLE'",),
    ),
    SavedQuery(
        query_id="top-api-callers",
        name="Top API callers",
        description=(
            "The 25 principals that made the most calls, with how many different APIs and when. "
            "Parameters: first day, last day ('yyyy/MM/dd')."
        ),
        sql="""SELECT useridentity.arn AS principal, count(*) AS calls, count(DISTINCT eventname) AS distinct_apis,
  min(eventtime) AS first_call, max(eventtime) AS last_call
FROM {table}
WHERE "timestamp" BETWEEN ? AND ?
GROUP BY useridentity.arn
ORDER BY calls DESC, principal
LIMIT 25""",
    ),
)


def saved_queries() -> dict[str, SavedQuery]:
    """The built-in saved queries by id."""
    return {query.query_id: query for query in SAVED_QUERIES}


def execution_parameters(first_day: str | datetime.date, last_day: str | datetime.date, *values: str) -> list[str]:
    """The values of a saved query's ``?`` parameters as Athena takes them (quoted SQL literals):
    ``aws athena start-query-execution --execution-parameters`` or the console's prompts."""
    first, last = check_day_range(first_day, last_day)
    return [_literal(value) for value in (first, last, *values)]


def _literal(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------

TABLE_COLUMNS = frozenset((*COLUMNS, *PARTITION_KEYS))


def parse(sql: str, *, query_id: str) -> exp.Expression:
    """The query parsed as Trino SQL (placeholders filled with sample values)."""
    try:
        statements = sqlglot.parse(SavedQuery(query_id=query_id, name="", description="", sql=sql).render(
            table='"db"."table"', log_bucket="bucket", trail_key_arn="arn"
        ), read="trino")
    except sqlglot.errors.ParseError as error:
        raise ConfigurationError(
            f"saved query {query_id!r} is not valid Trino SQL (Athena engine version 3): {error}. Fix the SQL; "
            f"try it in the Athena console first."
        ) from error
    statements = [statement for statement in statements if statement is not None]
    if len(statements) != 1 or not isinstance(statements[0], exp.Query):
        raise ConfigurationError(
            f"saved query {query_id!r} must be exactly one SELECT statement, got {len(statements)} statement(s). "
            f"Save one SELECT per query."
        )
    return statements[0]


def referenced_columns(tree: exp.Expression) -> set[str]:
    """The table columns a query names: the first part of each column reference that is not a
    table alias, a select alias or an UNNEST alias (struct fields such as ``useridentity.type``
    count as ``useridentity``)."""
    aliases = {alias.alias_or_name for alias in tree.find_all(exp.Alias)}
    relation_names = set()
    for table_alias in tree.find_all(exp.TableAlias):
        relation_names.add(table_alias.name)
        aliases.update(column.name for column in table_alias.columns)
    for table in tree.find_all(exp.Table):
        relation_names.add(table.name)
    lambda_variables = {
        variable.name for function in tree.find_all(exp.Lambda) for variable in function.expressions
    }
    referenced = set()
    for column in tree.find_all(exp.Column):
        parts = [part.name for part in column.parts]
        if len(parts) > 1 and parts[0] in relation_names:
            parts = parts[1:]
        root = parts[0].lower()
        if root in aliases or root in lambda_variables:
            continue
        referenced.add(root)
    return referenced


def check_saved_query(query: SavedQuery) -> None:
    """A saved query Athena can run that reads only the days it is asked for.

    It is one SELECT, parses as Trino SQL, names only columns the table has, constrains the
    ``"timestamp"`` partition, has as many ``?`` as parameters, and fits AWS::Athena::NamedQuery.
    """
    if not isinstance(query, SavedQuery):
        raise ConfigurationError(
            f"query is {query!r}, but it must be a SavedQuery. Pass SavedQuery(query_id=..., name=..., "
            f"description=..., sql=...)."
        )
    if not _QUERY_ID.fullmatch(query.query_id):
        raise ConfigurationError(
            f"query_id {query.query_id!r} must be lower-case letters and digits in words joined by single "
            f"dashes, for example 'deleted-buckets'."
        )
    for field, value, limit in (("name", query.name, _MAX_NAME), ("description", query.description, _MAX_DESCRIPTION)):
        if not 1 <= len(value) <= limit:
            raise ConfigurationError(
                f"saved query {query.query_id!r}: {field} is {len(value)} characters long, but Athena accepts 1 "
                f"to {limit}. Shorten it."
            )
    if len(query.sql) > _MAX_QUERY:
        raise ConfigurationError(
            f"saved query {query.query_id!r} is {len(query.sql)} characters long, over Athena's limit of "
            f"{_MAX_QUERY}. Shorten it."
        )
    tree = parse(query.sql, query_id=query.query_id)
    unknown = sorted(referenced_columns(tree) - TABLE_COLUMNS)
    if unknown:
        raise ConfigurationError(
            f"saved query {query.query_id!r} names column(s) {', '.join(unknown)} that the CloudTrail table does "
            f"not have (columns: {', '.join(sorted(TABLE_COLUMNS))}). Column names are lower case; nested "
            f"fields are reached through their struct, for example useridentity.sessioncontext.sessionissuer.arn."
        )
    where = tree.args.get("where")
    if where is None or DAY_PARTITION not in {column.name.lower() for column in where.find_all(exp.Column)}:
        raise ConfigurationError(
            f"saved query {query.query_id!r} does not constrain the \"timestamp\" partition in its WHERE clause, "
            f"so it would read every day of logs (and stop at the workgroup's scan limit). Add "
            f"'WHERE \"timestamp\" BETWEEN ? AND ?' with the first and last day as its first two parameters."
        )
    placeholders = len(list(tree.find_all(exp.Placeholder)))
    if placeholders != len(query.parameters):
        raise ConfigurationError(
            f"saved query {query.query_id!r} has {placeholders} '?' parameter(s) but describes "
            f"{len(query.parameters)} ({', '.join(query.parameters)}). The first two are the first and last "
            f"day; name the others in extra_parameters, in order."
        )


def check_saved_queries(queries: Sequence[SavedQuery], *, existing: Mapping[str, SavedQuery] = {}) -> None:
    """Each query passes ``check_saved_query`` and no two share an id."""
    seen = dict(existing)
    for query in queries:
        check_saved_query(query)
        if query.query_id in seen:
            raise ConfigurationError(
                f"saved query id {query.query_id!r} is used twice. Give each saved query its own query_id."
            )
        seen[query.query_id] = query
