"""Delivery heartbeats: alarms that fire when the trail stops delivering, with no Lambda function.

A trail fails silently: after an edit to the bucket policy, the key policy or the delivery role,
or a quota, CloudTrail stops delivering and no API call says so. The event alerts see
``StopLogging``; nothing sees a delivery that stops for another reason. A heartbeat alarm watches
a metric that AWS itself emits for every delivery and fires when it stays empty:

- CloudWatch Logs: ``AWS/Logs`` ``IncomingLogEvents`` of the trail's log group (dimension
  ``LogGroupName``). CloudWatch Logs emits it for free whenever events arrive.
- S3: ``AWS/S3`` ``PutRequests`` of the log bucket (dimensions ``BucketName`` and ``FilterId``),
  from an S3 request-metrics configuration filtered to ``[s3_key_prefix/]AWSLogs/``. With log
  file validation on, CloudTrail writes a digest file there every hour, even an hour without
  events ("'Empty' digest files" in the CloudTrail User Guide), so a quiet account does not look
  like a broken one. Request metrics are billed like custom metrics (see the README's cost note).

Each alarm sums its metric per hour (``Sum < 1``), treats an hour without data as breaching (a
metric that is not emitted at all has no data), and fires when every hour of the window breaches:
window / 1 hour evaluation periods, all of them datapoints to alarm. PutMetricAlarm allows
Period x EvaluationPeriods up to 604,800 seconds (7 days) for periods of an hour or more, so the
window is 1 to 168 whole hours.
https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-configurations.html
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
"""

import hashlib
import re
from dataclasses import dataclass

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from constructs import Construct

from .._shared.errors import ConfigurationError
from .._shared.policies import cloudtrail_log_path
from .._shared.signatures import visible_signature
from .._shared.validation import (
    check_account_id,
    check_bool,
    check_duration,
    check_interface,
    check_organization_id,
    check_s3_key_prefix,
    is_token,
)
from .alert_catalogue import DEFAULT_HEARTBEAT_WINDOW_HOURS, HEALTH_CHECKS, HealthCheckDefinition
from .alert_topic import AlertTopic

LOGS_HEARTBEAT_OFF_WARNING = "constructs-lib:heartbeat-logs-off"
S3_HEARTBEAT_OFF_WARNING = "constructs-lib:heartbeat-s3-off"
S3_HEARTBEAT_UNAVAILABLE_WARNING = "constructs-lib:heartbeat-s3-unavailable"
LOGS_CHECK = HEALTH_CHECKS["trail-delivery-cloudwatch-logs"]
S3_CHECK = HEALTH_CHECKS["trail-delivery-s3"]
DEFAULT_WINDOW = cdk.Duration.hours(DEFAULT_HEARTBEAT_WINDOW_HOURS)
# PutMetricAlarm: Period x EvaluationPeriods at most 604,800 seconds for periods of an hour or more.
MAX_WINDOW_HOURS = 168
# PutBucketMetricsConfiguration: "The ID has a 64 character limit and can only contain letters,
# numbers, periods, dashes, and underscores."
MAX_FILTER_ID_LENGTH = 64
_FILTER_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_HOUR_MS = 3_600_000

# The catalogue stores CloudFormation's values; aws-cdk-lib's enums name them.
_COMPARISON = {"LessThanThreshold": cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD}
_MISSING_DATA = {"breaching": cloudwatch.TreatMissingData.BREACHING}


# ---------------------------------------------------------------------------------------------
# Validation and names
# ---------------------------------------------------------------------------------------------


def check_heartbeat_window(value, *, parameter: str = "window") -> int:
    """A window of whole hours from 1 hour to 7 days. Returns the hours."""
    check_duration(value, parameter=parameter, example="cdk.Duration.hours(6)")
    milliseconds = value.to_milliseconds()
    if milliseconds % _HOUR_MS or not 1 <= milliseconds // _HOUR_MS <= MAX_WINDOW_HOURS:
        raise ConfigurationError(
            f"{parameter} {value.to_human_string()} is not a heartbeat window (allowed: whole hours from "
            f"1 hour to {MAX_WINDOW_HOURS} hours; the alarm checks each hour, and CloudWatch evaluates at "
            f"most 7 days of hourly periods). Use cdk.Duration.hours(n), for example "
            f"cdk.Duration.hours({DEFAULT_HEARTBEAT_WINDOW_HOURS})."
        )
    return int(milliseconds // _HOUR_MS)


def check_filter_id(value, *, parameter: str = "filter_id") -> None:
    """An S3 metrics configuration id: 1 to 64 letters, digits, periods, dashes and underscores."""
    if not isinstance(value, str) or not _FILTER_ID.fullmatch(value):
        raise ConfigurationError(
            f"{parameter} {value!r} is not an S3 metrics configuration id (allowed: 1 to "
            f"{MAX_FILTER_ID_LENGTH} letters, digits, periods, dashes and underscores). Choose an id "
            f"such as 'CloudTrail-AWSLogs', or leave {parameter} unset to get one from the prefix."
        )


def _check_log_path_id(value) -> None:
    if isinstance(value, str) and value.startswith("o-"):
        check_organization_id(value, parameter="log_path_id")
    else:
        check_account_id(value, parameter="log_path_id")


def delivery_prefix(s3_key_prefix: str | None = None, log_path_id: str | None = None) -> str:
    """Where the trail writes log and digest files: ``[s3_key_prefix/]AWSLogs/[<id>/]``."""
    if log_path_id is not None:
        return cloudtrail_log_path(s3_key_prefix, log_path_id) + "/"
    return f"{s3_key_prefix}/AWSLogs/" if s3_key_prefix else "AWSLogs/"


def default_filter_id(prefix: str) -> str:
    """``CloudTrail-`` and the prefix with ``/`` as ``-``; a long one ends with a hash of the prefix."""
    readable = "CloudTrail-" + re.sub(r"[^A-Za-z0-9._-]", "-", prefix.rstrip("/"))
    if len(readable) <= MAX_FILTER_ID_LENGTH:
        return readable
    digest = hashlib.sha256(prefix.encode()).hexdigest()[:8]
    return f"{readable[:MAX_FILTER_ID_LENGTH - 9]}-{digest}"


def _check_same_environment(stack: cdk.Stack, resource, parameter: str) -> None:
    """CloudWatch metrics stay in their account and Region: the alarm must be there too."""
    for what, theirs, ours in (
        ("account", resource.env.account, stack.account),
        ("Region", resource.env.region, stack.region),
    ):
        if is_token(theirs) or is_token(ours) or theirs == ours:
            continue
        raise ConfigurationError(
            f"{parameter} {resource.node.path} is in {what} {theirs}, but the TrailHeartbeat's stack "
            f"{stack.stack_name} is in {what} {ours}; the metrics exist only in {theirs}, so an alarm "
            f"here would never see them. Add the TrailHeartbeat to a stack in the {parameter}'s {what}."
        )


def _check_unused_filter_id(bucket: s3.Bucket, filter_id: str) -> None:
    """S3 refuses two metrics configurations with one id on a bucket (at deploy time)."""
    cfn_bucket: s3.CfnBucket = bucket.node.default_child
    existing = cdk.Stack.of(bucket).resolve(cfn_bucket.metrics_configurations) or []
    if any(configuration.get("id") == filter_id for configuration in existing):
        raise ConfigurationError(
            f"filter_id {filter_id!r} is already a metrics configuration of bucket {bucket.node.path}; "
            f"S3 accepts each id once per bucket. Watch each prefix with one TrailHeartbeat, or pass "
            f"another filter_id."
        )


@dataclass(frozen=True, kw_only=True)
class HeartbeatOptions:
    """The heartbeats ``SecurityAlerts`` adds; the fields are ``TrailHeartbeat``'s props.

    :param window: How long no log data may arrive before an alarm fires. Default: 6 hours.
    :param cloudwatch_logs_enabled: The heartbeat on the log group. Default: True; False warns.
    :param s3_enabled: The heartbeat on the log bucket (billed request metrics). Default: True;
        False warns.
    """

    window: cdk.Duration = DEFAULT_WINDOW
    cloudwatch_logs_enabled: bool = True
    s3_enabled: bool = True

    def __post_init__(self) -> None:
        check_heartbeat_window(self.window, parameter="HeartbeatOptions.window")
        check_bool(self.cloudwatch_logs_enabled, parameter="HeartbeatOptions.cloudwatch_logs_enabled")
        check_bool(self.s3_enabled, parameter="HeartbeatOptions.s3_enabled")


# ---------------------------------------------------------------------------------------------
# The construct
# ---------------------------------------------------------------------------------------------


@visible_signature
class TrailHeartbeat(Construct):
    """Alarms that fire when a trail delivered nothing for a whole window, published to an alert topic.

    Defines an ``AWS::CloudWatch::Alarm`` on the log group's ``IncomingLogEvents`` and, for a bucket
    defined in this app, a request-metrics configuration on the ``AWS::S3::Bucket`` (filter
    ``[s3_key_prefix/]AWSLogs/``) and an ``AWS::CloudWatch::Alarm`` on its ``PutRequests``. Each alarm
    sums its metric per hour, fires when every hour of ``window`` had less than 1 (no data counts as
    none), notifies the topic when it fires and when deliveries resume, and is listed in the alert
    catalogue's ``HEALTH_CHECKS``.

    One heartbeat per trail: for an organization trail, the trail's log group and the central
    bucket's prefix, not one per member account. The alarms must be in the account and Region of
    what they watch (CloudWatch metrics stay there), and in the topic's stack.

    :param topic: The ``AlertTopic`` the alarms notify (in this construct's stack).
    :param log_group: The trail's CloudWatch Logs log group. Default: no CloudWatch Logs heartbeat.
    :param bucket: The trail's log bucket. A bucket imported into this app cannot get a metrics
        configuration here: the S3 heartbeat is left out with a warning
        (``constructs-lib:heartbeat-s3-unavailable``). Default: no S3 heartbeat.
    :param s3_key_prefix: The trail's S3 key prefix. Default: none (``AWSLogs/``).
    :param log_path_id: Watch only this account's or organization's files
        (``[s3_key_prefix/]AWSLogs/<id>/``). Default: every account and organization under the prefix.
    :param filter_id: The S3 metrics configuration id (``FilterId`` dimension), unique in the bucket.
        Default: ``CloudTrail-`` and the prefix, with ``/`` as ``-`` (``CloudTrail-AWSLogs``).
    :param window: How long nothing may arrive before an alarm fires: whole hours, 1 to 168.
        Default: 6 hours.
    :param cloudwatch_logs_enabled: Create the log-group heartbeat. Default: True; False warns
        (``constructs-lib:heartbeat-logs-off``).
    :param s3_enabled: Create the S3 heartbeat. Default: True; False warns
        (``constructs-lib:heartbeat-s3-off``).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        topic: AlertTopic,
        log_group: logs.ILogGroup | None = None,
        bucket: s3.IBucket | None = None,
        s3_key_prefix: str | None = None,
        log_path_id: str | None = None,
        filter_id: str | None = None,
        window: cdk.Duration = DEFAULT_WINDOW,
        cloudwatch_logs_enabled: bool = True,
        s3_enabled: bool = True,
    ) -> None:
        if not isinstance(topic, AlertTopic):
            raise ConfigurationError(
                f"topic {topic!r} is not an AlertTopic. Heartbeat alarms need a topic whose policies let "
                f"them publish: pass SecurityAlerts(...).topic or AlertTopic(scope, 'Topic')."
            )
        if log_group is not None:
            check_interface(
                log_group, parameter="log_group", interface="logs.ILogGroup", attribute="log_group_name",
                example="trail.log_group",
            )
        if bucket is not None:
            check_interface(bucket, parameter="bucket", interface="s3.IBucket", attribute="bucket_arn", example="trail.bucket")
        if s3_key_prefix is not None:
            check_s3_key_prefix(s3_key_prefix)
        if log_path_id is not None:
            _check_log_path_id(log_path_id)
        self.window_hours = check_heartbeat_window(window)
        check_bool(cloudwatch_logs_enabled, parameter="cloudwatch_logs_enabled")
        check_bool(s3_enabled, parameter="s3_enabled")
        self.prefix = delivery_prefix(s3_key_prefix, log_path_id)
        """The S3 key prefix the S3 heartbeat watches."""
        if filter_id is None and is_token(self.prefix):
            raise ConfigurationError(
                f"s3_key_prefix {s3_key_prefix!r} is only known at deploy time, so no metrics "
                f"configuration id can be derived from it. Pass filter_id, for example "
                f"filter_id='CloudTrail-AWSLogs'."
            )
        self.filter_id = default_filter_id(self.prefix) if filter_id is None else filter_id
        """The S3 metrics configuration id (the alarm's ``FilterId`` dimension)."""
        check_filter_id(self.filter_id)
        topic.check_same_stack(scope)
        for resource, parameter in ((log_group, "log_group"), (bucket, "bucket")):
            if resource is not None:
                _check_same_environment(cdk.Stack.of(scope), resource, parameter)
        if s3_enabled and isinstance(bucket, s3.Bucket):
            _check_unused_filter_id(bucket, self.filter_id)
        super().__init__(scope, construct_id)
        self.topic = topic
        self.cloudwatch_logs_alarm: cloudwatch.Alarm | None = None
        """The alarm on the log group's ``IncomingLogEvents``, if any."""
        self.s3_alarm: cloudwatch.Alarm | None = None
        """The alarm on the bucket's ``PutRequests`` under ``prefix``, if any."""

        if not cloudwatch_logs_enabled:
            cdk.Annotations.of(self).add_warning_v2(
                LOGS_HEARTBEAT_OFF_WARNING,
                "The CloudWatch Logs delivery heartbeat is off: if CloudTrail stops delivering to the log "
                "group (a changed key policy or delivery role, a quota), no alarm says so and the "
                "metric-filter alerts go quiet without notice.",
            )
        elif log_group is not None:
            self.cloudwatch_logs_alarm = self._alarm(
                "CloudWatchLogsAlarm", LOGS_CHECK, {"LogGroupName": log_group.log_group_name}
            )

        if not s3_enabled:
            cdk.Annotations.of(self).add_warning_v2(
                S3_HEARTBEAT_OFF_WARNING,
                "The S3 delivery heartbeat is off: if CloudTrail stops delivering log files to the bucket "
                "(a changed bucket or key policy), no alarm says so until someone looks for the files.",
            )
        elif bucket is not None:
            self._add_s3_heartbeat(bucket)

    def _add_s3_heartbeat(self, bucket: s3.IBucket) -> None:
        if not isinstance(bucket, s3.Bucket):
            cdk.Annotations.of(self).add_warning_v2(
                S3_HEARTBEAT_UNAVAILABLE_WARNING,
                f"The S3 delivery heartbeat cannot be added: bucket {bucket.node.path} is imported, and its "
                f"request-metrics configuration can only be set where the bucket is defined. Add a "
                f"TrailHeartbeat in the bucket's own stack (its account and Region), or add the metrics "
                f"configuration Id={self.filter_id}, Prefix={self.prefix} to the bucket and an alarm on "
                f"AWS/S3 PutRequests (BucketName, FilterId={self.filter_id}) yourself.",
            )
            return
        bucket.add_metric(id=self.filter_id, prefix=self.prefix)
        self.s3_alarm = self._alarm(
            "S3Alarm", S3_CHECK, {"BucketName": bucket.bucket_name, "FilterId": self.filter_id}
        )

    def _alarm(self, construct_id: str, check: HealthCheckDefinition, dimensions: dict[str, str]) -> cloudwatch.Alarm:
        hours = self.window_hours
        alarm = cloudwatch.Alarm(
            self,
            construct_id,
            alarm_description=(
                f"[{check.severity}] {check.title} for {hours} hours: the trail may have stopped delivering. "
                f"Check 'aws cloudtrail get-trail-status' (LatestDeliveryError, "
                f"LatestCloudWatchLogsDeliveryError) and the bucket, key and delivery-role policies. "
                f"Health check {check.alert_id}: {check.threshold_text(hours)}."
            ),
            metric=cloudwatch.Metric(
                namespace=check.namespace,
                metric_name=check.metric_name,
                dimensions_map=dimensions,
                statistic=check.statistic,
                period=cdk.Duration.seconds(check.period_seconds),
            ),
            threshold=check.threshold,
            evaluation_periods=hours,
            datapoints_to_alarm=hours,
            comparison_operator=_COMPARISON[check.comparison_operator],
            treat_missing_data=_MISSING_DATA[check.treat_missing_data],
        )
        alarm.add_alarm_action(self.topic.alarm_action())
        alarm.add_ok_action(self.topic.alarm_action())
        return alarm

    @property
    def alarms(self) -> dict[str, cloudwatch.Alarm]:
        """The heartbeat alarms, by health check id."""
        pairs = ((LOGS_CHECK.alert_id, self.cloudwatch_logs_alarm), (S3_CHECK.alert_id, self.s3_alarm))
        return {check_id: alarm for check_id, alarm in pairs if alarm is not None}
