"""QueryWorkGroup and CloudTrailQueries: enforced, encrypted, limited; saved queries; the reader role."""

import re

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Match

from constructs_lib import CloudTrailQueries, ConfigurationError, QueryWorkGroup, SavedQuery
from constructs_lib.query.query_workgroup import MIN_BYTES_SCANNED_CUTOFF, bytes_scanned_cutoff, check_work_group_name
from constructs_lib.query.saved_queries import SAVED_QUERIES
from tests.helpers import new_stack, policy_statements, template_of


@pytest.fixture(scope="module")
def queries():
    stack = new_stack()
    construct = CloudTrailQueries(
        stack,
        "Queries",
        bucket=s3.Bucket.from_bucket_name(stack, "Bucket", "trail-logs"),
        key=kms.Key.from_key_arn(stack, "Key", "arn:aws:kms:us-east-1:111111111111:key/k"),
        accounts=["111111111111"],
        regions=["us-east-1"],
        bytes_scanned_cutoff_per_query=cdk.Size.gibibytes(1),
    )
    construct.grant_query(iam.User(stack, "Analyst"))
    return stack, construct, template_of(stack)


def test_workgroup_is_enforced_encrypted_and_limited(queries):
    queries[2].has_resource_properties(
        "AWS::Athena::WorkGroup",
        {
            "Name": "cloudtrail-investigations",
            "WorkGroupConfiguration": {
                "EnforceWorkGroupConfiguration": True,
                "PublishCloudWatchMetricsEnabled": True,
                "BytesScannedCutoffPerQuery": 1024**3,
                "EngineVersion": {"SelectedEngineVersion": "Athena engine version 3"},
                "ResultConfiguration": {
                    "EncryptionConfiguration": {"EncryptionOption": "SSE_KMS", "KmsKey": {"Fn::GetAtt": [Match.string_like_regexp("ResultsKey"), "Arn"]}},
                    "ExpectedBucketOwner": "111111111111",
                },
            },
        },
    )


def test_results_bucket_is_hardened_and_expires(queries):
    queries[2].has_resource_properties(
        "AWS::S3::Bucket",
        {
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [Match.object_like({"BucketKeyEnabled": True})]},
            "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
            "VersioningConfiguration": {"Status": "Enabled"},
            "ObjectLockEnabled": True,
            "LoggingConfiguration": Match.object_like({"LogFilePrefix": "athena-results-bucket/"}),
            "LifecycleConfiguration": {"Rules": [Match.object_like({"Id": "ExpireQueryResults", "ExpirationInDays": 30, "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}})]},
        },
    )


def test_one_named_query_per_saved_query_in_the_workgroup(queries):
    named = queries[2].find_resources("AWS::Athena::NamedQuery")
    assert sorted(r["Properties"]["Name"] for r in named.values()) == sorted(q.name for q in SAVED_QUERIES)
    for resource in named.values():
        assert resource["Properties"]["Database"] == "cloudtrail"
        assert resource["Properties"]["WorkGroup"]["Ref"].startswith("QueriesWorkGroup")


def test_reader_role_and_grant_have_the_same_statements(queries):
    template = queries[2]
    managed = policy_statements(template, "AWS::IAM::ManagedPolicy")
    granted = policy_statements(template, "AWS::IAM::Policy")
    assert managed == granted
    athena = [s for s in managed if "athena:StartQueryExecution" in s["Action"]][0]
    assert {"athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:StopQueryExecution", "athena:GetWorkGroup"} <= set(athena["Action"])
    results_key = [s for s in managed if sorted(s["Action"]) == ["kms:Decrypt", "kms:GenerateDataKey"]][0]
    assert results_key["Condition"] == {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}
    template.has_resource_properties("AWS::IAM::Role", {"ManagedPolicyArns": [{"Ref": Match.string_like_regexp("ReaderPolicy")}]})


def test_add_saved_query_is_checked(queries):
    _, construct, _ = queries
    with pytest.raises(ConfigurationError, match="names column\\(s\\) bucketname"):
        construct.add_saved_query(SavedQuery(query_id="x", name="x", description="x", sql='SELECT bucketname FROM {table} WHERE "timestamp" BETWEEN ? AND ?'))
    with pytest.raises(ConfigurationError, match="saved query id 'root-activity' is used twice"):
        construct.add_saved_query(SAVED_QUERIES[0])


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (cdk.Size.mebibytes(9), f"is 9437184 bytes, below Athena's minimum of {MIN_BYTES_SCANNED_CUTOFF} bytes (10 MB)"),
        (10_000_000, "bytes_scanned_cutoff_per_query is 10000000 of type int, but it must be of type cdk.Size"),
    ],
)
def test_scan_limit_below_athena_minimum(size, message):
    with pytest.raises(ConfigurationError, match=re.escape(message)):
        bytes_scanned_cutoff(size)


def test_scan_limit_at_the_minimum_is_accepted():
    assert bytes_scanned_cutoff(cdk.Size.mebibytes(10)) == 10 * 1024 * 1024 >= MIN_BYTES_SCANNED_CUTOFF


def test_workgroup_errors():
    with pytest.raises(ConfigurationError, match="work_group_name 'cloud trail' is not a workgroup name"):
        check_work_group_name("cloud trail")
    with pytest.raises(ConfigurationError, match="results_expiration"):
        QueryWorkGroup(new_stack(), "WorkGroup", results_expiration=cdk.Duration.hours(5))
