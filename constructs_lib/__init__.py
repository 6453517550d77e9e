"""Constructs for AWS CloudTrail that deploy on the first try and pass compliance scanners."""

__version__ = "0.1.0"

from ._shared.errors import ConfigurationError
from .alerts.alert_catalogue import AlertDefinition, Severity, catalogue, get_alert
from .alerts.alert_topic import AlertTopic
from .alerts.event_forwarding import CentralSecurityEventBus, ForwardSecurityEvents
from .alerts.security_alerts import AlertOptions, Delivery, SecurityAlerts
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
