"""A trail with log-delivery notifications on: the topic, its policy and the key statement."""

import pytest
from aws_cdk.assertions import Match

from constructs_lib import SecureTrail
from tests.helpers import new_stack, policy_statements, template_of

TOPIC_ARN = "arn:aws:sns:us-east-1:111111111111:audit-log-delivery"


@pytest.fixture(scope="module")
def template():
    stack = new_stack()
    SecureTrail(stack, "Trail", trail_name="audit", enable_sns_notifications=True)
    return template_of(stack)


def test_topic_is_encrypted_with_the_trail_key(template):
    template.has_resource_properties(
        "AWS::SNS::Topic", {"TopicName": "audit-log-delivery", "KmsMasterKeyId": {"Fn::GetAtt": ["TrailKey7031660D", "Arn"]}}
    )


def test_topic_policy_lets_only_this_trail_publish_and_denies_plain_http(template):
    template.has_resource_properties(
        "AWS::SNS::TopicPolicy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with([
                    Match.object_like({"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}),
                    Match.object_like({
                        "Effect": "Allow",
                        "Principal": {"Service": "cloudtrail.amazonaws.com"},
                        "Action": "sns:Publish",
                        "Condition": {"StringEquals": {"aws:SourceArn": ["arn:aws:cloudtrail:us-east-1:111111111111:trail/audit"]}},
                    }),
                ])
            }
        },
    )


def test_key_lets_cloudtrail_encrypt_messages_of_this_topic_only(template):
    assert {
        "Effect": "Allow",
        "Principal": {"Service": "cloudtrail.amazonaws.com"},
        "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
        "Resource": "*",
        "Condition": {"StringLike": {"kms:EncryptionContext:aws:sns:topicArn": TOPIC_ARN}},
    } in policy_statements(template, "AWS::KMS::Key")


def test_trail_notifies_the_topic_after_its_policy_exists(template):
    (topic_policy,) = template.find_resources("AWS::SNS::TopicPolicy")
    (trail,) = template.find_resources("AWS::CloudTrail::Trail").values()
    assert topic_policy in trail["DependsOn"]
    assert "Ref" in trail["Properties"]["SnsTopicName"]
