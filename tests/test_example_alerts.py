"""examples/alerts.py: every catalogue alert on both mechanisms (compliance and running it as a
script are tested with every example, in test_compliance.py and test_examples.py)."""

import json
import runpy

import pytest

from constructs_lib.alerts.alert_catalogue import ALERT_IDS, HEALTH_CHECK_IDS, HEALTH_CHECKS, catalogue
from tests.helpers import PROJECT_ROOT, new_app
from tests.policy_evaluation import assert_publishers_allowed

EXAMPLE = PROJECT_ROOT / "examples" / "alerts.py"


@pytest.fixture(scope="module")
def app():
    """The example's app, in the test account (the CDK CLI sets CDK_DEFAULT_ACCOUNT the same way)."""
    app = new_app()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CDK_DEFAULT_ACCOUNT", "111111111111")
        runpy.run_path(str(EXAMPLE), run_name="example")["add_stacks"](app)
    return app


@pytest.fixture(scope="module")
def assembly(app):
    return app.synth()


@pytest.fixture(scope="module")
def template(assembly) -> dict:
    return assembly.get_stack_by_name("ExampleAlerts").template


def _of_type(template: dict, resource_type: str) -> dict:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == resource_type}


def test_the_stack_is_in_us_east_1_where_global_service_events_arrive(assembly):
    assert assembly.get_stack_by_name("ExampleAlerts").environment.region == "us-east-1"
    assert not [m for m in assembly.get_stack_by_name("ExampleAlerts").messages if "constructs-lib:global-service-alert-region" in str(m.entry.data)]


def test_every_catalogue_alert_is_a_metric_filter_alarm_and_a_rule(app, template):
    stack = app.node.find_child("ExampleAlerts")
    trail = stack.node.find_child("Trail")
    definitions = catalogue(trail_bucket_names=[trail.bucket.bucket_name], trail_key_arns=[trail.key.key_arn])

    def canonical(values):
        return sorted(json.dumps(stack.resolve(value), sort_keys=True) for value in values)

    filters = [f["Properties"]["FilterPattern"] for f in _of_type(template, "AWS::Logs::MetricFilter").values()]
    assert canonical(filters) == canonical(d.filter_pattern for d in definitions.values())
    patterns = [r["Properties"]["EventPattern"] for r in _of_type(template, "AWS::Events::Rule").values()]
    assert canonical(patterns) == canonical(d.event_pattern for d in definitions.values())
    # and the dead-letter alarm and the two heartbeats
    assert len(_of_type(template, "AWS::CloudWatch::Alarm")) == len(ALERT_IDS) + 1 + len(HEALTH_CHECK_IDS)


def test_every_alarm_and_rule_can_publish(template):
    (topic_id,) = _of_type(template, "AWS::SNS::Topic")
    (queue_id,) = _of_type(template, "AWS::SQS::Queue")
    (key_id,) = [k for k in _of_type(template, "AWS::KMS::Key") if k.startswith("AlertsTopic")]

    class _Template:  # assert_publishers_allowed reads templates through to_json()
        def to_json(self):
            return template

    checked = assert_publishers_allowed(_Template(), topic_logical_id=topic_id, key_logical_id=key_id, queue_logical_id=queue_id)
    assert checked == {"alarms": len(ALERT_IDS) + 1 + len(HEALTH_CHECK_IDS), "rules": len(ALERT_IDS)}


def test_both_delivery_heartbeats_watch_the_trail(template):
    heartbeats = {
        alarm["Properties"]["MetricName"]: alarm["Properties"]
        for alarm in _of_type(template, "AWS::CloudWatch::Alarm").values()
        if alarm["Properties"].get("TreatMissingData") == "breaching"
    }
    assert sorted(heartbeats) == sorted(check.metric_name for check in HEALTH_CHECKS.values())
    (log_group_id,) = _of_type(template, "AWS::Logs::LogGroup")
    assert heartbeats["IncomingLogEvents"]["Dimensions"] == [{"Name": "LogGroupName", "Value": {"Ref": log_group_id}}]
    (bucket_id,) = [k for k, v in _of_type(template, "AWS::S3::Bucket").items() if "MetricsConfigurations" in v["Properties"]]
    assert template["Resources"][bucket_id]["Properties"]["MetricsConfigurations"] == [
        {"Id": "CloudTrail-AWSLogs", "Prefix": "AWSLogs/"}
    ]
    assert heartbeats["PutRequests"]["Dimensions"] == [
        {"Name": "BucketName", "Value": {"Ref": bucket_id}},
        {"Name": "FilterId", "Value": "CloudTrail-AWSLogs"},
    ]


def test_the_team_is_subscribed_by_email(template):
    (subscription,) = _of_type(template, "AWS::SNS::Subscription").values()
    assert subscription["Properties"]["Protocol"] == "email"
