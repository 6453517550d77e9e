"""Constructs for AWS CloudTrail that deploy on the first try and pass compliance scanners."""

from ._errors import ConfigurationError
from .access_log_bucket import AccessLogBucket
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
from .log_bucket import LogBucketOptions, TrailLogBucket
from .trail import SecureTrail
from .trail_key import TrailKey
from .trail_log_group import TrailLogGroup
from .trail_topic import TrailNotificationTopic

__all__ = [
    "AccessLogBucket",
    "AggregationTemplate",
    "ConfigurationError",
    "DataResourceType",
    "EventSelector",
    "FieldCondition",
    "Insight",
    "InsightType",
    "LogBucketOptions",
    "ManagementEventSource",
    "NetworkActivityEventSource",
    "SecureTrail",
    "TrailKey",
    "TrailLogBucket",
    "TrailLogGroup",
    "TrailNotificationTopic",
]
