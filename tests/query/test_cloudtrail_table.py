"""CloudTrailTable: columns, SerDe, partition projection, readers' statements, every error."""

import datetime
import re

import pytest
import sqlglot
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Annotations, Match

from constructs_lib import ConfigurationError
from constructs_lib._shared.resource_policy import POLICY_NOT_APPLIED_WARNING
from constructs_lib.query.cloudtrail_table import (
    COLUMNS,
    DATA_FORMAT_INPUT,
    DATA_FORMAT_SERDE,
    NO_GLOBAL_EVENTS_REGION_WARNING,
    CloudTrailTable,
    check_accounts,
    check_catalog_name,
    check_first_day,
    check_regions,
)
from tests.helpers import new_stack, policy_statements, template_of

KEY_ARN = "arn:aws:kms:us-east-1:111111111111:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"


def _table(stack, **props):
    if "bucket" not in props:
        props["bucket"] = s3.Bucket.from_bucket_name(stack, "Bucket", "trail-logs")
    if "key" not in props:
        props["key"] = kms.Key.from_key_arn(stack, "Key", KEY_ARN)
    defaults = dict(accounts=["111111111111", "222222222222"], regions=["us-east-1", "eu-west-1"])
    return CloudTrailTable(stack, "Table", **{**defaults, **props})


@pytest.fixture(scope="module")
def organization():
    stack = new_stack()
    table = _table(stack, organization_id="o-a1b2c3d4e5", s3_key_prefix="audit")
    table.grant_read_logs(iam.Role(stack, "Reader", assumed_by=iam.AccountRootPrincipal()))
    return stack, table, template_of(stack)


@pytest.fixture(scope="module")
def single_account():
    stack = new_stack()
    return stack, template_of_table(stack)


def template_of_table(stack):
    _table(stack, accounts=["111111111111"])
    return template_of(stack)


def _table_input(template):
    (table,) = template.find_resources("AWS::Glue::Table").values()
    return table["Properties"]["TableInput"]


def test_columns_are_aws_cloudtrail_columns_with_nested_types(organization):
    columns = _table_input(organization[2])["StorageDescriptor"]["Columns"]
    assert {c["Name"]: c["Type"] for c in columns} == COLUMNS
    assert [c["Name"] for c in columns][:2] == ["eventversion", "useridentity"]
    assert "sessioncontext:struct<attributes:struct<mfaauthenticated:string" in COLUMNS["useridentity"]
    assert COLUMNS["resources"] == "array<struct<arn:string,accountid:string,type:string>>"
    assert COLUMNS["tlsdetails"] == "struct<tlsversion:string,ciphersuite:string,clientprovidedhostheader:string>"
    # Every type is one Hive accepts: the DDL with these columns parses.
    ddl = "CREATE EXTERNAL TABLE t (" + ", ".join(f"{n} {t}" for n, t in COLUMNS.items()) + ")"
    schema = sqlglot.parse_one(ddl, read="hive").this
    assert [column.name for column in schema.expressions] == list(COLUMNS)


def test_serde_and_formats(organization):
    descriptor = _table_input(organization[2])["StorageDescriptor"]
    assert descriptor["InputFormat"] == DATA_FORMAT_INPUT
    assert descriptor["OutputFormat"] == "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
    assert descriptor["SerdeInfo"]["SerializationLibrary"] == DATA_FORMAT_SERDE


def test_organization_projection_and_location(organization):
    stack, _, template = organization
    table_input = _table_input(template)
    assert [k["Name"] for k in table_input["PartitionKeys"]] == ["account", "region", "timestamp"]
    parameters = table_input["Parameters"]
    assert {k: v for k, v in parameters.items() if k.startswith("projection.")} == {
        "projection.enabled": "true",
        "projection.account.type": "enum",
        "projection.account.values": "111111111111,222222222222",
        "projection.region.type": "enum",
        "projection.region.values": "us-east-1,eu-west-1",
        "projection.timestamp.type": "date",
        "projection.timestamp.format": "yyyy/MM/dd",
        "projection.timestamp.range": "2020/01/01,NOW",
        "projection.timestamp.interval": "1",
        "projection.timestamp.interval.unit": "DAYS",
    }
    assert parameters["storage.location.template"] == (
        "s3://trail-logs/audit/AWSLogs/o-a1b2c3d4e5/${account}/CloudTrail/${region}/${timestamp}/"
    )
    assert table_input["StorageDescriptor"]["Location"] == "s3://trail-logs/audit/AWSLogs/o-a1b2c3d4e5/"
    assert parameters["has_encrypted_data"] is False  # SSE-KMS; true would mean client-side encryption


def test_single_account_location(single_account):
    parameters = _table_input(single_account[1])["Parameters"]
    assert parameters["storage.location.template"] == "s3://trail-logs/AWSLogs/${account}/CloudTrail/${region}/${timestamp}/"
    assert parameters["projection.account.values"] == "111111111111"


def test_readers_statements(organization):
    statements = policy_statements(organization[2], "AWS::IAM::Policy")
    assert {
        "Action": "s3:GetObject",
        "Effect": "Allow",
        "Resource": "arn:aws:s3:::trail-logs/audit/AWSLogs/o-a1b2c3d4e5/*/CloudTrail/*",
    } in statements
    assert {
        "Action": "s3:ListBucket",
        "Condition": {"StringLike": {"s3:prefix": ["audit/AWSLogs/o-a1b2c3d4e5/*/CloudTrail/*"]}},
        "Effect": "Allow",
        "Resource": "arn:aws:s3:::trail-logs",
    } in statements
    (decrypt,) = [s for s in statements if s["Action"] == "kms:Decrypt"]
    assert decrypt["Resource"] == KEY_ARN
    assert decrypt["Condition"]["StringEquals"] == {"kms:ViaService": "s3.us-east-1.amazonaws.com"}
    assert "kms:EncryptionContext:aws:cloudtrail:arn" in decrypt["Condition"]["StringLike"]
    (glue,) = [s for s in statements if "glue:GetTable" in s["Action"]]
    assert sorted(glue["Action"]) == ["glue:GetDatabase", "glue:GetPartitions", "glue:GetTable"]
    assert len(glue["Resource"]) == 3  # catalog, database, table


def test_key_of_another_account_is_reported():
    stack = new_stack()
    table = _table(stack, key=kms.Key.from_key_arn(stack, "Key", KEY_ARN.replace("111111111111", "999999999999")))
    table.grant_read_logs(iam.Role(stack, "Reader", assumed_by=iam.AccountRootPrincipal()))
    Annotations.from_stack(stack).has_warning("/Test/Table", Match.string_like_regexp(POLICY_NOT_APPLIED_WARNING.split(":")[0] + ".*"))
    assert "RequiredPolicyForTrailKey" in "".join(template_of(stack).find_outputs("*"))


def test_warns_without_us_east_1():
    stack = new_stack()
    _table(stack, regions=["eu-west-1"])
    Annotations.from_stack(stack).has_warning("/Test/Table", Match.string_like_regexp(".*leaves out us-east-1.*"))
    assert NO_GLOBAL_EVENTS_REGION_WARNING == "constructs-lib:query-regions-without-us-east-1"


@pytest.mark.parametrize(
    ("check", "value", "message"),
    [
        (check_accounts, [], "accounts is empty"),
        (check_accounts, "111111111111", "must be a list"),
        (check_accounts, ["1111"], "'1111' is not an AWS account id"),
        (check_accounts, ["111111111111", "111111111111"], "names 111111111111 more than once"),
        (check_regions, [], "regions is empty"),
        (check_regions, ["us-east-1 "], "'us-east-1 ', which is not an AWS Region name"),
        (check_regions, ["US-EAST-1"], "is not an AWS Region name"),
        (check_regions, ["eu-west-1", "eu-west-1"], "names eu-west-1 more than once"),
        (check_first_day, "2026-01-01", "first_day '2026-01-01' is not a day in the form yyyy/MM/dd"),
        (check_first_day, "2026/02/30", "first_day '2026/02/30' is not a day"),
        (check_first_day, datetime.date.today() + datetime.timedelta(days=2), "is in the future"),
    ],
)
def test_errors(check, value, message):
    with pytest.raises(ConfigurationError, match=re.escape(message)):
        check(value)


def test_name_errors():
    with pytest.raises(ConfigurationError, match="table_name 'CloudTrail-Logs' is not a name Athena accepts"):
        check_catalog_name("CloudTrail-Logs", parameter="table_name")


def test_construct_errors_name_the_parameter():
    with pytest.raises(ConfigurationError, match="organization_id 'o-1' is not an AWS Organizations id"):
        _table(new_stack(), organization_id="o-1")
    with pytest.raises(ConfigurationError, match="s3_key_prefix 'audit/' must not"):
        _table(new_stack(), s3_key_prefix="audit/")
    with pytest.raises(ConfigurationError, match="bucket is 'trail-logs' of type str, but it must be an s3.IBucket"):
        _table(new_stack(), bucket="trail-logs")
