"""Running the saved queries the way Athena would, in-process, over real-shaped CloudTrail log files.

- Log files: gzipped ``{"Records": [...]}`` files in the ``AWSLogs/...`` layout, one per account,
  Region and day, named like CloudTrail names them.
- The table: DuckDB reads the files (``read_json``), unnests ``Records`` and maps each record to the
  Glue table's columns the way the Hive JSON SerDe does: keys matched case-insensitively, JSON
  objects and arrays in ``string`` columns kept as their JSON text, booleans as 'true'/'false',
  structs, arrays and maps built from the Glue type strings of ``COLUMNS``. The partition columns
  come from each file's key through the table's own ``storage.location.template``, and partition
  projection is applied: only enum accounts and Regions, days within the range.
- The queries: sqlglot transpiles the Trino SQL to DuckDB; ``?`` parameters become literals.
"""

import datetime
import gzip
import json
import re
import uuid
from collections import defaultdict
from pathlib import Path

import duckdb
import sqlglot
from sqlglot import exp

from constructs_lib.query.cloudtrail_table import ACCOUNT_PARTITION, COLUMNS, DAY_PARTITION, REGION_PARTITION

BUCKET = "org-trail-logs-111122223333"


def write_log_files(root: Path, log_prefix: str, records: list[dict]) -> list[Path]:
    """Write ``records`` as CloudTrail log files under ``root`` (the bucket), ``log_prefix`` first
    (``[prefix/]AWSLogs/[o-id/]``): one file per account, Region and delivery day (the event's day)."""
    files = defaultdict(list)
    for record in records:
        day = datetime.datetime.fromisoformat(record["eventTime"].replace("Z", "+00:00"))
        files[(record["recipientAccountId"], record["awsRegion"], day)].append(record)
    written = []
    for (account, region, day), file_records in sorted(files.items()):
        folder = root / log_prefix / account / "CloudTrail" / region / day.strftime("%Y/%m/%d")
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{account}_CloudTrail_{region}_{day.strftime('%Y%m%dT%H%MZ')}_{uuid.uuid4().hex[:16]}.json.gz"
        with gzip.open(folder / name, "wt") as file:
            json.dump({"Records": file_records}, file)
        written.append(folder / name)
    return written


def _child(json_expression: str, key: str) -> str:
    """The member ``key`` of a JSON object, matched case-insensitively (as the SerDe does)."""
    return (
        f"json_extract({json_expression}, '$.\"' || "
        f"list_filter(json_keys({json_expression}), lambda k: lower(k) = '{key}')[1] || '\"')"
    )


def _split_fields(body: str) -> list[tuple[str, str]]:
    fields, depth, start = [], 0, 0
    for index, character in enumerate(body):
        depth += character == "<"
        depth -= character == ">"
        if character == "," and depth == 0:
            fields.append(body[start:index])
            start = index + 1
    fields.append(body[start:])
    return [tuple(field.split(":", 1)) for field in fields]


def _convert(json_expression: str, glue_type: str, depth: int = 0) -> str:
    """SQL turning a JSON value into the Glue type, as the Hive JSON SerDe reads it."""
    value = json_expression
    if glue_type == "string":
        return (
            f"CASE WHEN {value} IS NULL OR json_type({value}) = 'NULL' THEN NULL "
            f"WHEN json_type({value}) = 'VARCHAR' THEN {value} ->> '$' ELSE CAST({value} AS VARCHAR) END"
        )
    if glue_type.startswith("struct<"):
        fields = _split_fields(glue_type[len("struct<"):-1])
        packed = ", ".join(f"{name} := {_convert(_child(value, name), field_type, depth)}" for name, field_type in fields)
        return f"CASE WHEN {value} IS NULL OR json_type({value}) <> 'OBJECT' THEN NULL ELSE struct_pack({packed}) END"
    if glue_type.startswith("array<"):
        item = f"item{depth}"
        converted = _convert(item, glue_type[len("array<"):-1], depth + 1)
        return (
            f"CASE WHEN {value} IS NULL OR json_type({value}) <> 'ARRAY' THEN NULL "
            f"ELSE list_transform(CAST({value} AS JSON[]), lambda {item}: {converted}) END"
        )
    if glue_type == "map<string,string>":
        return f"CASE WHEN {value} IS NULL OR json_type({value}) <> 'OBJECT' THEN NULL ELSE CAST({value} AS MAP(VARCHAR, VARCHAR)) END"
    raise ValueError(glue_type)


def _template_regex(location_template: str, bucket_root: Path) -> str:
    """The table's storage.location.template as a regex over local file paths, one group per partition."""
    local = location_template.replace(f"s3://{BUCKET}/", f"{bucket_root.as_posix()}/")
    pattern = re.escape(local)
    for placeholder in (ACCOUNT_PARTITION, REGION_PARTITION):
        pattern = pattern.replace(re.escape(f"${{{placeholder}}}"), "([^/]+)")
    pattern = pattern.replace(re.escape(f"${{{DAY_PARTITION}}}"), r"(\d{4}/\d{2}/\d{2})")
    return f"^{pattern}[^/]+\\.json\\.gz$"


def load_table(
    connection: duckdb.DuckDBPyConnection,
    *,
    qualified_name: str,
    bucket_root: Path,
    location_template: str,
    accounts: list[str],
    regions: list[str],
    first_day: str,
) -> None:
    """Create the table ``qualified_name`` ("db"."table") from the log files under ``bucket_root``."""
    schema, table = [part.strip('"') for part in qualified_name.split(".")]
    connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    columns = ",\n".join(f"{_convert(_child('r', name), glue_type)} AS {name}" for name, glue_type in COLUMNS.items())
    regex = _template_regex(location_template, bucket_root)
    today = datetime.date.today().strftime("%Y/%m/%d")
    connection.execute(
        f"""CREATE TABLE "{schema}"."{table}" AS
        SELECT {columns},
          regexp_extract(filename, '{regex}', 1) AS {ACCOUNT_PARTITION},
          regexp_extract(filename, '{regex}', 2) AS {REGION_PARTITION},
          regexp_extract(filename, '{regex}', 3) AS "{DAY_PARTITION}"
        FROM (
          SELECT unnest(Records) AS r, filename
          FROM read_json('{bucket_root.as_posix()}/**/*.json.gz', columns={{'Records': 'JSON[]'}}, filename=true)
        )
        WHERE regexp_matches(filename, '{regex}')
          AND regexp_extract(filename, '{regex}', 1) IN ({", ".join(f"'{a}'" for a in accounts)})
          AND regexp_extract(filename, '{regex}', 2) IN ({", ".join(f"'{r}'" for r in regions)})
          AND regexp_extract(filename, '{regex}', 3) BETWEEN '{first_day}' AND '{today}'"""
    )


def to_duckdb(trino_sql: str, parameters: list[str]) -> str:
    """The query in DuckDB's dialect, ``?`` replaced in order by the (quoted) parameter literals."""
    tree = sqlglot.parse_one(trino_sql, read="trino")
    values = iter(parameters)

    def fill(node):
        if isinstance(node, exp.Placeholder):
            return sqlglot.parse_one(next(values), read="trino")
        return node

    tree = tree.transform(fill)
    assert next(values, None) is None, "more parameters than '?'"
    return tree.sql(dialect="duckdb")
