"""The S3 bucket that stores CloudTrail log files."""

from collections.abc import Sequence
from dataclasses import dataclass, field, fields

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from .._shared import policies
from .._shared.acknowledgements import acknowledge
from .._shared.buckets import hardened_bucket_props, send_events_to_eventbridge
from .._shared.errors import ConfigurationError
from .._shared.resource_policy import add_statements_or_report
from .._shared.signatures import visible_signature
from .._shared.validation import (
    check_account_ids,
    check_organization_id,
    check_policy_size,
    check_positive_days,
    check_s3_key_prefix,
)
from .access_log_bucket import AccessLogBucket

OBJECT_LOCK_DISABLED_WARNING = "constructs-lib:object-lock-disabled"


class _DefaultWhenLocked:
    """GOVERNANCE mode for 365 days when Object Lock is on; nothing when it is off."""

    def __repr__(self) -> str:
        return "default"


DEFAULT_WHEN_LOCKED = _DefaultWhenLocked()
# S3 moves objects to Standard-IA or One Zone-IA no earlier than 30 days after creation.
_MIN_INFREQUENT_ACCESS_DAYS = 30


def _default_transitions() -> list[s3.Transition]:
    return [
        s3.Transition(storage_class=s3.StorageClass.INFREQUENT_ACCESS, transition_after=cdk.Duration.days(90)),
        s3.Transition(storage_class=s3.StorageClass.GLACIER, transition_after=cdk.Duration.days(365)),
    ]


@dataclass(frozen=True, kw_only=True)
class LogBucketOptions:
    """How ``SecureTrail`` builds its log bucket; the fields are ``TrailLogBucket``'s props."""

    bucket_name: str | None = None
    object_lock_enabled: bool = True
    object_lock_mode: s3.ObjectLockMode | None = DEFAULT_WHEN_LOCKED
    object_lock_retention: cdk.Duration | None = DEFAULT_WHEN_LOCKED
    transitions: Sequence[s3.Transition] = field(default_factory=_default_transitions)
    expiration: cdk.Duration | None = None
    noncurrent_version_expiration: cdk.Duration = cdk.Duration.days(365)
    abort_incomplete_multipart_upload_after: cdk.Duration = cdk.Duration.days(7)
    event_bridge_enabled: bool = True
    access_log_bucket: s3.IBucket | None = None
    removal_policy: cdk.RemovalPolicy = cdk.RemovalPolicy.RETAIN


def resolve_object_lock(*, enabled: bool, mode, retention) -> tuple[s3.ObjectLockMode | None, cdk.Duration | None]:
    """The default retention's mode and period, checked: both or neither, a period of whole days.

    ``DEFAULT_WHEN_LOCKED`` means GOVERNANCE for 365 days when Object Lock is on, nothing when off.
    """
    if mode is DEFAULT_WHEN_LOCKED:
        mode = s3.ObjectLockMode.GOVERNANCE if enabled else None
    if retention is DEFAULT_WHEN_LOCKED:
        retention = cdk.Duration.days(365) if enabled else None
    check_object_lock(enabled=enabled, mode=mode, retention=retention)
    return mode, retention


def check_lifecycle(*, transitions: Sequence[s3.Transition], expiration: cdk.Duration | None) -> None:
    """Lifecycle rules S3 accepts: Standard-IA and One Zone-IA after 30 days or more, and log files
    expiring only after their last transition."""
    transition_days = []
    for transition in transitions:
        if transition.transition_after is None:
            continue
        days = transition.transition_after.to_days()
        transition_days.append(days)
        if transition.storage_class.value in ("STANDARD_IA", "ONEZONE_IA") and days < _MIN_INFREQUENT_ACCESS_DAYS:
            raise ConfigurationError(
                f"transitions: {transition.storage_class.value} after {days} days is not accepted by S3 "
                f"(objects move to infrequent-access classes no earlier than {_MIN_INFREQUENT_ACCESS_DAYS} "
                f"days after creation). Use cdk.Duration.days({_MIN_INFREQUENT_ACCESS_DAYS}) or more."
            )
    if expiration is not None and transition_days and expiration.to_days() <= max(transition_days):
        raise ConfigurationError(
            f"expiration {expiration.to_human_string()} is not after the last transition "
            f"({max(transition_days)} days); S3 rejects such a lifecycle rule. Expire later, or drop the "
            f"transitions after the expiry (transitions=[...])."
        )


def check_object_lock(*, enabled: bool, mode: s3.ObjectLockMode | None, retention: cdk.Duration | None) -> None:
    """Object Lock default retention needs both a mode and a period of at least one day."""
    if not enabled:
        if mode is not None or retention is not None:
            raise ConfigurationError(
                f"object_lock_mode {mode} and object_lock_retention "
                f"{retention.to_human_string() if retention else None} were given with "
                f"object_lock_enabled=False. Either enable Object Lock or pass object_lock_mode=None "
                f"and object_lock_retention=None."
            )
        return
    if (mode is None) != (retention is None):
        raise ConfigurationError(
            f"Object Lock default retention needs both object_lock_mode and object_lock_retention; "
            f"got object_lock_mode={mode} and object_lock_retention="
            f"{retention.to_human_string() if retention else None}. Pass both (for example "
            f"s3.ObjectLockMode.GOVERNANCE and cdk.Duration.days(365)), or neither for Object Lock "
            f"without default retention."
        )
    if retention is not None:
        check_positive_days(retention, parameter="object_lock_retention")


@visible_signature
class TrailLogBucket(Construct):
    """An S3 bucket for CloudTrail log files, hardened for audit evidence.

    Defines an ``AWS::S3::Bucket`` with SSE-KMS (the given key) and S3 Bucket Keys, all four
    block-public-access settings, no ACLs (BucketOwnerEnforced), versioning, S3 Object Lock,
    EventBridge notifications, lifecycle rules and server access logs; and an
    ``AWS::S3::BucketPolicy`` that denies requests without TLS 1.2 or later and lets exactly the
    trails named through ``allow_cloudtrail`` deliver. Unless an access-log bucket is given, an
    ``AccessLogBucket`` is defined too.

    :param encryption_key: The KMS key for SSE-KMS.
    :param bucket_name: Physical name. Default: generated by CloudFormation.
    :param object_lock_enabled: Enable S3 Object Lock (only possible when the bucket is created).
        Default: True. Turning it off leaves a warning: audit evidence becomes deletable.
    :param object_lock_mode: Default retention mode (GOVERNANCE: users with
        ``s3:BypassGovernanceRetention`` can still delete; COMPLIANCE: nobody can, not even root).
        Default: GOVERNANCE when Object Lock is on. ``None`` together with
        ``object_lock_retention=None`` enables Object Lock without default retention.
    :param object_lock_retention: Default retention period, whole days. Default: 365 days when
        Object Lock is on.
    :param transitions: Storage-class transitions for log files. Default: Standard-IA after 90 days,
        Glacier Flexible Retrieval after 365 days.
    :param expiration: When log files expire. Default: never.
    :param noncurrent_version_expiration: When overwritten or deleted versions expire (not before
        their Object Lock retention ends). Default: 365 days.
    :param abort_incomplete_multipart_upload_after: Default: 7 days.
    :param event_bridge_enabled: Send S3 event notifications to EventBridge (no Lambda function
        involved). Default: True.
    :param access_log_bucket: Where server access logs go. Default: a new ``AccessLogBucket``.
    :param removal_policy: What happens to the bucket when it leaves the stack. Default: RETAIN.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        encryption_key: kms.IKey,
        bucket_name: str | None = None,
        object_lock_enabled: bool = True,
        object_lock_mode: s3.ObjectLockMode | None = DEFAULT_WHEN_LOCKED,
        object_lock_retention: cdk.Duration | None = DEFAULT_WHEN_LOCKED,
        transitions: Sequence[s3.Transition] | None = None,
        expiration: cdk.Duration | None = None,
        noncurrent_version_expiration: cdk.Duration = cdk.Duration.days(365),
        abort_incomplete_multipart_upload_after: cdk.Duration = cdk.Duration.days(7),
        event_bridge_enabled: bool = True,
        access_log_bucket: s3.IBucket | None = None,
        removal_policy: cdk.RemovalPolicy = cdk.RemovalPolicy.RETAIN,
    ) -> None:
        object_lock_mode, object_lock_retention = resolve_object_lock(
            enabled=object_lock_enabled, mode=object_lock_mode, retention=object_lock_retention
        )
        transitions = _default_transitions() if transitions is None else list(transitions)
        check_lifecycle(transitions=transitions, expiration=expiration)
        if expiration is not None:
            check_positive_days(expiration, parameter="expiration")
        check_positive_days(noncurrent_version_expiration, parameter="noncurrent_version_expiration")
        check_positive_days(abort_incomplete_multipart_upload_after, parameter="abort_incomplete_multipart_upload_after")
        super().__init__(scope, construct_id)

        default_retention = None
        if object_lock_mode is not None and object_lock_retention is not None:
            default_retention = s3.ObjectLockRetention.governance(object_lock_retention) if (
                object_lock_mode == s3.ObjectLockMode.GOVERNANCE
            ) else s3.ObjectLockRetention.compliance(object_lock_retention)
        self.bucket = s3.Bucket(
            self,
            "Resource",
            bucket_name=bucket_name,
            encryption=s3.BucketEncryption.KMS,
            encryption_key=encryption_key,
            bucket_key_enabled=True,
            object_lock_enabled=object_lock_enabled,
            object_lock_default_retention=default_retention,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="TransitionAndExpireLogFiles",
                    transitions=transitions,
                    expiration=expiration,
                    noncurrent_version_expiration=noncurrent_version_expiration,
                    abort_incomplete_multipart_upload_after=abort_incomplete_multipart_upload_after,
                )
            ],
            **hardened_bucket_props(removal_policy),
        )
        acknowledge(self.bucket, "log-bucket-replication")
        cfn_bucket: s3.CfnBucket = self.bucket.node.default_child
        if event_bridge_enabled:
            send_events_to_eventbridge(self.bucket)
        if not object_lock_enabled:
            cdk.Annotations.of(self).add_warning_v2(
                OBJECT_LOCK_DISABLED_WARNING,
                "S3 Object Lock is off for the CloudTrail log bucket: anyone allowed to delete objects "
                "can destroy audit evidence. Object Lock can only be enabled when a bucket is created.",
            )

        self.access_log_bucket: AccessLogBucket | None = (
            AccessLogBucket(self, "AccessLogs") if access_log_bucket is None else None
        )
        self.server_access_logs_bucket: s3.IBucket = (
            self.access_log_bucket.bucket if self.access_log_bucket else access_log_bucket
        )
        """The bucket that receives this bucket's server access logs."""
        cfn_bucket.logging_configuration = s3.CfnBucket.LoggingConfigurationProperty(
            destination_bucket_name=self.server_access_logs_bucket.bucket_name, log_file_prefix="cloudtrail-log-bucket/"
        )
        add_statements_or_report(
            self,
            self.server_access_logs_bucket,
            [
                policies.s3_server_access_logs_statement(
                    access_log_bucket_arn=self.server_access_logs_bucket.bucket_arn,
                    source_bucket_arns=[self.bucket.bucket_arn],
                    source_account=cdk.Stack.of(self).account,
                )
            ],
            what=f"the policy of access-log bucket {self.server_access_logs_bucket.bucket_name}",
            output_id="RequiredPolicyForAccessLogBucket",
        )

    @classmethod
    def from_options(cls, scope: Construct, construct_id: str, *, encryption_key: kms.IKey, options: LogBucketOptions):
        """A log bucket built from ``LogBucketOptions``."""
        return cls(
            scope, construct_id, encryption_key=encryption_key, **{f.name: getattr(options, f.name) for f in fields(options)}
        )

    @property
    def bucket_arn(self) -> str:
        """The ARN of the bucket."""
        return self.bucket.bucket_arn

    def allow_cloudtrail(
        self,
        *,
        trail_arns: Sequence[str],
        account_ids: Sequence[str] = (),
        organization_id: str | None = None,
        s3_key_prefix: str | None = None,
    ) -> list[iam.PolicyStatement]:
        """Let these trails deliver log files for these accounts (and organization) and return the statements.

        :param trail_arns: ARNs of the trails (``aws:SourceArn``); a trail in another account is named
            by its ARN, built from its account, Region and name.
        :param account_ids: Accounts whose log files the trails deliver (``AWSLogs/<account>/``).
        :param organization_id: For an organization trail, the organization (``AWSLogs/<o-id>/``).
        :param s3_key_prefix: The trails' S3 key prefix. Default: none.
        """
        check_account_ids(account_ids, parameter="account_ids")
        if organization_id is not None:
            check_organization_id(organization_id, parameter="organization_id")
        if s3_key_prefix is not None:
            check_s3_key_prefix(s3_key_prefix)
        log_path_ids = [*account_ids, *([organization_id] if organization_id else [])]
        if not trail_arns or not log_path_ids:
            raise ConfigurationError(
                f"allow_cloudtrail needs at least one trail ARN and one account id or organization id; "
                f"got trail_arns={list(trail_arns)!r}, account_ids={list(account_ids)!r}, "
                f"organization_id={organization_id!r}. Name the trails and whose logs they deliver."
            )
        statements = policies.cloudtrail_bucket_statements(
            bucket_arn=self.bucket.bucket_arn,
            trail_arns=trail_arns,
            log_paths=[policies.cloudtrail_log_path(s3_key_prefix, path_id) for path_id in log_path_ids],
        )
        for statement in statements:
            self.bucket.add_to_resource_policy(statement)
        check_policy_size(self, self.bucket.policy.document, kind="bucket", what="The log bucket's policy")
        return statements
