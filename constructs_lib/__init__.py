"""Constructs for AWS CloudTrail that deploy on the first try and pass compliance scanners."""

__version__ = "0.1.0"

from ._shared.errors import ConfigurationError
from .alerts.alert_catalogue import (
    HEALTH_CHECKS,
    AlertDefinition,
    AlertKind,
    HealthCheckDefinition,
    Severity,
    catalogue,
    get_alert,
)
from .alerts.alert_topic import AlertTopic
from .alerts.event_forwarding import CentralSecurityEventBus, ForwardSecurityEvents
from .alerts.security_alerts import AlertOptions, Delivery, SecurityAlerts
from .alerts.trail_heartbeat import HeartbeatOptions, TrailHeartbeat
from .layouts.account_trail import AccountTrail
from .layouts.config import Layout, LayoutConfig
from .layouts.guardrails import TrailGuardrailPolicy
from .layouts.log_archive import CentralLogArchive
from .layouts.member_forwarding import MemberEventForwarding
from .layouts.member_stack_set import MemberStackSet
from .query.cloudtrail_queries import CloudTrailQueries
from .query.cloudtrail_table import CloudTrailTable
from .query.lake_event_data_store import LakeEventDataStore
from .query.query_workgroup import QueryWorkGroup
from .query.saved_queries import SavedQuery, execution_parameters, saved_queries
from .trail.access_log_bucket import AccessLogBucket
from .trail.event_selectors import (
    AggregationTemplate,
    DataResourceType,
    EventSelector,
    FieldCondition,
    Insight,
    InsightType,
    ManagementEventSource,
    NetworkActivityEventSource,
)
from .trail.log_bucket import LogBucketOptions, TrailLogBucket
from .trail.trail import SecureTrail
from .trail.trail_key import TrailKey
from .trail.trail_log_group import TrailLogGroup
from .trail.trail_topic import TrailNotificationTopic

__all__ = [
    "HEALTH_CHECKS",
    "AccessLogBucket",
    "AccountTrail",
    "AggregationTemplate",
    "AlertDefinition",
    "AlertKind",
    "AlertOptions",
    "AlertTopic",
    "CentralLogArchive",
    "CentralSecurityEventBus",
    "CloudTrailQueries",
    "CloudTrailTable",
    "ConfigurationError",
    "DataResourceType",
    "Delivery",
    "EventSelector",
    "FieldCondition",
    "ForwardSecurityEvents",
    "HealthCheckDefinition",
    "HeartbeatOptions",
    "Insight",
    "InsightType",
    "LakeEventDataStore",
    "Layout",
    "LayoutConfig",
    "LogBucketOptions",
    "ManagementEventSource",
    "MemberEventForwarding",
    "MemberStackSet",
    "NetworkActivityEventSource",
    "QueryWorkGroup",
    "SavedQuery",
    "SecureTrail",
    "SecurityAlerts",
    "Severity",
    "TrailGuardrailPolicy",
    "TrailHeartbeat",
    "TrailKey",
    "TrailLogBucket",
    "TrailLogGroup",
    "TrailNotificationTopic",
    "catalogue",
    "execution_parameters",
    "get_alert",
    "saved_queries",
]
