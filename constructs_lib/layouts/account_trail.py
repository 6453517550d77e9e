"""One account's share of the accounts layout: its trail into the central log archive, its
alarms, and its forwarding to the central event bus."""

from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from .._shared.errors import ConfigurationError
from .._shared.signatures import visible_signature
from .._shared.validation import check_instance
from ..alerts.security_alerts import Delivery, SecurityAlerts
from ..trail.trail import SecureTrail
from .config import Layout, LayoutConfig
from .member_forwarding import MemberEventForwarding


def trail_into_archive(scope: Construct, config: LayoutConfig, **props) -> SecureTrail:
    """A ``SecureTrail`` named ``config.trail_name`` that writes into the central log bucket with the
    central key (by key ARN), whose policies the log-archive stack applies; ``props`` add to it."""
    return SecureTrail(
        scope,
        "Trail",
        trail_name=config.trail_name,
        s3_key_prefix=config.s3_key_prefix,
        bucket=s3.Bucket.from_bucket_attributes(
            scope, "LogBucket", bucket_name=config.log_bucket_name,
            account=config.log_archive_account, region=config.home_region,
        ),
        encryption_key=kms.Key.from_key_arn(scope, "TrailKey", config.trail_key_arn),
        cloud_watch_logs_retention=config.cloud_watch_logs_retention_days,
        policies_applied_by="the log-archive stack",
        **props,
    )


@visible_signature
class AccountTrail(Construct):
    """One account's share of the accounts layout: its trail, alarms and forwarding.

    ``self.trail``: a ``SecureTrail`` named ``trail_name`` writing into the central bucket with the
    central key (by key ARN), and to a log group here encrypted with a key of this account;
    ``self.alerts``: the CIS / Security Hub metric-filter alarms on that log group (no organization
    trail covers this account), to an alert topic here; ``self.forwarding``: the catalogue's events
    forwarded to the account's central bus.

    :param config: The layout's configuration (its ``trail_key_arn`` must be set).
    :param event_bus_index: Which central bus this account forwards to
        (``config.event_bus_index(account)``).
    """

    def __init__(self, scope: Construct, construct_id: str, *, config: LayoutConfig, event_bus_index: int) -> None:
        check_instance(config, LayoutConfig, parameter="config", example="LayoutConfig(...)")
        config.check_layout(Layout.ACCOUNTS, what="AccountTrail")
        config.check_event_bus_index(event_bus_index)
        if config.trail_key_arn is None:
            raise ConfigurationError(
                "AccountTrail needs config.trail_key_arn: deploy the log-archive stack first, then set "
                "trail_key_arn to its output TrailKeyArn (a key in another account is named by key ARN)."
            )
        super().__init__(scope, construct_id)
        self.trail = trail_into_archive(self, config)
        self.alerts = SecurityAlerts(
            self,
            "Alerts",
            log_group=self.trail.log_group,
            delivery=Delivery.METRIC_FILTER_ALARM,
            email_addresses=list(config.alert_emails),
            alerts=config.alert_ids,
            trail_bucket_names=[config.log_bucket_name],
            trail_key_arns=[config.trail_key_arn],
        )
        self.forwarding = MemberEventForwarding(self, "Forwarding", config=config, event_bus_index=event_bus_index)
