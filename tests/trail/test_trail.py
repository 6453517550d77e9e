"""SecureTrail with no arguments: what makes it deploy, and what makes it secure."""

import pytest
from aws_cdk.assertions import Match

from constructs_lib import SecureTrail
from tests.helpers import new_stack, policy_statements, template_of

TRAIL_ARN = "arn:aws:cloudtrail:us-east-1:111111111111:trail/Test-Trail-EB4DF840"
CLOUDTRAIL = {"Service": "cloudtrail.amazonaws.com"}


@pytest.fixture(scope="module")
def stack():
    stack = new_stack()
    SecureTrail(stack, "Trail")
    return stack


@pytest.fixture(scope="module")
def template(stack):
    return template_of(stack)


def _logical_id(template, resource_type, props=None):
    (logical_id,) = template.find_resources(resource_type, props or {}).keys()
    return logical_id


def test_logical_ids_are_stable(template):
    # Changing one replaces the resource in users' accounts.
    assert _logical_id(template, "AWS::CloudTrail::Trail") == "Trail022F0CF2"
    assert _logical_id(template, "AWS::KMS::Key") == "TrailKey7031660D"
    assert set(template.find_resources("AWS::S3::Bucket")) == {"TrailLogBucket563B90BB", "TrailLogBucketAccessLogs762A1AFB"}
    assert _logical_id(template, "AWS::Logs::LogGroup") == "TrailLogs10372FF6"


def test_trail_records_everywhere_validated_encrypted_and_to_cloudwatch_logs(template):
    template.has_resource_properties(
        "AWS::CloudTrail::Trail",
        {
            "TrailName": "Test-Trail-EB4DF840",
            "IsLogging": True,
            "IsMultiRegionTrail": True,
            "IncludeGlobalServiceEvents": True,
            "EnableLogFileValidation": True,
            "KMSKeyId": {"Fn::GetAtt": ["TrailKey7031660D", "Arn"]},
            "S3BucketName": {"Ref": "TrailLogBucket563B90BB"},
            "CloudWatchLogsLogGroupArn": {"Fn::GetAtt": ["TrailLogs10372FF6", "Arn"]},
            "CloudWatchLogsRoleArn": {"Fn::GetAtt": [Match.string_like_regexp("TrailLogsDeliveryRole"), "Arn"]},
            "SnsTopicName": Match.absent(),
        },
    )


def test_trail_is_created_after_the_bucket_policy_and_delivery_policy(template):
    (trail,) = template.find_resources("AWS::CloudTrail::Trail").values()
    bucket_policy = _logical_id(template, "AWS::S3::BucketPolicy", {"Properties": {"Bucket": {"Ref": "TrailLogBucket563B90BB"}}})
    delivery_policy = _logical_id(template, "AWS::IAM::ManagedPolicy")
    assert set(trail["DependsOn"]) == {bucket_policy, delivery_policy}


def test_bucket_policy_lets_only_this_trail_check_the_acl(template):
    template.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "Bucket": {"Ref": "TrailLogBucket563B90BB"},
            "PolicyDocument": {
                "Statement": Match.array_with([
                    {
                        "Effect": "Allow",
                        "Principal": CLOUDTRAIL,
                        "Action": "s3:GetBucketAcl",
                        "Resource": {"Fn::GetAtt": ["TrailLogBucket563B90BB", "Arn"]},
                        "Condition": {"StringEquals": {"aws:SourceArn": [TRAIL_ARN]}},
                    }
                ])
            },
        },
    )


def test_bucket_policy_lets_only_this_trail_write_under_its_account_path(template):
    template.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with([
                    {
                        "Effect": "Allow",
                        "Principal": CLOUDTRAIL,
                        "Action": "s3:PutObject",
                        "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": ["TrailLogBucket563B90BB", "Arn"]}, "/AWSLogs/111111111111/*"]]},
                        "Condition": {
                            "StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": [TRAIL_ARN]}
                        },
                    }
                ])
            },
        },
    )


def test_bucket_policy_denies_requests_without_tls_1_2(template):
    template.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "Bucket": {"Ref": "TrailLogBucket563B90BB"},
            "PolicyDocument": {
                "Statement": Match.array_with([
                    Match.object_like({"Effect": "Deny", "Action": "s3:*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}),
                    Match.object_like({"Effect": "Deny", "Action": "s3:*", "Condition": {"NumericLessThan": {"s3:TlsVersion": 1.2}}}),
                ])
            },
        },
    )


def test_key_policy_lets_this_trail_encrypt_with_its_encryption_context(template):
    assert {
        "Effect": "Allow",
        "Principal": CLOUDTRAIL,
        "Action": "kms:GenerateDataKey*",
        "Resource": "*",
        "Condition": {
            "StringEquals": {"aws:SourceArn": [TRAIL_ARN]},
            "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": ["arn:aws:cloudtrail:*:111111111111:trail/*"]},
        },
    } in policy_statements(template, "AWS::KMS::Key")


def test_key_policy_lets_this_trail_describe_the_key(template):
    assert {
        "Effect": "Allow",
        "Principal": CLOUDTRAIL,
        "Action": "kms:DescribeKey",
        "Resource": "*",
        "Condition": {"StringEquals": {"aws:SourceArn": [TRAIL_ARN]}},
    } in policy_statements(template, "AWS::KMS::Key")


def test_key_policy_lets_cloudtrail_decrypt_as_aws_documents_for_s3_bucket_keys(template):
    assert {"Effect": "Allow", "Principal": CLOUDTRAIL, "Action": "kms:Decrypt", "Resource": "*"} in policy_statements(template, "AWS::KMS::Key")


def test_key_policy_lets_cloudwatch_logs_use_the_key_for_the_trail_log_group_only(template):
    assert {
        "Effect": "Allow",
        "Principal": {"Service": "logs.us-east-1.amazonaws.com"},
        "Action": ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
        "Resource": "*",
        "Condition": {
            "ArnEquals": {
                "kms:EncryptionContext:aws:logs:arn": ["arn:aws:logs:us-east-1:111111111111:log-group:/aws/cloudtrail/Test-Trail-EB4DF840"]
            }
        },
    } in policy_statements(template, "AWS::KMS::Key")


def test_key_policy_lets_account_log_readers_decrypt_only_cloudtrail_files(template):
    assert {
        "Sid": "AllowLogReadersToDecryptLogFiles",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
        "Action": ["kms:Decrypt", "kms:ReEncryptFrom"],
        "Resource": "*",
        "Condition": {
            "StringEquals": {"kms:CallerAccount": "111111111111"},
            "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": ["arn:aws:cloudtrail:*:111111111111:trail/*"]},
        },
    } in policy_statements(template, "AWS::KMS::Key")


def test_key_policy_denies_grants_not_for_aws_services_as_control_tower_requires(template):
    """CT.KMS.PR.3: deny kms:CreateGrant to any principal when both keys are false, BoolIfExists."""
    assert {
        "Sid": "DenyGrantsNotForAwsServices",
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Action": "kms:CreateGrant",
        "Resource": "*",
        "Condition": {"BoolIfExists": {"kms:GrantIsForAWSResource": "false", "aws:PrincipalIsAWSService": "false"}},
    } in policy_statements(template, "AWS::KMS::Key")


def test_key_rotates_has_an_alias_and_is_retained(template):
    template.has_resource("AWS::KMS::Key", {"Properties": {"EnableKeyRotation": True}, "DeletionPolicy": "Retain"})
    template.has_resource_properties(
        "AWS::KMS::Alias", {"AliasName": "alias/cloudtrail/Test-Trail-EB4DF840", "TargetKeyId": {"Fn::GetAtt": ["TrailKey7031660D", "Arn"]}}
    )


def test_log_group_is_encrypted_kept_a_year_and_retained(template):
    template.has_resource(
        "AWS::Logs::LogGroup",
        {
            "Properties": {
                "LogGroupName": "/aws/cloudtrail/Test-Trail-EB4DF840",
                "KmsKeyId": {"Fn::GetAtt": ["TrailKey7031660D", "Arn"]},
                "RetentionInDays": 365,
            },
            "DeletionPolicy": "Retain",
        },
    )


def test_delivery_role_is_assumable_only_by_cloudtrail(template):
    template.has_resource_properties(
        "AWS::IAM::Role",
        {
            "AssumeRolePolicyDocument": {
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": CLOUDTRAIL,
                        "Action": "sts:AssumeRole",
                    }
                ]
            }
        },
    )


def test_delivery_policy_allows_only_stream_creation_and_puts_on_the_trail_streams(template):
    template.has_resource_properties(
        "AWS::IAM::ManagedPolicy",
        {
            "PolicyDocument": {
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                        "Resource": {
                            "Fn::Join": [
                                "",
                                [
                                    "arn:aws:logs:us-east-1:111111111111:log-group:",
                                    {"Ref": "TrailLogs10372FF6"},
                                    ":log-stream:111111111111_CloudTrail_us-east-1*",
                                ],
                            ]
                        },
                    }
                ]
            },
            "Roles": [{"Ref": Match.string_like_regexp("TrailLogsDeliveryRole")}],
        },
    )


def test_no_inline_policies_and_no_lambda_functions(template):
    template.resource_count_is("AWS::IAM::Policy", 0)
    template.resource_count_is("AWS::Lambda::Function", 0)
