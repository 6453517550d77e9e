"""The security account: the central event bus(es), the alert topic and the log readers' role."""

import aws_cdk as cdk
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from constructs_lib import AlertTopic, CentralSecurityEventBus, Layout, LayoutConfig, SecurityAlerts
from constructs_lib._shared.acknowledgements import acknowledge
from constructs_lib._shared.policies import cloudtrail_log_path, trail_arns_of
from constructs_lib._shared.resource_policy import POLICY_NOT_APPLIED_WARNING
from constructs_lib.layouts.log_archive import LOG_READER_ROLE_NAME
from constructs_lib.layouts.member_forwarding import dead_letter_alarm_state_pattern

from .log_archive import query_resources


class SecurityStack(cdk.Stack):
    """The security account's stack.

    ``self.topic`` is the central ``AlertTopic`` (subscribed by ``alert_emails``); ``self.buses``
    the ``CentralSecurityEventBus`` constructs (one, or ``event_bus_count`` in the accounts layout),
    each with ``SecurityAlerts`` on the forwarded events and an alert when a member account's
    forwarding dead-letter queue holds events; ``self.log_reader`` the role that may read and
    decrypt every log file in the log archive; ``self.queries`` the Athena queries when
    ``queries_in`` is "security" (else None).
    """

    def __init__(self, scope: Construct, construct_id: str, *, config: LayoutConfig, **kwargs) -> None:
        kwargs.setdefault("env", cdk.Environment(account=config.security_account, region=config.home_region))
        super().__init__(scope, construct_id, description="Central security event bus, alert topic and log readers", **kwargs)
        self.topic = AlertTopic(self, "AlertTopic", email_addresses=list(config.alert_emails), topic_name=config.alert_topic_name)
        organization = config.layout is Layout.ORGANIZATION
        self.buses: list[CentralSecurityEventBus] = []
        self.alerts: list[SecurityAlerts] = []
        for index in range(config.event_bus_count):
            suffix = str(index) if config.event_bus_count > 1 else ""
            bus = CentralSecurityEventBus(
                self,
                f"EventBus{suffix}",
                event_bus_name=config.event_bus_name(index),
                organization_id=config.organization_id if organization else None,
                source_account_ids=() if organization else config.event_bus_accounts(index),
            )
            self.buses.append(bus)
            self.alerts.append(
                SecurityAlerts(
                    self,
                    f"Alerts{suffix}",
                    log_group=None,
                    topic=self.topic,
                    event_bus=bus.event_bus,
                    alerts=config.alert_ids,
                    trail_bucket_names=[config.log_bucket_name],
                    trail_key_arns=config.trail_key_arns,
                )
            )
            events.Rule(
                self,
                f"ForwardingDeadLetters{suffix}",
                description="A member account's security events wait in its forwarding dead-letter queue",
                event_bus=bus.event_bus,
                event_pattern=dead_letter_alarm_state_pattern(),
                targets=[self.topic.rule_target()],
            )
        self.log_reader = self._log_reader_role(config)
        self.queries = None
        if config.queried_accounts and config.queries_in == "security" and config.trail_key_arn:
            bucket = s3.Bucket.from_bucket_attributes(
                self, "LogBucket", bucket_name=config.log_bucket_name,
                account=config.log_archive_account, region=config.home_region,
            )
            self.queries = query_resources(self, config, bucket=bucket, key=kms.Key.from_key_arn(self, "TrailKey", config.trail_key_arn))
            self.queries.grant_query(self.log_reader)
            # The log archive's key policy already lets this account's principals decrypt log files.
            cdk.Annotations.of(self.queries).acknowledge_warning(
                POLICY_NOT_APPLIED_WARNING, "The log-archive stack admits this account's principals (queries_in)."
            )

    def _log_reader_role(self, config: LayoutConfig) -> iam.Role:
        bucket_arn = f"arn:{config.partition}:s3:::{config.log_bucket_name}"
        role = iam.Role(
            self,
            "LogReader",
            role_name=LOG_READER_ROLE_NAME,
            description="Reads and decrypts the CloudTrail log files in the log archive",
            assumed_by=iam.AccountRootPrincipal(),
        )
        log_files = f"{bucket_arn}/{cloudtrail_log_path(config.s3_key_prefix, '*')}"
        statements = [
            iam.PolicyStatement(actions=["s3:GetObject"], resources=[log_files]),
            iam.PolicyStatement(actions=["s3:ListBucket", "s3:GetBucketLocation"], resources=[bucket_arn]),
            iam.PolicyStatement(
                actions=["kms:Decrypt"],
                resources=[config.trail_key_arn or f"arn:{config.partition}:kms:{config.home_region}:{config.log_archive_account}:key/*"],
                conditions={"StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": trail_arns_of(config.partition)}},
            ),
        ]
        policy = iam.ManagedPolicy(self, "LogReaderPolicy", statements=statements, roles=[role])
        acknowledge(policy, "log-reader-object-wildcards", resources=[log_files])
        return role
