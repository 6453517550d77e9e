"""The log bucket and its access-log bucket: encryption, public access, lock, lifecycle, logging."""

import aws_cdk as cdk
import pytest
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Annotations, Match

from constructs_lib import TrailLogBucket
from constructs_lib.trail.log_bucket import OBJECT_LOCK_DISABLED_WARNING
from tests.helpers import new_stack, template_of

BLOCK_ALL = {"BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
LOG_BUCKET = "LogBucket27CEF49F"
ACCESS_LOG_BUCKET = "LogBucketAccessLogsB5E23995"
KEY = "Key961B73FD"


@pytest.fixture(scope="module")
def stack():
    stack = new_stack()
    bucket = TrailLogBucket(stack, "LogBucket", encryption_key=kms.Key(stack, "Key", enable_key_rotation=True))
    bucket.allow_cloudtrail(
        trail_arns=["arn:aws:cloudtrail:us-east-1:222222222222:trail/member"],
        account_ids=["222222222222"],
        s3_key_prefix="central",
    )
    TrailLogBucket(
        stack,
        "Unlocked",
        encryption_key=kms.Key(stack, "Key2", enable_key_rotation=True),
        object_lock_enabled=False,
        object_lock_mode=None,
        object_lock_retention=None,
        event_bridge_enabled=False,
        expiration=cdk.Duration.days(2555),
        access_log_bucket=s3.Bucket.from_bucket_name(stack, "Existing", "existing-access-logs"),
    )
    return stack


@pytest.fixture(scope="module")
def template(stack):
    return template_of(stack)


def _bucket(template, logical_id):
    return template.find_resources("AWS::S3::Bucket")[logical_id]


def test_log_bucket_uses_sse_kms_with_bucket_keys(template):
    assert _bucket(template, LOG_BUCKET)["Properties"]["BucketEncryption"] == {
        "ServerSideEncryptionConfiguration": [
            {
                "BucketKeyEnabled": True,
                "ServerSideEncryptionByDefault": {
                    "KMSMasterKeyID": {"Fn::GetAtt": [KEY, "Arn"]},
                    "SSEAlgorithm": "aws:kms",
                },
            }
        ]
    }


def test_log_bucket_blocks_public_access_has_no_acls_and_is_versioned(template):
    properties = _bucket(template, LOG_BUCKET)["Properties"]
    assert properties["PublicAccessBlockConfiguration"] == BLOCK_ALL
    assert properties["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    assert properties["VersioningConfiguration"] == {"Status": "Enabled"}


def test_log_bucket_has_object_lock_in_governance_mode_for_a_year(template):
    properties = _bucket(template, LOG_BUCKET)["Properties"]
    assert properties["ObjectLockEnabled"] is True
    assert properties["ObjectLockConfiguration"] == {
        "ObjectLockEnabled": "Enabled",
        "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 365}},
    }


def test_log_bucket_lifecycle_transitions_and_cleans_up(template):
    (rule,) = _bucket(template, LOG_BUCKET)["Properties"]["LifecycleConfiguration"]["Rules"]
    assert rule["Transitions"] == [
        {"StorageClass": "STANDARD_IA", "TransitionInDays": 90},
        {"StorageClass": "GLACIER", "TransitionInDays": 365},
    ]
    assert rule["NoncurrentVersionExpiration"] == {"NoncurrentDays": 365}
    assert rule["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 7}
    assert "ExpirationInDays" not in rule


@pytest.mark.parametrize("bucket", [LOG_BUCKET, ACCESS_LOG_BUCKET])
def test_both_buckets_send_events_to_eventbridge_without_a_lambda(template, bucket):
    """CT.S3.PR.4 wants event notifications on every bucket."""
    assert _bucket(template, bucket)["Properties"]["NotificationConfiguration"] == {
        "EventBridgeConfiguration": {"EventBridgeEnabled": True}
    }
    template.resource_count_is("AWS::Lambda::Function", 0)


def test_log_bucket_is_retained(template):
    assert _bucket(template, LOG_BUCKET)["DeletionPolicy"] == "Retain"
    assert _bucket(template, ACCESS_LOG_BUCKET)["DeletionPolicy"] == "Retain"


def test_server_access_logs_go_to_the_access_log_bucket(template):
    assert _bucket(template, LOG_BUCKET)["Properties"]["LoggingConfiguration"] == {
        "DestinationBucketName": {"Ref": ACCESS_LOG_BUCKET},
        "LogFilePrefix": "cloudtrail-log-bucket/",
    }


def test_access_log_bucket_uses_sse_s3_no_object_lock_and_is_hardened(template):
    properties = _bucket(template, ACCESS_LOG_BUCKET)["Properties"]
    assert properties["BucketEncryption"] == {
        "ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
    }
    assert "ObjectLockEnabled" not in properties
    assert properties["PublicAccessBlockConfiguration"] == BLOCK_ALL
    assert properties["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    assert properties["VersioningConfiguration"] == {"Status": "Enabled"}
    (rule,) = properties["LifecycleConfiguration"]["Rules"]
    assert rule["ExpirationInDays"] == 365


def test_access_log_bucket_policy_lets_s3_logging_write_only_for_the_log_bucket(template):
    template.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "Bucket": {"Ref": ACCESS_LOG_BUCKET},
            "PolicyDocument": {
                "Statement": Match.array_with([
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "logging.s3.amazonaws.com"},
                        "Action": "s3:PutObject",
                        "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": [ACCESS_LOG_BUCKET, "Arn"]}, "/*"]]},
                        "Condition": {
                            "ArnLike": {"aws:SourceArn": [{"Fn::GetAtt": [LOG_BUCKET, "Arn"]}]},
                            "StringEquals": {"aws:SourceAccount": "111111111111"},
                        },
                    }
                ])
            },
        },
    )


def test_allow_cloudtrail_writes_under_the_prefix_for_another_accounts_trail(template):
    template.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "Bucket": {"Ref": LOG_BUCKET},
            "PolicyDocument": {
                "Statement": Match.array_with([
                    Match.object_like({
                        "Action": "s3:PutObject",
                        "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": [LOG_BUCKET, "Arn"]}, "/central/AWSLogs/222222222222/*"]]},
                        "Condition": {
                            "StringEquals": {
                                "s3:x-amz-acl": "bucket-owner-full-control",
                                "aws:SourceArn": ["arn:aws:cloudtrail:us-east-1:222222222222:trail/member"],
                            }
                        },
                    })
                ])
            },
        },
    )


def test_options_turn_off_lock_and_notifications_and_set_expiry(template):
    unlocked_id = "Unlocked7C97C186"
    properties = _bucket(template, unlocked_id)["Properties"]
    assert properties["ObjectLockEnabled"] is False
    assert "NotificationConfiguration" not in properties
    assert properties["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] == 2555
    assert properties["LoggingConfiguration"]["DestinationBucketName"] == "existing-access-logs"


def test_turning_object_lock_off_warns(stack):
    Annotations.from_stack(stack).has_warning(
        "/Test/Unlocked", Match.string_like_regexp(f"Object Lock is off.*{OBJECT_LOCK_DISABLED_WARNING}")
    )
    Annotations.from_stack(stack).has_no_warning("/Test/LogBucket", Match.any_value())
