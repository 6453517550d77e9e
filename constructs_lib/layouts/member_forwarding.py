"""What every member account runs in each Region: its security events forwarded to the central bus."""

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_events as events
from constructs import Construct

from .._shared.signatures import visible_signature
from .._shared.validation import check_instance
from ..alerts._dead_letters import dead_letter_alarm
from ..alerts.alert_catalogue import catalogue
from ..alerts.event_forwarding import ForwardSecurityEvents
from .config import LayoutConfig

DEAD_LETTER_ALARM_PREFIX = "security-event-forwarding-dead-letters-"
"""Names of the member accounts' dead-letter alarms; the security account alerts on their state."""


def dead_letter_alarm_state_pattern() -> events.EventPattern:
    """The forwarded state changes of member accounts' dead-letter alarms, when they go to ALARM."""
    return events.EventPattern(
        source=["aws.cloudwatch"],
        detail_type=["CloudWatch Alarm State Change"],
        detail={"alarmName": [{"prefix": DEAD_LETTER_ALARM_PREFIX}], "state": {"value": ["ALARM"]}},
    )


def forwarded_alerts(config: LayoutConfig, region: str) -> list[str]:
    """The alerts forwarded from ``region``: the configured ones, less those whose events reach
    EventBridge only in another Region (global services: us-east-1). A StackSet template, whose
    Region is only known at deploy, keeps them all (outside us-east-1 their rules never match)."""
    known = catalogue()
    selected = known if config.alerts is None else {alert: known[alert] for alert in config.alerts}
    if cdk.Token.is_unresolved(region):
        return list(selected)
    return [
        alert for alert, definition in selected.items()
        if definition.global_service_region in (None, region)
    ]


@visible_signature
class MemberEventForwarding(Construct):
    """A member account's forwarding of the catalogue's security events to the security account.

    Defines a ``ForwardSecurityEvents`` (one rule per alert, the role EventBridge needs for a bus
    in another account, an encrypted dead-letter queue) aimed at the central bus the configuration
    names for this account (in a Region other than us-east-1, without the alerts on global
    services, whose events reach EventBridge only there), and an alarm on the dead-letter queue whose state change is forwarded
    too, so the security account hears of undelivered events without a topic and subscriptions in
    every member account; the alarm also opens an OpsItem in the account's Systems Manager
    OpsCenter. Environment-agnostic and free of custom resources and assets: it is the
    member template of the organization's StackSet.

    :param config: The layout's configuration.
    :param event_bus_index: Which central bus to forward to. Default: 0 (the only one, unless the
        accounts layout spreads accounts over several).
    """

    def __init__(self, scope: Construct, construct_id: str, *, config: LayoutConfig, event_bus_index: int = 0) -> None:
        check_instance(config, LayoutConfig, parameter="config", example="LayoutConfig(...)")
        config.check_event_bus_index(event_bus_index)
        super().__init__(scope, construct_id)
        target_bus = events.EventBus.from_event_bus_arn(self, "CentralBus", config.event_bus_arn(event_bus_index))
        self.forwarding = ForwardSecurityEvents(
            self,
            "Forward",
            target_bus=target_bus,
            alerts=forwarded_alerts(config, cdk.Stack.of(self).region),
            trail_bucket_names=[config.log_bucket_name],
            trail_key_arns=config.trail_key_arns,
        )
        self.dead_letter_alarm = dead_letter_alarm(
            self,
            self.forwarding.dead_letter_queue,
            description=(
                "Security events could not be forwarded to the central event bus and wait in the "
                "dead-letter queue: check the central bus policy and the forwarding role."
            ),
        )
        # Region in the name: one StackSet puts this alarm in several Regions of an account.
        self.dead_letter_alarm.node.default_child.alarm_name = f"{DEAD_LETTER_ALARM_PREFIX}{cdk.Aws.REGION}"
        # An action in the account itself (an OpsItem in Systems Manager OpsCenter, no resource to
        # create): Control Tower's CT.CLOUDWATCH.PR.1 rejects alarms without one.
        self.dead_letter_alarm.add_alarm_action(
            cloudwatch_actions.SsmAction(cloudwatch_actions.OpsItemSeverity.HIGH, cloudwatch_actions.OpsItemCategory.SECURITY)
        )
        self.dead_letter_alarm_rule = events.Rule(
            self,
            "DeadLetterAlarmState",
            description="Forwards the dead-letter alarm's state changes to the central security event bus",
            event_pattern=events.EventPattern(
                source=["aws.cloudwatch"],
                detail_type=["CloudWatch Alarm State Change"],
                resources=[self.dead_letter_alarm.alarm_arn],
            ),
            targets=[self.forwarding.central_bus_target()],
        )
