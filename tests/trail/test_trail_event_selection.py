"""What SecureTrail records: its selectors, the log-bucket exclusion, Insights and the cost warnings."""

import runpy

import pytest
from aws_cdk.assertions import Annotations, Match

from constructs_lib import ConfigurationError, EventSelector, Insight, SecureTrail
from constructs_lib.trail.event_selectors import (
    DUPLICATE_MANAGEMENT_EVENTS_WARNING,
    TRAIL_LOG_BUCKET_DATA_EVENTS_WARNING,
)
from tests.helpers import PROJECT_ROOT, new_app, new_stack, template_of


@pytest.fixture(scope="module")
def example_template():
    """The data-events example: management, S3 and Lambda data events, Insights."""
    app = new_app()
    runpy.run_path(str(PROJECT_ROOT / "examples" / "data_events.py"), run_name="example")["add_stacks"](app)
    return template_of(app.node.find_child("ExampleDataEventsTrail"))


@pytest.fixture(scope="module")
def warning_stack():
    stack = new_stack()
    SecureTrail(stack, "Management")
    SecureTrail(stack, "SecondCopy")
    SecureTrail(stack, "DataOnly", event_selectors=[EventSelector.no_management_events(), EventSelector.lambda_invocations()])
    SecureTrail(stack, "Loop", event_selectors=[EventSelector.no_management_events(), EventSelector.s3_objects_of_all_buckets(record_trail_log_buckets=True)])
    return stack


def _selectors(template):
    (trail,) = template.find_resources("AWS::CloudTrail::Trail").values()
    return trail["Properties"]["AdvancedEventSelectors"]


def test_default_trail_records_all_management_events_and_nothing_else():
    stack = new_stack()
    SecureTrail(stack, "Trail")
    assert _selectors(template_of(stack)) == [
        {"Name": "All management events", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}
    ]


def test_s3_data_events_exclude_the_trails_own_buckets(example_template):
    (s3_selector,) = [s for s in _selectors(example_template) if {"Field": "resources.type", "Equals": ["AWS::S3::Object"]} in s["FieldSelectors"]]
    (exclusion,) = [f for f in s3_selector["FieldSelectors"] if f["Field"] == "resources.ARN"]
    log_bucket_ids = {item["Fn::GetAtt"][0] for value in exclusion["NotStartsWith"] for item in value["Fn::Join"][1] if isinstance(item, dict)}
    assert log_bucket_ids == set(example_template.find_resources("AWS::S3::Bucket"))
    assert all(value["Fn::Join"][1][-1] == "/" for value in exclusion["NotStartsWith"])


def test_lambda_invocations_are_recorded(example_template):
    assert any(
        {"Field": "resources.type", "Equals": ["AWS::Lambda::Function"]} in s["FieldSelectors"] for s in _selectors(example_template)
    )


def test_insights_run_on_management_events_the_cloudformation_default(example_template):
    example_template.has_resource_properties(
        "AWS::CloudTrail::Trail",
        {
            "InsightSelectors": [
                {"InsightType": "ApiCallRateInsight"},
                {"InsightType": "ApiErrorRateInsight"},
            ],
            "EventSelectors": Match.absent(),
        },
    )


def test_second_trail_with_management_events_warns_with_its_cost(warning_stack):
    Annotations.from_stack(warning_stack).has_warning(
        "/Test/SecondCopy", Match.string_like_regexp(f"Test/Management both record management events.*billed.*{DUPLICATE_MANAGEMENT_EVENTS_WARNING}")
    )
    Annotations.from_stack(warning_stack).has_no_warning("/Test/DataOnly", Match.any_value())


def test_recording_writes_to_own_log_buckets_warns(warning_stack):
    Annotations.from_stack(warning_stack).has_warning(
        "/Test/Loop", Match.string_like_regexp(f"feedback loop.*{TRAIL_LOG_BUCKET_DATA_EVENTS_WARNING}")
    )


def test_invalid_selection_fails_before_anything_is_built():
    stack = new_stack()
    with pytest.raises(ConfigurationError, match="insights"):
        SecureTrail(stack, "Trail", event_selectors=[EventSelector.no_management_events(), EventSelector.lambda_invocations()], insights=[Insight.api_call_rate()])
    assert stack.node.try_find_child("Trail") is None
