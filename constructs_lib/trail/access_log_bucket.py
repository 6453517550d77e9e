"""The bucket that receives S3 server access logs of the trail's log bucket."""

import aws_cdk as cdk
from aws_cdk import aws_s3 as s3
from constructs import Construct

from .._shared.acknowledgements import acknowledge
from .._shared.buckets import hardened_bucket_props, send_events_to_eventbridge
from .._shared.signatures import visible_signature
from .._shared.validation import check_duration, check_positive_days, check_removal_policy, check_stack_region


@visible_signature
class AccessLogBucket(Construct):
    """A hardened destination for S3 server access logs.

    Defines an ``AWS::S3::Bucket`` and its ``AWS::S3::BucketPolicy``: SSE-S3 encryption, all four
    block-public-access settings, no ACLs (BucketOwnerEnforced), versioning, TLS 1.2 or later only,
    EventBridge notifications, and a lifecycle that expires logs. S3 delivers server access logs only
    to buckets with SSE-S3 and without Object Lock, so this bucket has neither SSE-KMS nor Object
    Lock (both acknowledged, with their reasons, in the compliance scanners).
    The bucket whose access logs it receives adds the statement that lets S3's logging service
    write them (``TrailLogBucket`` does).

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
        check_stack_region(scope)
        for name, value in (("expiration", expiration), ("noncurrent_version_expiration", noncurrent_version_expiration)):
            check_duration(value, parameter=name, example="cdk.Duration.days(365)")
            check_positive_days(value, parameter=name)
        check_removal_policy(removal_policy)
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
        send_events_to_eventbridge(self.bucket)
        acknowledge(self.bucket, "access-log-bucket-encryption")
        acknowledge(self.bucket, "access-log-bucket-logging")
        acknowledge(self.bucket, "access-log-bucket-object-lock")
        acknowledge(self.bucket, "log-bucket-replication")
