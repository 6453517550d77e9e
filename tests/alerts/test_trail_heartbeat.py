"""TrailHeartbeat: delivery heartbeats on the trail's log group and log bucket, and their health
checks in the alert catalogue."""

from types import SimpleNamespace

import aws_cdk as cdk
import pytest
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Annotations, Match

from constructs_lib._shared.errors import ConfigurationError
from constructs_lib.alerts.alert_catalogue import (
    DEFAULT_HEARTBEAT_WINDOW_HOURS,
    HEALTH_CHECK_IDS,
    HEALTH_CHECKS,
    AlertKind,
    catalogue,
)
from constructs_lib.alerts.alert_topic import AlertTopic
from constructs_lib.alerts.security_alerts import SecurityAlerts
from constructs_lib.alerts.trail_heartbeat import (
    LOGS_HEARTBEAT_OFF_WARNING,
    MAX_FILTER_ID_LENGTH,
    S3_HEARTBEAT_OFF_WARNING,
    S3_HEARTBEAT_UNAVAILABLE_WARNING,
    HeartbeatOptions,
    TrailHeartbeat,
    check_filter_id,
    check_heartbeat_window,
    default_filter_id,
    delivery_prefix,
)
from constructs_lib.trail.trail import SecureTrail
from tests.helpers import new_app, new_stack, template_of
from tests.policy_evaluation import assert_publishers_allowed

ORGANIZATION_ID = "o-a1b2c3d4e5"


def _watched(stack: cdk.Stack):
    log_group = logs.LogGroup(stack, "TrailLogs", log_group_name="/aws/cloudtrail/test", retention=logs.RetentionDays.ONE_YEAR)
    bucket = s3.Bucket(stack, "LogBucket")
    return log_group, bucket


@pytest.fixture(scope="module")
def built():
    app = new_app()
    stack = new_stack(app)
    log_group, bucket = _watched(stack)
    topic = AlertTopic(stack, "Topic")
    heartbeat = TrailHeartbeat(stack, "Heartbeat", topic=topic, log_group=log_group, bucket=bucket)

    custom = new_stack(app, "Custom")
    custom_log_group, custom_bucket = _watched(custom)
    custom_heartbeat = TrailHeartbeat(
        custom, "Heartbeat", topic=AlertTopic(custom, "Topic"), log_group=custom_log_group, bucket=custom_bucket,
        s3_key_prefix="org-trail", log_path_id=ORGANIZATION_ID, window=cdk.Duration.hours(12),
    )

    off = new_stack(app, "Off")
    off_log_group, off_bucket = _watched(off)
    TrailHeartbeat(
        off, "Heartbeat", topic=AlertTopic(off, "Topic"), log_group=off_log_group, bucket=off_bucket,
        cloudwatch_logs_enabled=False, s3_enabled=False,
    )

    imported = new_stack(app, "Imported")
    TrailHeartbeat(
        imported, "Heartbeat", topic=AlertTopic(imported, "Topic"),
        bucket=s3.Bucket.from_bucket_name(imported, "Bucket", "central-trail-logs"),
    )

    alerts_stack = new_stack(app, "Alerts")
    alerts_log_group, alerts_bucket = _watched(alerts_stack)
    alerts = SecurityAlerts(
        alerts_stack, "Alerts", log_group=alerts_log_group, log_bucket=alerts_bucket, alerts=["cloudtrail-tampering"],
        heartbeat=HeartbeatOptions(window=cdk.Duration.hours(3), s3_enabled=False),
    )
    events_only_stack = new_stack(app, "EventsOnly")
    events_only = SecurityAlerts(events_only_stack, "Alerts", log_group=None, alerts=["cloudtrail-tampering"])
    return SimpleNamespace(
        stack=stack, template=template_of(stack), heartbeat=heartbeat, topic=topic, log_group=log_group, bucket=bucket,
        custom=custom, custom_template=template_of(custom), custom_heartbeat=custom_heartbeat, custom_bucket=custom_bucket,
        off=off, off_template=template_of(off), imported=imported, imported_template=template_of(imported),
        alerts=alerts, alerts_stack=alerts_stack, alerts_template=template_of(alerts_stack), events_only=events_only,
    )


def _alarm(template, metric_name: str) -> dict:
    (alarm,) = template.find_resources("AWS::CloudWatch::Alarm", {"Properties": {"MetricName": metric_name}}).values()
    return alarm["Properties"]


def _warnings(stack, warning_id: str) -> list:
    return Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(warning_id))


# -- the alarms ------------------------------------------------------------------------------


def test_the_log_group_heartbeat_fires_after_six_empty_hours(built):
    alarm = _alarm(built.template, "IncomingLogEvents")
    assert alarm["Namespace"] == "AWS/Logs"
    assert built.stack.resolve(alarm["Dimensions"]) == [
        {"Name": "LogGroupName", "Value": built.stack.resolve(built.log_group.log_group_name)}
    ]
    assert alarm["Statistic"] == "Sum"
    assert alarm["Period"] == 3600
    assert alarm["Threshold"] == 1
    assert alarm["ComparisonOperator"] == "LessThanThreshold"
    assert alarm["EvaluationPeriods"] == alarm["DatapointsToAlarm"] == DEFAULT_HEARTBEAT_WINDOW_HOURS == 6
    assert alarm["TreatMissingData"] == "breaching"


def test_the_bucket_heartbeat_counts_puts_under_awslogs(built):
    alarm = _alarm(built.template, "PutRequests")
    assert alarm["Namespace"] == "AWS/S3"
    assert built.stack.resolve(alarm["Dimensions"]) == [
        {"Name": "BucketName", "Value": built.stack.resolve(built.bucket.bucket_name)},
        {"Name": "FilterId", "Value": "CloudTrail-AWSLogs"},
    ]
    assert (alarm["Statistic"], alarm["Period"], alarm["Threshold"]) == ("Sum", 3600, 1)
    assert alarm["ComparisonOperator"] == "LessThanThreshold"
    assert alarm["EvaluationPeriods"] == alarm["DatapointsToAlarm"] == 6
    assert alarm["TreatMissingData"] == "breaching"
    built.template.has_resource_properties(
        "AWS::S3::Bucket", {"MetricsConfigurations": [{"Id": "CloudTrail-AWSLogs", "Prefix": "AWSLogs/"}]}
    )


def test_the_alarms_are_the_catalogue_health_checks(built):
    for check_id, alarm in built.heartbeat.alarms.items():
        check = HEALTH_CHECKS[check_id]
        properties = _alarm(built.template, check.metric_name)
        assert properties["Namespace"] == check.namespace
        assert [d["Name"] for d in properties["Dimensions"]] == list(check.dimension_names)
        assert properties["Statistic"] == check.statistic
        assert properties["Period"] == check.period_seconds
        assert properties["Threshold"] == check.threshold
        assert properties["ComparisonOperator"] == check.comparison_operator
        assert properties["TreatMissingData"] == check.treat_missing_data
        assert check_id in properties["AlarmDescription"]
    assert sorted(built.heartbeat.alarms) == sorted(HEALTH_CHECK_IDS)


def test_the_team_hears_when_deliveries_stop_and_when_they_resume(built):
    topic = {"Ref": built.stack.get_logical_id(built.topic.topic.node.default_child)}
    for check in HEALTH_CHECKS.values():
        alarm = _alarm(built.template, check.metric_name)
        assert alarm["AlarmActions"] == [topic]
        assert alarm["OKActions"] == [topic]
    checked = assert_publishers_allowed(
        built.template,
        topic_logical_id=topic["Ref"],
        key_logical_id=built.stack.get_logical_id(built.topic.key.node.default_child),
        queue_logical_id=None,
    )
    assert checked == {"alarms": 2, "rules": 0}


def test_the_window_sets_the_evaluation_periods(built):
    for check in HEALTH_CHECKS.values():
        alarm = _alarm(built.custom_template, check.metric_name)
        assert alarm["EvaluationPeriods"] == alarm["DatapointsToAlarm"] == 12
        assert "12 consecutive hours" in alarm["AlarmDescription"]


def test_the_prefix_follows_the_trail_prefix_and_the_owner(built):
    built.custom_template.has_resource_properties(
        "AWS::S3::Bucket",
        {"MetricsConfigurations": [{"Id": f"CloudTrail-org-trail-AWSLogs-{ORGANIZATION_ID}", "Prefix": f"org-trail/AWSLogs/{ORGANIZATION_ID}/"}]},
    )
    assert built.custom_heartbeat.filter_id == f"CloudTrail-org-trail-AWSLogs-{ORGANIZATION_ID}"
    alarm = _alarm(built.custom_template, "PutRequests")
    assert alarm["Dimensions"][1] == {"Name": "FilterId", "Value": built.custom_heartbeat.filter_id}


# -- turned off, or not possible -------------------------------------------------------------


def test_turning_a_heartbeat_off_warns_and_creates_nothing(built):
    built.off_template.resource_count_is("AWS::CloudWatch::Alarm", 0)
    built.off_template.has_resource_properties("AWS::S3::Bucket", {"MetricsConfigurations": Match.absent()})
    assert len(_warnings(built.off, LOGS_HEARTBEAT_OFF_WARNING)) == 1
    assert len(_warnings(built.off, S3_HEARTBEAT_OFF_WARNING)) == 1
    assert _warnings(built.stack, "heartbeat") == []


def test_an_imported_bucket_gets_no_heartbeat_and_a_warning_saying_what_to_add(built):
    built.imported_template.resource_count_is("AWS::CloudWatch::Alarm", 0)
    (warning,) = _warnings(built.imported, S3_HEARTBEAT_UNAVAILABLE_WARNING)
    assert "Id=CloudTrail-AWSLogs, Prefix=AWSLogs/" in str(warning.entry.data)


# -- in SecurityAlerts -----------------------------------------------------------------------


def test_security_alerts_adds_the_heartbeats_to_its_topic(built):
    heartbeat = built.alerts.heartbeat
    assert heartbeat is not None and heartbeat.topic is built.alerts.topic
    alarm = _alarm(built.alerts_template, "IncomingLogEvents")
    assert alarm["EvaluationPeriods"] == 3
    # the alert's alarm, the dead-letter queue's and the log-group heartbeat
    built.alerts_template.resource_count_is("AWS::CloudWatch::Alarm", 3)
    assert len(_warnings(built.alerts_stack, S3_HEARTBEAT_OFF_WARNING)) == 1


def test_security_alerts_without_log_group_or_bucket_has_no_heartbeat(built):
    assert built.events_only.heartbeat is None


def test_security_alerts_watches_the_log_group_and_bucket_of_the_trail_it_is_given():
    stack = new_stack()
    trail = SecureTrail(stack, "Trail", s3_key_prefix="audit")
    SecurityAlerts(stack, "Alerts", trail=trail, alerts=["root-account-usage"])
    alarm = template_of(stack).find_resources("AWS::CloudWatch::Alarm", {"Properties": {"MetricName": "IncomingLogEvents"}})
    (dimension,) = [a["Properties"]["Dimensions"][0] for a in alarm.values()]
    assert dimension["Value"] == stack.resolve(trail.log_group.log_group_name)
    bucket = template_of(stack).find_resources("AWS::S3::Bucket", {"Properties": {"MetricsConfigurations": Match.any_value()}})
    (configuration,) = [b["Properties"]["MetricsConfigurations"][0] for b in bucket.values()]
    assert configuration["Prefix"] == "audit/AWSLogs/"


def test_security_alerts_refuses_a_log_bucket_besides_the_trail():
    stack = new_stack()
    trail = SecureTrail(stack, "Trail")
    with pytest.raises(ConfigurationError, match="trail was given together with log_bucket, s3_key_prefix"):
        SecurityAlerts(stack, "Alerts", trail=trail, log_bucket=trail.bucket, s3_key_prefix="x")


def test_security_alerts_refuses_heartbeat_options_of_another_type():
    stack = new_stack()
    with pytest.raises(ConfigurationError, match=r"heartbeat is .* of type dict, but it must be of type HeartbeatOptions"):
        SecurityAlerts(stack, "Alerts", log_group=None, heartbeat={"window": cdk.Duration.hours(3)})


# -- the catalogue ---------------------------------------------------------------------------


def test_health_checks_are_listed_as_health_and_alerts_as_misuse():
    assert HEALTH_CHECK_IDS == ("trail-delivery-cloudwatch-logs", "trail-delivery-s3")
    assert {check.kind for check in HEALTH_CHECKS.values()} == {AlertKind.HEALTH}
    assert {alert.kind for alert in catalogue().values()} == {AlertKind.MISUSE}
    assert not set(HEALTH_CHECK_IDS) & set(catalogue())
    assert HEALTH_CHECKS["trail-delivery-s3"].threshold_text() == (
        "Sum of AWS/S3 PutRequests < 1 in each 1-hour period for 6 consecutive hours (missing data breaching)"
    )


# -- names and validation --------------------------------------------------------------------


def test_delivery_prefixes():
    assert delivery_prefix() == "AWSLogs/"
    assert delivery_prefix("logs") == "logs/AWSLogs/"
    assert delivery_prefix(None, "111122223333") == "AWSLogs/111122223333/"
    assert delivery_prefix("logs", ORGANIZATION_ID) == f"logs/AWSLogs/{ORGANIZATION_ID}/"


def test_a_long_prefix_gets_a_short_stable_filter_id():
    prefix = "a" * 180 + "/AWSLogs/"
    filter_id = default_filter_id(prefix)
    assert len(filter_id) == MAX_FILTER_ID_LENGTH and filter_id == default_filter_id(prefix)
    assert filter_id != default_filter_id("b" * 180 + "/AWSLogs/")
    check_filter_id(filter_id)


@pytest.mark.parametrize(
    "window, message",
    [
        (6, r"window is 6 of type int, but it must be of type cdk.Duration"),
        (cdk.Duration.minutes(90), r"window 1 hour 30 minutes is not a heartbeat window \(allowed: whole hours from 1 hour to 168"),
        (cdk.Duration.hours(0), r"window 0 hours is not a heartbeat window"),
        (cdk.Duration.days(8), r"window 8 days is not a heartbeat window"),
    ],
)
def test_windows_cloudwatch_cannot_evaluate_are_refused(window, message):
    with pytest.raises(ConfigurationError, match=message):
        check_heartbeat_window(window)
    with pytest.raises(ConfigurationError, match=message.replace("window", "HeartbeatOptions.window", 1)):
        HeartbeatOptions(window=window)


def test_the_longest_window_is_seven_days():
    assert check_heartbeat_window(cdk.Duration.days(7)) == 168
    assert check_heartbeat_window(cdk.Duration.hours(1)) == 1


def test_heartbeat_switches_must_be_bools():
    with pytest.raises(ConfigurationError, match=r"HeartbeatOptions.s3_enabled is 'false' of type str, but it must be of type bool"):
        HeartbeatOptions(s3_enabled="false")


@pytest.mark.parametrize("filter_id", ["", "a" * 65, "CloudTrail/AWSLogs", "with space"])
def test_filter_ids_s3_refuses_are_refused(filter_id):
    with pytest.raises(ConfigurationError, match=r"filter_id .* is not an S3 metrics configuration id \(allowed: 1 to 64 letters"):
        check_filter_id(filter_id)


def _heartbeat(stack, **props):
    log_group, bucket = _watched(stack)
    return TrailHeartbeat(stack, "Heartbeat", **{"topic": AlertTopic(stack, "Topic"), "log_group": log_group, "bucket": bucket, **props})


@pytest.mark.parametrize(
    "props, message",
    [
        ({"topic": "arn:aws:sns:us-east-1:111111111111:alerts"}, r"topic 'arn:aws:sns:.*' is not an AlertTopic"),
        ({"log_group": "/aws/cloudtrail/test"}, r"log_group is '/aws/cloudtrail/test' of type str, but it must be an logs.ILogGroup"),
        ({"bucket": "my-trail-logs"}, r"bucket is 'my-trail-logs' of type str, but it must be an s3.IBucket"),
        ({"s3_key_prefix": "logs/"}, r"s3_key_prefix 'logs/' must not be empty or start or end with '/'"),
        ({"log_path_id": "12345"}, r"log_path_id '12345' is not an AWS account id"),
        ({"log_path_id": "o-12"}, r"log_path_id 'o-12' is not an AWS Organizations id"),
        ({"filter_id": "CloudTrail/AWSLogs"}, r"filter_id 'CloudTrail/AWSLogs' is not an S3 metrics configuration id"),
        ({"window": cdk.Duration.minutes(30)}, r"window 30 minutes is not a heartbeat window"),
        ({"s3_enabled": 0}, r"s3_enabled is 0 of type int, but it must be of type bool"),
        ({"cloudwatch_logs_enabled": None}, r"cloudwatch_logs_enabled is None of type NoneType, but it must be of type bool"),
    ],
)
def test_bad_props_are_refused(props, message):
    with pytest.raises(ConfigurationError, match=message):
        _heartbeat(new_stack(), **props)


def test_a_prefix_known_only_at_deploy_time_needs_a_filter_id():
    stack = new_stack()
    prefix = cdk.CfnParameter(stack, "Prefix").value_as_string
    with pytest.raises(ConfigurationError, match=r"s3_key_prefix .* is only known at deploy time.*Pass filter_id"):
        _heartbeat(stack, s3_key_prefix=prefix)
    heartbeat = TrailHeartbeat(
        stack, "Named", topic=AlertTopic(stack, "NamedTopic"), bucket=s3.Bucket(stack, "Other"), s3_key_prefix=prefix,
        filter_id="CloudTrail-AWSLogs",
    )
    assert heartbeat.s3_alarm is not None


def test_one_prefix_of_a_bucket_is_watched_once():
    stack = new_stack()
    first = _heartbeat(stack)
    with pytest.raises(ConfigurationError, match=r"filter_id 'CloudTrail-AWSLogs' is already a metrics configuration of bucket"):
        TrailHeartbeat(stack, "Second", topic=first.topic, bucket=stack.node.find_child("LogBucket"))


def test_a_bucket_in_another_region_is_refused():
    app = new_app()
    elsewhere = new_stack(app, "Elsewhere", env=cdk.Environment(account="111111111111", region="eu-west-1"))
    bucket = s3.Bucket(elsewhere, "LogBucket")
    stack = new_stack(app)
    with pytest.raises(ConfigurationError, match=r"bucket Elsewhere/LogBucket is in Region eu-west-1, but the TrailHeartbeat's stack Test is in Region us-east-1"):
        TrailHeartbeat(stack, "Heartbeat", topic=AlertTopic(stack, "Topic"), bucket=bucket)


def test_the_topic_must_be_in_the_heartbeat_stack():
    app = new_app()
    topic = AlertTopic(new_stack(app, "TopicStack"), "Topic")
    stack = new_stack(app)
    with pytest.raises(ConfigurationError, match=r"the topic policy names its publishers, so they must be in the topic's stack"):
        TrailHeartbeat(stack, "Heartbeat", topic=topic, bucket=s3.Bucket(stack, "LogBucket"))
