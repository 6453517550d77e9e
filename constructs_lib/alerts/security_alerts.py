"""Security alerts on CloudTrail events: metric-filter alarms, EventBridge rules, or both.

Each alert of the catalogue (``alert_catalogue``) or of your own ``AlertDefinition`` can reach the
alert topic in two ways:

- ``Delivery.METRIC_FILTER_ALARM``: a metric filter on the trail's CloudWatch Logs log group and a
  CloudWatch alarm (``Sum >= threshold`` over ``period``, missing data not breaching). This is
  what the CIS AWS Foundations Benchmark and Security Hub's CloudWatch.1-14 check. It needs the
  log group, and sees every Region the trail records (global-service events included).
- ``Delivery.EVENT_RULE``: an EventBridge rule on the CloudTrail events EventBridge receives in the
  stack's Region, with an input transformer that writes a readable message (who, what, where,
  when, source IP). CloudTrail events reach EventBridge only where a trail is logging. Events of
  global services (IAM, Organizations, Account Management, console sign-in through the global
  endpoint) arrive only in us-east-1; STS events and sign-ins through Regional endpoints arrive
  in the Region that was called. A rule for an alert with ``global_service_region`` deployed
  elsewhere never fires: the construct warns (``constructs-lib:global-service-alert-region``).
  Alerts that include read-only management events use the rule state
  ``ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS``; a plain ``ENABLED`` rule never sees them.
"""

import enum
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_events as events
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from constructs import Construct

from .._shared.errors import ConfigurationError
from .._shared.signatures import visible_signature
from .._shared.validation import (
    as_list,
    check_instance,
    check_interface,
    check_same_region,
    check_stack_region,
    check_str,
)
from ..trail.trail import SecureTrail
from .alert_catalogue import API_CALL as CLOUDTRAIL_API_CALL
from .alert_catalogue import AlertDefinition, catalogue, get_alert
from .alert_topic import AlertTopic
from .trail_heartbeat import HeartbeatOptions, TrailHeartbeat

GLOBAL_SERVICE_ALERT_REGION_WARNING = "constructs-lib:global-service-alert-region"
READ_ONLY_EVENTS_STATE = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
DEFAULT_METRIC_NAMESPACE = "CloudTrailMetrics"
# CloudWatch Logs: at most 100 metric filters per log group (PutMetricFilter).
MAX_METRIC_FILTERS_PER_LOG_GROUP = 100
# CloudWatch PutMetricAlarm: Period is 10, 20, 30 or a multiple of 60 seconds (10-30 only for
# high-resolution metrics, which metric filters do not emit); Period x EvaluationPeriods (1 here)
# at most 604,800 seconds.
MAX_PERIOD_SECONDS = 604_800
_METRIC_NAMESPACE = re.compile(r"[0-9a-zA-Z.\-_/#]{1,256}")
_MAX_RULE_DESCRIPTION = 512
_MAX_ALARM_DESCRIPTION = 1024


class _NotGiven:
    """The default of ``log_group``: told apart from ``log_group=None`` (rules only)."""

    def __repr__(self) -> str:
        return "<not given>"


NOT_GIVEN = _NotGiven()


class Delivery(enum.Enum):
    """How an alert reaches the alert topic."""

    METRIC_FILTER_ALARM = "metric-filter-alarm"
    """A metric filter on the trail's log group and a CloudWatch alarm (what CIS checks)."""
    EVENT_RULE = "event-rule"
    """An EventBridge rule with a readable message (seconds, not minutes; Region-bound)."""
    BOTH = "both"
    """Both of the above."""

    @property
    def uses_metric_filter(self) -> bool:
        return self in (Delivery.METRIC_FILTER_ALARM, Delivery.BOTH)

    @property
    def uses_event_rule(self) -> bool:
        return self in (Delivery.EVENT_RULE, Delivery.BOTH)


@dataclass(frozen=True, kw_only=True)
class AlertOptions:
    """Settings of one alert; a field left as None takes the ``SecurityAlerts`` default.

    :param enabled: Create the alert. Default: True.
    :param delivery: How the alert is delivered. Default: ``SecurityAlerts``' ``delivery``.
    :param threshold: Alarm when this many matching events happen in one period (at least 1).
        Default: ``SecurityAlerts``' ``threshold``.
    :param period: The alarm's period, a whole number of minutes up to 7 days. Default:
        ``SecurityAlerts``' ``period``.
    """

    enabled: bool = True
    delivery: Delivery | None = None
    threshold: float | None = None
    period: cdk.Duration | None = None


@dataclass(frozen=True)
class AlertResources:
    """What one alert created: its metric filter and alarm, its rule, or all three."""

    definition: AlertDefinition
    delivery: Delivery
    metric_filter: logs.MetricFilter | None
    alarm: cloudwatch.Alarm | None
    rule: events.Rule | None


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------


def check_threshold(value: float, *, parameter: str = "threshold") -> None:
    """A number of matching events per period that is at least 1."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 1:
        raise ConfigurationError(
            f"{parameter} {value!r} is not a threshold alerts accept (expected a number of matching "
            f"events per period, at least 1; a threshold below 1 puts the alarm in ALARM with no "
            f"event at all). Use 1 to be told of every event, or a larger count for noisy alerts."
        )


def check_period(value: cdk.Duration, *, parameter: str = "period") -> int:
    """A period CloudWatch accepts for an alarm on a metric-filter metric. Returns the seconds.

    PutMetricAlarm accepts 10, 20 or 30 seconds only for high-resolution metrics (metric filters
    emit standard-resolution metrics) and otherwise multiples of 60 seconds; with one evaluation
    period, at most 604,800 seconds (7 days).
    https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
    """
    if not isinstance(value, cdk.Duration):
        raise ConfigurationError(
            f"{parameter} {value!r} is not a cdk.Duration. Pass cdk.Duration.minutes(n) with n from "
            f"1 to 10080."
        )
    milliseconds = value.to_milliseconds()
    if milliseconds % 60_000 or not 60_000 <= milliseconds <= MAX_PERIOD_SECONDS * 1000:
        raise ConfigurationError(
            f"{parameter} {value.to_human_string()} is not a period CloudWatch accepts for these alarms "
            f"(allowed: a whole number of minutes from 1 minute to 7 days; 10, 20 and 30 seconds "
            f"exist only for high-resolution metrics, which metric filters do not emit). Use "
            f"cdk.Duration.minutes(n), for example cdk.Duration.minutes(5)."
        )
    return milliseconds // 1000


def check_metric_namespace(value: str, *, parameter: str = "metric_namespace") -> None:
    """A custom CloudWatch namespace: 1 to 256 of 0-9 A-Z a-z . - _ / #, not starting with AWS/."""
    if isinstance(value, str) and cdk.Token.is_unresolved(value):
        return
    if not isinstance(value, str) or not _METRIC_NAMESPACE.fullmatch(value) or value.startswith("AWS/"):
        raise ConfigurationError(
            f"{parameter} {value!r} is not a custom CloudWatch namespace (allowed: 1 to 256 letters, "
            f"digits and . - _ / #, not starting with 'AWS/', which AWS reserves). Use a name such "
            f"as {DEFAULT_METRIC_NAMESPACE!r}."
        )


def check_delivery(value, *, alert_id: str, log_group: logs.ILogGroup | None, parameter: str = "delivery") -> None:
    """A ``Delivery`` member; metric-filter alarms need the log group."""
    if not isinstance(value, Delivery):
        raise ConfigurationError(
            f"{parameter} of alert {alert_id!r} is {value!r}, not a Delivery (allowed: "
            f"{', '.join('Delivery.' + d.name for d in Delivery)})."
        )
    if value.uses_metric_filter and log_group is None:
        raise ConfigurationError(
            f"{parameter} of alert {alert_id!r} is Delivery.{value.name}, which needs a metric filter "
            f"on the trail's log group, but log_group is None. Pass the trail's log group "
            f"(SecureTrail(...).log_group), or use Delivery.EVENT_RULE for this alert."
        )


def _resolve_alert(alert, *, parameter: str, alerts_by_id: Mapping[str, AlertDefinition]) -> AlertDefinition:
    if isinstance(alert, AlertDefinition):
        return alert
    if isinstance(alert, str):
        return alerts_by_id[alert] if alert in alerts_by_id else get_alert(alert)
    raise ConfigurationError(
        f"{parameter} contains {alert!r}, which is neither a catalogue alert id (such as "
        f"'root-account-usage') nor an AlertDefinition. Pass ids from alert_catalogue.ALERT_IDS or "
        f"AlertDefinition objects."
    )


def _check_collaborators(scope, *, log_group, topic, event_bus) -> None:
    """The constructs SecurityAlerts works with are the constructs it expects, not names or ARNs."""
    if log_group is not None:
        check_interface(
            log_group, parameter="log_group", interface="logs.ILogGroup", attribute="log_group_arn",
            example="trail.log_group",
        )
        check_same_region(log_group, scope, parameter="log_group", what="alarms")
    if topic is not None and not isinstance(topic, AlertTopic):
        shown = repr(topic.node.path) if isinstance(topic, Construct) else f"{topic!r} of type {type(topic).__name__}"
        raise ConfigurationError(
            f"topic {shown} is not an AlertTopic. Alerts need a topic whose "
            f"topic policy and key policy let in exactly their alarms and rules; wrap your key in one: "
            f"AlertTopic(scope, 'Topic', encryption_key=your_key), or leave topic unset."
        )
    if event_bus is not None:
        check_interface(
            event_bus, parameter="event_bus", interface="events.IEventBus", attribute="event_bus_arn",
            example="events.EventBus.from_event_bus_name(self, 'Bus', 'security-events')",
        )


def check_custom_alerts(definitions: Sequence[AlertDefinition], alerts_by_id: Mapping[str, AlertDefinition]) -> None:
    """Your own alerts must not pass for the catalogue's: an alert id of the catalogue names the
    catalogue's alert, and a metric name shared with another alert makes both alarms count each
    other's events."""
    catalogue_metric_names = {d.metric_name: d.alert_id for d in alerts_by_id.values()}
    seen_metric_names: dict[str, str] = {}
    for definition in definitions:
        builtin = alerts_by_id.get(definition.alert_id)
        if builtin is not None and builtin != definition:
            raise ConfigurationError(
                f"AlertDefinition alert_id {definition.alert_id!r} is the id of a catalogue alert, but its "
                f"definition differs from the catalogue's; the two would share construct ids and metrics. Give "
                f"your alert its own alert_id and metric_name (for example {definition.alert_id + '-custom'!r})."
            )
        owner = catalogue_metric_names.get(definition.metric_name)
        if builtin is None and owner is not None:
            raise ConfigurationError(
                f"AlertDefinition {definition.alert_id!r} uses metric_name {definition.metric_name!r}, which the "
                f"catalogue alert {owner!r} uses: both metric filters would feed one metric and each alarm would "
                f"fire on the other's events. Choose another metric_name."
            )
        other = seen_metric_names.get(definition.metric_name)
        if other is not None and other != definition.alert_id:
            raise ConfigurationError(
                f"alerts {other!r} and {definition.alert_id!r} use the same metric_name "
                f"{definition.metric_name!r}: each alarm would fire on the other's events. Give each alert its "
                f"own metric_name."
            )
        seen_metric_names[definition.metric_name] = definition.alert_id


def _trail_inputs(
    trail: SecureTrail | None,
    *,
    log_group,
    trail_bucket_names: Sequence[str],
    trail_key_arns: Sequence[str],
    log_bucket: s3.IBucket | None,
    s3_key_prefix: str | None,
) -> tuple[logs.ILogGroup | None, Sequence[str], Sequence[str], s3.IBucket | None, str | None]:
    """The log group, log bucket names, key ARNs, log bucket and key prefix the alerts and heartbeats
    watch: from ``trail``, or given one by one for a trail this library did not build. Exactly one of
    ``trail`` and ``log_group`` is given."""
    explicit = [
        name
        for name, given in (
            ("log_group", log_group is not NOT_GIVEN),
            ("trail_bucket_names", bool(trail_bucket_names)),
            ("trail_key_arns", bool(trail_key_arns)),
            ("log_bucket", log_bucket is not None),
            ("s3_key_prefix", s3_key_prefix is not None),
        )
        if given
    ]
    if trail is not None:
        check_instance(trail, SecureTrail, parameter="trail", example="SecureTrail(stack, 'Trail')")
        if explicit:
            raise ConfigurationError(
                f"trail was given together with {', '.join(explicit)}, which SecurityAlerts derives from "
                f"the trail (its log group, log bucket, key prefix and key). Pass trail=... alone, or leave "
                f"trail unset and pass log_group, trail_bucket_names, trail_key_arns, log_bucket and "
                f"s3_key_prefix for a trail this library did not build."
            )
        return (
            trail.log_group, [trail.bucket.bucket_name], [trail.key.key_arn], trail.bucket, trail.s3_key_prefix
        )
    if log_group is NOT_GIVEN:
        raise ConfigurationError(
            "SecurityAlerts was given neither trail nor log_group. Pass trail=SecureTrail(...) (the log "
            "group, log bucket and key are taken from it); for a trail this library did not build pass "
            "log_group=<its log group> (and trail_bucket_names, trail_key_arns); pass log_group=None for "
            "EventBridge rules only, for example on a central event bus."
        )
    return log_group, trail_bucket_names, trail_key_arns, log_bucket, s3_key_prefix


# ---------------------------------------------------------------------------------------------
# Rules and messages, shared with event_forwarding
# ---------------------------------------------------------------------------------------------


def alert_message(definition: AlertDefinition) -> events.RuleTargetInput:
    """The readable text an alert rule publishes: who did what, where, when and from which IP.

    Built with an input transformer over the CloudTrail record in ``detail`` (10 of the 100
    variables EventBridge allows; the template stays far below its 8,192 characters):
    https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
    """
    field = events.EventField.from_path
    return events.RuleTargetInput.from_text(
        f"[{definition.severity}] {definition.title}. "
        f"Who: {field('$.detail.userIdentity.arn')} ({field('$.detail.userIdentity.type')}). "
        f"What: {field('$.detail.eventName')} on {field('$.detail.eventSource')}, "
        f"error code: {field('$.detail.errorCode')}. "
        f"Where: account {field('$.account')}, Region {field('$.detail.awsRegion')}. "
        f"When: {field('$.detail.eventTime')}. "
        f"Source IP: {field('$.detail.sourceIPAddress')}. "
        f"Event ID: {field('$.detail.eventID')}. "
        f"Alert: {definition.alert_id}."
    )


def _event_pattern_props(pattern: Mapping) -> events.EventPattern:
    """The top-level fields of ``pattern`` that ``events.EventPattern`` has names for.

    The L2 rule needs a pattern it knows to pass its own validation; a pattern with only ``$or``
    gets a stand-in, and ``alert_rule`` then sets the exact pattern on the CloudFormation resource.
    """
    names = {
        "source": "source", "detail-type": "detail_type", "detail": "detail", "account": "account",
        "region": "region", "resources": "resources", "id": "id", "version": "version", "time": "time",
    }
    known = {names[key]: value for key, value in pattern.items() if key in names}
    return events.EventPattern(**(known or {"detail_type": [CLOUDTRAIL_API_CALL]}))


def alert_rule(
    scope: Construct,
    construct_id: str,
    definition: AlertDefinition,
    *,
    event_bus: events.IEventBus | None = None,
    targets: Sequence[events.IRuleTarget] = (),
    description: str | None = None,
) -> events.Rule:
    """An EventBridge rule for ``definition``: its exact event pattern, and the rule state that
    receives read-only management events when the alert needs them.

    Warns (``constructs-lib:global-service-alert-region``) when the alert's events arrive only in
    another Region than the stack's, for a rule on the default bus (a central bus receives the
    events forwarded to it from us-east-1).
    """
    rule = events.Rule(
        scope,
        construct_id,
        event_bus=event_bus,
        description=(description or f"{definition.title} ({definition.severity}, alert {definition.alert_id})")[
            :_MAX_RULE_DESCRIPTION
        ],
        event_pattern=_event_pattern_props(definition.event_pattern),
        targets=list(targets) or None,
    )
    cfn_rule: events.CfnRule = rule.node.default_child
    cfn_rule.event_pattern = dict(definition.event_pattern)  # replaces the stand-in, not merged with it
    if definition.needs_read_only_events:
        # https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail-management.html
        cfn_rule.add_property_override("State", READ_ONLY_EVENTS_STATE)
    if event_bus is None:  # a custom bus receives what senders forward to it, from any Region
        warn_about_global_service_region(scope, definition)
    return rule


def warn_about_global_service_region(scope: Construct, definition: AlertDefinition) -> None:
    """Warn when a rule for ``definition`` is in a Region that never receives its events."""
    region = cdk.Stack.of(scope).region
    expected = definition.global_service_region
    if expected is None or cdk.Token.is_unresolved(region) or region == expected:
        return
    cdk.Annotations.of(scope).add_warning_v2(
        GLOBAL_SERVICE_ALERT_REGION_WARNING,
        f"Alert {definition.alert_id!r} watches events that EventBridge receives only in {expected} "
        f"(events of global services such as IAM and Organizations, and console sign-ins through the "
        f"global endpoint), but this stack is in {region}: its EventBridge rule here misses them (a "
        f"sign-in alert sees only sign-ins through this Region's endpoint). Deploy the rule in a stack "
        f"in {expected} as well, or use Delivery.METRIC_FILTER_ALARM on a multi-Region trail's log "
        f"group, which records global-service events whatever the trail's home Region.",
    )


# ---------------------------------------------------------------------------------------------
# The construct
# ---------------------------------------------------------------------------------------------


@visible_signature
class SecurityAlerts(Construct):
    """Security alerts on CloudTrail events, delivered to an encrypted SNS topic.

    Defines, per alert, an ``AWS::Logs::MetricFilter`` on the trail's log group and an
    ``AWS::CloudWatch::Alarm`` (``Sum >= threshold`` over ``period``, one evaluation period,
    missing data not breaching, action: the topic), and/or an ``AWS::Events::Rule`` whose target
    publishes a readable message to the topic, with the topic's dead-letter queue. Creates an
    ``AlertTopic`` unless one is given; the topic's policies let in exactly these alarms and rules.

    Add alerts with ``add_alert`` (catalogue ids or your own ``AlertDefinition``), or extra rules for
    other targets with the ``on_*`` methods.

    With a log group or log bucket, a ``TrailHeartbeat`` also alarms when the trail delivered
    nothing there for a whole window (``heartbeat``): the health checks of the catalogue.

    :param trail: The ``SecureTrail`` whose events the alerts watch: the metric filters go on its
        log group (none when it does not deliver to CloudWatch Logs), and the catalogue's
        ``trail-bucket-policy-changes`` and ``trail-key-disabled-or-deletion-scheduled`` watch its
        log bucket and key. Default: none; then pass ``log_group``. Give ``trail`` or ``log_group``,
        not both.
    :param log_group: For a trail this library did not build: its CloudWatch Logs log group, for
        metric-filter alarms; ``None`` for EventBridge rules only (``Delivery.EVENT_RULE``), for
        example on a central event bus. Default: none; then pass ``trail``.
    :param topic: The topic alerts go to. Default: a new ``AlertTopic``.
    :param email_addresses: Email subscriptions of the new topic. Default: none. Only without
        ``topic`` (subscribe a given topic yourself).
    :param alerts: Which alerts to create: catalogue ids or ``AlertDefinition`` objects. Default:
        every alert of the catalogue (``alert_catalogue.ALERT_IDS``).
    :param alert_options: Per-alert settings by alert id (enable or disable, delivery, threshold,
        period). Default: none.
    :param delivery: How alerts are delivered unless ``alert_options`` says otherwise. Default:
        ``Delivery.BOTH`` with a log group, ``Delivery.EVENT_RULE`` without.
    :param threshold: Matching events per period that raise an alarm. Default: 1.
    :param period: The alarms' period. Default: 5 minutes.
    :param metric_namespace: Namespace of the metric-filter metrics. Default: "CloudTrailMetrics".
    :param event_bus: The bus the rules are on. Default: the account's default event bus.
    :param trail_bucket_names: Without ``trail``: names of the trail's log buckets; scopes the
        catalogue's ``trail-bucket-policy-changes`` to them. Default: the trail's log bucket with
        ``trail``, else any bucket.
    :param trail_key_arns: Without ``trail``: ARNs of the trail's KMS keys; scopes the catalogue's
        ``trail-key-disabled-or-deletion-scheduled`` to them. Default: the trail's key with
        ``trail``, else any key.
    :param log_bucket: Without ``trail``: the trail's log bucket, watched by the S3 delivery
        heartbeat. Default: the trail's log bucket with ``trail``, else no S3 heartbeat.
    :param s3_key_prefix: Without ``trail``: the trail's S3 key prefix, for the S3 heartbeat.
        Default: the trail's prefix with ``trail``, else none.
    :param heartbeat: The delivery heartbeats (``TrailHeartbeat``) on the log group and the log
        bucket: window, and each one on or off. Default: both, 6-hour window.

    Attributes:

    - ``alerts``: what each alert created (``AlertResources``: metric filter, alarm, rule), by alert
      id; ``alarms`` and ``rules``: the alarms and the rules, by alert id.
    - ``topic``: the ``AlertTopic`` the alerts publish to (``topic.topic`` is the ``sns.Topic``).
    - ``trail``: the ``SecureTrail`` given, else None; ``log_group``: the log group of the metric
      filters, or None; ``event_bus``: the bus of the rules (None: the default bus).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        trail: SecureTrail | None = None,
        log_group: logs.ILogGroup | None = NOT_GIVEN,
        topic: AlertTopic | None = None,
        email_addresses: Sequence[str] = (),
        alerts: Sequence[str | AlertDefinition] | None = None,
        alert_options: Mapping[str, AlertOptions] | None = None,
        delivery: Delivery | None = None,
        threshold: float = 1,
        period: cdk.Duration = cdk.Duration.minutes(5),
        metric_namespace: str = DEFAULT_METRIC_NAMESPACE,
        event_bus: events.IEventBus | None = None,
        trail_bucket_names: Sequence[str] = (),
        trail_key_arns: Sequence[str] = (),
        log_bucket: s3.IBucket | None = None,
        s3_key_prefix: str | None = None,
        heartbeat: HeartbeatOptions = HeartbeatOptions(),
    ) -> None:
        check_stack_region(scope)
        log_group, trail_bucket_names, trail_key_arns, log_bucket, s3_key_prefix = _trail_inputs(
            trail, log_group=log_group, trail_bucket_names=trail_bucket_names, trail_key_arns=trail_key_arns,
            log_bucket=log_bucket, s3_key_prefix=s3_key_prefix,
        )
        _check_collaborators(scope, log_group=log_group, topic=topic, event_bus=event_bus)
        if alert_options is not None and not isinstance(alert_options, Mapping):
            raise ConfigurationError(
                f"alert_options is {alert_options!r}, but it must be a dict of AlertOptions by alert id. Pass, "
                f"for example, alert_options={{'root-account-usage': AlertOptions(threshold=1)}}."
            )
        email_addresses = as_list(email_addresses, parameter="email_addresses", example="['security@example.com']")
        delivery = delivery or (Delivery.BOTH if log_group is not None else Delivery.EVENT_RULE)
        check_instance(
            heartbeat, HeartbeatOptions, parameter="heartbeat", example="HeartbeatOptions(window=cdk.Duration.hours(12))"
        )
        self._catalogue = catalogue(trail_bucket_names=trail_bucket_names, trail_key_arns=trail_key_arns)
        definitions = self._definitions(alerts)
        check_custom_alerts(definitions, self._catalogue)
        alert_options = dict(alert_options or {})
        self._check_props(
            log_group=log_group, topic=topic, email_addresses=email_addresses, definitions=definitions,
            alert_options=alert_options, delivery=delivery, threshold=threshold, period=period,
            metric_namespace=metric_namespace,
        )
        if topic is not None:
            topic.check_same_stack(scope)
        super().__init__(scope, construct_id)
        self.trail = trail
        self.log_group = log_group
        self.event_bus = event_bus
        self.metric_namespace = metric_namespace
        self.default_delivery = delivery
        self.default_threshold = threshold
        self.default_period = period
        self.topic: AlertTopic = topic or AlertTopic(self, "Topic", email_addresses=email_addresses)
        self.alerts: dict[str, AlertResources] = {}
        """What each alert created, by alert id."""
        for definition in definitions:
            options = alert_options.get(definition.alert_id, AlertOptions())
            if options.enabled:
                self.add_alert(
                    definition, delivery=options.delivery, threshold=options.threshold, period=options.period
                )
        self.heartbeat: TrailHeartbeat | None = None
        """The delivery heartbeats, when there is a log group or log bucket to watch."""
        if log_group is not None or log_bucket is not None:
            self.heartbeat = TrailHeartbeat(
                self, "Heartbeat", topic=self.topic, log_group=log_group, bucket=log_bucket,
                s3_key_prefix=s3_key_prefix, window=heartbeat.window,
                cloudwatch_logs_enabled=heartbeat.cloudwatch_logs_enabled, s3_enabled=heartbeat.s3_enabled,
            )

    # -- validation ------------------------------------------------------------------------

    def _definitions(self, alerts) -> list[AlertDefinition]:
        if alerts is None:
            return list(self._catalogue.values())
        if isinstance(alerts, (str, AlertDefinition)):
            raise ConfigurationError(
                f"alerts {alerts!r} is a single alert, not a list. Pass a list, for example "
                f"alerts=[{alerts.alert_id if isinstance(alerts, AlertDefinition) else alerts!r}]."
            )
        alerts = as_list(alerts, parameter="alerts", example="['root-account-usage', 'cloudtrail-tampering']")
        if not alerts:
            raise ConfigurationError(
                "alerts is empty, so SecurityAlerts would create nothing. Leave alerts unset for every alert "
                "of the catalogue, or name at least one (a catalogue id or an AlertDefinition)."
            )
        definitions = [_resolve_alert(alert, parameter="alerts", alerts_by_id=self._catalogue) for alert in alerts]
        seen: set[str] = set()
        for definition in definitions:
            if definition.alert_id in seen:
                raise ConfigurationError(
                    f"alerts names alert {definition.alert_id!r} twice. Each alert id may appear once; "
                    f"use alert_options to change an alert's settings."
                )
            seen.add(definition.alert_id)
        return definitions

    @staticmethod
    def _check_props(
        *, log_group, topic, email_addresses, definitions, alert_options, delivery, threshold, period,
        metric_namespace,
    ) -> None:
        if topic is not None and email_addresses:
            raise ConfigurationError(
                f"email_addresses {list(email_addresses)!r} were given with an existing topic. Pass them "
                f"to AlertTopic(..., email_addresses=...) instead, or leave topic unset to get a new one."
            )
        check_threshold(threshold)
        check_period(period)
        check_metric_namespace(metric_namespace)
        selected = {definition.alert_id for definition in definitions}
        for alert_id, options in alert_options.items():
            if alert_id not in selected:
                raise ConfigurationError(
                    f"alert_options names alert {alert_id!r}, which is not among the selected alerts "
                    f"({', '.join(sorted(selected)) or 'none'}). Fix the id, or add the alert to alerts."
                )
            if not isinstance(options, AlertOptions):
                raise ConfigurationError(
                    f"alert_options[{alert_id!r}] is {options!r}, not an AlertOptions. Pass "
                    f"AlertOptions(enabled=..., delivery=..., threshold=..., period=...)."
                )
        for definition in definitions:
            options = alert_options.get(definition.alert_id, AlertOptions())
            if not options.enabled:
                continue
            check_delivery(options.delivery or delivery, alert_id=definition.alert_id, log_group=log_group)
            if options.threshold is not None:
                check_threshold(options.threshold, parameter=f"alert_options[{definition.alert_id!r}].threshold")
            if options.period is not None:
                check_period(options.period, parameter=f"alert_options[{definition.alert_id!r}].period")

    # -- alerts ----------------------------------------------------------------------------

    def add_alert(
        self,
        alert: AlertDefinition | str,
        *,
        delivery: Delivery | None = None,
        threshold: float | None = None,
        period: cdk.Duration | None = None,
    ) -> AlertResources:
        """Add an alert: a catalogue id or your own ``AlertDefinition``.

        Its construct id is the alert id: a metric filter and alarm, and/or a rule, under
        ``<this construct>/<alert id>``.

        :param delivery: Default: this construct's ``delivery``.
        :param threshold: Default: this construct's ``threshold``.
        :param period: Default: this construct's ``period``.
        """
        definition = _resolve_alert(alert, parameter="alert", alerts_by_id=self._catalogue)
        delivery = delivery or self.default_delivery
        threshold = self.default_threshold if threshold is None else threshold
        period = period or self.default_period
        check_delivery(delivery, alert_id=definition.alert_id, log_group=self.log_group)
        check_threshold(threshold)
        check_period(period)
        check_custom_alerts([*(r.definition for r in self.alerts.values()), definition], self._catalogue)
        if definition.alert_id in self.alerts:
            raise ConfigurationError(
                f"alert {definition.alert_id!r} was already added to {self.node.path}. Add each alert "
                f"once; to change its settings pass them on that one call (or in alert_options)."
            )
        scope = Construct(self, definition.alert_id)
        metric_filter = alarm = rule = None
        if delivery.uses_metric_filter:
            metric_filter, alarm = self._add_metric_filter_alarm(scope, definition, threshold=threshold, period=period)
        if delivery.uses_event_rule:
            rule = alert_rule(
                scope,
                "Rule",
                definition,
                event_bus=self.event_bus,
                targets=[self.topic.rule_target(message=alert_message(definition))],
            )
        resources = AlertResources(
            definition=definition, delivery=delivery, metric_filter=metric_filter, alarm=alarm, rule=rule
        )
        self.alerts[definition.alert_id] = resources
        return resources

    def _add_metric_filter_alarm(
        self, scope: Construct, definition: AlertDefinition, *, threshold: float, period: cdk.Duration
    ) -> tuple[logs.MetricFilter, cloudwatch.Alarm]:
        filters = sum(1 for resources in self.alerts.values() if resources.metric_filter is not None)
        if filters >= MAX_METRIC_FILTERS_PER_LOG_GROUP:
            raise ConfigurationError(
                f"alert {definition.alert_id!r} would be metric filter number {filters + 1} on the log "
                f"group, but CloudWatch Logs allows at most {MAX_METRIC_FILTERS_PER_LOG_GROUP} per log "
                f"group. Deliver some alerts with Delivery.EVENT_RULE instead."
            )
        metric_filter = logs.MetricFilter(
            scope,
            "MetricFilter",
            log_group=self.log_group,
            filter_pattern=logs.FilterPattern.literal(definition.filter_pattern),
            metric_namespace=self.metric_namespace,
            metric_name=definition.metric_name,
            metric_value="1",
        )
        controls = f" Controls: {', '.join(definition.controls)}." if definition.controls else ""
        alarm = cloudwatch.Alarm(
            scope,
            "Alarm",
            alarm_description=(
                f"[{definition.severity}] {definition.title}. Alert {definition.alert_id}: at least "
                f"{threshold:g} matching CloudTrail event(s) in {period.to_human_string()}.{controls}"
            )[:_MAX_ALARM_DESCRIPTION],
            metric=metric_filter.metric(statistic="Sum", period=period),
            threshold=threshold,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        alarm.add_alarm_action(self.topic.alarm_action())
        return metric_filter, alarm

    @property
    def alarms(self) -> dict[str, cloudwatch.Alarm]:
        """The metric-filter alarms, by alert id."""
        return {alert_id: r.alarm for alert_id, r in self.alerts.items() if r.alarm is not None}

    @property
    def rules(self) -> dict[str, events.Rule]:
        """The alert rules, by alert id."""
        return {alert_id: r.rule for alert_id, r in self.alerts.items() if r.rule is not None}

    # -- on_* ------------------------------------------------------------------------------

    def on_alert(
        self, alert: AlertDefinition | str, construct_id: str, *, target: events.IRuleTarget | None = None
    ) -> events.Rule:
        """A rule on this construct's event bus matching ``alert``'s events, for your own target.

        The rule has the alert's event pattern and rule state (see ``alert_rule``).

        :param alert: A catalogue id or an ``AlertDefinition``.
        :param target: The target to register. Default: no target; use ``add_target()``.
        """
        definition = _resolve_alert(alert, parameter="alert", alerts_by_id=self._catalogue)
        check_str(construct_id, parameter="construct_id", example="'RootSignInToPager'")
        if self.node.try_find_child(construct_id) is not None:
            raise ConfigurationError(
                f"construct_id {construct_id!r} is already used under {self.node.path} (alerts use their alert "
                f"ids as construct ids). Choose another id, such as {construct_id + '-rule'!r}."
            )
        if target is not None:
            check_interface(
                target, parameter="target", interface="events.IRuleTarget", attribute="bind",
                example="targets.SnsTopic(topic)",
            )
        return alert_rule(self, construct_id, definition, event_bus=self.event_bus, targets=[target] if target else ())

    def on_root_sign_in(self, construct_id: str, *, target: events.IRuleTarget | None = None) -> events.Rule:
        """The root user signed in, or tried to, to the console (``root-console-sign-in``; us-east-1)."""
        return self.on_alert("root-console-sign-in", construct_id, target=target)

    def on_root_activity(self, construct_id: str, *, target: events.IRuleTarget | None = None) -> events.Rule:
        """The root user made any API call (``root-account-usage``)."""
        return self.on_alert("root-account-usage", construct_id, target=target)

    def on_trail_tampering(self, construct_id: str, *, target: events.IRuleTarget | None = None) -> events.Rule:
        """Logging stopped, a trail deleted or updated, or event selectors changed
        (``cloudtrail-tampering``)."""
        return self.on_alert("cloudtrail-tampering", construct_id, target=target)

    def on_trail_bucket_policy_change(self, construct_id: str, *, target: events.IRuleTarget | None = None) -> events.Rule:
        """The trail's log bucket policy, ACL or public access block changed
        (``trail-bucket-policy-changes``, scoped by ``trail_bucket_names``)."""
        return self.on_alert("trail-bucket-policy-changes", construct_id, target=target)

    def on_bucket_policy_change(self, construct_id: str, *, target: events.IRuleTarget | None = None) -> events.Rule:
        """Any S3 bucket's policy, ACL, CORS, lifecycle or replication changed (``s3-bucket-policy-changes``)."""
        return self.on_alert("s3-bucket-policy-changes", construct_id, target=target)

    def on_key_disabled_or_deletion_scheduled(
        self, construct_id: str, *, target: events.IRuleTarget | None = None
    ) -> events.Rule:
        """A KMS key disabled or scheduled for deletion (``kms-key-disabled-or-deletion-scheduled``)."""
        return self.on_alert("kms-key-disabled-or-deletion-scheduled", construct_id, target=target)

    def on_iam_policy_change(self, construct_id: str, *, target: events.IRuleTarget | None = None) -> events.Rule:
        """An IAM policy created, changed, attached or detached (``iam-policy-changes``; us-east-1)."""
        return self.on_alert("iam-policy-changes", construct_id, target=target)

    def on_console_sign_in_without_mfa(
        self, construct_id: str, *, target: events.IRuleTarget | None = None
    ) -> events.Rule:
        """A console sign-in without MFA (``console-sign-in-without-mfa``; us-east-1)."""
        return self.on_alert("console-sign-in-without-mfa", construct_id, target=target)

    def on_unauthorized_api_call(self, construct_id: str, *, target: events.IRuleTarget | None = None) -> events.Rule:
        """An API call denied for lack of permissions (``unauthorized-api-calls``)."""
        return self.on_alert("unauthorized-api-calls", construct_id, target=target)
