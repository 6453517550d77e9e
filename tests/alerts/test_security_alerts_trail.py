"""SecurityAlerts(trail=...): the log group, log bucket and key come from the trail, also when the
trail and the alerts are in two stacks (no warning with this project's cdk.json)."""

import json
from types import SimpleNamespace

import pytest

from constructs_lib import ConfigurationError, Delivery, SecureTrail, SecurityAlerts
from tests.helpers import new_app, new_stack


def _rule_pattern(template: dict, alert_id: str) -> dict:
    (rule,) = [
        r for r in template["Resources"].values()
        if r["Type"] == "AWS::Events::Rule" and f"alert {alert_id})" in r["Properties"]["Description"]
    ]
    return rule["Properties"]["EventPattern"]


@pytest.fixture(scope="module")
def split():
    app = new_app()
    trail_stack = new_stack(app, "TrailStack")
    alerts_stack = new_stack(app, "AlertsStack")
    trail = SecureTrail(trail_stack, "Trail")
    alerts = SecurityAlerts(alerts_stack, "Alerts", trail=trail, alerts=[
        "root-account-usage", "trail-bucket-policy-changes", "trail-key-disabled-or-deletion-scheduled",
    ])
    assembly = app.synth()
    return SimpleNamespace(
        trail=trail,
        alerts=alerts,
        assembly=assembly,
        template=assembly.get_stack_by_name("AlertsStack").template,
        trail_stack=trail_stack,
    )


def test_the_alerts_keep_the_trail(split):
    assert split.alerts.trail is split.trail
    assert split.alerts.log_group is split.trail.log_group
    assert split.alerts.default_delivery is Delivery.BOTH


def test_metric_filters_are_on_the_trail_log_group_in_the_other_stack(split):
    filters = [r for r in split.template["Resources"].values() if r["Type"] == "AWS::Logs::MetricFilter"]
    assert len(filters) == 3
    log_group_id = split.trail_stack.get_logical_id(split.trail.log_group.node.default_child)
    for metric_filter in filters:
        assert log_group_id in json.dumps(metric_filter["Properties"]["LogGroupName"])


def test_trail_alerts_are_scoped_to_the_trail_bucket_and_key(split):
    bucket_id = split.trail_stack.get_logical_id(split.trail.bucket.node.default_child)
    key_id = split.trail_stack.get_logical_id(split.trail.key.node.default_child)
    bucket_pattern = _rule_pattern(split.template, "trail-bucket-policy-changes")
    assert bucket_id in json.dumps(bucket_pattern["detail"]["requestParameters"]["bucketName"])
    key_pattern = _rule_pattern(split.template, "trail-key-disabled-or-deletion-scheduled")
    assert key_id in json.dumps(key_pattern["detail"]["responseElements"]["keyId"])


def test_two_stacks_synthesize_without_warnings(split):
    messages = [
        f"{stack.stack_name}: {message.entry.data}"
        for stack in split.assembly.stacks
        for message in stack.messages
        if message.level.name in ("WARNING", "ERROR")
    ]
    assert messages == []


def test_a_trail_without_cloudwatch_logs_gets_rules_only():
    stack = new_stack()
    trail = SecureTrail(stack, "Trail", send_to_cloud_watch_logs=False)
    alerts = SecurityAlerts(stack, "Alerts", trail=trail, alerts=["nacl-changes"])
    assert alerts.log_group is None
    assert alerts.alerts["nacl-changes"].delivery is Delivery.EVENT_RULE


@pytest.mark.parametrize("extra", [
    {"log_group": None},
    {"trail_bucket_names": ["my-trail-logs"]},
    {"trail_key_arns": ["arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"]},
])
def test_trail_together_with_its_attributes(extra):
    stack = new_stack()
    trail = SecureTrail(stack, "Trail")
    with pytest.raises(ConfigurationError, match=rf"trail was given together with {next(iter(extra))}, .* Pass trail=\.\.\. alone"):
        SecurityAlerts(stack, "Alerts", trail=trail, **extra)


def test_neither_trail_nor_log_group():
    with pytest.raises(ConfigurationError, match=r"neither trail nor log_group\. Pass trail=SecureTrail\(\.\.\.\) .* log_group=None for EventBridge rules only"):
        SecurityAlerts(new_stack(), "Alerts")


def test_trail_that_is_not_a_secure_trail():
    stack = new_stack()
    with pytest.raises(ConfigurationError, match=r"trail is 'my-trail' of type str, but it must be of type SecureTrail"):
        SecurityAlerts(stack, "Alerts", trail="my-trail")
