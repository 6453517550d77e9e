"""Policy statements that AWS documents for its service principals, one function each.

Each function returns the statements exactly as the linked AWS page describes them, narrowed with the
confused-deputy conditions (``aws:SourceArn``) the page recommends. Statements that are added once per
trail or per source have no ``Sid``: a policy shared by several trails would otherwise repeat one.
"""

from collections.abc import Sequence

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import region_info

CLOUDTRAIL_PRINCIPAL = "cloudtrail.amazonaws.com"


def _source_arn_condition(source_arns: Sequence[str]) -> dict:
    return {"StringEquals": {"aws:SourceArn": list(source_arns)}}


def trail_arns_of(partition: str, account: str = "*") -> str:
    """The ARN pattern of every trail of ``account`` (any Region): what the encryption context of
    CloudTrail log files (``kms:EncryptionContext:aws:cloudtrail:arn``) is matched against."""
    return f"arn:{partition}:cloudtrail:*:{account}:trail/*"


def cloudtrail_log_path(s3_key_prefix: str | None, owner_id: str) -> str:
    """Where CloudTrail writes the files of an account or organization: ``[<prefix>/]AWSLogs/<id>``."""
    return f"{s3_key_prefix}/AWSLogs/{owner_id}" if s3_key_prefix else f"AWSLogs/{owner_id}"


def cloudtrail_bucket_statements(
    *,
    bucket_arn: str,
    trail_arns: Sequence[str],
    log_paths: Sequence[str],
    source_organization_id: str | None = None,
) -> list[iam.PolicyStatement]:
    """CloudTrail's access to its log bucket: read the bucket ACL, write log and digest files.

    ``log_paths`` are the key paths CloudTrail writes to, each ``[<prefix>/]AWSLogs/<account or
    organization id>``. For an organization trail, ``source_organization_id`` adds the
    ``aws:SourceOrgID`` condition that AWS Control Tower's log bucket policy requires of CloudTrail's
    writes ("ensures that CloudTrail only can write logs on behalf of accounts within your
    organization").

    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-an-organizational-trail-by-using-the-aws-cli.html
    https://docs.aws.amazon.com/controltower/latest/userguide/logging-s3-audit-bucket.html
    """
    organization_condition = {"aws:SourceOrgID": source_organization_id} if source_organization_id else {}
    principal = iam.ServicePrincipal(CLOUDTRAIL_PRINCIPAL)
    return [
        iam.PolicyStatement(
            principals=[principal],
            actions=["s3:GetBucketAcl"],
            resources=[bucket_arn],
            conditions=_source_arn_condition(trail_arns),
        ),
        iam.PolicyStatement(
            principals=[principal],
            actions=["s3:PutObject"],
            resources=[f"{bucket_arn}/{path}/*" for path in log_paths],
            conditions={
                "StringEquals": {
                    "s3:x-amz-acl": "bucket-owner-full-control",
                    "aws:SourceArn": list(trail_arns),
                    **organization_condition,
                }
            },
        ),
    ]


def cloudtrail_key_statements(
    *, trail_arns: Sequence[str], trail_owner_accounts: Sequence[str], partition: str
) -> list[iam.PolicyStatement]:
    """CloudTrail's use of the trail key: encrypt log and digest files, describe the key, and decrypt
    (needed to create or update a trail whose bucket uses S3 Bucket Keys).

    The encryption context names the trail; ``aws:SourceArn`` limits encryption to these trails.

    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
    """
    principal = iam.ServicePrincipal(CLOUDTRAIL_PRINCIPAL)
    return [
        iam.PolicyStatement(
            principals=[principal],
            actions=["kms:GenerateDataKey*"],
            resources=["*"],
            conditions={
                "StringEquals": {"aws:SourceArn": list(trail_arns)},
                "StringLike": {
                    "kms:EncryptionContext:aws:cloudtrail:arn": [
                        trail_arns_of(partition, account) for account in trail_owner_accounts
                    ]
                },
            },
        ),
        iam.PolicyStatement(
            principals=[principal],
            actions=["kms:DescribeKey"],
            resources=["*"],
            conditions=_source_arn_condition(trail_arns),
        ),
        cloudtrail_bucket_key_decrypt_statement(),
    ]


def cloudtrail_bucket_key_decrypt_statement() -> iam.PolicyStatement:
    """CloudTrail's ``kms:Decrypt``: "If you are using an existing S3 bucket with an S3 Bucket Key,
    kms:Decrypt permissions are required to create or update a trail with SSE-KMS encryption
    enabled." AWS documents this statement without conditions, and no condition CloudTrail is known
    to send here.

    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
    """
    return iam.PolicyStatement(
        principals=[iam.ServicePrincipal(CLOUDTRAIL_PRINCIPAL)],
        actions=["kms:Decrypt"],
        resources=["*"],
    )


def log_reader_key_statement(*, account: str, trail_owner_accounts: Sequence[str], partition: str) -> iam.PolicyStatement:
    """Decrypt for the account's log readers, only for CloudTrail log files.

    Principals of ``account`` still need ``kms:Decrypt`` in their IAM policy (see
    ``TrailKey.grant_decrypt_logs``). With S3 Bucket Keys, whoever creates or updates the trail needs
    ``kms:Decrypt`` too.

    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
    """
    return iam.PolicyStatement(
        sid="AllowLogReadersToDecryptLogFiles",
        principals=[iam.AccountPrincipal(account)],
        actions=["kms:Decrypt", "kms:ReEncryptFrom"],
        resources=["*"],
        conditions={
            "StringEquals": {"kms:CallerAccount": account},
            "StringLike": {
                "kms:EncryptionContext:aws:cloudtrail:arn": [
                    trail_arns_of(partition, owner) for owner in trail_owner_accounts
                ]
            },
        },
    )


def cloudwatch_logs_principal(region: str) -> str:
    """CloudWatch Logs' Regional service principal: ``logs.<region>.amazonaws.com``, and in the
    China Regions ``logs.<region>.amazonaws.com.cn``.

    Unlike most service principals, which are ``<service>.amazonaws.com`` in every partition,
    CloudWatch Logs' key-policy principal names the Region and the partition's DNS suffix: aws-cdk-lib's
    Region facts give ``logs`` as Regional and partitional (``region_info.Default.servicePrincipal``),
    and AWS's Landing Zone Accelerator, which deploys to aws-cn and aws-us-gov, writes
    ``logs.${region}.${urlSuffix}``. A Region that is a token gets CloudFormation's
    ``AWS::URLSuffix``.

    https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    https://docs.amazonaws.cn/en_us/general/latest/gr/endpoints-Ningxia.html (China: amazonaws.com.cn)
    """
    suffix = None if cdk.Token.is_unresolved(region) else region_info.RegionInfo.get(region).domain_suffix
    return f"logs.{region}.{suffix or cdk.Aws.URL_SUFFIX}"


def cloudwatch_logs_key_statement(*, region: str, log_group_arns: Sequence[str]) -> iam.PolicyStatement:
    """CloudWatch Logs' use of a key that encrypts the named log groups.

    ``log_group_arns`` are log group ARNs without the trailing ``:*``. The principal is CloudWatch
    Logs' Regional one, ``logs.<region>.<partition's domain>`` (see ``cloudwatch_logs_principal``).

    https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    """
    return iam.PolicyStatement(
        principals=[iam.ServicePrincipal(cloudwatch_logs_principal(region))],
        actions=["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        resources=["*"],
        conditions={"ArnEquals": {"kms:EncryptionContext:aws:logs:arn": list(log_group_arns)}},
    )


def deny_grants_except_for_aws_services_statement() -> iam.PolicyStatement:
    """Nobody may create grants on the key, unless an AWS service creates it for a resource or the
    caller is an AWS service: the statement AWS Control Tower's proactive control CT.KMS.PR.3
    requires, word for word (``BoolIfExists``, both keys ``false``, any principal, resource ``*``).

    https://docs.aws.amazon.com/controltower/latest/controlreference/kms-rules.html
    """
    return iam.PolicyStatement(
        sid="DenyGrantsNotForAwsServices",
        effect=iam.Effect.DENY,
        principals=[iam.AnyPrincipal()],
        actions=["kms:CreateGrant"],
        resources=["*"],
        conditions={"BoolIfExists": {"kms:GrantIsForAWSResource": "false", "aws:PrincipalIsAWSService": "false"}},
    )


def cloudtrail_topic_key_statement(*, topic_arn_pattern: str) -> iam.PolicyStatement:
    """CloudTrail's use of the key of an encrypted delivery-notification topic.

    AWS documents this statement without conditions, and does not document that CloudTrail sends
    ``aws:SourceArn`` to KMS for SNS (a condition it does not send would silently block every
    notification). The statement is limited instead with the encryption context SNS always uses,
    ``aws:sns:topicArn``, to the topic (or, where the topic's ARN is only known at deploy time, to the
    account's topics in the Region: referencing the topic would make a circular dependency).

    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html
    https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
    """
    return iam.PolicyStatement(
        principals=[iam.ServicePrincipal(CLOUDTRAIL_PRINCIPAL)],
        actions=["kms:GenerateDataKey*", "kms:Decrypt"],
        resources=["*"],
        conditions={"StringLike": {"kms:EncryptionContext:aws:sns:topicArn": topic_arn_pattern}},
    )


def cloudtrail_topic_statement(*, topic_arn: str, trail_arns: Sequence[str]) -> iam.PolicyStatement:
    """CloudTrail's permission to publish delivery notifications.

    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html
    """
    return iam.PolicyStatement(
        principals=[iam.ServicePrincipal(CLOUDTRAIL_PRINCIPAL)],
        actions=["sns:Publish"],
        resources=[topic_arn],
        conditions=_source_arn_condition(trail_arns),
    )


def cloudtrail_log_delivery_statement(*, log_stream_arns: Sequence[str]) -> iam.PolicyStatement:
    """What the CloudWatch Logs delivery role may do: create the trail's streams and put events.

    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
    """
    return iam.PolicyStatement(
        actions=["logs:CreateLogStream", "logs:PutLogEvents"],
        resources=list(log_stream_arns),
    )


def s3_server_access_logs_statement(
    *, access_log_bucket_arn: str, source_bucket_arns: Sequence[str], source_account: str
) -> iam.PolicyStatement:
    """S3's logging service writing server access logs of the source buckets.

    https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html#grant-log-delivery-permissions-general
    """
    return iam.PolicyStatement(
        principals=[iam.ServicePrincipal("logging.s3.amazonaws.com")],
        actions=["s3:PutObject"],
        resources=[f"{access_log_bucket_arn}/*"],
        conditions={
            "ArnLike": {"aws:SourceArn": list(source_bucket_arns)},
            "StringEquals": {"aws:SourceAccount": source_account},
        },
    )


def cloudtrail_event_data_store_key_statement() -> iam.PolicyStatement:
    """CloudTrail's use of the key of a CloudTrail Lake event data store: encrypt and decrypt events.

    AWS documents this statement without conditions (the key policy the CloudTrail console creates for
    event data stores); give the event data store a key of its own so that it reaches nothing else.

    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/default-kms-key-policy.html
    """
    return iam.PolicyStatement(
        principals=[iam.ServicePrincipal(CLOUDTRAIL_PRINCIPAL)],
        actions=["kms:GenerateDataKey", "kms:Decrypt"],
        resources=["*"],
    )


def cloudtrail_accounts_bucket_statement(
    *, bucket_arn: str, s3_key_prefix: str | None, trail_arn_pattern: str, source_accounts: Sequence[str]
) -> iam.PolicyStatement:
    """CloudTrail's access to a bucket shared by the trails of many accounts, in one statement whose
    size grows by one account id (15 characters) per account.

    AWS's multi-account policy names one ``AWSLogs/<account>/*`` resource and one trail ARN per
    account (about 200 bytes each: S3's 20 KB limit is reached near 90 accounts). This statement
    admits the same writers: CloudTrail (the service chooses the ``AWSLogs/<account>/`` path of the
    trail's own account), only for the listed accounts (``aws:SourceAccount``) and only for trails
    with the layout's name in the home Region (``aws:SourceArn``). ``s3:x-amz-acl`` is checked
    where present (``PutObject``); ``GetBucketAcl`` requests do not carry it.

    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-set-bucket-policy-for-multiple-accounts.html
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
    """
    return iam.PolicyStatement(
        sid="AllowListedAccountsTrailsToDeliver",
        principals=[iam.ServicePrincipal(CLOUDTRAIL_PRINCIPAL)],
        actions=["s3:GetBucketAcl", "s3:PutObject"],
        resources=[bucket_arn, f"{bucket_arn}/{cloudtrail_log_path(s3_key_prefix, '*')}"],
        conditions={
            "StringEquals": {"aws:SourceAccount": list(source_accounts)},
            "ArnLike": {"aws:SourceArn": trail_arn_pattern},
            "StringEqualsIfExists": {"s3:x-amz-acl": "bucket-owner-full-control"},
        },
    )


def cloudtrail_accounts_key_statement(*, trail_arn_pattern: str, source_accounts: Sequence[str]) -> iam.PolicyStatement:
    """CloudTrail's use of a key shared by the trails of many accounts, in one statement that grows
    by one account id per account: encrypt (``GenerateDataKey*``, encryption context naming a trail
    with the layout's name) and describe the key, for the listed accounts' trails only
    (``aws:SourceAccount``, which the CloudTrail guide lists as supported for key policies, and
    ``aws:SourceArn``). The encryption-context key is checked where present: ``DescribeKey``
    requests carry none.

    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
    """
    return iam.PolicyStatement(
        sid="AllowListedAccountsTrailsToEncrypt",
        principals=[iam.ServicePrincipal(CLOUDTRAIL_PRINCIPAL)],
        actions=["kms:GenerateDataKey*", "kms:DescribeKey"],
        resources=["*"],
        conditions={
            "StringEquals": {"aws:SourceAccount": list(source_accounts)},
            "ArnLike": {"aws:SourceArn": trail_arn_pattern},
            "StringLikeIfExists": {"kms:EncryptionContext:aws:cloudtrail:arn": trail_arn_pattern},
        },
    )


def log_readers_bucket_statement(*, bucket_arn: str, log_path: str, conditions: dict) -> iam.PolicyStatement:
    """Readers (chosen by ``conditions`` on the principal, such as ``aws:PrincipalArn`` or
    ``aws:PrincipalOrgID``) may list the bucket and read the log files under ``log_path``.

    Naming readers by condition rather than as principals keeps the policy valid before their roles
    exist (a principal that does not exist makes the whole policy fail).

    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-sharing-logs-your-accounts.html
    """
    return iam.PolicyStatement(
        sid="AllowLogReadersToRead",
        principals=[iam.AnyPrincipal()],
        actions=["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"],
        resources=[bucket_arn, f"{bucket_arn}/{log_path}/*"],
        conditions=conditions,
    )


def log_readers_key_statement(*, partition: str, conditions: dict) -> iam.PolicyStatement:
    """Readers (chosen by ``conditions`` on the principal) may decrypt CloudTrail log files only.

    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
    """
    return iam.PolicyStatement(
        sid="AllowLogReadersToDecrypt",
        principals=[iam.AnyPrincipal()],
        actions=["kms:Decrypt"],
        resources=["*"],
        conditions={
            **conditions,
            # Merged, not replaced: a StringLike condition on the reader (aws:PrincipalArn) stays.
            "StringLike": {
                **conditions.get("StringLike", {}),
                "kms:EncryptionContext:aws:cloudtrail:arn": trail_arns_of(partition),
            },
        },
    )
