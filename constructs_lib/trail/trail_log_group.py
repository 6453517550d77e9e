"""The CloudWatch Logs log group a trail delivers to, and the role CloudTrail delivers with."""

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from constructs import Construct

from .._shared import policies
from .._shared.acknowledgements import acknowledge
from .._shared.errors import ConfigurationError
from .._shared.resource_policy import add_statements_or_report
from .._shared.validation import retention_in_days

LOG_RETENTION_INFINITE_WARNING = "constructs-lib:log-retention-infinite"


class TrailLogGroup(Construct):
    """A KMS-encrypted log group for a trail, and CloudTrail's delivery role.

    Defines an ``AWS::Logs::LogGroup`` (unless ``log_group`` is given), an ``AWS::IAM::Role`` that
    only the CloudTrail service can assume, and an
    ``AWS::IAM::ManagedPolicy`` allowing just ``logs:CreateLogStream`` and ``logs:PutLogEvents`` on
    the trail's own log streams. Adds the CloudWatch Logs statement to the key's policy (or reports
    it when the key is imported).

    :param trail_name: Name of the trail that delivers here (names the default log group).
    :param encryption_key: Key for the new log group. Required unless ``log_group`` is given.
    :param log_group_name: Name of the new log group. Default: ``/aws/cloudtrail/<trail name>``.
    :param retention: How long events are kept; a value CloudWatch Logs accepts. Default: one year.
    :param log_group: An existing log group to deliver to instead of a new one. Default: a new one.
    :param removal_policy: What happens to a new log group when it leaves the stack. Default: RETAIN.
    :param organization_id: For an organization trail, the organization whose accounts' streams
        (``<organization id>_*``) the role may write too. Default: none.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        trail_name: str,
        encryption_key: kms.IKey | None = None,
        log_group_name: str | None = None,
        retention: logs.RetentionDays | int = logs.RetentionDays.ONE_YEAR,
        log_group: logs.ILogGroup | None = None,
        removal_policy: cdk.RemovalPolicy = cdk.RemovalPolicy.RETAIN,
        organization_id: str | None = None,
    ) -> None:
        days = retention_in_days(retention, parameter="cloud_watch_logs_retention")
        if log_group is None and encryption_key is None:
            raise ConfigurationError(
                "TrailLogGroup got neither log_group nor encryption_key. Pass the key that encrypts "
                "the new log group, or an existing log group."
            )
        super().__init__(scope, construct_id)
        stack = cdk.Stack.of(self)
        self.unapplied_statements: list[iam.PolicyStatement] = []
        if log_group is None:
            name = log_group_name or f"/aws/cloudtrail/{trail_name}"
            log_group_arn = stack.format_arn(
                service="logs", resource="log-group", resource_name=name,
                arn_format=cdk.ArnFormat.COLON_RESOURCE_NAME,
            )
            self.unapplied_statements = add_statements_or_report(
                self,
                encryption_key,
                [policies.cloudwatch_logs_key_statement(region=stack.region, log_group_arns=[log_group_arn])],
                what=f"the policy of key {encryption_key.key_arn}",
                output_id="RequiredKeyPolicyForLogGroup",
            )
            log_group = logs.LogGroup(
                self,
                "Resource",
                log_group_name=name,
                encryption_key=encryption_key,
                retention=logs.RetentionDays.INFINITE,
                removal_policy=removal_policy,
            )
            log_group.node.default_child.retention_in_days = days
            if days is None:
                cdk.Annotations.of(self).add_warning_v2(
                    LOG_RETENTION_INFINITE_WARNING,
                    "The CloudTrail log group never expires events: storage cost grows without bound and "
                    "compliance scanners flag it. Set cloud_watch_logs_retention to a number of days.",
                )
        self.log_group = log_group

        # Streams are named <account>_CloudTrail_<region>[_n]; an organization trail's member
        # streams start with "<organization id>_" (the role policy AWS documents for both).
        stream_prefixes = [f"{stack.account}_CloudTrail_{stack.region}", *([f"{organization_id}_"] if organization_id else [])]
        log_streams_arns = [
            stack.format_arn(
                service="logs",
                resource="log-group",
                resource_name=f"{log_group.log_group_name}:log-stream:{prefix}*",
                arn_format=cdk.ArnFormat.COLON_RESOURCE_NAME,
            )
            for prefix in stream_prefixes
        ]
        self.delivery_role = iam.Role(
            self,
            "DeliveryRole",
            description="Lets AWS CloudTrail deliver the trail's events to CloudWatch Logs",
            # The trust policy AWS documents for this role has no condition, and AWS does not document
            # that CloudTrail sends aws:SourceArn when it assumes it: a condition it does not send
            # would fail CreateTrail. A role cannot be passed to a trail of another account
            # (iam:PassRole is same-account only), so there is no confused deputy to guard against.
            assumed_by=iam.ServicePrincipal(policies.CLOUDTRAIL_PRINCIPAL),
        )
        self.delivery_policy = iam.ManagedPolicy(
            self,
            "DeliveryPolicy",
            description="CloudTrail delivery to the trail's log streams only",
            statements=[policies.cloudtrail_log_delivery_statement(log_stream_arns=log_streams_arns)],
            roles=[self.delivery_role],
        )
        acknowledge(self.delivery_policy, "cloudtrail-log-stream-wildcard", resources=log_streams_arns)
