"""TrailKey on its own: grants for log readers and statements for trails of other accounts."""

import pytest
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Match

from constructs_lib import TrailKey
from tests.helpers import new_stack, policy_statements, template_of

MEMBER_TRAIL = "arn:aws:cloudtrail:eu-west-1:222222222222:trail/member"


@pytest.fixture(scope="module")
def template():
    stack = new_stack()
    key = TrailKey(stack, "Key", alias="alias/central-trails", trail_owner_accounts=["111111111111", "222222222222"])
    key.allow_cloudtrail(trail_arns=[MEMBER_TRAIL], trail_owner_accounts=["222222222222"])
    key.grant_decrypt_logs(iam.Role(stack, "Reader", assumed_by=iam.AccountRootPrincipal()))
    return template_of(stack)


def test_key_lets_another_accounts_trail_encrypt(template):
    assert {
        "Effect": "Allow",
        "Principal": {"Service": "cloudtrail.amazonaws.com"},
        "Action": "kms:GenerateDataKey*",
        "Resource": "*",
        "Condition": {
            "StringEquals": {"aws:SourceArn": [MEMBER_TRAIL]},
            "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": ["arn:aws:cloudtrail:*:222222222222:trail/*"]},
        },
    } in policy_statements(template, "AWS::KMS::Key")


def test_log_readers_may_decrypt_files_of_every_owner_account(template):
    template.has_resource_properties(
        "AWS::KMS::Key",
        {
            "KeyPolicy": {
                "Statement": Match.array_with([
                    Match.object_like({
                        "Sid": "AllowLogReadersToDecryptLogFiles",
                        "Condition": {
                            "StringEquals": {"kms:CallerAccount": "111111111111"},
                            "StringLike": {
                                "kms:EncryptionContext:aws:cloudtrail:arn": [
                                    "arn:aws:cloudtrail:*:111111111111:trail/*",
                                    "arn:aws:cloudtrail:*:222222222222:trail/*",
                                ]
                            },
                        },
                    })
                ])
            }
        },
    )


def test_grant_decrypt_logs_is_limited_to_cloudtrail_files(template):
    template.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["kms:Decrypt", "kms:ReEncryptFrom"],
                        "Resource": {"Fn::GetAtt": [Match.string_like_regexp("^Key"), "Arn"]},
                        "Condition": {"StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:*:trail/*"}},
                    }
                ]
            }
        },
    )


def test_alias_and_rotation(template):
    template.has_resource_properties("AWS::KMS::Alias", {"AliasName": "alias/central-trails"})
    template.has_resource_properties("AWS::KMS::Key", {"EnableKeyRotation": True})
