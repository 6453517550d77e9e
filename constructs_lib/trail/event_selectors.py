"""What a trail records: advanced event selectors, Insights and data event aggregation.

Value classes describe the events to record (``EventSelector``, ``FieldCondition``, ``Insight``);
pure functions check them against CloudTrail's published rules and turn them into ``CfnTrail``
properties. Nothing here creates a construct.

What costs money (AWS CloudTrail pricing, https://aws.amazon.com/cloudtrail/pricing/): the first
copy of management events in each Region is free and every further copy is billed; data events and
network activity events are billed from the first event; Insights are billed per event analyzed.

The rules come from the AWS documentation:

- AdvancedFieldSelector (fields per event category, operators, values):
  https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudtrail-trail-advancedfieldselector.html
- Quotas (500 values across all advanced event selectors of a trail):
  https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html
- Data event resource types and the log-bucket feedback loop:
  https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
- Network activity event sources:
  https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-network-events-with-cloudtrail.html
- Insights: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html
- Aggregation: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/aggregating-data-events.html
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from aws_cdk import aws_cloudtrail as cloudtrail

from .._shared.errors import ConfigurationError
from .._shared.validation import as_list, check_bool, is_token

if TYPE_CHECKING:
    from aws_cdk import aws_ec2 as ec2
    from aws_cdk import aws_lambda as lambda_
    from aws_cdk import aws_s3 as s3

# CloudTrail quotas: "a maximum of 500 total values for all conditions in all advanced event selectors".
MAX_VALUES_PER_TRAIL = 500
# AdvancedFieldSelector operator values: 1 to 2048 characters. AdvancedEventSelector Name: 1 to 1000.
MAX_VALUE_LENGTH = 2048
MAX_SELECTOR_NAME_LENGTH = 1000

DUPLICATE_MANAGEMENT_EVENTS_WARNING = "constructs-lib:duplicate-management-events"
TRAIL_LOG_BUCKET_DATA_EVENTS_WARNING = "constructs-lib:trail-log-bucket-data-events"


class EventCategory(StrEnum):
    """The kinds of events a trail's advanced event selector records (the ``eventCategory`` field)."""

    MANAGEMENT = "Management"
    DATA = "Data"
    NETWORK_ACTIVITY = "NetworkActivity"


class SelectorField(StrEnum):
    """Fields of the event record that a ``FieldCondition`` can filter on in a trail."""

    EVENT_CATEGORY = "eventCategory"
    EVENT_SOURCE = "eventSource"
    EVENT_NAME = "eventName"
    EVENT_TYPE = "eventType"
    READ_ONLY = "readOnly"
    RESOURCES_TYPE = "resources.type"
    RESOURCES_ARN = "resources.ARN"
    SESSION_CREDENTIAL_FROM_CONSOLE = "sessionCredentialFromConsole"
    USER_IDENTITY_ARN = "userIdentity.arn"
    ERROR_CODE = "errorCode"
    VPC_ENDPOINT_ID = "vpcEndpointId"


class ManagementEventSource(StrEnum):
    """High-volume management event sources a trail can leave out (the only two CloudTrail accepts)."""

    KMS = "kms.amazonaws.com"
    RDS_DATA_API = "rdsdata.amazonaws.com"


class InsightType(StrEnum):
    """CloudTrail Insights types."""

    API_CALL_RATE = "ApiCallRateInsight"
    API_ERROR_RATE = "ApiErrorRateInsight"


class AggregationTemplate(StrEnum):
    """Templates that summarize data events in 5-minute windows."""

    API_ACTIVITY = "API_ACTIVITY"
    RESOURCE_ACCESS = "RESOURCE_ACCESS"
    USER_ACTIONS = "USER_ACTIONS"


class DataResourceType:
    """Common ``resources.type`` values of data events.

    Any other value from the "Data events supported by AWS CloudTrail" table of the CloudTrail
    User Guide can be passed as a plain string, for example ``"AWS::Bedrock::Model"``.
    """

    S3_OBJECT = "AWS::S3::Object"
    S3_ACCESS_POINT = "AWS::S3::AccessPoint"
    S3_EXPRESS_OBJECT = "AWS::S3Express::Object"
    S3_OBJECT_LAMBDA_ACCESS_POINT = "AWS::S3ObjectLambda::AccessPoint"
    S3_OUTPOSTS_OBJECT = "AWS::S3Outposts::Object"
    LAMBDA_FUNCTION = "AWS::Lambda::Function"
    DYNAMODB_TABLE = "AWS::DynamoDB::Table"
    DYNAMODB_STREAM = "AWS::DynamoDB::Stream"
    SNS_TOPIC = "AWS::SNS::Topic"
    SNS_PLATFORM_ENDPOINT = "AWS::SNS::PlatformEndpoint"
    SQS_QUEUE = "AWS::SQS::Queue"
    EBS_SNAPSHOT = "AWS::EC2::Snapshot"
    GLUE_TABLE = "AWS::Glue::Table"
    KINESIS_STREAM = "AWS::Kinesis::Stream"
    STEP_FUNCTIONS_STATE_MACHINE = "AWS::StepFunctions::StateMachine"


class NetworkActivityEventSource:
    """Common event sources of network activity events (API calls through VPC endpoints).

    Any other value from the list in "Logging network activity events" of the CloudTrail User
    Guide can be passed as a plain string, for example ``"athena.amazonaws.com"``.
    """

    CLOUDTRAIL = "cloudtrail.amazonaws.com"
    DYNAMODB = "dynamodb.amazonaws.com"
    EC2 = "ec2.amazonaws.com"
    KMS = "kms.amazonaws.com"
    LAMBDA = "lambda.amazonaws.com"
    S3 = "s3.amazonaws.com"
    SECRETS_MANAGER = "secretsmanager.amazonaws.com"
    SNS = "sns.amazonaws.com"
    SQS = "sqs.amazonaws.com"
    SSM = "ssm.amazonaws.com"


# Operators in the order CloudFormation lists them, with their CloudFormation names.
_OPERATOR_NAMES = {
    "equals": "Equals",
    "starts_with": "StartsWith",
    "ends_with": "EndsWith",
    "not_equals": "NotEquals",
    "not_starts_with": "NotStartsWith",
    "not_ends_with": "NotEndsWith",
}
_ANY = frozenset(_OPERATOR_NAMES)
_EQUALS = frozenset({"equals"})
_F = SelectorField
# Fields a trail accepts per event category, with the operators each accepts.
_FIELD_OPERATORS = {
    EventCategory.MANAGEMENT: {_F.READ_ONLY: _EQUALS, _F.EVENT_SOURCE: frozenset({"not_equals"})},
    EventCategory.DATA: {
        _F.RESOURCES_TYPE: _EQUALS,
        _F.READ_ONLY: _EQUALS,
        _F.EVENT_NAME: _ANY,
        _F.EVENT_SOURCE: _ANY,
        _F.EVENT_TYPE: _ANY,
        _F.RESOURCES_ARN: _ANY,
        _F.SESSION_CREDENTIAL_FROM_CONSOLE: frozenset({"equals", "not_equals"}),
        _F.USER_IDENTITY_ARN: _ANY,
    },
    EventCategory.NETWORK_ACTIVITY: {
        _F.EVENT_SOURCE: _EQUALS,
        _F.EVENT_NAME: _ANY,
        _F.ERROR_CODE: _EQUALS,
        _F.VPC_ENDPOINT_ID: _ANY,
        _F.USER_IDENTITY_ARN: _ANY,
    },
}
# Fields whose values CloudTrail restricts, per event category.
_ALLOWED_VALUES = {
    (EventCategory.MANAGEMENT, _F.READ_ONLY): ("true", "false"),
    (EventCategory.DATA, _F.READ_ONLY): ("true", "false"),
    (EventCategory.MANAGEMENT, _F.EVENT_SOURCE): tuple(ManagementEventSource),
    (EventCategory.DATA, _F.SESSION_CREDENTIAL_FROM_CONSOLE): ("true",),
    (EventCategory.NETWORK_ACTIVITY, _F.ERROR_CODE): ("VpceAccessDenied",),
}
# Fields that take one value: one resource type or network event source per selector ("add another
# selector"), readOnly true or false, errorCode VpceAccessDenied.
_SINGLE_VALUE = {
    (EventCategory.MANAGEMENT, _F.READ_ONLY),
    (EventCategory.DATA, _F.READ_ONLY),
    (EventCategory.DATA, _F.RESOURCES_TYPE),
    (EventCategory.NETWORK_ACTIVITY, _F.EVENT_SOURCE),
    (EventCategory.NETWORK_ACTIVITY, _F.ERROR_CODE),
}
# Fields a selector must have.
_REQUIRED_FIELD = {EventCategory.DATA: _F.RESOURCES_TYPE, EventCategory.NETWORK_ACTIVITY: _F.EVENT_SOURCE}
# Shapes of the required fields, with the parameter that sets them and an example.
_REQUIRED_SHAPE = {
    _F.RESOURCES_TYPE: (re.compile(r"AWS::[A-Za-z0-9]+::[A-Za-z0-9]+"), "resource_type", "'AWS::S3::Object'",
                        "a DataResourceType constant"),
    _F.EVENT_SOURCE: (re.compile(r"[a-z0-9-]+\.amazonaws\.com"), "event_source", "'kms.amazonaws.com'",
                      "a NetworkActivityEventSource constant"),
}

_S3_BUCKET_ARN_WITHOUT_SLASH = re.compile(r"arn:[a-z-]+:s3:::[^/]+")
_S3_BUCKET_ARN = re.compile(r"arn:[a-z-]+:s3:::[a-z0-9.-]+")

# The resources.type values of the table "Data events supported by AWS CloudTrail" in
# https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-events.html (read 2026).
# A value close to one of these is a misspelling (refused); any other well-formed value may be a
# type added since, so a trail only warns about it (UNKNOWN_DATA_RESOURCE_TYPE_WARNING).
KNOWN_DATA_RESOURCE_TYPES = frozenset(
    "AWS::" + name
    for name in """
    RDS::DBCluster S3::Object S3::AccessPoint S3Express::Object S3ObjectLambda::AccessPoint FSx::Volume
    S3Tables::Table S3Tables::TableBucket S3Vectors::VectorBucket S3Vectors::Index S3Outposts::Object
    SNS::PlatformEndpoint SNS::Topic SQS::Queue SCN::Instance SWF::Domain AppConfig::Configuration
    AppSync::GraphQLApi DSQL::Cluster B2BI::Transformer Backup::SearchJob Bedrock::AgentAlias
    Bedrock::AsyncInvoke Bedrock::FlowAlias Bedrock::Guardrail Bedrock::InlineAgent Bedrock::KnowledgeBase
    Bedrock::Model Bedrock::PromptVersion Bedrock::Session Bedrock::FlowExecution
    Bedrock::AutomatedReasoningPolicy Bedrock::AutomatedReasoningPolicyVersion
    Bedrock::DataAutomationProject Bedrock::DataAutomationInvocation Bedrock::DataAutomationProfile
    Bedrock::Blueprint Bedrock::Tool Bedrock::AdvancedOptimizePromptJob BedrockAgentCore::CodeInterpreter
    BedrockAgentCore::Browser BedrockAgentCore::WorkloadIdentity BedrockAgentCore::WorkloadIdentityDirectory
    BedrockAgentCore::TokenVault BedrockAgentCore::APIKeyCredentialProvider BedrockAgentCore::Runtime
    BedrockAgentCore::RuntimeEndpoint BedrockAgentCore::Gateway BedrockAgentCore::Memory
    BedrockAgentCore::OAuth2CredentialProvider BedrockAgentCore::BrowserCustom
    BedrockAgentCore::CodeInterpreterCustom BedrockAgentCore::Evaluator ServiceDiscovery::Namespace
    ServiceDiscovery::Service CloudFront::KeyValueStore CloudTrail::Channel CloudWatch::Metric
    NetworkFlowMonitor::Monitor NetworkFlowMonitor::Scope RUM::AppMonitor CodeGuruProfiler::ProfilingGroup
    CodeWhisperer::Customization CodeWhisperer::Profile Cognito::IdentityPool DataExchange::Asset
    KinesisFirehose::DeliveryStream Deadline::Fleet Deadline::Job Deadline::Queue Deadline::Worker
    DynamoDB::Table DynamoDB::Stream EC2::Snapshot EC2::InstanceConnectEndpoint ECS::ContainerInstance
    EKS::Dashboard EMRWAL::Workspace SMSVoice::OriginationIdentity SMSVoice::Message
    SocialMessaging::PhoneNumberId SocialMessaging::WabaId FinSpace::Environment
    GameLiftStreams::Application GameLiftStreams::StreamGroup Glue::Table GuardDuty::Detector
    GuardDuty::MalwareScan MedicalImaging::Datastore MedicalImaging::Imageset IoT::Certificate IoT::Thing
    GreengrassV2::ComponentVersion GreengrassV2::Deployment IoTSiteWise::Asset IoTSiteWise::TimeSeries
    SitewiseAssistant::Conversation IoTTwinMaker::Entity IoTTwinMaker::Workspace
    KendraRanking::ExecutionPlan Cassandra::Table Cassandra::Stream Kinesis::Stream
    Kinesis::StreamConsumer KinesisVideo::Stream KinesisVideo::SignalingChannel Lambda::Function
    GeoMaps::Provider GeoPlaces::Provider GeoRoutes::Provider MachineLearning::MlModel
    ManagedBlockchain::Network ManagedBlockchain::Node ManagedBlockchainQuery::QueryAPI MWAA::Environment
    NeptuneGraph::Graph One::UKey One::User PaymentCryptography::Alias PaymentCryptography::Key
    Pinpoint::App PCAConnectorAD::Connector PCAConnectorSCEP::Connector QApps::QApp QApps::QAppSession
    QBusiness::Application QBusiness::DataSource QBusiness::Index QBusiness::WebExperience
    QBusiness::Integration QDeveloper::Integration AIOps::InvestigationGroup Quicksight::ActionConnector
    QuickSight::Flow QuickSight::FlowSession SageMaker::Endpoint SageMaker::FeatureGroup
    SageMaker::ExperimentTrialComponent SageMaker::MlflowTrackingServer Signer::SigningJob
    Signer::SigningProfile SES::ConfigurationSet SES::EmailIdentity SES::Template SDB::Domain
    StepFunctions::Activity StepFunctions::StateMachine SSMMessages::ControlChannel SSM::ExecutionPreview
    SSM::ManagedNode Timestream::Database Timestream::RegionalEndpoint Timestream::Table
    VerifiedPermissions::PolicyStore ThinClient::Device ThinClient::Environment XRay::Trace
    AIDevOps::AgentSpace AIDevOps::Association AIDevOps::OperatorAppTeam AIDevOps::PipelineMetadata
    AIDevOps::Service CloudOptimization::Profile CloudOptimization::Recommendation NovaAct::WorkflowDefinition
    NovaAct::WorkflowRun Redshift::Cluster SupportAccess::Tenant SupportAccess::TrustingAccount
    SupportAccess::TrustingRole Transform::AgentInstance TransformCustom::Campaign
    TransformCustom::Conversation TransformCustom::KnowledgeItem TransformCustom::Package
    AgentAccessMCP::Tools
    """.split()
)
# Resource types users reach for whose API calls are management events, not data events.
_NOT_DATA_RESOURCE_TYPES = {
    "AWS::S3::Bucket": "AWS::S3::Object (bucket-level calls such as PutBucketPolicy are management events)",
    "AWS::KMS::Key": "management events (KMS calls are management events; exclude them with exclude_sources)",
    "AWS::IAM::Role": "management events (IAM calls are management events)",
}
# Event sources of network activity events named in the NetworkActivityEventSource constants and
# https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-network-events-with-cloudtrail.html.
# A value close to one of these (but not equal) is a misspelling; another well-formed one is warned about.
KNOWN_NETWORK_ACTIVITY_EVENT_SOURCES = frozenset(
    f"{name}.amazonaws.com"
    for name in """
    appconfig athena bedrock cloudformation cloudhsm cloudtrail codedeploy config dynamodb ec2 ecs
    elasticfilesystem elasticloadbalancing events firehose glue kms lakeformation lambda rds rekognition
    s3 sagemaker secretsmanager servicediscovery sns sqs ssm states storagegateway swf textract transcribe
    translate verifiedpermissions workmail
    """.split()
)
UNKNOWN_DATA_RESOURCE_TYPE_WARNING = "constructs-lib:unknown-data-resource-type"
UNKNOWN_NETWORK_EVENT_SOURCE_WARNING = "constructs-lib:unknown-network-activity-event-source"


def _values(values: Sequence[str], *, parameter: str) -> tuple[str, ...]:
    """The values of one operator as a tuple, after checking what CloudFormation accepts."""
    if isinstance(values, str):
        raise ConfigurationError(
            f"{parameter} expects a list of strings but got the string {values!r}. Wrap it in a list: [{values!r}]."
        )
    values = tuple(as_list(values, parameter=parameter, example="['PutObject']"))
    for value in values:
        if not isinstance(value, str):
            raise ConfigurationError(f"{parameter} value {value!r} is not a string. Pass strings only.")
        if not is_token(value) and not 1 <= len(value) <= MAX_VALUE_LENGTH:
            raise ConfigurationError(
                f"{parameter} value {value[:40]!r} is {len(value)} characters long; CloudTrail accepts "
                f"1 to {MAX_VALUE_LENGTH}. Remove empty values and shorten long ones."
            )
    duplicates = sorted({value for value in values if values.count(value) > 1})
    if duplicates:
        raise ConfigurationError(
            f"{parameter} lists {duplicates[0]!r} more than once; CloudFormation rejects repeated values. "
            f"List each value once."
        )
    return values


@dataclass(frozen=True, kw_only=True)
class FieldCondition:
    """One condition on a field of the event record: an AdvancedFieldSelector.

    Values of one operator are OR'd (``equals``, ``starts_with``, ``ends_with``: the event matches if
    any matches); exclusions are AND'd (``not_*``: the event is dropped if any matches); the two
    groups are AND'd. Wildcards such as ``*`` are not supported: use the prefix and suffix operators.

    :param field: The event record field, a ``SelectorField`` or its string value.
    :param equals: Record events whose field is exactly one of these. Default: no such condition.
    :param starts_with: Record events whose field starts with one of these. Default: no such condition.
    :param ends_with: Record events whose field ends with one of these. Default: no such condition.
    :param not_equals: Drop events whose field is exactly one of these. Default: no such condition.
    :param not_starts_with: Drop events whose field starts with one of these. Default: no such condition.
    :param not_ends_with: Drop events whose field ends with one of these. Default: no such condition.
    """

    field: str
    equals: Sequence[str] = ()
    starts_with: Sequence[str] = ()
    ends_with: Sequence[str] = ()
    not_equals: Sequence[str] = ()
    not_starts_with: Sequence[str] = ()
    not_ends_with: Sequence[str] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "field", _member(SelectorField, self.field, parameter="FieldCondition field"))
        for operator, name in _OPERATOR_NAMES.items():
            object.__setattr__(
                self, operator, _values(getattr(self, operator), parameter=f"FieldCondition {self.field} {name}")
            )
        if not self.operators:
            raise ConfigurationError(
                f"FieldCondition on {self.field} has no values. Give at least one of equals, starts_with, "
                f"ends_with, not_equals, not_starts_with or not_ends_with."
            )

    @property
    def operators(self) -> dict[str, tuple[str, ...]]:
        """The operators that have values, by their Python name (``equals``, ``not_starts_with`` ...)."""
        return {operator: getattr(self, operator) for operator in _OPERATOR_NAMES if getattr(self, operator)}

    @property
    def value_count(self) -> int:
        """How many values the condition adds to the trail's quota of 500, tokens included."""
        return sum(len(values) for values in self.operators.values())


@dataclass(frozen=True, kw_only=True)
class EventSelector:
    """What one advanced event selector of a trail records. Build it with the classmethods.

    A trail records an event if it matches any of its selectors; within a selector every condition
    must match. Each recorded event is billed once per trail, however many selectors match it.

    :param category: The kind of events recorded; ``None`` only for ``no_management_events()``.
    :param conditions: Conditions on the event record, besides the event category.
        Default: none (every event of the category).
    :param name: A description shown in the console. Default: one generated by the classmethods.
    :param record_trail_log_buckets: For S3 object selectors that can record writes: do not exclude
        the trail's own log buckets. Default: False (they are excluded: the feedback loop is impossible).
    """

    category: EventCategory | None
    conditions: Sequence[FieldCondition] = ()
    name: str | None = None
    record_trail_log_buckets: bool = False

    def __post_init__(self) -> None:
        check_bool(self.record_trail_log_buckets, parameter="record_trail_log_buckets")
        object.__setattr__(self, "conditions", _sequence(self.conditions, "conditions"))
        if self.name is not None and not (
            isinstance(self.name, str) and 1 <= len(self.name) <= MAX_SELECTOR_NAME_LENGTH
        ):
            raise ConfigurationError(
                f"name {str(self.name)[:40]!r} must be 1 to {MAX_SELECTOR_NAME_LENGTH} characters. Shorten it, "
                f"or leave name unset for a generated one."
            )
        if self.category is None:
            if self.conditions or self.record_trail_log_buckets:
                raise ConfigurationError(
                    "EventSelector(category=None) marks a trail without management events and takes no "
                    "conditions. Use EventSelector.no_management_events() and add data selectors beside it."
                )
            return
        object.__setattr__(self, "category", _member(EventCategory, self.category, parameter="category"))
        _check_conditions(self.category, self.conditions)
        if self.record_trail_log_buckets and self.resource_type != DataResourceType.S3_OBJECT:
            raise ConfigurationError(
                f"record_trail_log_buckets=True only applies to {DataResourceType.S3_OBJECT} data events, but "
                f"this selector records {self.resource_type or self.category.value} events. Remove it."
            )

    # ------------------------------------------------------------------ management events
    @classmethod
    def management_events(
        cls,
        *,
        read_only: bool | None = None,
        exclude_sources: Sequence[ManagementEventSource] = (),
        name: str | None = None,
    ) -> EventSelector:
        """Management events (control-plane API calls such as CreateBucket, AttachRolePolicy).

        Cost: the first copy in each Region is free; a second trail recording them in the same
        account and Region pays for every event. CIS 3.1 / Security Hub CloudTrail.1 want read and
        write events with no source excluded.

        :param read_only: True records only read events, False only write events. Default: both.
        :param exclude_sources: High-volume sources to leave out (AWS KMS, RDS Data API).
            Default: none left out.
        :param name: Description of the selector. Default: generated, such as "All management events".
        """
        exclude_sources = _values(
            [
                _member(ManagementEventSource, source, parameter="exclude_sources").value
                for source in _sequence(exclude_sources, "exclude_sources")
            ],
            parameter="exclude_sources",
        )
        conditions = _read_only_condition(read_only)
        if exclude_sources:
            conditions.append(FieldCondition(field=_F.EVENT_SOURCE, not_equals=exclude_sources))
        description = "All management events" if read_only is None else _read_write(read_only, "management events")
        if exclude_sources:
            description += " except " + " and ".join(exclude_sources)
        return cls(category=EventCategory.MANAGEMENT, conditions=conditions, name=_name(name, description))

    @classmethod
    def no_management_events(cls) -> EventSelector:
        """Record no management events: for a data-events-only trail.

        Use it in accounts where another trail already records management events, so they are not
        paid for twice. Add the data or network activity selectors beside it; it records nothing itself.
        """
        return cls(category=None)

    # ------------------------------------------------------------------ data events
    @classmethod
    def data_events(
        cls,
        resource_type: str,
        *,
        read_only: bool | None = None,
        event_names: Sequence[str] = (),
        excluded_event_names: Sequence[str] = (),
        arn_equals: Sequence[str] = (),
        arn_starts_with: Sequence[str] = (),
        arn_not_starts_with: Sequence[str] = (),
        conditions: Sequence[FieldCondition] = (),
        name: str | None = None,
        record_trail_log_buckets: bool = False,
    ) -> EventSelector:
        """Data events (data-plane API calls) on one resource type.

        Cost: every data event is billed, including the first copy, and they are often high-volume
        (every S3 GetObject, every Lambda Invoke). Narrow them with the parameters below.

        :param resource_type: A ``DataResourceType`` constant or any ``resources.type`` value CloudTrail lists.
        :param read_only: True records only read events, False only write events. Default: both.
        :param event_names: Record only these API calls, such as ``["PutObject", "DeleteObject"]``.
            Default: every API call.
        :param excluded_event_names: Leave out these API calls. Default: none left out.
        :param arn_equals: Record only these resources (exact ARNs). Default: every resource,
            unless ``arn_starts_with`` is given.
        :param arn_starts_with: Record only resources whose ARN starts with one of these; for all
            objects of an S3 bucket give the bucket ARN followed by ``/``. Default: every resource,
            unless ``arn_equals`` is given.
        :param arn_not_starts_with: Leave out resources whose ARN starts with one of these.
            Default: none left out (but see ``record_trail_log_buckets``).
        :param conditions: Further conditions, such as on ``userIdentity.arn``, ``eventType`` or
            ``sessionCredentialFromConsole``. Default: none.
        :param name: Description of the selector. Default: generated from the resource type.
        :param record_trail_log_buckets: S3 objects only: also record writes to the trail's own log
            and access-log buckets. Every log delivery is then a billed data event that is itself
            delivered: a feedback loop. The trail warns when this is on. Default: False.
        """
        fields = [FieldCondition(field=_F.RESOURCES_TYPE, equals=[resource_type]), *_read_only_condition(read_only)]
        event_names = _values(event_names, parameter="event_names")
        excluded_event_names = _values(excluded_event_names, parameter="excluded_event_names")
        if event_names or excluded_event_names:
            fields.append(FieldCondition(field=_F.EVENT_NAME, equals=event_names, not_equals=excluded_event_names))
        arn_operators = {
            "equals": _values(arn_equals, parameter="arn_equals"),
            "starts_with": _values(arn_starts_with, parameter="arn_starts_with"),
            "not_starts_with": _values(arn_not_starts_with, parameter="arn_not_starts_with"),
        }
        if any(arn_operators.values()):
            fields.append(FieldCondition(field=_F.RESOURCES_ARN, **arn_operators))
        return cls(
            category=EventCategory.DATA,
            conditions=[*fields, *_sequence(conditions, "conditions")],
            name=_name(name, _read_write(read_only, f"{resource_type} data events")),
            record_trail_log_buckets=record_trail_log_buckets,
        )

    @classmethod
    def write_only_data_events(cls, resource_type: str, *, name: str | None = None, **options) -> EventSelector:
        """Only the write data events (Put, Delete, Update ...) on one resource type.

        Cheaper than all data events where reads dominate; what changed data, not who read it.
        Takes the keyword options of ``data_events`` except ``read_only``.

        :param resource_type: A ``DataResourceType`` constant or any ``resources.type`` value CloudTrail lists.
        :param name: Description of the selector. Default: "Write-only <type> data events".
        """
        return cls.data_events(resource_type, read_only=False, name=name, **options)

    @classmethod
    def s3_objects_of_all_buckets(
        cls, *, read_only: bool | None = None, name: str | None = None, record_trail_log_buckets: bool = False
    ) -> EventSelector:
        """Object-level events (GetObject, PutObject, DeleteObject ...) of every S3 bucket, except the trail's own.

        Meets CIS 3.8 (write) and 3.9 (read) object-level logging. The trail's log and access-log
        buckets are left out of write events, so log deliveries do not record themselves.
        Cost: every S3 object API call in the account is a billed data event.

        :param read_only: True records only reads, False only writes. Default: both.
        :param name: Description of the selector. Default: "S3 object events of all buckets".
        :param record_trail_log_buckets: Also record writes to the trail's own buckets (the feedback
            loop; the trail warns). Default: False.
        """
        return cls.data_events(
            DataResourceType.S3_OBJECT,
            read_only=read_only,
            name=_name(name, _read_write(read_only, "S3 object events of all buckets")),
            record_trail_log_buckets=record_trail_log_buckets,
        )

    @classmethod
    def s3_objects(
        cls,
        buckets: Sequence[s3.IBucket],
        *,
        read_only: bool | None = None,
        name: str | None = None,
        record_trail_log_buckets: bool = False,
    ) -> EventSelector:
        """Object-level events of the given S3 buckets: CIS object-level logging for chosen buckets.

        Cost: every object API call on these buckets is a billed data event.

        :param buckets: The buckets whose objects to record.
        :param read_only: True records only reads (CIS 3.9), False only writes (CIS 3.8). Default: both.
        :param name: Description of the selector. Default: "S3 object events of selected buckets".
        :param record_trail_log_buckets: Allow one of ``buckets`` to be the trail's own log bucket
            with write events recorded (the feedback loop; the trail warns). Default: False
            (naming it is an error unless ``read_only=True``).
        """
        buckets = _sequence(buckets, "buckets")
        if not buckets:
            raise ConfigurationError(
                "buckets is empty. Pass the buckets whose objects to record, or use "
                "EventSelector.s3_objects_of_all_buckets()."
            )
        return cls.data_events(
            DataResourceType.S3_OBJECT,
            read_only=read_only,
            arn_starts_with=[f"{bucket.bucket_arn}/" for bucket in buckets],
            name=_name(name, _read_write(read_only, "S3 object events of selected buckets")),
            record_trail_log_buckets=record_trail_log_buckets,
        )

    @classmethod
    def lambda_invocations(
        cls, functions: Sequence[lambda_.IFunction] | None = None, *, name: str | None = None
    ) -> EventSelector:
        """Lambda function invocations (the Invoke API), of all functions or the given ones.

        On a multi-Region trail "all functions" means every function in every Region, including
        functions created later. Cost: every invocation is a billed data event.

        :param functions: The functions whose invocations to record. Default: all functions.
        :param name: Description of the selector. Default: "Lambda invocations of all functions".
        """
        if functions is None:
            return cls.data_events(
                DataResourceType.LAMBDA_FUNCTION, name=_name(name, "Lambda invocations of all functions")
            )
        functions = _sequence(functions, "functions")
        if not functions:
            raise ConfigurationError(
                "functions is empty. Pass the functions whose invocations to record, or leave functions "
                "unset to record all functions."
            )
        return cls.data_events(
            DataResourceType.LAMBDA_FUNCTION,
            arn_equals=[function.function_arn for function in functions],
            name=_name(name, "Lambda invocations of selected functions"),
        )

    # ------------------------------------------------------------------ network activity events
    @classmethod
    def network_activity_events(
        cls,
        event_source: str,
        *,
        access_denied_only: bool = False,
        vpc_endpoints: Sequence[ec2.IVpcEndpoint] = (),
        event_names: Sequence[str] = (),
        conditions: Sequence[FieldCondition] = (),
        name: str | None = None,
    ) -> EventSelector:
        """Network activity events: API calls to one service made through your VPC endpoints.

        Recorded for the owner of the VPC endpoint. Cost: every network activity event is billed.
        For several services add one selector each.

        :param event_source: A ``NetworkActivityEventSource`` constant or any event source CloudTrail
            lists for network activity events, such as ``"kms.amazonaws.com"``.
        :param access_denied_only: Record only calls a VPC endpoint policy denied
            (``errorCode`` ``VpceAccessDenied``). Default: False (every call).
        :param vpc_endpoints: Record only calls through these endpoints. Default: every endpoint.
        :param event_names: Record only these API calls. Default: every API call.
        :param conditions: Further conditions, such as on ``userIdentity.arn``. Default: none.
        :param name: Description of the selector. Default: generated from the event source.
        """
        check_bool(access_denied_only, parameter="access_denied_only")
        fields = [FieldCondition(field=_F.EVENT_SOURCE, equals=[event_source])]
        if access_denied_only:
            fields.append(FieldCondition(field=_F.ERROR_CODE, equals=["VpceAccessDenied"]))
        vpc_endpoints = _sequence(vpc_endpoints, "vpc_endpoints")
        if vpc_endpoints:
            fields.append(FieldCondition(field=_F.VPC_ENDPOINT_ID, equals=[e.vpc_endpoint_id for e in vpc_endpoints]))
        event_names = _values(event_names, parameter="event_names")
        if event_names:
            fields.append(FieldCondition(field=_F.EVENT_NAME, equals=event_names))
        description = f"Network activity events for {event_source}"
        if access_denied_only:
            description = f"VPC endpoint access denied events for {event_source}"
        return cls(
            category=EventCategory.NETWORK_ACTIVITY,
            conditions=[*fields, *_sequence(conditions, "conditions")],
            name=_name(name, description),
        )

    # ------------------------------------------------------------------ facts about the selector
    @property
    def resource_type(self) -> str | None:
        """The ``resources.type`` of a data event selector; None for other selectors."""
        return self._single_value(_F.RESOURCES_TYPE) if self.category == EventCategory.DATA else None

    @property
    def read_only(self) -> bool | None:
        """True if the selector records only read events, False only write events, None both."""
        value = self._single_value(_F.READ_ONLY)
        return None if value is None else value == "true"

    @property
    def records_s3_object_writes(self) -> bool:
        """Whether the selector can record writes to S3 objects, such as CloudTrail's log deliveries."""
        return self.resource_type == DataResourceType.S3_OBJECT and self.read_only is not True

    def _single_value(self, field: SelectorField) -> str | None:
        for condition in self.conditions:
            if condition.field == field and condition.equals:
                return condition.equals[0]
        return None


@dataclass(frozen=True, kw_only=True)
class Insight:
    """A CloudTrail Insights type and the events it analyzes. Build it with the classmethods.

    Cost: billed per event analyzed (after a free 28-day baseline); with both types on, write
    management events and all data events are analyzed twice. Insights can take up to 36 hours to
    start after they are turned on.

    :param insight_type: The Insights type.
    :param management_events: Analyze management events. Default: True.
    :param data_events: Analyze data events. Default: False.
    """

    insight_type: InsightType
    management_events: bool = True
    data_events: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "insight_type", _member(InsightType, self.insight_type, parameter="insight_type"))
        check_bool(self.management_events, parameter="management_events")
        check_bool(self.data_events, parameter="data_events")
        if not (self.management_events or self.data_events):
            raise ConfigurationError(
                f"Insight {self.insight_type} analyzes neither management_events nor data_events. Set at "
                f"least one to True, or leave the Insight out."
            )

    @classmethod
    def api_call_rate(cls, *, management_events: bool = True, data_events: bool = False) -> Insight:
        """Unusual numbers of API calls per minute: write management calls, read and write data calls.

        Needs the trail to record write management events (for ``management_events``) and data
        events (for ``data_events``).

        :param management_events: Analyze write management events. Default: True.
        :param data_events: Analyze data events. Default: False.
        """
        return cls(
            insight_type=InsightType.API_CALL_RATE, management_events=management_events, data_events=data_events
        )

    @classmethod
    def api_error_rate(cls, *, management_events: bool = True, data_events: bool = False) -> Insight:
        """Unusual numbers of API calls that fail (error codes such as AccessDenied).

        Needs the trail to record management events (for ``management_events``) and data events
        (for ``data_events``).

        :param management_events: Analyze management events. Default: True.
        :param data_events: Analyze data events. Default: False.
        """
        return cls(
            insight_type=InsightType.API_ERROR_RATE, management_events=management_events, data_events=data_events
        )


# ---------------------------------------------------------------------------------------- checks
def validate_event_selection(
    selectors: Sequence[EventSelector],
    *,
    trail_bucket_arns: Sequence[str] = (),
    insights: Sequence[Insight] = (),
    aggregation_templates: Sequence[AggregationTemplate] = (),
) -> None:
    """Raise ``ConfigurationError`` if CloudTrail would reject the selection or it conflicts.

    Checks the selectors together (management events chosen once, no duplicates, at most 500 values
    including the log-bucket exclusions), Insights (the events they analyze are recorded) and
    aggregation (data events are recorded).

    :param selectors: What the trail records.
    :param trail_bucket_arns: ARNs of the trail's log and access-log buckets, excluded from S3 object
        writes. Default: none (the render step checks again with the real ARNs).
    :param insights: Insights to turn on. Default: none.
    :param aggregation_templates: Data event aggregation templates. Default: none.
    """
    _check_selectors(selectors, trail_bucket_arns)
    _check_insights(insights, selectors)
    _check_aggregation(aggregation_templates, selectors)


def records_management_events(selectors: Sequence[EventSelector]) -> bool:
    """Whether the selection records management events (so a second such trail pays for a copy)."""
    return any(selector.category == EventCategory.MANAGEMENT for selector in selectors)


def records_trail_log_bucket_writes(selectors: Sequence[EventSelector]) -> bool:
    """Whether a selector opted in to recording writes to the trail's own buckets (the feedback loop)."""
    return any(selector.record_trail_log_buckets and selector.records_s3_object_writes for selector in selectors)


def duplicate_management_events_message(other_trail: str) -> str:
    """The warning text for a second trail recording management events in the same account.

    :param other_trail: How to name the trail that already records them (a construct path or name).
    """
    return (
        f"This trail and {other_trail} both record management events in the same account: the first "
        f"copy is free, every event of the second copy is billed. Use EventSelector.no_management_events() "
        f"on one of them (a data-events-only trail), unless you need two copies."
    )


def trail_log_bucket_data_events_message() -> str:
    """The warning text for a trail that records writes to its own log buckets."""
    return (
        "The trail records S3 write data events on its own log buckets (record_trail_log_buckets=True): every "
        "log delivery is a billed data event that is delivered again, a feedback loop that never stops. Remove "
        "record_trail_log_buckets, or use read_only=True to record only who reads the logs."
    )


def _check_conditions(category: EventCategory, conditions: tuple[FieldCondition, ...]) -> None:
    """The conditions of one selector: each allowed for the category, each field once, required ones there."""
    fields = []
    for condition in conditions:
        _check_condition(category, condition)
        if condition.field in fields:
            raise ConfigurationError(
                f"conditions: field {condition.field} appears twice in one selector (from a parameter and a "
                f"FieldCondition, or from two FieldConditions). Combine the values into one FieldCondition."
            )
        fields.append(condition.field)
    required = _REQUIRED_FIELD.get(category)
    if required is None:
        return
    if required not in fields:
        raise ConfigurationError(
            f"A {category.value} event selector needs a {required} condition. Build it with "
            f"EventSelector.data_events(...) or EventSelector.network_activity_events(...)."
        )
    (value,) = next(c for c in conditions if c.field == required).equals
    pattern, parameter, example, constants = _REQUIRED_SHAPE[required]
    if not is_token(value) and not pattern.fullmatch(value):
        raise ConfigurationError(
            f"{parameter} {value!r} is not a valid {required} for {category.value} events "
            f"(expected the shape of {example}). Use {constants}, or copy the value from the CloudTrail "
            f"User Guide."
        )
    if not is_token(value):
        _check_known_value(value, parameter=parameter, constants=constants, required=required)


def _check_known_value(value: str, *, parameter: str, constants: str, required) -> None:
    """Refuse a resource type or event source CloudTrail does not support: one AWS lists as a
    management-event resource, or a misspelling of a supported one (a close match in another case
    or with a typo). A well-formed value CloudTrail may have added since is left to a warning."""
    known = KNOWN_DATA_RESOURCE_TYPES if required == _F.RESOURCES_TYPE else KNOWN_NETWORK_ACTIVITY_EVENT_SOURCES
    if value in known:
        return
    if value in _NOT_DATA_RESOURCE_TYPES:
        raise ConfigurationError(
            f"{parameter} {value!r} has no data events in CloudTrail. Use {_NOT_DATA_RESOURCE_TYPES[value]}."
        )
    same_but_case = [k for k in known if k.lower() == value.lower()]
    close = same_but_case or difflib.get_close_matches(value, known, n=1, cutoff=0.85)
    if close:
        raise ConfigurationError(
            f"{parameter} {value!r} is not a {required} CloudTrail supports for these events; did you mean "
            f"{close[0]!r}? Use {constants}, or copy the value from the CloudTrail User Guide."
        )


def unknown_selection_values(selectors: Sequence[EventSelector], category: EventCategory) -> list[str]:
    """A warning message for each resource type (``DATA``) or network event source
    (``NETWORK_ACTIVITY``) that the library does not know: possibly one CloudTrail added since,
    possibly one it rejects at deploy."""
    if category == EventCategory.DATA:
        known, what = KNOWN_DATA_RESOURCE_TYPES, "data event resource type"
    else:
        known, what = KNOWN_NETWORK_ACTIVITY_EVENT_SOURCES, "network activity event source"
    messages = []
    for selector in selectors:
        if selector.category != category:
            continue
        value = selector.resource_type if category == EventCategory.DATA else selector._single_value(_F.EVENT_SOURCE)
        if value is None or is_token(value) or value in known:
            continue
        messages.append(
            f"{value!r} is not a {what} this library knows. If CloudTrail added it recently, acknowledge "
            f"this warning; otherwise CloudTrail rejects the trail at deploy. Check the CloudTrail User Guide."
        )
    return messages


def _check_condition(category: EventCategory, condition: FieldCondition) -> None:
    """One condition: a field, operators and values that a trail accepts for the category."""
    if not isinstance(condition, FieldCondition):
        raise ConfigurationError(
            f"conditions element {condition!r} is not a FieldCondition. Build one with FieldCondition(field=...)."
        )
    field = condition.field
    allowed = _FIELD_OPERATORS[category]
    if field == _F.EVENT_CATEGORY:
        raise ConfigurationError(
            "conditions must not filter on eventCategory: the EventSelector classmethod sets it. Remove the "
            "condition and pick the classmethod for the kind of events you want."
        )
    if field not in allowed:
        raise ConfigurationError(
            f"conditions: field {field} is not allowed in {category.value} event selectors of a trail "
            f"(allowed: {', '.join(sorted(allowed))}). Remove the condition."
        )
    allowed_values = _ALLOWED_VALUES.get((category, field))
    for operator, values in condition.operators.items():
        if operator not in allowed[field]:
            names = " or ".join(sorted(_OPERATOR_NAMES[o] for o in allowed[field]))
            raise ConfigurationError(
                f"conditions: {field} {_OPERATOR_NAMES[operator]} is not allowed in {category.value} event "
                f"selectors ({field} accepts only {names}). Change the operator."
            )
        for value in values:
            if allowed_values and value not in allowed_values:
                raise ConfigurationError(
                    f"conditions: {field} value {value!r} is not allowed in {category.value} event selectors "
                    f"(allowed: {', '.join(allowed_values)}). Use one of those."
                )
            if field == _F.RESOURCES_ARN and not is_token(value) and "*" in value:
                raise ConfigurationError(
                    f"resources.ARN {_OPERATOR_NAMES[operator]} value {value!r} contains '*', but CloudTrail "
                    f"selectors take no wildcards (the '*' would be matched literally, recording nothing). Use "
                    f"arn_starts_with with the part before the '*', such as {value.split('*')[0]!r}."
                )
            if (
                field == _F.RESOURCES_ARN
                and operator in ("starts_with", "not_starts_with")
                and not is_token(value)
                and _S3_BUCKET_ARN_WITHOUT_SLASH.fullmatch(value)
            ):
                raise ConfigurationError(
                    f"resources.ARN {_OPERATOR_NAMES[operator]} value {value!r} is a bucket ARN without the "
                    f"trailing slash: it also matches every bucket whose name starts with the same letters. "
                    f"Use {value + '/'!r}."
                )
    if (category, field) in _SINGLE_VALUE and condition.value_count != 1:
        raise ConfigurationError(
            f"conditions: {field} takes exactly one value per selector, got {condition.value_count}. "
            f"Add one selector per value."
        )


def _check_selectors(selectors: Sequence[EventSelector], trail_bucket_arns: Sequence[str]) -> None:
    selectors = _sequence(selectors, "event_selectors")
    for selector in selectors:
        if not isinstance(selector, EventSelector):
            raise ConfigurationError(
                f"event_selectors element {selector!r} is not an EventSelector. Build selectors with the "
                f"EventSelector classmethods, such as EventSelector.management_events()."
            )
    if not selectors:
        raise ConfigurationError(
            "event_selectors is empty: the trail would record nothing. Leave event_selectors unset to record "
            "all management events, or list what to record."
        )
    management = [s for s in selectors if s.category == EventCategory.MANAGEMENT]
    without_management = [s for s in selectors if s.category is None]
    if len(management) > 1:
        raise ConfigurationError(
            f"event_selectors has {len(management)} management event selectors "
            f"({', '.join(repr(s.name) for s in management)}); a trail takes one. Keep one "
            f"EventSelector.management_events(...): leave read_only unset to record read and write events."
        )
    if management and without_management:
        raise ConfigurationError(
            "event_selectors has both EventSelector.management_events() and EventSelector.no_management_events(). "
            "Keep the one you mean."
        )
    if len(without_management) > 1:
        raise ConfigurationError("event_selectors lists EventSelector.no_management_events() twice. List it once.")
    if not management and not without_management:
        raise ConfigurationError(
            "event_selectors records no management events, and does not say so. Add "
            "EventSelector.management_events() to record them (the first copy in each Region is free), or "
            "EventSelector.no_management_events() for a data-events-only trail in an account where another "
            "trail records them."
        )
    if len(selectors) == len(without_management):
        raise ConfigurationError(
            "event_selectors has only EventSelector.no_management_events(): the trail would record nothing. "
            "Add data or network activity event selectors beside it."
        )
    seen = {}
    for selector in selectors:
        key = (selector.category, selector.conditions)
        if key in seen:
            raise ConfigurationError(
                f"event_selectors lists the same selector twice ({seen[key]!r} and {selector.name!r}). "
                f"Remove one."
            )
        seen[key] = selector.name
    exclusions = _trail_bucket_exclusions(trail_bucket_arns)
    total = sum(
        1 + sum(condition.value_count for condition in _conditions_with_exclusions(selector, exclusions))
        for selector in selectors
        if selector.category is not None  # 1 for the eventCategory value
    )
    if total > MAX_VALUES_PER_TRAIL:
        raise ConfigurationError(
            f"event_selectors use {total} values across all conditions (counting eventCategory, resources.type "
            f"and the exclusions of the trail's log buckets); CloudTrail accepts at most {MAX_VALUES_PER_TRAIL} "
            f"per trail. Use fewer values: prefer arn_starts_with prefixes to long lists of ARNs."
        )


def _check_insights(insights: Sequence[Insight], selectors: Sequence[EventSelector]) -> None:
    insights = _sequence(insights, "insights")
    for insight in insights:
        if not isinstance(insight, Insight):
            raise ConfigurationError(
                f"insights element {insight!r} is not an Insight. Build one with Insight.api_call_rate() or "
                f"Insight.api_error_rate()."
            )
    types = [insight.insight_type for insight in insights]
    for insight_type in set(types):
        if types.count(insight_type) > 1:
            raise ConfigurationError(
                f"insights lists {insight_type} twice. List each type once, with management_events and "
                f"data_events set as needed."
            )
    management = [s for s in selectors if s.category == EventCategory.MANAGEMENT]
    records_data = any(s.category == EventCategory.DATA for s in selectors)
    for insight in insights:
        if insight.management_events and not management:
            raise ConfigurationError(
                f"insights: {insight.insight_type} on management events needs the trail to record management "
                f"events, but event_selectors records none. Add EventSelector.management_events(), or set "
                f"management_events=False (and data_events=True to analyze data events)."
            )
        if (
            insight.management_events
            and insight.insight_type == InsightType.API_CALL_RATE
            and all(s.read_only is True for s in management)
        ):
            raise ConfigurationError(
                "insights: ApiCallRateInsight analyzes write management events, but the trail records only "
                "read-only management events (read_only=True). Record write events too (leave read_only unset), "
                "or use Insight.api_error_rate() instead."
            )
        if insight.data_events and not records_data:
            raise ConfigurationError(
                f"insights: {insight.insight_type} on data events needs the trail to record data events, but "
                f"event_selectors records none. Add a data event selector, or set data_events=False."
            )


def _check_aggregation(templates: Sequence[AggregationTemplate], selectors: Sequence[EventSelector]) -> None:
    templates = [
        _member(AggregationTemplate, template, parameter="aggregation_templates")
        for template in _sequence(templates, "aggregation_templates")
    ]
    if len(set(templates)) != len(templates):
        raise ConfigurationError(
            f"aggregation_templates lists a template twice ({', '.join(templates)}). List each template once."
        )
    if templates and not any(s.category == EventCategory.DATA for s in selectors):
        raise ConfigurationError(
            "aggregation_templates summarize data events, but event_selectors records none. Add a data event "
            "selector, or remove aggregation_templates."
        )


# ---------------------------------------------------------------------------------------- render
def render_advanced_event_selectors(
    selectors: Sequence[EventSelector], *, trail_bucket_arns: Sequence[str]
) -> list[cloudtrail.CfnTrail.AdvancedEventSelectorProperty]:
    """The ``AdvancedEventSelectors`` of a ``CfnTrail``, after validating the selection.

    Every S3 object selector that can record writes gets ``resources.ARN NotStartsWith <bucket ARN>/``
    for each of the trail's own buckets, unless it set ``record_trail_log_buckets``: CloudTrail's log
    deliveries are PutObject calls, and recording them is a feedback loop.

    :param selectors: What the trail records.
    :param trail_bucket_arns: ARNs of the trail's log bucket and access-log bucket (tokens are fine).
    """
    _check_selectors(selectors, trail_bucket_arns)
    exclusions = _trail_bucket_exclusions(trail_bucket_arns)
    return [
        cloudtrail.CfnTrail.AdvancedEventSelectorProperty(
            name=selector.name,
            field_selectors=[
                cloudtrail.CfnTrail.AdvancedFieldSelectorProperty(
                    field=_F.EVENT_CATEGORY.value, equal_to=[selector.category.value]
                ),
                *(_render_condition(c) for c in _conditions_with_exclusions(selector, exclusions)),
            ],
        )
        for selector in selectors
        if selector.category is not None
    ]


def render_insight_selectors(
    insights: Sequence[Insight], *, selectors: Sequence[EventSelector]
) -> list[cloudtrail.CfnTrail.InsightSelectorProperty] | None:
    """The ``InsightSelectors`` of a ``CfnTrail``, or None when Insights are off (property left out).

    ``EventCategories`` is written only when data events are analyzed; without it CloudTrail
    analyzes management events.

    :param insights: The Insights to turn on.
    :param selectors: What the trail records (Insights need the events they analyze).
    """
    _check_insights(insights, selectors)
    rendered = []
    for insight in insights:
        categories = None
        if insight.data_events:
            categories = [c for c, on in (("Management", insight.management_events), ("Data", True)) if on]
        rendered.append(
            cloudtrail.CfnTrail.InsightSelectorProperty(
                insight_type=insight.insight_type.value, event_categories=categories
            )
        )
    return rendered or None


def render_aggregation_configurations(
    templates: Sequence[AggregationTemplate], *, selectors: Sequence[EventSelector]
) -> list[cloudtrail.CfnTrail.AggregationConfigurationProperty] | None:
    """The ``AggregationConfigurations`` of a ``CfnTrail``, or None when aggregation is off.

    :param templates: The aggregation templates for data events.
    :param selectors: What the trail records (aggregation needs data events).
    """
    _check_aggregation(templates, selectors)
    if not templates:
        return None
    return [
        cloudtrail.CfnTrail.AggregationConfigurationProperty(
            event_category="Data", templates=[AggregationTemplate(t).value for t in templates]
        )
    ]


# ---------------------------------------------------------------------------------------- helpers
def _sequence(values, parameter: str) -> tuple:
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise ConfigurationError(f"{parameter} expects a list, got {values!r}. Pass a list, such as [{values!r}].")
    return tuple(values)


def _read_only_condition(read_only: bool | None) -> list[FieldCondition]:
    if read_only is None:
        return []
    if not isinstance(read_only, bool):
        raise ConfigurationError(
            f"read_only {read_only!r} must be True (read events only), False (write events only) or None (both)."
        )
    return [FieldCondition(field=_F.READ_ONLY, equals=["true" if read_only else "false"])]


def _read_write(read_only: bool | None, what: str) -> str:
    if read_only is None:
        return what[0].upper() + what[1:]
    return f"{'Read-only' if read_only else 'Write-only'} {what}"


def _name(name: str | None, generated: str) -> str:
    return generated if name is None else name


def _member(enum_class, value, *, parameter: str):
    """``value`` as a member of ``enum_class``, or a ConfigurationError listing the members."""
    try:
        return enum_class(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum_class)
        raise ConfigurationError(
            f"{parameter} {value!r} is not one CloudTrail accepts (allowed: {allowed}). Use a "
            f"{enum_class.__name__} member."
        ) from None


def _trail_bucket_exclusions(trail_bucket_arns: Sequence[str]) -> tuple[str, ...]:
    exclusions = []
    for arn in _sequence(trail_bucket_arns, "trail_bucket_arns"):
        if not isinstance(arn, str) or not (is_token(arn) or _S3_BUCKET_ARN.fullmatch(arn)):
            raise ConfigurationError(
                f"trail_bucket_arns value {arn!r} is not an S3 bucket ARN. Pass bucket.bucket_arn."
            )
        if f"{arn}/" not in exclusions:
            exclusions.append(f"{arn}/")
    return tuple(exclusions)


def _conditions_with_exclusions(selector: EventSelector, exclusions: tuple[str, ...]) -> list[FieldCondition]:
    """The selector's conditions, with the trail's buckets excluded from S3 object writes."""
    if not exclusions or selector.record_trail_log_buckets or not selector.records_s3_object_writes:
        return list(selector.conditions)
    arn_condition = next((c for c in selector.conditions if c.field == _F.RESOURCES_ARN), None)
    if arn_condition is None:
        return [*selector.conditions, FieldCondition(field=_F.RESOURCES_ARN, not_starts_with=exclusions)]
    if any(value in exclusions for value in arn_condition.starts_with + arn_condition.equals):
        raise ConfigurationError(
            f"{selector.name!r} selects one of the trail's own log buckets and records write events: every log "
            f"delivery would be recorded and delivered again. Use read_only=True to record who reads the logs, "
            f"or record_trail_log_buckets=True to accept the loop (the trail warns)."
        )
    not_starts_with = arn_condition.not_starts_with + tuple(
        e for e in exclusions if e not in arn_condition.not_starts_with
    )
    merged = replace(arn_condition, not_starts_with=not_starts_with)
    return [merged if c is arn_condition else c for c in selector.conditions]


def _render_condition(condition: FieldCondition) -> cloudtrail.CfnTrail.AdvancedFieldSelectorProperty:
    operators = {("equal_to" if op == "equals" else op): list(values) for op, values in condition.operators.items()}
    return cloudtrail.CfnTrail.AdvancedFieldSelectorProperty(field=condition.field.value, **operators)


# What a trail records when the user says nothing: all management events, no data events.
DEFAULT_EVENT_SELECTORS: tuple[EventSelector, ...] = (EventSelector.management_events(),)
