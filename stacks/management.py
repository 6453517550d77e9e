"""The management account: the organization trail, its alarms, the member StackSet and the SCP."""

import aws_cdk as cdk
from aws_cdk import aws_logs as logs
from constructs import Construct

from constructs_lib import (
    Delivery,
    LayoutConfig,
    MemberStackSet,
    SecureTrail,
    SecurityAlerts,
    TrailGuardrailPolicy,
)
from constructs_lib.layouts.account_trail import trail_into_archive

from .member import MemberTemplateStack


class ManagementStack(cdk.Stack):
    """The organization layout's management-account stack.

    - ``self.trail``: the organization trail (``SecureTrail``, multi-Region, log file validation)
      writing into the log archive's bucket with its key (by key ARN), and to a log group here whose
      delivery role may write the ``<organization id>_*`` streams. None when AWS Control Tower owns
      the organization trail (``control_tower``).
    - ``self.alerts``: the CIS / Security Hub metric-filter alarms on the organization trail's log
      group (one set covers every account), notifying an alert topic here.
    - ``self.member_stack_set``: the service-managed StackSet that gives every member account in the
      configured OUs and Regions, present and future, ``MemberEventForwarding``.
    - ``self.guardrails``: the guardrail SCP on the member OUs, unless ``guardrails`` is False.
    """

    def __init__(self, scope: Construct, construct_id: str, *, config: LayoutConfig, **kwargs) -> None:
        kwargs.setdefault("env", cdk.Environment(account=config.management_account, region=config.home_region))
        super().__init__(scope, construct_id, description="Organization trail, its alarms, member StackSet and guardrails", **kwargs)
        self.trail: SecureTrail | None = None
        log_group: logs.ILogGroup | None = None
        if not config.control_tower:
            self.trail = trail_into_archive(
                self, config, is_organization_trail=True, organization_id=config.organization_id
            )
            log_group = self.trail.log_group
        elif config.control_tower_log_group_name:
            log_group = logs.LogGroup.from_log_group_name(self, "ControlTowerLogGroup", config.control_tower_log_group_name)
        self.alerts: SecurityAlerts | None = None
        if log_group is not None:
            self.alerts = SecurityAlerts(
                self,
                "Alerts",
                log_group=log_group,
                delivery=Delivery.METRIC_FILTER_ALARM,
                email_addresses=list(config.alert_emails),
                alerts=config.alert_ids,
                trail_bucket_names=[config.log_bucket_name],
                trail_key_arns=config.trail_key_arns,
            )
        self.member_template = MemberTemplateStack(self, "MemberTemplate", config=config)
        self.member_stack_set = MemberStackSet(self, "Members", config=config, template_stack=self.member_template)
        self.guardrails = (
            TrailGuardrailPolicy(self, "Guardrails", config=config, stack_set_name=self.member_stack_set.stack_set_name)
            if config.guardrails
            else None
        )
