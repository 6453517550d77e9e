"""Forward security-relevant CloudTrail events to a central event bus in the security account.

Two halves, one per account:

- ``ForwardSecurityEvents`` (each workload account and Region): one EventBridge rule per alert,
  whose target is the central bus, with the IAM role AWS requires for an event-bus target in
  another account (``RoleArn``; trusted by ``events.amazonaws.com`` for this account's rules,
  allowed ``events:PutEvents`` on the central bus only) and a dead-letter queue encrypted with a
  key of its own.
- ``CentralSecurityEventBus`` (security account): the bus, with a resource policy that lets only
  the named accounts, or the accounts of one organization, put events.

In the security account, ``SecurityAlerts(..., log_group=None, event_bus=central.event_bus)`` turns
the forwarded events into alerts. Forwarded events keep their ``account`` and ``region`` fields.
EventBridge does not forward an event a second time from the receiving bus to a third account.
"""

import json
import re
from collections.abc import Sequence

import aws_cdk as cdk
import jsii
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from constructs import Construct

from .._shared.errors import ConfigurationError
from .._shared.keys import customer_managed_key
from .._shared.signatures import visible_signature
from .._shared.validation import (
    as_list,
    check_account_id,
    check_account_ids,
    check_interface,
    check_organization_id,
    check_stack_region,
    known_regions,
)
from ._dead_letters import (
    EVENTS_PRINCIPAL,
    dead_letter_alarm,
    dead_letter_queue,
    eventbridge_dead_letter_key_statement,
    eventbridge_dead_letter_queue_statement,
)
from .alert_catalogue import AlertDefinition, catalogue
from .alert_topic import MAX_RULES_PER_TOPIC, AlertTopic, _Growing, rule_arn_of
from .security_alerts import _resolve_alert, alert_rule

# EventBridge: an event bus name has 1 to 256 characters of A-Z a-z 0-9 . - _ /; "default" is the
# default bus, and names starting with "aws." are reserved for partner event buses. The bus
# policy may hold at most 10,240 characters (PutPermission, AWS::Events::EventBusPolicy).
_EVENT_BUS_NAME = re.compile(r"[/.\-_A-Za-z0-9]{1,256}")
MAX_EVENT_BUS_POLICY_LENGTH = 10_240


# ---------------------------------------------------------------------------------------------
# Policy statements
# ---------------------------------------------------------------------------------------------


def forwarding_role_principal(*, account: str, region: str, partition: str) -> iam.IPrincipal:
    """EventBridge may assume the forwarding role, for rules of this account and Region only.

    AWS recommends ``aws:SourceArn`` (for event bus rule targets, the rule's ARN) and
    ``aws:SourceAccount`` against the confused deputy. The trust policy cannot name the rules
    themselves (each rule's target names the role), so it names this account's rules in this Region.

    https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html
    https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html
    """
    return iam.ServicePrincipal(
        EVENTS_PRINCIPAL,
        conditions={
            "StringEquals": {"aws:SourceAccount": account},
            "ArnLike": {"aws:SourceArn": f"arn:{partition}:events:{region}:{account}:rule/*"},
        },
    )


def put_events_statement(*, event_bus_arn: str) -> iam.PolicyStatement:
    """What the forwarding role may do: put events on the central bus, nothing else.

    https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html
    https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html ("We recommend
    always using IAM roles when the target of a rule is an event bus.")
    """
    return iam.PolicyStatement(actions=["events:PutEvents"], resources=[event_bus_arn])


def accounts_put_events_statement(*, event_bus_arn: str, account_ids: Sequence[str]) -> iam.PolicyStatement:
    """The named accounts may put events on the central bus: any principal whose account
    (``aws:PrincipalAccount``) is listed, so the statement grows by 15 characters per account
    instead of the 33 of an ``arn:aws:iam::<account>:root`` principal, and about 650 accounts fit
    in the bus policy's 10,240 characters.

    https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-example-policy-cross-account.html
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount
    """
    return iam.PolicyStatement(
        sid="AllowAccountsToPutEvents",
        principals=[iam.AnyPrincipal()],
        actions=["events:PutEvents"],
        resources=[event_bus_arn],
        conditions={"StringEquals": {"aws:PrincipalAccount": list(account_ids)}},
    )


def organization_put_events_statement(*, event_bus_arn: str, organization_id: str) -> iam.PolicyStatement:
    """The accounts of one organization may put events on the central bus (``aws:PrincipalOrgID``).

    Senders granted through an organization must name a role on their target (``RoleArn``).
    https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-eventbuspolicy.html
    https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html
    """
    return iam.PolicyStatement(
        sid="AllowOrganizationToPutEvents",
        principals=[iam.AnyPrincipal()],
        actions=["events:PutEvents"],
        resources=[event_bus_arn],
        conditions={"StringEquals": {"aws:PrincipalOrgID": organization_id}},
    )


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------


def check_event_bus_name(value: str, *, parameter: str = "event_bus_name") -> None:
    """A custom event bus name EventBridge accepts."""
    if isinstance(value, str) and cdk.Token.is_unresolved(value):
        return
    if (
        not isinstance(value, str)
        or not _EVENT_BUS_NAME.fullmatch(value)
        or value == "default"
        or value.startswith("aws.")
    ):
        raise ConfigurationError(
            f"{parameter} {value!r} is not a name EventBridge accepts for a custom event bus "
            f"(allowed: 1 to 256 letters, digits and . - _ /, not 'default' and not starting with "
            f"'aws.', which partner event buses use). Choose a name such as 'security-events'."
        )


_EVENT_BUS_ARN = re.compile(r"arn:aws[a-z-]*:events:([a-z0-9-]+):([^:]*):event-bus/.+")


def check_event_bus_target(bus, scope) -> None:
    """An ``events.IEventBus`` whose ARN, when known at synth, names an AWS Region and a 12-digit account."""
    check_interface(
        bus, parameter="target_bus", interface="events.IEventBus", attribute="event_bus_arn",
        example="events.EventBus.from_event_bus_arn(self, 'Central', 'arn:aws:events:us-east-1:111122223333:event-bus/security-events')",
    )
    arn = bus.event_bus_arn
    if cdk.Token.is_unresolved(arn):
        return
    match = _EVENT_BUS_ARN.fullmatch(arn)
    if match is None:
        raise ConfigurationError(
            f"target_bus has ARN {arn!r}, which is not an event bus ARN (expected "
            f"arn:<partition>:events:<region>:<12-digit account>:event-bus/<name>). Copy the ARN from "
            f"CentralSecurityEventBus.event_bus_arn."
        )
    region, account = match.groups()
    check_account_id(account, parameter="target_bus account (in its ARN)")
    if region not in known_regions():
        raise ConfigurationError(
            f"target_bus has ARN {arn!r}, whose Region {region!r} is not an AWS Region. Fix the ARN."
        )


def check_bus_principals(account_ids: Sequence[str], organization_id: str | None) -> None:
    """At least one sender: account ids (12 digits each) and/or an organization id."""
    if isinstance(account_ids, str):
        raise ConfigurationError(
            f"source_account_ids {account_ids!r} is a single string, not a list of account ids. Pass a "
            f"list, for example source_account_ids=[{account_ids!r}]."
        )
    check_account_ids(account_ids, parameter="source_account_ids")
    if organization_id is not None:
        check_organization_id(organization_id, parameter="organization_id")
    if not account_ids and organization_id is None:
        raise ConfigurationError(
            "CentralSecurityEventBus got neither source_account_ids nor organization_id, so no "
            "account could send events to it. Pass the 12-digit ids of the accounts that forward "
            "events, or the organization id (o-...) to accept every account of the organization."
        )


# ---------------------------------------------------------------------------------------------
# Constructs
# ---------------------------------------------------------------------------------------------


@jsii.implements(events.IRuleTarget)
class _CentralBusTarget:
    def __init__(self, forwarder: "ForwardSecurityEvents") -> None:
        self._forwarder = forwarder

    def bind(self, rule, _id=None) -> events.RuleTargetConfig:
        self._forwarder._allow_rule(rule)
        return events.RuleTargetConfig(
            arn=self._forwarder.target_bus.event_bus_arn,
            role=self._forwarder.role,
            dead_letter_config=events.CfnRule.DeadLetterConfigProperty(
                arn=self._forwarder.dead_letter_queue.queue_arn
            ),
        )


@visible_signature
class ForwardSecurityEvents(Construct):
    """Rules that forward the selected CloudTrail events to a central event bus in another account.

    Defines an ``AWS::IAM::Role`` that only EventBridge can assume, for this account's rules in
    this Region, with an ``AWS::IAM::ManagedPolicy`` allowing ``events:PutEvents`` on the central
    bus only; one ``AWS::Events::Rule`` per alert, with the alert's event pattern and rule state
    (``ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`` where the alert needs read-only events),
    whose target is the central bus with that role; and an ``AWS::SQS::Queue`` for events that
    could not be delivered, encrypted with an ``AWS::KMS::Key`` of its own (rotation on; its policy
    lets EventBridge encrypt for this account's rules in this Region), with an
    ``AWS::SQS::QueuePolicy`` for exactly these rules.

    CloudTrail events reach EventBridge only where a trail is logging, and events of global
    services only in us-east-1: deploy this construct in every Region you watch, including
    us-east-1 (the construct warns, ``constructs-lib:global-service-alert-region``, when a selected
    alert's events never reach the stack's Region).

    :param target_bus: The central bus (``events.EventBus.from_event_bus_arn`` in the other
        account). Its policy must let this account put events (``CentralSecurityEventBus``).
    :param alerts: Which events to forward: catalogue ids or ``AlertDefinition`` objects. Default:
        the events of every catalogue alert.
    :param event_bus: The bus the rules are on. Default: the account's default event bus.
    :param alert_topic: A topic to notify when events wait in the dead-letter queue. Default: no
        alarm (watch the queue's ``ApproximateNumberOfMessagesVisible`` yourself).
    :param trail_bucket_names: Scopes ``trail-bucket-policy-changes`` to these buckets.
        Default: any bucket.
    :param trail_key_arns: Scopes ``trail-key-disabled-or-deletion-scheduled`` to these keys.
        Default: any key.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        target_bus: events.IEventBus,
        alerts: Sequence[str | AlertDefinition] | None = None,
        event_bus: events.IEventBus | None = None,
        alert_topic: AlertTopic | None = None,
        trail_bucket_names: Sequence[str] = (),
        trail_key_arns: Sequence[str] = (),
    ) -> None:
        check_stack_region(scope)
        check_event_bus_target(target_bus, scope)
        if event_bus is not None:
            check_interface(
                event_bus, parameter="event_bus", interface="events.IEventBus", attribute="event_bus_arn",
                example="events.EventBus.from_event_bus_name(self, 'Bus', 'my-bus')",
            )
        if alert_topic is not None and not isinstance(alert_topic, AlertTopic):
            raise ConfigurationError(
                f"alert_topic is {alert_topic!r} of type {type(alert_topic).__name__}, not an AlertTopic (its "
                f"policies must let the dead-letter alarm publish). Pass an AlertTopic, or leave alert_topic unset."
            )
        alerts_by_id = catalogue(trail_bucket_names=trail_bucket_names, trail_key_arns=trail_key_arns)
        if alerts is not None and not isinstance(alerts, (str, AlertDefinition)):
            alerts = as_list(alerts, parameter="alerts", example="['root-account-usage']")
        if isinstance(alerts, (str, AlertDefinition)):
            raise ConfigurationError(
                f"alerts {alerts!r} is a single alert, not a list. Pass a list of catalogue ids or "
                f"AlertDefinition objects."
            )
        definitions = (
            list(alerts_by_id.values())
            if alerts is None
            else [_resolve_alert(alert, parameter="alerts", alerts_by_id=alerts_by_id) for alert in alerts]
        )
        ids = [definition.alert_id for definition in definitions]
        duplicates = sorted({alert_id for alert_id in ids if ids.count(alert_id) > 1})
        if duplicates:
            raise ConfigurationError(
                f"alerts names {', '.join(map(repr, duplicates))} more than once. Name each alert once."
            )
        if not definitions:
            raise ConfigurationError(
                "alerts is empty, so nothing would be forwarded. Leave alerts unset to forward the "
                "events of every catalogue alert, or name at least one."
            )
        if len(definitions) > MAX_RULES_PER_TOPIC:
            raise ConfigurationError(
                f"alerts names {len(definitions)} alerts, but one ForwardSecurityEvents forwards at most "
                f"{MAX_RULES_PER_TOPIC} (each rule ARN is in the dead-letter queue's policy, which AWS "
                f"limits to 8,192 bytes). Split them across two ForwardSecurityEvents."
            )
        super().__init__(scope, construct_id)
        stack = cdk.Stack.of(self)
        self.target_bus = target_bus
        self.policy = iam.ManagedPolicy(
            self,
            "Policy",
            description="Lets EventBridge put forwarded security events on the central event bus",
            statements=[put_events_statement(event_bus_arn=target_bus.event_bus_arn)],
        )
        self.role = iam.Role(
            self,
            "Role",
            description="Assumed by EventBridge to forward security events to the central event bus",
            assumed_by=forwarding_role_principal(account=stack.account, region=stack.region, partition=stack.partition),
            managed_policies=[self.policy],
        )
        self.key = customer_managed_key(
            self, "Key", description="Encrypts security events that could not be forwarded to the central event bus"
        )
        """The key of the dead-letter queue."""
        self.key.add_to_resource_policy(
            eventbridge_dead_letter_key_statement(account=stack.account, region=stack.region, partition=stack.partition)
        )
        self.dead_letter_queue = dead_letter_queue(self, encryption_key=self.key)
        self._rule_arns = _Growing()
        self.dead_letter_queue.add_to_resource_policy(
            eventbridge_dead_letter_queue_statement(
                queue_arn=self.dead_letter_queue.queue_arn, rule_arns=cdk.Lazy.list(self._rule_arns)
            )
        )
        self.dead_letter_alarm: cloudwatch.Alarm | None = None
        if alert_topic is not None:
            self.dead_letter_alarm = dead_letter_alarm(
                self,
                self.dead_letter_queue,
                description=(
                    "Security events could not be forwarded to the central event bus and wait in the "
                    "dead-letter queue: check the central bus policy and the forwarding role."
                ),
            )
            self.dead_letter_alarm.add_alarm_action(alert_topic.alarm_action())
        self.rules: dict[str, events.Rule] = {}
        """The forwarding rules, by alert id."""
        for definition in definitions:
            self.rules[definition.alert_id] = alert_rule(
                self,
                definition.alert_id,
                definition,
                event_bus=event_bus,
                targets=[_CentralBusTarget(self)],
                description=f"Forwards to the central security event bus: {definition.title}",
            )

    def central_bus_target(self) -> events.IRuleTarget:
        """A target that forwards another rule's events to the central bus, with this construct's
        role and dead-letter queue (the queue's policy admits the rule)."""
        return _CentralBusTarget(self)

    def _allow_rule(self, rule) -> None:
        self._rule_arns.items.append(rule_arn_of(rule))


@visible_signature
class CentralSecurityEventBus(Construct):
    """The security account's event bus, open to named accounts or one organization only.

    Defines an ``AWS::Events::EventBus`` and one ``AWS::Events::EventBusPolicy`` per kind of sender:
    ``events:PutEvents`` for the named accounts (account principals), and for any principal of the
    organization (``aws:PrincipalOrgID``). Senders use ``ForwardSecurityEvents``.

    :param event_bus_name: Name of the bus. Default: "security-events".
    :param source_account_ids: 12-digit ids of the accounts that may send. Default: none.
    :param organization_id: Organization (``o-`` + 10 to 32 lowercase letters or digits) whose
        accounts may send. Default: none. At least one of the two is required.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        event_bus_name: str = "security-events",
        source_account_ids: Sequence[str] = (),
        organization_id: str | None = None,
    ) -> None:
        check_stack_region(scope)
        check_event_bus_name(event_bus_name)
        source_account_ids = as_list(source_account_ids, parameter="source_account_ids", example="['111122223333']")
        check_bus_principals(source_account_ids, organization_id)
        super().__init__(scope, construct_id)
        self.event_bus = events.EventBus(
            self, "Resource", event_bus_name=event_bus_name, description="Security events forwarded from member accounts"
        )
        statements = []
        if source_account_ids:
            statements.append(
                accounts_put_events_statement(
                    event_bus_arn=self.event_bus.event_bus_arn, account_ids=list(dict.fromkeys(source_account_ids))
                )
            )
        if organization_id is not None:
            statements.append(
                organization_put_events_statement(event_bus_arn=self.event_bus.event_bus_arn, organization_id=organization_id)
            )
        self._check_policy_size(statements)
        for statement in statements:
            self.event_bus.add_to_resource_policy(statement)

    def _check_policy_size(self, statements: list[iam.PolicyStatement]) -> None:
        document = iam.PolicyDocument(statements=statements)
        resolved = cdk.Stack.of(self).resolve(document.to_json())
        # The bus ARN is a reference here; in AWS it is up to about 300 characters per statement.
        size = len(json.dumps(resolved, separators=(",", ":"))) + 300 * len(statements)
        if size > MAX_EVENT_BUS_POLICY_LENGTH:
            raise ConfigurationError(
                f"source_account_ids names so many accounts that the bus policy would be about {size} "
                f"characters, over EventBridge's limit of {MAX_EVENT_BUS_POLICY_LENGTH}. Use "
                f"organization_id to accept every account of the organization with one short statement."
            )

    @property
    def event_bus_arn(self) -> str:
        """The ARN of the bus, for ``events.EventBus.from_event_bus_arn`` in the sending accounts."""
        return self.event_bus.event_bus_arn

    @property
    def event_bus_name(self) -> str:
        """The name of the bus."""
        return self.event_bus.event_bus_name
