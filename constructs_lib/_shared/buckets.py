"""Settings every bucket of the library shares."""

import aws_cdk as cdk
from aws_cdk import aws_s3 as s3


def hardened_bucket_props(removal_policy: cdk.RemovalPolicy) -> dict:
    """Block all public access, no ACLs, versioning, and only TLS 1.2 or later."""
    return {
        "block_public_access": s3.BlockPublicAccess.BLOCK_ALL,
        "object_ownership": s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        "versioned": True,
        "enforce_ssl": True,
        "minimum_tls_version": 1.2,
        "removal_policy": removal_policy,
    }


def send_events_to_eventbridge(bucket: s3.Bucket) -> None:
    """Turn on S3 event notifications to Amazon EventBridge on the CloudFormation bucket itself
    (CT.S3.PR.4), without the notification-handler Lambda function that ``event_bridge_enabled``
    of ``s3.Bucket`` adds."""
    cfn_bucket: s3.CfnBucket = bucket.node.default_child
    cfn_bucket.notification_configuration = s3.CfnBucket.NotificationConfigurationProperty(
        event_bridge_configuration=s3.CfnBucket.EventBridgeConfigurationProperty(event_bridge_enabled=True)
    )
