"""Constructs for AWS CloudTrail that deploy on the first try and pass compliance scanners.

Every public name is importable from here (``from constructs_lib import SecureTrail``). Each area is
imported when one of its names is first used, not when the package is: an app that builds only a
trail does not load the Athena queries' SQL parser or the layouts' StackSets library (see
``benchmarks/``, the default app's cold synthesis).
"""

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:  # what type checkers and IDEs read; _EXPORTS is the same list, for run time
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

# The module that defines each public name, relative to this package.
_EXPORTS = {
    "._shared.errors": ("ConfigurationError",),
    ".alerts.alert_catalogue": (
        "HEALTH_CHECKS", "AlertDefinition", "AlertKind", "HealthCheckDefinition", "Severity", "catalogue", "get_alert",
    ),
    ".alerts.alert_topic": ("AlertTopic",),
    ".alerts.event_forwarding": ("CentralSecurityEventBus", "ForwardSecurityEvents"),
    ".alerts.security_alerts": ("AlertOptions", "Delivery", "SecurityAlerts"),
    ".alerts.trail_heartbeat": ("HeartbeatOptions", "TrailHeartbeat"),
    ".layouts.account_trail": ("AccountTrail",),
    ".layouts.config": ("Layout", "LayoutConfig"),
    ".layouts.guardrails": ("TrailGuardrailPolicy",),
    ".layouts.log_archive": ("CentralLogArchive",),
    ".layouts.member_forwarding": ("MemberEventForwarding",),
    ".layouts.member_stack_set": ("MemberStackSet",),
    ".query.cloudtrail_queries": ("CloudTrailQueries",),
    ".query.cloudtrail_table": ("CloudTrailTable",),
    ".query.lake_event_data_store": ("LakeEventDataStore",),
    ".query.query_workgroup": ("QueryWorkGroup",),
    ".query.saved_queries": ("SavedQuery", "execution_parameters", "saved_queries"),
    ".trail.access_log_bucket": ("AccessLogBucket",),
    ".trail.event_selectors": (
        "AggregationTemplate", "DataResourceType", "EventSelector", "FieldCondition", "Insight", "InsightType",
        "ManagementEventSource", "NetworkActivityEventSource",
    ),
    ".trail.log_bucket": ("LogBucketOptions", "TrailLogBucket"),
    ".trail.trail": ("SecureTrail",),
    ".trail.trail_key": ("TrailKey",),
    ".trail.trail_log_group": ("TrailLogGroup",),
    ".trail.trail_topic": ("TrailNotificationTopic",),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}


def __getattr__(name: str):
    """Import a public name's module on first use (PEP 562); the name is then cached here."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
