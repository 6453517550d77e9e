"""Constructs for AWS CloudTrail that deploy on the first try and pass compliance scanners."""

from ._errors import ConfigurationError
from .access_log_bucket import AccessLogBucket
from .alert_catalogue import AlertDefinition, Severity, catalogue, get_alert
from .alert_topic import AlertTopic
from .event_selectors import (
    AggregationTemplate,
    DataResourceType,
    EventSelector,
    FieldCondition,
    Insight,
    InsightType,
    ManagementEventSource,
    NetworkActivityEventSource,
)
from .event_forwarding import CentralSecurityEventBus, ForwardSecurityEvents
from .log_bucket import LogBucketOptions, TrailLogBucket
from .security_alerts import AlertOptions, Delivery, SecurityAlerts
from .trail import SecureTrail
from .trail_key import TrailKey
from .trail_log_group import TrailLogGroup
from .trail_topic import TrailNotificationTopic

__all__ = [
    "AccessLogBucket",
    "AggregationTemplate",
    "AlertDefinition",
    "AlertOptions",
    "AlertTopic",
    "CentralSecurityEventBus",
    "ConfigurationError",
    "DataResourceType",
    "Delivery",
    "EventSelector",
    "FieldCondition",
    "ForwardSecurityEvents",
    "Insight",
    "InsightType",
    "LogBucketOptions",
    "ManagementEventSource",
    "NetworkActivityEventSource",
    "SecureTrail",
    "SecurityAlerts",
    "Severity",
    "TrailKey",
    "TrailLogBucket",
    "TrailLogGroup",
    "TrailNotificationTopic",
    "catalogue",
    "get_alert",
]
