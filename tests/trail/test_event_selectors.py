"""What each choice of events renders to, and that the rendering is a trail CloudFormation accepts."""

import pytest
from aws_cdk import aws_cloudtrail as cloudtrail
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Match

from constructs_lib.trail.event_selectors import (
    DEFAULT_EVENT_SELECTORS,
    AggregationTemplate,
    DataResourceType,
    EventSelector,
    FieldCondition,
    Insight,
    ManagementEventSource,
    NetworkActivityEventSource,
    SelectorField,
    duplicate_management_events_message,
    records_management_events,
    records_trail_log_bucket_writes,
    render_advanced_event_selectors,
    render_aggregation_configurations,
    render_insight_selectors,
)
from tests.helpers import cfn_lint_findings, new_stack, template_of

TRAIL_BUCKETS = ["arn:aws:s3:::trail-logs", "arn:aws:s3:::trail-access-logs"]
EXCLUDE_TRAIL_BUCKETS = {
    "Field": "resources.ARN",
    "NotStartsWith": ["arn:aws:s3:::trail-logs/", "arn:aws:s3:::trail-access-logs/"],
}
_CFN_OPERATORS = {
    "equal_to": "Equals",
    "starts_with": "StartsWith",
    "ends_with": "EndsWith",
    "not_equals": "NotEquals",
    "not_starts_with": "NotStartsWith",
    "not_ends_with": "NotEndsWith",
}


def _cfn(rendered):
    """Rendered AdvancedEventSelectorProperty objects as the CloudFormation JSON they become."""
    return [
        {
            "Name": selector.name,
            "FieldSelectors": [
                {"Field": f.field, **{cfn: getattr(f, py) for py, cfn in _CFN_OPERATORS.items() if getattr(f, py)}}
                for f in selector.field_selectors
            ],
        }
        for selector in rendered
    ]


def _render(*selectors, trail_bucket_arns=TRAIL_BUCKETS):
    return _cfn(render_advanced_event_selectors(list(selectors), trail_bucket_arns=trail_bucket_arns))


def _data(selector, trail_bucket_arns=TRAIL_BUCKETS):
    """The rendering of one data selector beside all management events."""
    management, data = _render(EventSelector.management_events(), selector, trail_bucket_arns=trail_bucket_arns)
    return data


# ------------------------------------------------------------------------------ management events
def test_default_records_all_management_events_and_no_data_events():
    assert _render(*DEFAULT_EVENT_SELECTORS) == [
        {"Name": "All management events", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}
    ]
    assert records_management_events(DEFAULT_EVENT_SELECTORS)


def test_write_only_management_events_without_kms_and_rds_data_api():
    selector = EventSelector.management_events(
        read_only=False, exclude_sources=[ManagementEventSource.KMS, ManagementEventSource.RDS_DATA_API]
    )
    assert _render(selector) == [
        {
            "Name": "Write-only management events except kms.amazonaws.com and rdsdata.amazonaws.com",
            "FieldSelectors": [
                {"Field": "eventCategory", "Equals": ["Management"]},
                {"Field": "readOnly", "Equals": ["false"]},
                {"Field": "eventSource", "NotEquals": ["kms.amazonaws.com", "rdsdata.amazonaws.com"]},
            ],
        }
    ]


def test_read_only_management_events():
    (rendered,) = _render(EventSelector.management_events(read_only=True, name="Reads"))
    assert rendered == {
        "Name": "Reads",
        "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}, {"Field": "readOnly", "Equals": ["true"]}],
    }


def test_data_events_only_trail_renders_no_management_selector():
    selectors = [EventSelector.no_management_events(), EventSelector.lambda_invocations()]
    assert [s["Name"] for s in _render(*selectors)] == ["Lambda invocations of all functions"]
    assert not records_management_events(selectors)


# ------------------------------------------------------------------------------ S3 object events
def test_all_buckets_excludes_the_trails_own_buckets_by_default():
    assert _data(EventSelector.s3_objects_of_all_buckets()) == {
        "Name": "S3 object events of all buckets",
        "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]},
            {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
            EXCLUDE_TRAIL_BUCKETS,
        ],
    }


def test_read_only_all_buckets_keeps_the_trail_buckets_because_reads_cannot_loop():
    # CloudTrail's deliveries are PutObject calls; recording who reads the logs is wanted.
    assert _data(EventSelector.s3_objects_of_all_buckets(read_only=True)) == {
        "Name": "Read-only S3 object events of all buckets",
        "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]},
            {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
            {"Field": "readOnly", "Equals": ["true"]},
        ],
    }


def test_opting_in_to_the_feedback_loop_is_visible_to_the_trail():
    loop = EventSelector.s3_objects_of_all_buckets(record_trail_log_buckets=True)
    assert EXCLUDE_TRAIL_BUCKETS not in _data(loop)["FieldSelectors"]
    assert records_trail_log_bucket_writes([loop])
    assert not records_trail_log_bucket_writes([EventSelector.s3_objects_of_all_buckets()])


def test_exclusion_joins_an_existing_resources_arn_condition():
    selector = EventSelector.data_events(
        DataResourceType.S3_OBJECT,
        event_names=["PutObject", "DeleteObject"],
        arn_not_starts_with=["arn:aws:s3:::scratch/"],
    )
    assert _data(selector)["FieldSelectors"] == [
        {"Field": "eventCategory", "Equals": ["Data"]},
        {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
        {"Field": "eventName", "Equals": ["PutObject", "DeleteObject"]},
        {
            "Field": "resources.ARN",
            "NotStartsWith": ["arn:aws:s3:::scratch/", "arn:aws:s3:::trail-logs/", "arn:aws:s3:::trail-access-logs/"],
        },
    ]


@pytest.fixture(scope="module")
def token_stack():
    """A stack whose buckets have token ARNs, and imported resources with known identifiers."""
    stack = new_stack(stack_id="Tokens")
    stack.log_bucket = s3.Bucket(stack, "LogBucket")
    stack.access_log_bucket = s3.Bucket(stack, "AccessLogBucket")
    stack.data_bucket = s3.Bucket(stack, "DataBucket")
    return stack


def _get_att_arn_slash(stack, bucket):
    return {"Fn::Join": ["", [{"Fn::GetAtt": [stack.get_logical_id(bucket.node.default_child), "Arn"]}, "/"]]}


def test_exclusion_works_with_token_bucket_arns(token_stack):
    (management, data) = render_advanced_event_selectors(
        [EventSelector.management_events(), EventSelector.s3_objects_of_all_buckets()],
        trail_bucket_arns=[token_stack.log_bucket.bucket_arn, token_stack.access_log_bucket.bucket_arn],
    )
    exclusion = data.field_selectors[-1]
    assert exclusion.field == "resources.ARN"
    assert token_stack.resolve(exclusion.not_starts_with) == [
        _get_att_arn_slash(token_stack, token_stack.log_bucket),
        _get_att_arn_slash(token_stack, token_stack.access_log_bucket),
    ]


def test_cis_object_level_logging_of_chosen_buckets(token_stack):
    selector = EventSelector.s3_objects([token_stack.data_bucket])
    (management, data) = render_advanced_event_selectors(
        [EventSelector.management_events(), selector], trail_bucket_arns=[token_stack.log_bucket.bucket_arn]
    )
    assert data.name == "S3 object events of selected buckets"
    assert [f.field for f in data.field_selectors] == ["eventCategory", "resources.type", "resources.ARN"]
    arn = data.field_selectors[-1]
    assert token_stack.resolve(arn.starts_with) == [_get_att_arn_slash(token_stack, token_stack.data_bucket)]
    assert token_stack.resolve(arn.not_starts_with) == [_get_att_arn_slash(token_stack, token_stack.log_bucket)]


def test_recording_who_reads_the_log_bucket_is_allowed(token_stack):
    selector = EventSelector.s3_objects([token_stack.log_bucket], read_only=True)
    (management, data) = render_advanced_event_selectors(
        [EventSelector.management_events(), selector], trail_bucket_arns=[token_stack.log_bucket.bucket_arn]
    )
    assert [f.field for f in data.field_selectors] == ["eventCategory", "resources.type", "readOnly", "resources.ARN"]
    assert data.field_selectors[-1].not_starts_with is None


# ------------------------------------------------------------------------------ other data events
def test_lambda_invocations_of_all_functions():
    assert _data(EventSelector.lambda_invocations()) == {
        "Name": "Lambda invocations of all functions",
        "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]},
            {"Field": "resources.type", "Equals": ["AWS::Lambda::Function"]},
        ],
    }


def test_lambda_invocations_of_chosen_functions(token_stack):
    arn = "arn:aws:lambda:us-east-1:111111111111:function:payments"
    function = lambda_.Function.from_function_arn(token_stack, "Payments", arn)
    assert _data(EventSelector.lambda_invocations([function]))["FieldSelectors"][-1] == {
        "Field": "resources.ARN",
        "Equals": [arn],
    }


def test_write_only_data_events():
    assert _data(EventSelector.write_only_data_events(DataResourceType.DYNAMODB_TABLE)) == {
        "Name": "Write-only AWS::DynamoDB::Table data events",
        "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]},
            {"Field": "resources.type", "Equals": ["AWS::DynamoDB::Table"]},
            {"Field": "readOnly", "Equals": ["false"]},
        ],
    }


def test_any_resource_type_with_field_conditions():
    selector = EventSelector.data_events(
        "AWS::SNS::Topic",
        event_names=["Publish"],
        arn_starts_with=["arn:aws:sns:us-east-1:111111111111:orders"],
        conditions=[
            FieldCondition(field=SelectorField.USER_IDENTITY_ARN, not_starts_with=["arn:aws:sts::111111111111:assumed-role/scanner"]),
            FieldCondition(field=SelectorField.EVENT_TYPE, not_equals=["AwsServiceEvent"]),
        ],
    )
    assert _data(selector) == {
        "Name": "AWS::SNS::Topic data events",
        "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]},
            {"Field": "resources.type", "Equals": ["AWS::SNS::Topic"]},
            {"Field": "eventName", "Equals": ["Publish"]},
            {"Field": "resources.ARN", "StartsWith": ["arn:aws:sns:us-east-1:111111111111:orders"]},
            {"Field": "userIdentity.arn", "NotStartsWith": ["arn:aws:sts::111111111111:assumed-role/scanner"]},
            {"Field": "eventType", "NotEquals": ["AwsServiceEvent"]},
        ],
    }


# ------------------------------------------------------------------------------ network activity events
def test_vpc_endpoint_access_denied_events(token_stack):
    endpoint = ec2.InterfaceVpcEndpoint.from_interface_vpc_endpoint_attributes(
        token_stack, "KmsEndpoint", vpc_endpoint_id="vpce-0123456789abcdef0", port=443
    )
    selector = EventSelector.network_activity_events(
        NetworkActivityEventSource.KMS, access_denied_only=True, vpc_endpoints=[endpoint]
    )
    assert _data(selector) == {
        "Name": "VPC endpoint access denied events for kms.amazonaws.com",
        "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["NetworkActivity"]},
            {"Field": "eventSource", "Equals": ["kms.amazonaws.com"]},
            {"Field": "errorCode", "Equals": ["VpceAccessDenied"]},
            {"Field": "vpcEndpointId", "Equals": ["vpce-0123456789abcdef0"]},
        ],
    }


# ------------------------------------------------------------------------------ Insights and aggregation
def test_insights_name_event_categories_only_for_data_events():
    selectors = [EventSelector.management_events(), EventSelector.s3_objects_of_all_buckets()]
    call_rate, error_rate = render_insight_selectors(
        [Insight.api_call_rate(), Insight.api_error_rate(data_events=True)], selectors=selectors
    )
    assert (call_rate.insight_type, call_rate.event_categories) == ("ApiCallRateInsight", None)
    assert (error_rate.insight_type, error_rate.event_categories) == ("ApiErrorRateInsight", ["Management", "Data"])
    assert render_insight_selectors([], selectors=selectors) is None


def test_data_event_aggregation():
    selectors = [EventSelector.no_management_events(), EventSelector.s3_objects_of_all_buckets()]
    (aggregation,) = render_aggregation_configurations(
        [AggregationTemplate.API_ACTIVITY, AggregationTemplate.USER_ACTIONS], selectors=selectors
    )
    assert (aggregation.event_category, aggregation.templates) == ("Data", ["API_ACTIVITY", "USER_ACTIONS"])
    assert render_aggregation_configurations([], selectors=selectors) is None


def test_duplicate_management_events_warning_says_what_it_costs():
    message = duplicate_management_events_message("Org/Trail")
    assert "Org/Trail" in message and "first copy is free" in message and "billed" in message


# ------------------------------------------------------------------------------ CloudFormation
@pytest.fixture(scope="module")
def template():
    """One bare CfnTrail carrying every kind of rendered selection, synthesized once."""
    stack = new_stack(stack_id="Selection")
    log_bucket = s3.Bucket(stack, "LogBucket")
    access_log_bucket = s3.Bucket(stack, "AccessLogBucket")
    selectors = [
        EventSelector.management_events(exclude_sources=[ManagementEventSource.KMS]),
        EventSelector.s3_objects_of_all_buckets(),
        EventSelector.s3_objects([s3.Bucket(stack, "DataBucket")], read_only=True),
        EventSelector.lambda_invocations(),
        EventSelector.network_activity_events(NetworkActivityEventSource.S3, access_denied_only=True),
    ]
    cloudtrail.CfnTrail(
        stack,
        "Trail",
        is_logging=True,
        s3_bucket_name=log_bucket.bucket_name,
        advanced_event_selectors=render_advanced_event_selectors(
            selectors, trail_bucket_arns=[log_bucket.bucket_arn, access_log_bucket.bucket_arn]
        ),
        insight_selectors=render_insight_selectors(
            [Insight.api_call_rate(), Insight.api_error_rate(data_events=True)], selectors=selectors
        ),
        aggregation_configurations=render_aggregation_configurations(
            [AggregationTemplate.RESOURCE_ACCESS], selectors=selectors
        ),
    )
    return template_of(stack)


def test_template_is_cfn_lint_clean(template):
    assert cfn_lint_findings(template.to_json()) == []


def test_template_has_cloudformation_shaped_selection(template):
    template.has_resource_properties(
        "AWS::CloudTrail::Trail",
        {
            "AdvancedEventSelectors": Match.array_with(
                [
                    {
                        "Name": "All management events except kms.amazonaws.com",
                        "FieldSelectors": [
                            {"Field": "eventCategory", "Equals": ["Management"]},
                            {"Field": "eventSource", "NotEquals": ["kms.amazonaws.com"]},
                        ],
                    },
                    {
                        "Name": "S3 object events of all buckets",
                        "FieldSelectors": [
                            {"Field": "eventCategory", "Equals": ["Data"]},
                            {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
                            {"Field": "resources.ARN", "NotStartsWith": [Match.any_value(), Match.any_value()]},
                        ],
                    },
                ]
            ),
            "InsightSelectors": [
                {"InsightType": "ApiCallRateInsight"},
                {"InsightType": "ApiErrorRateInsight", "EventCategories": ["Management", "Data"]},
            ],
            "AggregationConfigurations": [{"EventCategory": "Data", "Templates": ["RESOURCE_ACCESS"]}],
        },
    )
