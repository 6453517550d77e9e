"""Every selection CloudTrail would reject, or that conflicts, fails before synthesis with a clear message."""

import re

import aws_cdk as cdk
import pytest

from constructs_lib import ConfigurationError
from constructs_lib.trail.event_selectors import (
    AggregationTemplate,
    DataResourceType,
    EventCategory,
    EventSelector,
    FieldCondition,
    Insight,
    NetworkActivityEventSource,
    SelectorField,
    render_advanced_event_selectors,
    validate_event_selection,
)

MANAGEMENT = EventSelector.management_events()
S3_ALL = EventSelector.s3_objects_of_all_buckets()


def _raises(match: str):
    return pytest.raises(ConfigurationError, match=re.escape(match))


class _Bucket:
    """Stands in for an s3.IBucket: the selectors only read bucket_arn."""

    def __init__(self, bucket_arn):
        self.bucket_arn = bucket_arn


# ------------------------------------------------------------------------------ the selection as a whole
def test_selection_must_not_be_empty():
    with _raises("event_selectors is empty: the trail would record nothing. Leave event_selectors unset"):
        validate_event_selection([])


def test_selection_must_say_whether_it_records_management_events():
    with _raises("event_selectors records no management events, and does not say so. Add EventSelector.management_events()"):
        validate_event_selection([S3_ALL])


def test_one_management_selector_per_trail():
    with _raises("event_selectors has 2 management event selectors ('All management events', 'Read-only management events'); a trail takes one."):
        validate_event_selection([MANAGEMENT, EventSelector.management_events(read_only=True)])


def test_management_events_and_no_management_events_conflict():
    with _raises("event_selectors has both EventSelector.management_events() and EventSelector.no_management_events()"):
        validate_event_selection([MANAGEMENT, EventSelector.no_management_events(), S3_ALL])


def test_no_management_events_is_listed_once():
    with _raises("event_selectors lists EventSelector.no_management_events() twice"):
        validate_event_selection([EventSelector.no_management_events(), EventSelector.no_management_events(), S3_ALL])


def test_no_management_events_alone_records_nothing():
    with _raises("event_selectors has only EventSelector.no_management_events(): the trail would record nothing."):
        validate_event_selection([EventSelector.no_management_events()])


def test_the_same_selector_twice_is_rejected():
    with _raises("event_selectors lists the same selector twice ('S3 object events of all buckets' and 'again')"):
        validate_event_selection([MANAGEMENT, S3_ALL, EventSelector.s3_objects_of_all_buckets(name="again")])


def test_selection_elements_are_event_selectors():
    with _raises("event_selectors element 'Management' is not an EventSelector."):
        validate_event_selection(["Management"])


def test_at_most_500_values_per_trail_counting_tokens():
    # 1 (Management) + 1 (Data) + 1 (resources.type) + 498 ARNs = 501; token values count too.
    arns = [f"arn:aws:lambda:us-east-1:{cdk.Aws.ACCOUNT_ID}:function:f{i}" for i in range(498)]
    selector = EventSelector.data_events(DataResourceType.LAMBDA_FUNCTION, arn_equals=arns)
    with _raises("event_selectors use 501 values across all conditions (counting eventCategory, resources.type"):
        validate_event_selection([MANAGEMENT, selector])


def test_the_log_bucket_exclusions_count_towards_the_500_values():
    arns = [f"arn:aws:s3:::bucket-{i}/" for i in range(496)]
    selector = EventSelector.data_events(DataResourceType.S3_OBJECT, arn_starts_with=arns)
    validate_event_selection([MANAGEMENT, selector])  # 499 values without the exclusions
    with _raises("event_selectors use 501 values"):
        render_advanced_event_selectors(
            [MANAGEMENT, selector], trail_bucket_arns=["arn:aws:s3:::logs", "arn:aws:s3:::access-logs"]
        )


# ------------------------------------------------------------------------------ fields, operators and values
def test_field_must_be_allowed_for_the_event_category():
    with _raises("conditions: field readOnly is not allowed in NetworkActivity event selectors of a trail (allowed:"):
        EventSelector.network_activity_events(
            NetworkActivityEventSource.KMS, conditions=[FieldCondition(field=SelectorField.READ_ONLY, equals=["true"])]
        )


def test_operator_must_be_allowed_for_the_field():
    condition = FieldCondition(field=SelectorField.SESSION_CREDENTIAL_FROM_CONSOLE, starts_with=["true"])
    with _raises("conditions: sessionCredentialFromConsole StartsWith is not allowed in Data event selectors (sessionCredentialFromConsole accepts only Equals or NotEquals)"):
        EventSelector.data_events(DataResourceType.S3_OBJECT, conditions=[condition])


def test_value_must_be_allowed_for_the_field():
    condition = FieldCondition(field=SelectorField.SESSION_CREDENTIAL_FROM_CONSOLE, equals=["false"])
    with _raises("conditions: sessionCredentialFromConsole value 'false' is not allowed in Data event selectors (allowed: true)"):
        EventSelector.data_events(DataResourceType.S3_OBJECT, conditions=[condition])


def test_only_kms_and_rds_data_api_can_be_excluded_from_management_events():
    with _raises("exclude_sources 's3.amazonaws.com' is not one CloudTrail accepts (allowed: kms.amazonaws.com, rdsdata.amazonaws.com)"):
        EventSelector.management_events(exclude_sources=["s3.amazonaws.com"])


def test_a_field_appears_once_per_selector():
    condition = FieldCondition(field=SelectorField.EVENT_NAME, not_equals=["GetObject"])
    with _raises("conditions: field eventName appears twice in one selector"):
        EventSelector.data_events(DataResourceType.S3_OBJECT, event_names=["PutObject"], conditions=[condition])


def test_event_category_is_set_by_the_classmethod():
    condition = FieldCondition(field=SelectorField.EVENT_CATEGORY, equals=["Management"])
    with _raises("conditions must not filter on eventCategory: the EventSelector classmethod sets it."):
        EventSelector.data_events(DataResourceType.S3_OBJECT, conditions=[condition])


def test_data_selector_needs_a_resource_type():
    with _raises("A Data event selector needs a resources.type condition. Build it with EventSelector.data_events"):
        EventSelector(category=EventCategory.DATA)


def test_one_resource_type_per_selector():
    condition = FieldCondition(field=SelectorField.RESOURCES_TYPE, equals=["AWS::S3::Object", "AWS::Lambda::Function"])
    with _raises("conditions: resources.type takes exactly one value per selector, got 2. Add one selector per value."):
        EventSelector(category=EventCategory.DATA, conditions=[condition])


def test_resource_type_must_look_like_one():
    with _raises("resource_type 's3 objects' is not a valid resources.type for Data events (expected the shape of 'AWS::S3::Object')"):
        EventSelector.data_events("s3 objects")


def test_network_event_source_must_look_like_one():
    with _raises("event_source 'kms' is not a valid eventSource for NetworkActivity events (expected the shape of 'kms.amazonaws.com')"):
        EventSelector.network_activity_events("kms")


def test_unknown_field_is_rejected():
    with _raises("FieldCondition field 'eventTime' is not one CloudTrail accepts (allowed: eventCategory"):
        FieldCondition(field="eventTime", equals=["x"])


def test_field_condition_needs_values():
    with _raises("FieldCondition on eventName has no values. Give at least one of equals"):
        FieldCondition(field=SelectorField.EVENT_NAME)


@pytest.mark.parametrize("value, length", [("", 0), ("x" * 2049, 2049)])
def test_values_are_1_to_2048_characters(value, length):
    with _raises(f"event_names value {value[:40]!r} is {length} characters long; CloudTrail accepts 1 to 2048."):
        EventSelector.data_events(DataResourceType.S3_OBJECT, event_names=[value])


def test_values_are_listed_once():
    with _raises("event_names lists 'PutObject' more than once; CloudFormation rejects repeated values."):
        EventSelector.data_events(DataResourceType.S3_OBJECT, event_names=["PutObject", "PutObject"])


def test_values_are_a_list_not_a_string():
    with _raises("event_names expects a list of strings but got the string 'PutObject'. Wrap it in a list: ['PutObject']."):
        EventSelector.data_events(DataResourceType.S3_OBJECT, event_names="PutObject")


def test_read_only_is_true_false_or_none():
    with _raises("read_only 'write' must be True (read events only), False (write events only) or None (both)."):
        EventSelector.management_events(read_only="write")


@pytest.mark.parametrize("name", ["", "n" * 1001])
def test_selector_name_is_1_to_1000_characters(name):
    with _raises(f"name {name[:40]!r} must be 1 to 1000 characters."):
        EventSelector.management_events(name=name)


def test_s3_bucket_arn_prefix_needs_the_trailing_slash():
    with _raises("resources.ARN StartsWith value 'arn:aws:s3:::logs' is a bucket ARN without the trailing slash: it also matches every bucket whose name starts with the same letters. Use 'arn:aws:s3:::logs/'."):
        EventSelector.data_events(DataResourceType.S3_OBJECT, arn_starts_with=["arn:aws:s3:::logs"])


def test_no_management_events_takes_no_conditions():
    with _raises("EventSelector(category=None) marks a trail without management events and takes no conditions."):
        EventSelector(category=None, conditions=[FieldCondition(field=SelectorField.EVENT_NAME, equals=["x"])])


# ------------------------------------------------------------------------------ presets
def test_s3_objects_needs_buckets():
    with _raises("buckets is empty. Pass the buckets whose objects to record, or use EventSelector.s3_objects_of_all_buckets()."):
        EventSelector.s3_objects([])


def test_lambda_invocations_needs_functions_when_given():
    with _raises("functions is empty. Pass the functions whose invocations to record, or leave functions unset"):
        EventSelector.lambda_invocations([])


def test_record_trail_log_buckets_only_applies_to_s3_objects():
    with _raises("record_trail_log_buckets=True only applies to AWS::S3::Object data events, but this selector records AWS::Lambda::Function events."):
        EventSelector.data_events(DataResourceType.LAMBDA_FUNCTION, record_trail_log_buckets=True)


def test_selecting_the_trails_own_bucket_with_writes_is_the_feedback_loop():
    log_bucket_arn = "arn:aws:s3:::trail-logs"
    selector = EventSelector.s3_objects([_Bucket(log_bucket_arn)])
    with _raises("'S3 object events of selected buckets' selects one of the trail's own log buckets and records write events"):
        render_advanced_event_selectors([MANAGEMENT, selector], trail_bucket_arns=[log_bucket_arn])


def test_trail_bucket_arns_are_bucket_arns():
    with _raises("trail_bucket_arns value 'trail-logs' is not an S3 bucket ARN. Pass bucket.bucket_arn."):
        render_advanced_event_selectors([MANAGEMENT], trail_bucket_arns=["trail-logs"])


# ------------------------------------------------------------------------------ Insights
def test_management_insights_need_management_events():
    with _raises("insights: ApiErrorRateInsight on management events needs the trail to record management events, but event_selectors records none."):
        validate_event_selection([EventSelector.no_management_events(), S3_ALL], insights=[Insight.api_error_rate()])


def test_api_call_rate_insights_need_write_management_events():
    with _raises("insights: ApiCallRateInsight analyzes write management events, but the trail records only read-only management events (read_only=True)."):
        validate_event_selection([EventSelector.management_events(read_only=True)], insights=[Insight.api_call_rate()])


def test_data_insights_need_data_events():
    with _raises("insights: ApiCallRateInsight on data events needs the trail to record data events, but event_selectors records none."):
        validate_event_selection([MANAGEMENT], insights=[Insight.api_call_rate(data_events=True)])


def test_each_insight_type_once():
    with _raises("insights lists ApiErrorRateInsight twice."):
        validate_event_selection([MANAGEMENT, S3_ALL], insights=[Insight.api_error_rate(), Insight.api_error_rate(data_events=True)])


def test_insight_analyzes_some_events():
    with _raises("Insight ApiCallRateInsight analyzes neither management_events nor data_events."):
        Insight.api_call_rate(management_events=False)


def test_insight_type_must_be_one_cloudtrail_has():
    with _raises("insight_type 'ApiLatencyInsight' is not one CloudTrail accepts (allowed: ApiCallRateInsight, ApiErrorRateInsight)"):
        Insight(insight_type="ApiLatencyInsight")


# ------------------------------------------------------------------------------ aggregation
def test_aggregation_needs_data_events():
    with _raises("aggregation_templates summarize data events, but event_selectors records none."):
        validate_event_selection([MANAGEMENT], aggregation_templates=[AggregationTemplate.API_ACTIVITY])


def test_each_aggregation_template_once():
    with _raises("aggregation_templates lists a template twice (API_ACTIVITY, API_ACTIVITY)."):
        validate_event_selection(
            [MANAGEMENT, S3_ALL], aggregation_templates=[AggregationTemplate.API_ACTIVITY, "API_ACTIVITY"]
        )


def test_aggregation_template_must_be_one_cloudtrail_has():
    with _raises("aggregation_templates 'ERRORS' is not one CloudTrail accepts (allowed: API_ACTIVITY, RESOURCE_ACCESS, USER_ACTIONS)"):
        validate_event_selection([MANAGEMENT, S3_ALL], aggregation_templates=["ERRORS"])
