"""The trail: a CloudTrail trail with everything it needs to deploy on the first try."""

import weakref
from collections.abc import Sequence

import aws_cdk as cdk
from aws_cdk import aws_cloudtrail as cloudtrail
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from constructs import Construct, IConstruct

from .._shared import policies
from .._shared.errors import ConfigurationError
from .._shared.keys import customer_managed_key
from .._shared.resource_policy import add_statements_or_report
from .._shared.signatures import visible_signature
from .._shared.validation import (
    check_bool,
    check_instance,
    check_interface,
    check_key,
    check_optional_str,
    check_organization_id,
    check_policy_size,
    check_s3_key_prefix,
    check_same_region,
    check_stack_region,
    check_trail_name,
    retention_in_days,
)
from . import event_selectors as selection
from .log_bucket import LogBucketOptions, TrailLogBucket
from .trail_key import TrailKey
from .trail_log_group import TrailLogGroup
from .trail_topic import TrailNotificationTopic

FILE_VALIDATION_DISABLED_WARNING = "constructs-lib:log-file-validation-disabled"
SINGLE_REGION_WARNING = "constructs-lib:single-region-trail"
CLOUDWATCH_LOGS_DISABLED_WARNING = "constructs-lib:cloudwatch-logs-disabled"


# The SecureTrails of each construct tree (keyed by its root, the App), in construction order. The
# checks across trails read it instead of walking the whole tree: a walk per trail makes an app with
# one trail stack per account quadratic in the number of accounts (see benchmarks/).
_TRAILS_BY_APP: "weakref.WeakKeyDictionary[IConstruct, list[SecureTrail]]" = weakref.WeakKeyDictionary()


@visible_signature
class SecureTrail(Construct):
    """An AWS CloudTrail trail that is encrypted, validated, alerting-ready and deploys first time.

    With no arguments it defines: a ``TrailKey`` (KMS, rotation on); a ``TrailLogBucket`` (SSE-KMS
    with S3 Bucket Keys, Object Lock, versioning, TLS-only, server access logs to an
    ``AccessLogBucket``); a ``TrailLogGroup`` (KMS-encrypted, one year retention, least-privilege
    delivery role); and the ``AWS::CloudTrail::Trail`` itself: multi-Region, global service events,
    log file validation, all management events. The bucket policy, key policy and (when notifications
    are on) topic policy hold exactly the statements AWS documents for CloudTrail, each limited to
    this trail with ``aws:SourceArn``; the trail depends on them.

    Bring your own bucket, key, log group or topic through the CDK interfaces. When an imported
    resource's policy cannot be changed by this stack, the construct warns
    (``constructs-lib:policy-not-applied``), writes the statements its owner must add to a stack
    output, and returns them from ``required_policy_statements()``.

    :param trail_name: The trail's name. Default: generated from the construct path (stable).
    :param s3_key_prefix: Prefix of the log file keys. Default: none (``AWSLogs/...``).
    :param bucket: An existing bucket for log files. Default: a new ``TrailLogBucket``.
    :param bucket_options: How to build the new log bucket. Default: ``LogBucketOptions()``.
        Cannot be combined with ``bucket``.
    :param encryption_key: Key for log files, the log group and the notification topic.
        Default: a new ``TrailKey``.
    :param send_to_cloud_watch_logs: Deliver events to CloudWatch Logs (needed for metric-filter
        alarms). Default: True.
    :param log_group: An existing log group to deliver to. Default: a new encrypted one.
    :param cloud_watch_logs_retention: Retention of the new log group; a value CloudWatch Logs
        accepts. Not with ``log_group`` (set an existing group's retention where it is defined).
        Default: one year (``TrailLogGroup``'s ``DEFAULT_RETENTION``).
    :param sns_topic: An existing topic for log-delivery notifications. Default: none, unless
        ``enable_sns_notifications`` is True.
    :param enable_sns_notifications: Create an encrypted topic for log-delivery notifications.
        Default: False (True when ``sns_topic`` is given).
    :param is_multi_region_trail: Record events of every Region. Default: True.
    :param include_global_service_events: Record events of global services such as IAM.
        Default: True (required for multi-Region trails).
    :param enable_file_validation: Write digest files to prove log files are unchanged.
        Default: True.
    :param event_selectors: What the trail records, as ``EventSelector`` values (advanced event
        selectors). S3 data-event selectors never record writes to the trail's own log buckets
        unless they say so. Default: all management events, no data events.
    :param insights: CloudTrail Insights to run (billed per event analyzed). Default: none.
    :param aggregation_templates: Summaries of data events to deliver. Default: none.
    :param is_organization_trail: Record every account of the organization (deploy from the
        management account; member accounts' files go to ``AWSLogs/<organization id>/<account>/``).
        Default: False.
    :param organization_id: The organization's id (``o-...``); required with
        ``is_organization_trail``. Default: none.
    :param policies_applied_by: Who applies the bucket and key statements when the bucket and key
        belong to another account (for example "the log-archive stack"). The statements are then
        only returned by ``required_policy_statements()``, without a warning or stack output.
        Default: none (an imported bucket or key gets a ``constructs-lib:policy-not-applied``
        warning and an output).

    Attributes:

    - ``trail``: the ``cloudtrail.CfnTrail`` (construct id ``Resource``).
    - ``trail_arn``, ``trail_name``: the trail's ARN and name, known at synth (policies can name them
      without a reference cycle).
    - ``key``: the ``kms.IKey`` that encrypts log files (and, in one account, the log group and
      topic); ``trail_key``: the ``TrailKey`` when created here, else None.
    - ``bucket``: the ``s3.IBucket`` that receives log files; ``log_bucket``: the ``TrailLogBucket``
      when created here (its ``server_access_logs_bucket`` receives the access logs), else None;
      ``s3_key_prefix``: the prefix of the log file keys, or None.
    - ``log_group``: the ``logs.ILogGroup`` that receives events (None with
      ``send_to_cloud_watch_logs=False``); ``trail_log_group``: the ``TrailLogGroup`` with its
      ``delivery_role``; ``log_group_key``: the key of a new log group.
    - ``topic``: the ``sns.ITopic`` notified of log deliveries, or None.
    - ``organization_id``: the organization of an organization trail, else None.
    - ``records_management_events``: whether the trail records management events.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        trail_name: str | None = None,
        s3_key_prefix: str | None = None,
        bucket: s3.IBucket | None = None,
        bucket_options: LogBucketOptions | None = None,
        encryption_key: kms.IKey | None = None,
        send_to_cloud_watch_logs: bool = True,
        log_group: logs.ILogGroup | None = None,
        cloud_watch_logs_retention: logs.RetentionDays | int | None = None,
        sns_topic: sns.ITopic | None = None,
        enable_sns_notifications: bool | None = None,
        is_multi_region_trail: bool = True,
        include_global_service_events: bool = True,
        enable_file_validation: bool = True,
        event_selectors: Sequence[selection.EventSelector] = selection.DEFAULT_EVENT_SELECTORS,
        insights: Sequence[selection.Insight] = (),
        aggregation_templates: Sequence[selection.AggregationTemplate] = (),
        is_organization_trail: bool = False,
        organization_id: str | None = None,
        policies_applied_by: str | None = None,
    ) -> None:
        """Define the trail and what it needs; the parameters are described above, under the class."""
        selection.validate_event_selection(
            event_selectors, insights=insights, aggregation_templates=aggregation_templates
        )
        _check_props(
            scope=scope,
            trail_name=trail_name,
            encryption_key=encryption_key,
            cloud_watch_logs_retention=cloud_watch_logs_retention,
            enable_file_validation=enable_file_validation,
            policies_applied_by=policies_applied_by,
            s3_key_prefix=s3_key_prefix,
            bucket=bucket,
            bucket_options=bucket_options,
            send_to_cloud_watch_logs=send_to_cloud_watch_logs,
            log_group=log_group,
            sns_topic=sns_topic,
            enable_sns_notifications=enable_sns_notifications,
            is_multi_region_trail=is_multi_region_trail,
            include_global_service_events=include_global_service_events,
            is_organization_trail=is_organization_trail,
            organization_id=organization_id,
        )
        super().__init__(scope, construct_id)
        _TRAILS_BY_APP.setdefault(self.node.root, []).append(self)
        stack = cdk.Stack.of(self)
        self.trail_name = trail_name or cdk.Names.unique_resource_name(self, max_length=128, separator="-")
        self.trail_arn = stack.format_arn(service="cloudtrail", resource="trail", resource_name=self.trail_name)
        self._unapplied: dict[str, list[iam.PolicyStatement]] = {}
        self.organization_id = organization_id if is_organization_trail else None
        self.s3_key_prefix = s3_key_prefix
        self._policies_applied_by = policies_applied_by
        self._name_is_token = cdk.Token.is_unresolved(self.trail_name)
        # Trail names may contain periods; KMS alias and SNS topic names may not.
        self._safe_name = self.trail_name if self._name_is_token else self.trail_name.replace(".", "-")
        self._check_unique_name()

        self._create_key(encryption_key)
        self._create_bucket(bucket, bucket_options, s3_key_prefix)
        self._create_log_group(send_to_cloud_watch_logs, log_group, cloud_watch_logs_retention)
        self._create_topic(sns_topic, enable_sns_notifications)

        self.trail = cloudtrail.CfnTrail(
            self,
            "Resource",
            trail_name=self.trail_name,
            is_logging=True,
            s3_bucket_name=self.bucket.bucket_name,
            s3_key_prefix=s3_key_prefix,
            kms_key_id=self.key.key_arn,
            enable_log_file_validation=enable_file_validation,
            is_multi_region_trail=is_multi_region_trail,
            include_global_service_events=include_global_service_events,
            cloud_watch_logs_log_group_arn=self.log_group.log_group_arn if self.log_group else None,
            cloud_watch_logs_role_arn=self.trail_log_group.delivery_role.role_arn if self.trail_log_group else None,
            sns_topic_name=self.topic.topic_arn if self.topic else None,
            advanced_event_selectors=selection.render_advanced_event_selectors(
                event_selectors, trail_bucket_arns=self._own_bucket_arns()
            ),
            insight_selectors=selection.render_insight_selectors(insights, selectors=event_selectors),
            aggregation_configurations=selection.render_aggregation_configurations(
                aggregation_templates, selectors=event_selectors
            ),
            is_organization_trail=is_organization_trail or None,
        )
        self.records_management_events = selection.records_management_events(event_selectors)
        if selection.records_trail_log_bucket_writes(event_selectors):
            cdk.Annotations.of(self).add_warning_v2(
                selection.TRAIL_LOG_BUCKET_DATA_EVENTS_WARNING, selection.trail_log_bucket_data_events_message()
            )
        for message in selection.unknown_selection_values(event_selectors, selection.EventCategory.DATA):
            cdk.Annotations.of(self).add_warning_v2(selection.UNKNOWN_DATA_RESOURCE_TYPE_WARNING, message)
        for message in selection.unknown_selection_values(event_selectors, selection.EventCategory.NETWORK_ACTIVITY):
            cdk.Annotations.of(self).add_warning_v2(selection.UNKNOWN_NETWORK_EVENT_SOURCE_WARNING, message)
        self._warn_about_duplicate_management_events()
        self._check_policy_sizes()
        self._order_after_policies()
        self._warn_about_weakened_defaults(
            enable_file_validation=enable_file_validation,
            is_multi_region_trail=is_multi_region_trail,
            send_to_cloud_watch_logs=send_to_cloud_watch_logs,
        )

    def _trails_of_app(self) -> list["SecureTrail"]:
        """Every SecureTrail built so far in this construct tree, this one included."""
        return _TRAILS_BY_APP.get(self.node.root, [])

    def _check_unique_name(self) -> None:
        """Two trails with one name in one account and Region collide at deploy: the trail, its key
        alias, log group and notification topic are all named after it. Trails are compared within
        one stack, or across stacks with the same concrete account and Region."""
        if self._name_is_token:
            return
        stack = cdk.Stack.of(self)
        for other in self._trails_of_app():
            other_name = getattr(other, "_safe_name", None)
            if other is self or other_name is None or cdk.Token.is_unresolved(other_name):
                continue
            if other_name != self._safe_name:
                continue
            other_stack = cdk.Stack.of(other)
            same_place = other_stack is stack or (
                not cdk.Token.is_unresolved(stack.account)
                and not cdk.Token.is_unresolved(stack.region)
                and (other_stack.account, other_stack.region) == (stack.account, stack.region)
            )
            if same_place:
                raise ConfigurationError(
                    f"trail_name {self.trail_name!r} is already used by {other.node.path} ({other.trail_name!r}) "
                    f"in the same account and Region: the trails, their key aliases "
                    f"(alias/cloudtrail/{self._safe_name}), log groups and topics would collide at deploy "
                    f"(a '.' in a trail name becomes '-' in those names). Give each trail its own "
                    f"trail_name, or leave trail_name unset for a generated one."
                )

    def _create_key(self, encryption_key: kms.IKey | None) -> None:
        stack = cdk.Stack.of(self)
        self.trail_key = (
            TrailKey(self, "Key", alias=None if self._name_is_token else f"alias/cloudtrail/{self._safe_name}")
            if encryption_key is None
            else None
        )
        self.key: kms.IKey = self.trail_key.key if self.trail_key else encryption_key
        self._add_policy(
            "key",
            self.key,
            policies.cloudtrail_key_statements(
                trail_arns=[self.trail_arn], trail_owner_accounts=[stack.account], partition=stack.partition
            ),
        )

    def _create_bucket(self, bucket: s3.IBucket | None, options: LogBucketOptions | None, s3_key_prefix: str | None) -> None:
        self.log_bucket = (
            TrailLogBucket.from_options(self, "LogBucket", encryption_key=self.key, options=options or LogBucketOptions())
            if bucket is None
            else None
        )
        self.bucket: s3.IBucket = self.log_bucket.bucket if self.log_bucket else bucket
        # An organization trail writes AWSLogs/<organization id>/<account>/; the management
        # account's own path is kept for the day the trail stops being an organization trail.
        path_ids = [cdk.Stack.of(self).account, *([self.organization_id] if self.organization_id else [])]
        self._add_policy(
            "bucket",
            self.bucket,
            policies.cloudtrail_bucket_statements(
                bucket_arn=self.bucket.bucket_arn,
                trail_arns=[self.trail_arn],
                log_paths=[policies.cloudtrail_log_path(s3_key_prefix, path_id) for path_id in path_ids],
                source_organization_id=self.organization_id,
            ),
        )

    def _create_log_group(self, enabled: bool, log_group: logs.ILogGroup | None, retention) -> None:
        # CloudWatch Logs encrypts with a key of the log group's own account: when the trail key
        # belongs to another account (a central log archive), the log group gets a key of its own.
        self.log_group_key: kms.IKey | None = None
        if enabled and log_group is None:
            self.log_group_key = (
                customer_managed_key(self, "LogGroupKey", description=f"Encrypts the log group of trail {self.trail_name}")
                if _in_another_account(self.key, cdk.Stack.of(self))
                else self.key
            )
        self.trail_log_group = (
            TrailLogGroup(
                self,
                "Logs",
                trail_name=self.trail_name,
                encryption_key=self.log_group_key,
                retention=retention,
                log_group=log_group,
                organization_id=self.organization_id,
            )
            if enabled
            else None
        )
        self.log_group: logs.ILogGroup | None = self.trail_log_group.log_group if self.trail_log_group else None
        if self.trail_log_group and self.trail_log_group.unapplied_statements:
            self._unapplied["key"] = [*self._unapplied.get("key", []), *self.trail_log_group.unapplied_statements]

    def _create_topic(self, sns_topic: sns.ITopic | None, enable_sns_notifications: bool | None) -> None:
        self.topic: sns.ITopic | None = sns_topic
        # The key statement names the topic by ARN pattern: a reference to a topic encrypted with
        # the same key would be a circular dependency.
        topic_arn_pattern = None if sns_topic is None or cdk.Token.is_unresolved(sns_topic.topic_arn) else sns_topic.topic_arn
        if sns_topic is None and enable_sns_notifications:
            notification_topic = TrailNotificationTopic(
                self, "Notifications", encryption_key=self.key, topic_name=f"{self._safe_name}-log-delivery"
            )
            self.topic, topic_arn_pattern = notification_topic.topic, notification_topic.topic_arn
        if self.topic is None:
            return
        self._add_policy(
            "topic",
            self.topic,
            [policies.cloudtrail_topic_statement(topic_arn=self.topic.topic_arn, trail_arns=[self.trail_arn])],
        )
        topic_key = getattr(self.topic, "master_key", None)
        if topic_key is not None:
            topic_arn_pattern = topic_arn_pattern or cdk.Stack.of(self).format_arn(service="sns", resource="*")
            self._add_policy(
                "topic key", topic_key, [policies.cloudtrail_topic_key_statement(topic_arn_pattern=topic_arn_pattern)]
            )

    def _add_policy(self, kind: str, resource, statements: list[iam.PolicyStatement]) -> None:
        if self._policies_applied_by and kind in ("bucket", "key") and _in_another_account(resource, cdk.Stack.of(self)):
            self._unapplied[kind] = [*self._unapplied.get(kind, []), *statements]
            return
        output_id = "RequiredPolicyFor" + "".join(word.capitalize() for word in kind.split())
        not_added = add_statements_or_report(
            self, resource, statements, what=f"the resource policy of the trail's {kind}", output_id=output_id
        )
        if not_added:
            self._unapplied[kind] = [*self._unapplied.get(kind, []), *not_added]

    def _own_bucket_arns(self) -> list[str]:
        """The buckets this trail writes to, whose writes its data events must not record: the log
        bucket and, when it is a ``TrailLogBucket`` (this trail's or a shared one), its access-log bucket."""
        log_bucket = self.log_bucket or self.bucket.node.scope
        if isinstance(log_bucket, TrailLogBucket):
            return [self.bucket.bucket_arn, log_bucket.server_access_logs_bucket.bucket_arn]
        return [self.bucket.bucket_arn]

    def _warn_about_duplicate_management_events(self) -> None:
        """A second trail in one account that records management events pays for every event again.

        Trails are in one account when they are in one stack, or in stacks with the same concrete
        account (environment-agnostic stacks may deploy anywhere, so they are not compared).
        """
        if not self.records_management_events:
            return
        stack = cdk.Stack.of(self)
        for other in self._trails_of_app():
            # getattr: a SecureTrail whose construction failed has no such attribute.
            if other is self or not getattr(other, "records_management_events", False):
                continue
            other_stack = cdk.Stack.of(other)
            same_account = other_stack is stack or (
                not cdk.Token.is_unresolved(stack.account) and other_stack.account == stack.account
            )
            if same_account:
                cdk.Annotations.of(self).add_warning_v2(
                    selection.DUPLICATE_MANAGEMENT_EVENTS_WARNING,
                    selection.duplicate_management_events_message(other.node.path),
                )
                return

    def _check_policy_sizes(self) -> None:
        trail_key = self.trail_key or self.key.node.scope  # this trail's TrailKey, or a shared one
        if isinstance(trail_key, TrailKey):
            check_policy_size(self, trail_key.policy_document, kind="key", what="The trail key's policy")
        bucket_policy = getattr(self.bucket, "policy", None)
        if bucket_policy is not None:
            check_policy_size(self, bucket_policy.document, kind="bucket", what="The log bucket's policy")

    def _order_after_policies(self) -> None:
        """CreateTrail checks the bucket and topic policies: create the trail after them."""
        bucket_policy = getattr(self.bucket, "policy", None)
        if bucket_policy is not None:
            self.trail.node.add_dependency(bucket_policy)
        for child in self.topic.node.children if self.topic is not None else ():
            if isinstance(child, sns.TopicPolicy):
                self.trail.node.add_dependency(child)
        if self.trail_log_group is not None:
            self.trail.node.add_dependency(self.trail_log_group.delivery_policy)

    def _warn_about_weakened_defaults(self, *, enable_file_validation, is_multi_region_trail, send_to_cloud_watch_logs):
        annotations = cdk.Annotations.of(self)
        if not enable_file_validation:
            annotations.add_warning_v2(
                FILE_VALIDATION_DISABLED_WARNING,
                "Log file validation is off: nobody can prove the trail's log files were not changed or deleted.",
            )
        if not is_multi_region_trail:
            annotations.add_warning_v2(
                SINGLE_REGION_WARNING,
                "The trail records one Region only: activity in every other Region goes unrecorded.",
            )
        if not send_to_cloud_watch_logs:
            annotations.add_warning_v2(
                CLOUDWATCH_LOGS_DISABLED_WARNING,
                "The trail does not deliver to CloudWatch Logs: metric-filter alarms (CIS, Security Hub "
                "CloudWatch.1-14) cannot work.",
            )

    def required_policy_statements(self) -> dict[str, list[iam.PolicyStatement]]:
        """Statements that imported resources' owners must add, by resource ("bucket", "key", ...).

        Empty when every policy is managed by this stack.
        """
        return {kind: list(statements) for kind, statements in self._unapplied.items()}

    def grant_decrypt_logs(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let ``grantee`` list and read the trail's log files and decrypt them (only CloudTrail files
        when the key is a ``TrailKey``)."""
        iam.Grant.add_to_principal(
            grantee=grantee,
            actions=["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"],
            resource_arns=[self.bucket.bucket_arn, self.bucket.arn_for_objects("*")],
        )
        if self.trail_key is not None:
            return self.trail_key.grant_decrypt_logs(grantee)
        return self.key.grant_decrypt(grantee)


def _in_another_account(resource, stack: cdk.Stack) -> bool:
    """The resource is imported from a named account that is not known to be the stack's: another
    concrete account, or any named account when the stack is environment-agnostic (a StackSet
    template deploys into the member accounts, never into the log archive)."""
    account = resource.env.account
    if cdk.Token.is_unresolved(account):
        return False
    return cdk.Token.is_unresolved(stack.account) or account != stack.account


def _check_props(
    *,
    scope,
    trail_name,
    s3_key_prefix,
    bucket,
    bucket_options,
    encryption_key,
    send_to_cloud_watch_logs,
    log_group,
    cloud_watch_logs_retention,
    sns_topic,
    enable_sns_notifications,
    is_multi_region_trail,
    include_global_service_events,
    enable_file_validation,
    is_organization_trail,
    organization_id,
    policies_applied_by,
) -> None:
    check_stack_region(scope)
    check_optional_str(trail_name, parameter="trail_name", example="'management-events'")
    check_optional_str(s3_key_prefix, parameter="s3_key_prefix", example="'cloudtrail'")
    if bucket is not None:
        check_interface(
            bucket, parameter="bucket", interface="s3.IBucket", attribute="bucket_arn",
            example="s3.Bucket.from_bucket_name(self, 'Logs', 'my-trail-logs')",
        )
    if bucket_options is not None:
        check_instance(
            bucket_options, LogBucketOptions, parameter="bucket_options",
            example="LogBucketOptions(expiration=cdk.Duration.days(2555))",
        )
    check_key(encryption_key, scope, parameter="encryption_key", what="trail")
    for name, value in (
        ("send_to_cloud_watch_logs", send_to_cloud_watch_logs),
        ("is_multi_region_trail", is_multi_region_trail),
        ("include_global_service_events", include_global_service_events),
        ("enable_file_validation", enable_file_validation),
    ):
        check_bool(value, parameter=name)
    if enable_sns_notifications is not None:
        check_bool(enable_sns_notifications, parameter="enable_sns_notifications")
    if log_group is not None:
        check_interface(
            log_group, parameter="log_group", interface="logs.ILogGroup", attribute="log_group_arn",
            example="logs.LogGroup.from_log_group_name(self, 'Logs', '/aws/cloudtrail/management-events')",
        )
        check_same_region(log_group, scope, parameter="log_group", what="trail")
        if cloud_watch_logs_retention is not None:
            raise ConfigurationError(
                f"cloud_watch_logs_retention {cloud_watch_logs_retention!r} was given with an existing "
                f"log_group, whose retention this construct does not manage (it would be ignored). Set the "
                f"retention where the log group is defined, and remove cloud_watch_logs_retention."
            )
    if cloud_watch_logs_retention is not None:
        retention_in_days(cloud_watch_logs_retention, parameter="cloud_watch_logs_retention")
        if send_to_cloud_watch_logs is False:
            raise ConfigurationError(
                f"cloud_watch_logs_retention {cloud_watch_logs_retention!r} was given with "
                f"send_to_cloud_watch_logs=False, so there is no log group to keep events in (it would be "
                f"ignored). Remove cloud_watch_logs_retention, or set send_to_cloud_watch_logs=True."
            )
    if sns_topic is not None:
        check_interface(
            sns_topic, parameter="sns_topic", interface="sns.ITopic", attribute="topic_arn",
            example="sns.Topic.from_topic_arn(self, 'Topic', topic_arn)",
        )
        check_same_region(sns_topic, scope, parameter="sns_topic", what="trail")
        if isinstance(sns_topic, sns.Topic) and sns_topic.master_key is None:
            raise ConfigurationError(
                f"sns_topic {sns_topic.node.path} is not encrypted (created without master_key): log-delivery "
                f"notifications would be stored unencrypted. Create it with master_key=<a KMS key>, or leave "
                f"sns_topic unset and pass enable_sns_notifications=True to get an encrypted topic."
            )
    check_optional_str(policies_applied_by, parameter="policies_applied_by", example="'the log-archive stack'")
    check_bool(is_organization_trail, parameter="is_organization_trail")
    check_optional_str(organization_id, parameter="organization_id", example="'o-a1b2c3d4e5'")
    if is_organization_trail and organization_id is None:
        raise ConfigurationError(
            "is_organization_trail=True needs organization_id: the bucket policy must let the trail "
            "write AWSLogs/<organization id>/. Pass organization_id='o-...' (from 'aws organizations "
            "describe-organization')."
        )
    if organization_id is not None:
        if not is_organization_trail:
            raise ConfigurationError(
                f"organization_id {organization_id!r} was given but is_organization_trail is False. Set "
                f"is_organization_trail=True for an organization trail, or remove organization_id."
            )
        check_organization_id(organization_id, parameter="organization_id")
    if trail_name is not None:
        check_trail_name(trail_name)
    if s3_key_prefix is not None:
        check_s3_key_prefix(s3_key_prefix)
    if bucket is not None and bucket_options is not None:
        raise ConfigurationError(
            "bucket and bucket_options were both given: bucket_options only shapes a bucket this "
            "construct creates. Pass bucket (your own, configured as you need) or bucket_options, "
            "not both."
        )
    if log_group is not None and not send_to_cloud_watch_logs:
        raise ConfigurationError(
            "log_group was given with send_to_cloud_watch_logs=False. Remove log_group, or set "
            "send_to_cloud_watch_logs=True to deliver to it."
        )
    if sns_topic is not None and enable_sns_notifications is False:
        raise ConfigurationError(
            "sns_topic was given with enable_sns_notifications=False. Remove sns_topic, or leave "
            "enable_sns_notifications unset to notify it."
        )
    if is_multi_region_trail and not include_global_service_events:
        raise ConfigurationError(
            "include_global_service_events=False is not allowed for a multi-Region trail (CloudTrail "
            "rejects it). Keep include_global_service_events=True, or set is_multi_region_trail=False."
        )
