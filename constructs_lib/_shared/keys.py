"""The one way the library creates a KMS key: symmetric, rotated, and closed to grants that no AWS
service asked for."""

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from .policies import deny_grants_except_for_aws_services_statement


def customer_managed_key(
    scope: Construct,
    construct_id: str,
    *,
    description: str,
    alias: str | None = None,
    policy: iam.PolicyDocument | None = None,
    removal_policy: cdk.RemovalPolicy = cdk.RemovalPolicy.RETAIN,
) -> kms.Key:
    """A symmetric encryption key with automatic rotation (CT.KMS.PR.1) and the ``kms:CreateGrant``
    deny of CT.KMS.PR.3. ``policy`` is the initial key policy (default: CDK's administrator
    statement for the account); services' statements are added to it afterwards."""
    key = kms.Key(
        scope,
        construct_id,
        description=description,
        alias=alias,
        policy=policy,
        enable_key_rotation=True,
        removal_policy=removal_policy,
    )
    key.add_to_resource_policy(deny_grants_except_for_aws_services_statement())
    return key
