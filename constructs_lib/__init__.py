"""Constructs for AWS CloudTrail that deploy on the first try and pass compliance scanners."""

from ._shared.errors import ConfigurationError
from .alerts.alert_catalogue import AlertDefinition, Severity, catalogue, get_alert
from .alerts.alert_topic import AlertTopic
from .alerts.event_forwarding import CentralSecurityEventBus, ForwardSecurityEvents
from .alerts.security_alerts import AlertOptions, Delivery, SecurityAlerts
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
    "AccessLogBucket",
    "AggregationTemplate",
    "AlertDefinition",
    "AlertOptions",
    "AlertTopic",
    "CentralSecurityEventBus",
    "CloudTrailQueries",
    "CloudTrailTable",
    "ConfigurationError",
    "DataResourceType",
    "Delivery",
    "EventSelector",
    "FieldCondition",
    "ForwardSecurityEvents",
    "Insight",
    "InsightType",
    "LakeEventDataStore",
    "LogBucketOptions",
    "ManagementEventSource",
    "NetworkActivityEventSource",
    "QueryWorkGroup",
    "SavedQuery",
    "SecureTrail",
    "SecurityAlerts",
    "Severity",
    "TrailKey",
    "TrailLogBucket",
    "TrailLogGroup",
    "TrailNotificationTopic",
    "catalogue",
    "execution_parameters",
    "get_alert",
    "saved_queries",
]
