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
