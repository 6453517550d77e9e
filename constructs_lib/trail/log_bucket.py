"""The S3 bucket that stores CloudTrail log files."""

from collections.abc import Sequence
from dataclasses import dataclass, fields

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
    as_list,
    check_account_ids,
    check_bool,
    check_bucket_name,
    check_duration,
    check_enum,
    check_instance,
    check_interface,
    check_key,
    check_organization_id,
    check_policy_size,
    check_positive_days,
    check_removal_policy,
    check_s3_key_prefix,
    check_same_region,
    check_stack_region,
    check_str,
    check_trail_arns,
)
from .access_log_bucket import AccessLogBucket

OBJECT_LOCK_DISABLED_WARNING = "constructs-lib:object-lock-disabled"


class _DefaultWhenLocked:
    """GOVERNANCE mode for 365 days when Object Lock is on; nothing when it is off."""

    def __repr__(self) -> str:
        return "default"


DEFAULT_WHEN_LOCKED = _DefaultWhenLocked()
DEFAULT_OBJECT_LOCK_MODE = s3.ObjectLockMode.GOVERNANCE
DEFAULT_OBJECT_LOCK_RETENTION_DAYS = 365

# S3 lifecycle transitions (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
# and the Days field of https://docs.aws.amazon.com/AmazonS3/latest/API/API_Transition.html): objects
# move down this order only; Standard-IA and One Zone-IA no earlier than 30 days after creation;
# objects stay at least 30 days in Standard-IA or One Zone-IA, and 90 days in Glacier Flexible
# Retrieval, before a later transition.
_STORAGE_CLASS_ORDER = ("STANDARD_IA", "INTELLIGENT_TIERING", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE")
MIN_DAYS_AFTER_CREATION = {"STANDARD_IA": 30, "ONEZONE_IA": 30}
MIN_DAYS_BEFORE_NEXT_TRANSITION = {"STANDARD_IA": 30, "ONEZONE_IA": 30, "GLACIER": 90}


DEFAULT_TRANSITIONS: tuple[s3.Transition, ...] = (
    s3.Transition(storage_class=s3.StorageClass.INFREQUENT_ACCESS, transition_after=cdk.Duration.days(90)),
    s3.Transition(storage_class=s3.StorageClass.GLACIER, transition_after=cdk.Duration.days(365)),
)


@dataclass(frozen=True, kw_only=True)
class LogBucketOptions:
    """How ``SecureTrail`` builds its log bucket; the fields are ``TrailLogBucket``'s props.

    This dataclass holds the log bucket's defaults, the one place they are written: ``TrailLogBucket``
    reads its own defaults from it. See ``TrailLogBucket`` for what each field means.
    """

    bucket_name: str | None = None
    object_lock_enabled: bool = True
    object_lock_mode: s3.ObjectLockMode | None = DEFAULT_WHEN_LOCKED
    object_lock_retention: cdk.Duration | None = DEFAULT_WHEN_LOCKED
    transitions: Sequence[s3.Transition] = DEFAULT_TRANSITIONS
    expiration: cdk.Duration | None = None
    noncurrent_version_expiration: cdk.Duration = cdk.Duration.days(365)
    abort_incomplete_multipart_upload_after: cdk.Duration = cdk.Duration.days(7)
    event_bridge_enabled: bool = True
    access_log_bucket: s3.IBucket | None = None
    removal_policy: cdk.RemovalPolicy = cdk.RemovalPolicy.RETAIN


_DEFAULTS = LogBucketOptions()


def resolve_object_lock(*, enabled: bool, mode, retention) -> tuple[s3.ObjectLockMode | None, cdk.Duration | None]:
    """The default retention's mode and period, checked: both or neither, a period of whole days.

    ``DEFAULT_WHEN_LOCKED`` means GOVERNANCE for 365 days when Object Lock is on, nothing when off.
    """
    check_bool(enabled, parameter="object_lock_enabled")
    if mode is DEFAULT_WHEN_LOCKED:
        mode = DEFAULT_OBJECT_LOCK_MODE if enabled else None
    if retention is DEFAULT_WHEN_LOCKED:
        retention = cdk.Duration.days(DEFAULT_OBJECT_LOCK_RETENTION_DAYS) if enabled else None
    if mode is not None:
        check_enum(mode, s3.ObjectLockMode, parameter="object_lock_mode")
    if retention is not None:
        check_duration(retention, parameter="object_lock_retention")
    check_object_lock(enabled=enabled, mode=mode, retention=retention)
    return mode, retention


def _transition_days(transition, index: int) -> tuple[str, int | None]:
    """The storage class and days of one transition (days None for a transition on a date)."""
    parameter = f"transitions[{index}]"
    check_instance(
        transition, s3.Transition, parameter=parameter,
        example="s3.Transition(storage_class=s3.StorageClass.GLACIER, transition_after=cdk.Duration.days(365))",
    )
    check_instance(
        transition.storage_class, s3.StorageClass, parameter=f"{parameter}.storage_class",
        example="s3.StorageClass.GLACIER",
    )
    if transition.transition_after is None:
        return transition.storage_class.value, None
    check_duration(transition.transition_after, parameter=f"{parameter}.transition_after", example="cdk.Duration.days(90)")
    try:
        days = transition.transition_after.to_days()
    except Exception as error:  # jsii raises for durations that are not whole days
        raise ConfigurationError(
            f"{parameter}.transition_after {transition.transition_after.to_human_string()} is not a whole "
            f"number of days. Use cdk.Duration.days(n)."
        ) from error
    return transition.storage_class.value, int(days)


def check_lifecycle(*, transitions: Sequence[s3.Transition], expiration: cdk.Duration | None) -> None:
    """Lifecycle rules S3 accepts: storage classes in S3's order, each no earlier than its minimum
    (Standard-IA and One Zone-IA 30 days after creation; 30 days after an infrequent-access class
    and 90 after Glacier Flexible Retrieval before the next), and log files expiring only after
    their last transition."""
    transitions = as_list(
        transitions, parameter="transitions",
        example="[s3.Transition(storage_class=s3.StorageClass.GLACIER, transition_after=cdk.Duration.days(365))]",
    )
    steps = [_transition_days(transition, index) for index, transition in enumerate(transitions)]
    dated = [step for step in steps if step[1] is not None]
    for storage_class, days in dated:
        minimum = MIN_DAYS_AFTER_CREATION.get(storage_class, 0)
        if days < minimum:
            raise ConfigurationError(
                f"transitions: {storage_class} after {days} days is not accepted by S3 (objects move to "
                f"infrequent-access classes no earlier than {minimum} days after creation). Use "
                f"cdk.Duration.days({minimum}) or more."
            )
    classes = [storage_class for storage_class, _ in steps]
    duplicates = sorted({c for c in classes if classes.count(c) > 1})
    if duplicates:
        raise ConfigurationError(
            f"transitions lists {duplicates[0]} more than once; S3 rejects a rule that moves objects to one "
            f"storage class twice. Keep one transition per storage class."
        )
    ordered = sorted(dated, key=lambda step: step[1])
    for (earlier, earlier_days), (later, later_days) in zip(ordered, ordered[1:]):
        if earlier_days == later_days or _STORAGE_CLASS_ORDER.index(later) <= _STORAGE_CLASS_ORDER.index(earlier):
            raise ConfigurationError(
                f"transitions: {later} after {later_days} days cannot follow {earlier} after {earlier_days} "
                f"days; S3 moves objects only down the order {' -> '.join(_STORAGE_CLASS_ORDER)}, on "
                f"different days. Order the transitions that way."
            )
        gap = MIN_DAYS_BEFORE_NEXT_TRANSITION.get(earlier)
        if gap and later_days - earlier_days < gap:
            raise ConfigurationError(
                f"transitions: {later} after {later_days} days is only {later_days - earlier_days} days after "
                f"{earlier} ({earlier_days} days); S3 requires objects to stay at least {gap} days in "
                f"{earlier} first. Use cdk.Duration.days({earlier_days + gap}) or more for {later}."
            )
    if expiration is None:
        return
    check_duration(expiration, parameter="expiration", example="cdk.Duration.days(2555)")
    transition_days = [days for _, days in dated]
    if transition_days and expiration.to_days() <= max(transition_days):
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


def check_access_log_destination(bucket, scope) -> None:
    """A bucket S3 can deliver server access logs to: an ``s3.IBucket`` without SSE-KMS default
    encryption (S3 delivers access logs only to SSE-S3 buckets), in the same Region."""
    check_interface(
        bucket, parameter="access_log_bucket", interface="s3.IBucket", attribute="bucket_arn",
        example="s3.Bucket.from_bucket_name(self, 'AccessLogs', 'my-access-logs')",
    )
    check_same_region(bucket, scope, parameter="access_log_bucket", what="log bucket")
    if not isinstance(bucket, s3.Bucket):
        return  # imported: its encryption is unknown at synth
    encryption = cdk.Stack.of(bucket).resolve(bucket.node.default_child.bucket_encryption) or {}
    algorithms = {
        rule.get("serverSideEncryptionByDefault", {}).get("sseAlgorithm")
        for rule in encryption.get("serverSideEncryptionConfiguration", [])
    }
    if bucket.encryption_key is not None or algorithms & {"aws:kms", "aws:kms:dsse"}:
        raise ConfigurationError(
            f"access_log_bucket {bucket.node.path} uses SSE-KMS default encryption, but S3 delivers server "
            f"access logs only to buckets with SSE-S3 (it would silently deliver nothing). Use an "
            f"AccessLogBucket, a bucket with encryption=s3.BucketEncryption.S3_MANAGED, or leave "
            f"access_log_bucket unset."
        )


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
        bucket_name: str | None = _DEFAULTS.bucket_name,
        object_lock_enabled: bool = _DEFAULTS.object_lock_enabled,
        object_lock_mode: s3.ObjectLockMode | None = _DEFAULTS.object_lock_mode,
        object_lock_retention: cdk.Duration | None = _DEFAULTS.object_lock_retention,
        transitions: Sequence[s3.Transition] = _DEFAULTS.transitions,
        expiration: cdk.Duration | None = _DEFAULTS.expiration,
        noncurrent_version_expiration: cdk.Duration = _DEFAULTS.noncurrent_version_expiration,
        abort_incomplete_multipart_upload_after: cdk.Duration = _DEFAULTS.abort_incomplete_multipart_upload_after,
        event_bridge_enabled: bool = _DEFAULTS.event_bridge_enabled,
        access_log_bucket: s3.IBucket | None = _DEFAULTS.access_log_bucket,
        removal_policy: cdk.RemovalPolicy = _DEFAULTS.removal_policy,
    ) -> None:
        check_stack_region(scope)
        check_key(encryption_key, scope, parameter="encryption_key", what="log bucket", optional=False)
        if bucket_name is not None:
            check_bucket_name(bucket_name)
        object_lock_mode, object_lock_retention = resolve_object_lock(
            enabled=object_lock_enabled, mode=object_lock_mode, retention=object_lock_retention
        )
        check_lifecycle(transitions=transitions, expiration=expiration)
        if expiration is not None:
            check_positive_days(expiration, parameter="expiration")
        for name, value in (
            ("noncurrent_version_expiration", noncurrent_version_expiration),
            ("abort_incomplete_multipart_upload_after", abort_incomplete_multipart_upload_after),
        ):
            check_duration(value, parameter=name, example="cdk.Duration.days(365)")
            check_positive_days(value, parameter=name)
        check_bool(event_bridge_enabled, parameter="event_bridge_enabled")
        if access_log_bucket is not None:
            check_access_log_destination(access_log_bucket, scope)
        check_removal_policy(removal_policy)
        super().__init__(scope, construct_id)

        # Each mode chosen explicitly: a mode that is neither never falls through to COMPLIANCE.
        default_retention = None
        if object_lock_mode == s3.ObjectLockMode.GOVERNANCE:
            default_retention = s3.ObjectLockRetention.governance(object_lock_retention)
        elif object_lock_mode == s3.ObjectLockMode.COMPLIANCE:
            default_retention = s3.ObjectLockRetention.compliance(object_lock_retention)
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
                    transitions=list(transitions),
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
        trail_arns = check_trail_arns(trail_arns)
        account_ids = as_list(account_ids, parameter="account_ids", example="['111122223333']")
        check_account_ids(account_ids, parameter="account_ids")
        if organization_id is not None:
            check_organization_id(organization_id, parameter="organization_id")
        if s3_key_prefix is not None:
            check_str(s3_key_prefix, parameter="s3_key_prefix", example="'cloudtrail'")
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
            source_organization_id=organization_id,
        )
        for statement in statements:
            self.bucket.add_to_resource_policy(statement)
        check_policy_size(self, self.bucket.policy.document, kind="bucket", what="The log bucket's policy")
        return statements
