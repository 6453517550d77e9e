"""The bucket that receives S3 server access logs of the trail's log bucket."""

import aws_cdk as cdk
from aws_cdk import aws_s3 as s3
from constructs import Construct

from . import _policies
from ._acknowledgements import acknowledge
from ._buckets import hardened_bucket_props
from ._validation import check_positive_days


class AccessLogBucket(Construct):
    """A hardened destination for S3 server access logs.

    Defines an ``AWS::S3::Bucket`` and its ``AWS::S3::BucketPolicy``: SSE-S3 encryption, all four
    block-public-access settings, no ACLs (BucketOwnerEnforced), versioning, TLS 1.2 or later only,
    and a lifecycle that expires logs. S3 delivers server access logs only to buckets with SSE-S3 and
    without Object Lock default retention, so this bucket has neither SSE-KMS nor Object Lock.
    ``add_source_bucket`` lets S3's logging service write the access logs of a bucket.

    :param expiration: How long access logs are kept. Default: 365 days.
    :param noncurrent_version_expiration: How long overwritten or deleted versions are kept.
        Default: 30 days.
    :param removal_policy: What happens to the bucket when it leaves the stack. Default: RETAIN.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        expiration: cdk.Duration = cdk.Duration.days(365),
        noncurrent_version_expiration: cdk.Duration = cdk.Duration.days(30),
        removal_policy: cdk.RemovalPolicy = cdk.RemovalPolicy.RETAIN,
    ) -> None:
        check_positive_days(expiration, parameter="expiration")
        check_positive_days(noncurrent_version_expiration, parameter="noncurrent_version_expiration")
        super().__init__(scope, construct_id)
        self.bucket = s3.Bucket(
            self,
            "Resource",
            encryption=s3.BucketEncryption.S3_MANAGED,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="ExpireAccessLogs",
                    expiration=expiration,
                    noncurrent_version_expiration=noncurrent_version_expiration,
                    abort_incomplete_multipart_upload_after=cdk.Duration.days(7),
                )
            ],
            **hardened_bucket_props(removal_policy),
        )
        acknowledge(self.bucket, "access-log-bucket-encryption")
        acknowledge(self.bucket, "access-log-bucket-logging")
        acknowledge(self.bucket, "log-bucket-replication")

    def add_source_bucket(self, source: s3.CfnBucket, *, prefix: str) -> None:
        """Deliver the server access logs of ``source`` (the L1 bucket) here, under ``prefix``."""
        source.logging_configuration = s3.CfnBucket.LoggingConfigurationProperty(
            destination_bucket_name=self.bucket.bucket_name, log_file_prefix=prefix
        )
        self.bucket.add_to_resource_policy(
            _policies.s3_server_access_logs_statement(
                access_log_bucket_arn=self.bucket.bucket_arn,
                source_bucket_arns=[source.attr_arn],
                source_account=cdk.Stack.of(self).account,
            )
        )
