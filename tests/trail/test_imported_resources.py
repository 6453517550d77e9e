"""Bring your own bucket, key, log group and topic: policies added where possible, reported where not."""

import json

import pytest
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Annotations, Match

from constructs_lib import SecureTrail
from constructs_lib._shared.resource_policy import POLICY_NOT_APPLIED_WARNING
from tests.helpers import new_stack, policy_statements, template_of

TRAIL_NAME = "org-audit"
TRAIL_ARN = f"arn:aws:cloudtrail:us-east-1:111111111111:trail/{TRAIL_NAME}"


@pytest.fixture(scope="module")
def imported():
    """A trail whose bucket, key and topic live in another account."""
    stack = new_stack(stack_id="Imported")
    trail = SecureTrail(
        stack,
        "Trail",
        trail_name=TRAIL_NAME,
        bucket=s3.Bucket.from_bucket_name(stack, "Bucket", "central-cloudtrail-logs"),
        encryption_key=kms.Key.from_key_arn(stack, "Key", "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
        log_group=logs.LogGroup.from_log_group_name(stack, "Group", "existing-trail-group"),
        sns_topic=sns.Topic.from_topic_arn(stack, "Topic", "arn:aws:sns:us-east-1:222222222222:trail-notifications"),
        s3_key_prefix="member",
    )
    return stack, trail


@pytest.fixture(scope="module")
def owned():
    """A trail with its own bucket and key, but a topic from the same stack."""
    stack = new_stack(stack_id="Owned")
    key = kms.Key(stack, "TopicKey", enable_key_rotation=True)
    topic = sns.Topic(stack, "Topic", master_key=key, enforce_ssl=True)
    trail = SecureTrail(stack, "Trail", trail_name=TRAIL_NAME, sns_topic=topic)
    return stack, trail


def test_imported_resources_are_reported_not_silently_skipped(imported):
    stack, trail = imported
    assert set(trail.required_policy_statements()) == {"bucket", "key", "topic"}
    warnings = Annotations.from_stack(stack).find_warning("/Imported/Trail", Match.string_like_regexp(POLICY_NOT_APPLIED_WARNING))
    assert len(warnings) == 3


def test_required_bucket_statements_name_the_prefix_path_and_the_trail(imported):
    stack, trail = imported
    statements = [stack.resolve(s.to_statement_json()) for s in trail.required_policy_statements()["bucket"]]
    assert statements == [
        {
            "Action": "s3:GetBucketAcl",
            "Condition": {"StringEquals": {"aws:SourceArn": [TRAIL_ARN]}},
            "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"},
            "Resource": "arn:aws:s3:::central-cloudtrail-logs",
        },
        {
            "Action": "s3:PutObject",
            "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": [TRAIL_ARN]}},
            "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"},
            "Resource": "arn:aws:s3:::central-cloudtrail-logs/member/AWSLogs/111111111111/*",
        },
    ]


def test_required_statements_are_stack_outputs_for_the_owners(imported):
    stack, _ = imported
    outputs = template_of(stack).find_outputs("*")
    key_output = next(o for name, o in outputs.items() if name.startswith("TrailRequiredPolicyForKey"))
    document = json.loads(stack.resolve(key_output["Value"]) if isinstance(key_output["Value"], str) else "{}") or key_output["Value"]
    assert "kms:GenerateDataKey*" in json.dumps(document)
    for resource in ("Bucket", "Key", "Topic"):
        assert any(name.startswith(f"TrailRequiredPolicyFor{resource}") for name in outputs)


def test_imported_log_group_gets_a_role_but_no_new_group(imported):
    stack, _ = imported
    template = template_of(stack)
    template.resource_count_is("AWS::Logs::LogGroup", 0)
    template.has_resource_properties(
        "AWS::CloudTrail::Trail",
        {
            "S3BucketName": "central-cloudtrail-logs",
            "S3KeyPrefix": "member",
            "KMSKeyId": "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "SnsTopicName": "arn:aws:sns:us-east-1:222222222222:trail-notifications",
            "CloudWatchLogsLogGroupArn": Match.any_value(),
        },
    )


def test_same_stack_topic_gets_cloudtrail_statement_and_key_statement(owned):
    stack, trail = owned
    template = template_of(stack)
    assert trail.required_policy_statements() == {}
    template.has_resource_properties(
        "AWS::SNS::TopicPolicy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with([
                    Match.object_like({
                        "Effect": "Allow",
                        "Principal": {"Service": "cloudtrail.amazonaws.com"},
                        "Action": "sns:Publish",
                        "Resource": {"Ref": Match.string_like_regexp("^Topic")},
                        "Condition": {"StringEquals": {"aws:SourceArn": [TRAIL_ARN]}},
                    })
                ])
            }
        },
    )
    assert {
        "Effect": "Allow",
        "Principal": {"Service": "cloudtrail.amazonaws.com"},
        "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
        "Resource": "*",
        "Condition": {"StringLike": {"kms:EncryptionContext:aws:sns:topicArn": "arn:aws:sns:us-east-1:111111111111:*"}},
    } in policy_statements(template, "AWS::KMS::Key")


def test_trail_waits_for_the_topic_policy(owned):
    stack, _ = owned
    template = template_of(stack)
    (topic_policy,) = template.find_resources("AWS::SNS::TopicPolicy")
    (trail,) = template.find_resources("AWS::CloudTrail::Trail").values()
    assert topic_policy in trail["DependsOn"]


def test_shared_log_bucket_and_own_access_log_bucket_get_their_statements_and_exclusions():
    from aws_cdk import aws_iam as iam

    from constructs_lib import EventSelector, TrailLogBucket

    stack = new_stack(stack_id="Shared")
    access_logs = s3.Bucket(stack, "MyAccessLogs", enforce_ssl=True)
    shared = TrailLogBucket(
        stack, "Shared", encryption_key=kms.Key(stack, "SharedKey", enable_key_rotation=True), access_log_bucket=access_logs
    )
    trail = SecureTrail(
        stack,
        "Trail",
        trail_name="my.trail",
        bucket=shared.bucket,
        enable_sns_notifications=True,
        event_selectors=[EventSelector.management_events(), EventSelector.s3_objects_of_all_buckets()],
    )
    trail.grant_decrypt_logs(iam.Role(stack, "Reader", assumed_by=iam.AccountRootPrincipal()))
    template = template_of(stack)
    # S3 may deliver access logs into the caller's access-log bucket.
    template.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "Bucket": {"Ref": Match.string_like_regexp("^MyAccessLogs")},
            "PolicyDocument": {"Statement": Match.array_with([Match.object_like({"Principal": {"Service": "logging.s3.amazonaws.com"}})])},
        },
    )
    # Writes to both the shared log bucket and its access-log bucket are excluded from data events.
    (resource,) = template.find_resources("AWS::CloudTrail::Trail").values()
    (s3_selector,) = [s for s in resource["Properties"]["AdvancedEventSelectors"] if "S3" in s["Name"]]
    (exclusion,) = [f for f in s3_selector["FieldSelectors"] if f["Field"] == "resources.ARN"]
    assert len(exclusion["NotStartsWith"]) == 2
    # Names with periods become valid alias and topic names.
    template.has_resource_properties("AWS::SNS::Topic", {"TopicName": "my-trail-log-delivery"})
    template.has_resource_properties("AWS::KMS::Alias", {"AliasName": "alias/cloudtrail/my-trail"})
    # Readers get S3 read access without an unconditioned kms:Decrypt.
    (reader_policy,) = template.find_resources("AWS::IAM::Policy").values()
    kms_statements = [s for s in reader_policy["Properties"]["PolicyDocument"]["Statement"] if "kms:Decrypt" in s["Action"]]
    assert [s.get("Condition") for s in kms_statements] == [
        {"StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:*:trail/*"}}
    ]
