"""SecurityAlerts: metric-filter alarms and EventBridge rules for the catalogue and your own alerts."""

from types import SimpleNamespace

import aws_cdk as cdk
import pytest
from aws_cdk import aws_events as events
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk.assertions import Annotations, Match

from constructs_lib._shared import policies
from constructs_lib._shared.errors import ConfigurationError
from constructs_lib.alerts.alert_catalogue import ALERT_IDS, AlertDefinition, Severity, catalogue
from constructs_lib.alerts.alert_topic import AlertTopic
from constructs_lib.alerts.security_alerts import (
    GLOBAL_SERVICE_ALERT_REGION_WARNING,
    READ_ONLY_EVENTS_STATE,
    AlertOptions,
    Delivery,
    SecurityAlerts,
    check_period,
    check_threshold,
)
from tests.helpers import new_app, new_stack, template_of
from tests.policy_evaluation import assert_publishers_allowed

CATALOGUE = catalogue()
GLOBAL_ALERTS = sorted(a.alert_id for a in CATALOGUE.values() if a.global_service_region == "us-east-1")
CUSTOM = AlertDefinition(
    alert_id="access-key-created",
    title="IAM access key created",
    severity=Severity.HIGH,
    filter_pattern='{ ($.eventSource = iam.amazonaws.com) && ($.eventName = "CreateAccessKey") }',
    event_pattern={
        "detail-type": ["AWS API Call via CloudTrail"],
        "source": ["aws.iam"],
        "detail": {"eventSource": ["iam.amazonaws.com"], "eventName": ["CreateAccessKey"]},
    },
    needs_read_only_events=False,
    global_service_region="us-east-1",
    metric_name="AccessKeyCreated",
)
OPTIONS = {
    "vpc-changes": AlertOptions(enabled=False),
    "security-group-changes": AlertOptions(delivery=Delivery.EVENT_RULE),
    "nacl-changes": AlertOptions(delivery=Delivery.METRIC_FILTER_ALARM),
    "unauthorized-api-calls": AlertOptions(threshold=5, period=cdk.Duration.minutes(15)),
}


def stand_in_log_group(stack: cdk.Stack, name: str = "/aws/cloudtrail/test") -> logs.LogGroup:
    """An encrypted log group standing in for the trail's."""
    key = kms.Key(stack, "LogKey", enable_key_rotation=True)
    key.add_to_resource_policy(
        policies.cloudwatch_logs_key_statement(
            region=stack.region,
            log_group_arns=[stack.format_arn(service="logs", resource="log-group", resource_name=name, arn_format=cdk.ArnFormat.COLON_RESOURCE_NAME)],
        )
    )
    return logs.LogGroup(stack, "TrailLogs", log_group_name=name, encryption_key=key, retention=logs.RetentionDays.ONE_YEAR)


@pytest.fixture(scope="module")
def built():
    app = new_app()
    stack = new_stack(app)
    log_group = stand_in_log_group(stack)
    alerts = SecurityAlerts(stack, "Alerts", log_group=log_group, email_addresses=["security-team@example.com"], alert_options=OPTIONS)
    alerts.add_alert(CUSTOM, threshold=2)
    helpers = {
        "root_sign_in": alerts.on_root_sign_in("RootSignIn"),
        "root_activity": alerts.on_root_activity("RootActivity"),
        "tampering": alerts.on_trail_tampering("Tampering", target=alerts.topic.rule_target()),
    }

    regional = new_stack(app, "Regional", env=cdk.Environment(account="111111111111", region="eu-west-1"))
    bus = events.EventBus(regional, "Bus", event_bus_name="security-events")
    regional_alerts = SecurityAlerts(regional, "Alerts", log_group=None, event_bus=bus, alerts=["root-console-sign-in", "cloudtrail-tampering", "iam-policy-changes"])

    agnostic = cdk.Stack(app, "Agnostic")
    SecurityAlerts(agnostic, "Alerts", log_group=None, alerts=["root-console-sign-in"])
    template = template_of(stack)
    regional_template = template_of(regional)
    return SimpleNamespace(
        stack=stack,
        template=template,
        resources=template.to_json()["Resources"],
        alerts=alerts,
        helpers=helpers,
        log_group_id=stack.get_logical_id(log_group.node.default_child),
        topic_id=stack.get_logical_id(alerts.topic.topic.node.default_child),
        regional=regional,
        regional_template=regional_template,
        regional_resources=regional_template.to_json()["Resources"],
        regional_alerts=regional_alerts,
        bus_id=regional.get_logical_id(bus.node.default_child),
        agnostic=agnostic,
    )


def _properties(built, construct) -> dict:
    """The synthesized properties of ``construct``'s CloudFormation resource."""
    stack = cdk.Stack.of(construct)
    resources = built.resources if stack is built.stack else built.regional_resources
    return resources[stack.get_logical_id(construct.node.default_child)]["Properties"]


# ---------------------------------------------------------------------------------------------
# What is created
# ---------------------------------------------------------------------------------------------


def test_default_alerts_are_the_whole_catalogue_minus_the_disabled_one_plus_the_custom_one(built):
    assert list(built.alerts.alerts) == [a for a in ALERT_IDS if a != "vpc-changes"] + ["access-key-created"]


def test_every_metric_filter_has_the_alerts_exact_pattern_and_counts_one_per_event(built):
    expected = {a: d for a, d in {**CATALOGUE, CUSTOM.alert_id: CUSTOM}.items() if a not in ("vpc-changes", "security-group-changes")}
    assert set(built.alerts.alarms) == set(expected)
    for alert_id, resources in built.alerts.alerts.items():
        if resources.metric_filter is None:
            continue
        assert _properties(built, resources.metric_filter) == {
            "LogGroupName": {"Ref": built.log_group_id},
            "FilterPattern": expected[alert_id].filter_pattern,
            "MetricTransformations": [
                {"MetricNamespace": "CloudTrailMetrics", "MetricName": expected[alert_id].metric_name, "MetricValue": "1"}
            ],
        }


def test_every_alarm_sums_events_at_or_above_the_threshold_and_notifies_the_topic(built):
    for alert_id, alarm in built.alerts.alarms.items():
        properties = _properties(built, alarm)
        assert properties["AlarmActions"] == [{"Ref": built.topic_id}], alert_id
        assert properties["TreatMissingData"] == "notBreaching", alert_id
        assert properties["ComparisonOperator"] == "GreaterThanOrEqualToThreshold", alert_id
        assert properties["Statistic"] == "Sum", alert_id
        assert properties["EvaluationPeriods"] == 1, alert_id
        assert properties["Namespace"] == "CloudTrailMetrics", alert_id
        assert properties["MetricName"] == built.alerts.alerts[alert_id].definition.metric_name, alert_id
        assert properties["AlarmDescription"].startswith(f"[{built.alerts.alerts[alert_id].definition.severity}]")


def test_alarms_default_to_one_event_in_five_minutes(built):
    properties = _properties(built, built.alerts.alarms["root-account-usage"])
    assert (properties["Threshold"], properties["Period"]) == (1, 300)


def test_threshold_and_period_are_overridden_per_alert(built):
    overridden = _properties(built, built.alerts.alarms["unauthorized-api-calls"])
    assert (overridden["Threshold"], overridden["Period"]) == (5, 900)
    custom = _properties(built, built.alerts.alarms["access-key-created"])
    assert (custom["Threshold"], custom["Period"]) == (2, 300)


def test_every_rule_has_the_alerts_exact_pattern_and_the_state_that_receives_its_events(built):
    definitions = {**CATALOGUE, CUSTOM.alert_id: CUSTOM}
    assert set(built.alerts.rules) == set(definitions) - {"vpc-changes", "nacl-changes"}
    for alert_id, rule in built.alerts.rules.items():
        properties = _properties(built, rule)
        assert properties["EventPattern"] == definitions[alert_id].event_pattern, alert_id
        expected_state = READ_ONLY_EVENTS_STATE if definitions[alert_id].needs_read_only_events else "ENABLED"
        assert properties["State"] == expected_state, alert_id


def test_alerts_that_need_read_only_events_use_the_state_that_receives_them(built):
    needing = {a for a, d in CATALOGUE.items() if d.needs_read_only_events}
    assert needing == {"unauthorized-api-calls", "root-account-usage"}
    for alert_id in needing:
        assert _properties(built, built.alerts.rules[alert_id])["State"] == "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"


def test_every_rule_target_has_the_dead_letter_queue_and_a_readable_message(built):
    queue = {"Fn::GetAtt": [built.stack.get_logical_id(built.alerts.topic.dead_letter_queue.node.default_child), "Arn"]}
    for alert_id, rule in built.alerts.rules.items():
        (target,) = _properties(built, rule)["Targets"]
        assert target["Arn"] == {"Ref": built.topic_id}
        assert target["DeadLetterConfig"] == {"Arn": queue}
        transformer = target["InputTransformer"]
        assert set(transformer["InputPathsMap"].values()) == {
            "$.detail.userIdentity.arn", "$.detail.userIdentity.type", "$.detail.eventName", "$.detail.eventSource",
            "$.detail.errorCode", "$.account", "$.detail.awsRegion", "$.detail.eventTime", "$.detail.sourceIPAddress",
            "$.detail.eventID",
        }
        template = transformer["InputTemplate"]
        for phrase in ("Who: <detail-userIdentity-arn>", "What: <detail-eventName> on <detail-eventSource>", "Where: account <account>, Region <detail-awsRegion>", "When: <detail-eventTime>", "Source IP: <detail-sourceIPAddress>", f"Alert: {alert_id}."):
            assert phrase in template, (alert_id, phrase)
        assert len(template) <= 8192


def test_every_alarm_and_every_rule_is_allowed_by_the_topic_policy_the_key_and_the_queue_policy(built):
    topic = built.alerts.topic
    checked = assert_publishers_allowed(
        built.template,
        topic_logical_id=built.topic_id,
        key_logical_id=built.stack.get_logical_id(topic.key.node.default_child),
        queue_logical_id=built.stack.get_logical_id(topic.dead_letter_queue.node.default_child),
    )
    # 18 alert alarms + the dead-letter alarm + the log-group heartbeat; 18 alert rules + the
    # on_trail_tampering rule.
    assert checked == {"alarms": 20, "rules": 19}


def test_disabled_alert_creates_nothing(built):
    assert "vpc-changes" not in built.alerts.alerts
    assert built.stack.node.find_child("Alerts").node.try_find_child("vpc-changes") is None


def test_delivery_is_chosen_per_alert(built):
    assert built.alerts.alerts["security-group-changes"].delivery is Delivery.EVENT_RULE
    assert built.alerts.alerts["security-group-changes"].metric_filter is None
    assert built.alerts.alerts["nacl-changes"].delivery is Delivery.METRIC_FILTER_ALARM
    assert built.alerts.alerts["nacl-changes"].rule is None
    assert built.alerts.alerts["root-account-usage"].delivery is Delivery.BOTH


def test_construct_paths_are_the_alert_ids(built):
    resources = built.alerts.alerts["cloudtrail-tampering"]
    assert resources.metric_filter.node.path == "Test/Alerts/cloudtrail-tampering/MetricFilter"
    assert resources.alarm.node.path == "Test/Alerts/cloudtrail-tampering/Alarm"
    assert resources.rule.node.path == "Test/Alerts/cloudtrail-tampering/Rule"
    assert built.alerts.topic.topic.node.path == "Test/Alerts/Topic/Resource"


def test_on_helpers_make_rules_with_the_alert_pattern_and_no_target_by_default(built):
    for name, alert_id in (("root_sign_in", "root-console-sign-in"), ("root_activity", "root-account-usage")):
        properties = _properties(built, built.helpers[name])
        assert properties["EventPattern"] == CATALOGUE[alert_id].event_pattern
        assert "Targets" not in properties
    assert _properties(built, built.helpers["root_activity"])["State"] == READ_ONLY_EVENTS_STATE


def test_on_helper_with_a_target(built):
    (target,) = _properties(built, built.helpers["tampering"])["Targets"]
    assert target["Arn"] == {"Ref": built.topic_id}
    assert _properties(built, built.helpers["tampering"])["EventPattern"] == CATALOGUE["cloudtrail-tampering"].event_pattern


def test_without_a_log_group_alerts_are_rules_only_on_the_given_bus(built):
    built.regional_template.resource_count_is("AWS::Logs::MetricFilter", 0)
    built.regional_template.resource_count_is("AWS::CloudWatch::Alarm", 1)  # the dead-letter alarm
    built.regional_template.resource_count_is("AWS::Events::Rule", 3)
    for rule in built.regional_alerts.rules.values():
        assert _properties(built, rule)["EventBusName"] == {"Ref": built.bus_id}


def test_rules_for_global_service_alerts_on_the_default_bus_outside_us_east_1_warn():
    stack = new_stack(env=cdk.Environment(account="111111111111", region="eu-west-1"))
    SecurityAlerts(stack, "Alerts", log_group=None, alerts=["iam-policy-changes", "root-console-sign-in", "root-account-usage"])
    warnings = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp("EventBridge receives only in us-east-1"))
    assert sorted(w.id.split("/")[-1] for w in warnings) == ["iam-policy-changes", "root-console-sign-in"]
    for warning in warnings:
        assert f"[ack: {GLOBAL_SERVICE_ALERT_REGION_WARNING}]" in warning.entry.data
        assert "this stack is in eu-west-1" in warning.entry.data


def test_no_region_warning_in_us_east_1_when_the_region_is_unknown_or_on_a_central_bus(built):
    # A central bus receives what member accounts forward to it, us-east-1's global-service events included.
    for stack in (built.stack, built.agnostic, built.regional):
        assert Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp("EventBridge receives only in")) == []


def test_custom_alert_deployed_in_us_east_1_does_not_warn_and_is_wired(built):
    resources = built.alerts.alerts["access-key-created"]
    assert _properties(built, resources.rule)["EventPattern"] == CUSTOM.event_pattern
    assert _properties(built, resources.metric_filter)["FilterPattern"] == CUSTOM.filter_pattern


# ---------------------------------------------------------------------------------------------
# Validation: one test per message
# ---------------------------------------------------------------------------------------------


def test_unknown_alert_id():
    with pytest.raises(ConfigurationError, match=r"alert_id 'root-acount-usage' is not in the alert catalogue\. Did you mean 'root-account-usage'\?"):
        SecurityAlerts(new_stack(), "Alerts", log_group=None, alerts=["root-acount-usage"])


def test_alert_that_is_neither_id_nor_definition():
    with pytest.raises(ConfigurationError, match=r"alerts contains 42, which is neither a catalogue alert id .* nor an AlertDefinition\. Pass ids"):
        SecurityAlerts(new_stack(), "Alerts", log_group=None, alerts=[42])


def test_alerts_given_as_one_string():
    with pytest.raises(ConfigurationError, match=r"alerts 'root-account-usage' is a single alert, not a list\. .*alerts=\['root-account-usage'\]"):
        SecurityAlerts(new_stack(), "Alerts", log_group=None, alerts="root-account-usage")


def test_alert_named_twice():
    with pytest.raises(ConfigurationError, match=r"alerts names alert 'nacl-changes' twice\. .*use alert_options"):
        SecurityAlerts(new_stack(), "Alerts", log_group=None, alerts=["nacl-changes", "nacl-changes"])


def test_alert_options_for_an_alert_that_is_not_selected():
    with pytest.raises(ConfigurationError, match=r"alert_options names alert 'vpc-change', which is not among the selected alerts \(nacl-changes\)\. Fix the id"):
        SecurityAlerts(new_stack(), "Alerts", log_group=None, alerts=["nacl-changes"], alert_options={"vpc-change": AlertOptions()})


def test_alert_options_that_are_not_alert_options():
    with pytest.raises(ConfigurationError, match=r"alert_options\['nacl-changes'\] is \{'threshold': 3\}, not an AlertOptions\. Pass AlertOptions"):
        SecurityAlerts(new_stack(), "Alerts", log_group=None, alerts=["nacl-changes"], alert_options={"nacl-changes": {"threshold": 3}})


def test_metric_filter_alarm_without_a_log_group():
    with pytest.raises(ConfigurationError, match=r"delivery of alert 'nacl-changes' is Delivery\.METRIC_FILTER_ALARM, which needs a metric filter .* log_group is None\. Pass the trail's log group .* or use Delivery\.EVENT_RULE"):
        SecurityAlerts(new_stack(), "Alerts", log_group=None, alert_options={"nacl-changes": AlertOptions(delivery=Delivery.METRIC_FILTER_ALARM)})


def test_both_deliveries_without_a_log_group():
    with pytest.raises(ConfigurationError, match=r"delivery of alert 'unauthorized-api-calls' is Delivery\.BOTH, which needs a metric filter"):
        SecurityAlerts(new_stack(), "Alerts", log_group=None, delivery=Delivery.BOTH)


def test_delivery_that_is_not_a_delivery():
    with pytest.raises(ConfigurationError, match=r"delivery of alert 'nacl-changes' is 'both', not a Delivery \(allowed: Delivery\.METRIC_FILTER_ALARM, Delivery\.EVENT_RULE, Delivery\.BOTH\)"):
        SecurityAlerts(new_stack(), "Alerts", log_group=None, alerts=["nacl-changes"], delivery="both")


@pytest.mark.parametrize("threshold", [0, 0.5, -1, True, float("nan")])
def test_threshold_below_one(threshold):
    with pytest.raises(ConfigurationError, match=rf"threshold {threshold!r} is not a threshold alerts accept \(expected a number of matching events per period, at least 1.*\)\. Use 1"):
        check_threshold(threshold)


def test_threshold_below_one_in_alert_options():
    with pytest.raises(ConfigurationError, match=r"alert_options\['nacl-changes'\]\.threshold 0 is not a threshold"):
        SecurityAlerts(new_stack(), "Alerts", log_group=None, alerts=["nacl-changes"], alert_options={"nacl-changes": AlertOptions(threshold=0)})


@pytest.mark.parametrize(
    "period", [cdk.Duration.seconds(30), cdk.Duration.seconds(90), cdk.Duration.days(8), cdk.Duration.seconds(0)], ids=["30s", "90s", "8d", "0s"]
)
def test_period_cloudwatch_does_not_accept(period):
    with pytest.raises(ConfigurationError, match=r"period .* is not a period CloudWatch accepts for these alarms \(allowed: a whole number of minutes from 1 minute to 7 days.*\)\. Use cdk\.Duration\.minutes\(n\)"):
        check_period(period)


def test_period_that_is_not_a_duration():
    with pytest.raises(ConfigurationError, match=r"period 300 is not a cdk\.Duration\. Pass cdk\.Duration\.minutes\(n\)"):
        SecurityAlerts(new_stack(), "Alerts", log_group=None, period=300)


def test_periods_cloudwatch_accepts():
    assert check_period(cdk.Duration.minutes(1)) == 60
    assert check_period(cdk.Duration.days(7)) == 604_800


def test_period_in_alert_options():
    with pytest.raises(ConfigurationError, match=r"alert_options\['nacl-changes'\]\.period 45 seconds is not a period CloudWatch accepts"):
        SecurityAlerts(new_stack(), "Alerts", log_group=None, alerts=["nacl-changes"], alert_options={"nacl-changes": AlertOptions(period=cdk.Duration.seconds(45))})


def test_reserved_metric_namespace():
    with pytest.raises(ConfigurationError, match=r"metric_namespace 'AWS/CloudTrail' is not a custom CloudWatch namespace \(allowed: .* not starting with 'AWS/'.*\)\. Use a name such as 'CloudTrailMetrics'"):
        SecurityAlerts(new_stack(), "Alerts", log_group=None, metric_namespace="AWS/CloudTrail")


def test_email_address_that_is_not_an_address():
    with pytest.raises(ConfigurationError, match=r"email_addresses contains 'security team', which is not an email address"):
        SecurityAlerts(new_stack(), "Alerts", log_group=None, email_addresses=["security team"])


def test_email_addresses_with_an_existing_topic():
    stack = new_stack()
    topic = AlertTopic(stack, "Topic")
    with pytest.raises(ConfigurationError, match=r"email_addresses \['a@example\.com'\] were given with an existing topic\. Pass them to AlertTopic"):
        SecurityAlerts(stack, "Alerts", log_group=None, topic=topic, email_addresses=["a@example.com"])


def test_alert_added_twice():
    alerts = SecurityAlerts(new_stack(), "Alerts", log_group=None, alerts=["nacl-changes"])
    with pytest.raises(ConfigurationError, match=r"alert 'nacl-changes' was already added to Test/Alerts\. Add each alert once"):
        alerts.add_alert("nacl-changes")


def test_malformed_filter_pattern_of_a_custom_alert():
    with pytest.raises(ConfigurationError, match=r"filter_pattern of alert 'my-alert' .* is not a valid CloudWatch Logs filter pattern: unbalanced parentheses"):
        AlertDefinition(**{**_custom_fields(), "filter_pattern": '{ ($.eventName = "CreateUser" }'})


def test_malformed_event_pattern_of_a_custom_alert():
    with pytest.raises(ConfigurationError, match=r"event_pattern of alert 'my-alert' has 'CreateUser' at detail\.eventName: a field must map to a list of values \(write \[\"CreateUser\"\]\)"):
        AlertDefinition(**{**_custom_fields(), "event_pattern": {"detail": {"eventName": "CreateUser"}}})


def _custom_fields() -> dict:
    return {
        "alert_id": "my-alert",
        "title": "IAM user created",
        "severity": Severity.MEDIUM,
        "filter_pattern": '{ $.eventName = "CreateUser" }',
        "event_pattern": {"detail": {"eventName": ["CreateUser"]}},
        "needs_read_only_events": False,
        "global_service_region": "us-east-1",
        "metric_name": "IamUserCreated",
    }


def test_a_valid_custom_alert_can_be_added_without_a_log_group():
    alerts = SecurityAlerts(new_stack(), "Alerts", log_group=None, alerts=["root-account-usage"])
    resources = alerts.add_alert(AlertDefinition(**_custom_fields()))
    assert resources.delivery is Delivery.EVENT_RULE and resources.rule is not None and resources.alarm is None


def test_custom_alert_with_only_an_or_pattern_keeps_exactly_its_pattern():
    pattern = {
        "$or": [
            {"detail-type": ["AWS Console Sign In via CloudTrail"], "detail": {"eventName": ["ConsoleLogin"]}},
            {"detail-type": ["AWS API Call via CloudTrail"], "detail": {"eventName": ["CreateUser"]}},
        ]
    }
    alert = AlertDefinition(
        alert_id="sign-in-or-new-user",
        title="Console sign-in or new IAM user",
        severity=Severity.LOW,
        filter_pattern='{ ($.eventName = "ConsoleLogin") || ($.eventName = "CreateUser") }',
        event_pattern=pattern,
        needs_read_only_events=False,
        global_service_region=None,
        metric_name="SignInOrNewUser",
    )
    stack = new_stack()
    SecurityAlerts(stack, "Alerts", log_group=None, alerts=[alert])
    (rule,) = template_of(stack).find_resources("AWS::Events::Rule").values()
    assert rule["Properties"]["EventPattern"] == pattern


def test_topic_that_is_not_an_alert_topic():
    from aws_cdk import aws_sns as sns

    stack = new_stack()
    with pytest.raises(ConfigurationError, match="topic 'Test/Plain' is not an AlertTopic.*AlertTopic\\(scope, 'Topic', encryption_key=your_key\\)"):
        SecurityAlerts(stack, "Alerts", log_group=None, topic=sns.Topic(stack, "Plain"))


def test_alert_topic_in_another_stack_than_its_publishers():
    app = new_app()
    topic = AlertTopic(new_stack(app, "TopicStack"), "Topic")
    with pytest.raises(ConfigurationError, match="AlertStack is in stack AlertStack, but AlertTopic TopicStack/Topic .* must be in the topic's stack"):
        SecurityAlerts(new_stack(app, "AlertStack"), "Alerts", log_group=None, topic=topic)
