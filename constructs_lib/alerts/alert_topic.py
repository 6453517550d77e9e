"""The encrypted SNS topic security alerts are published to, and the policies that let them arrive.

A publisher that a topic policy or key policy does not allow is not refused at deploy time: its
notification is dropped when it fires, and nobody hears about it. This module therefore writes
every statement itself, one named function per publisher and policy, each with the AWS page it
comes from, and lets in exactly the alarms and rules that use the topic:

==============================  ======================================  ===============================
Publisher                       Topic policy (``sns:Publish``)          Topic key (``kms:Decrypt``,
                                                                        ``kms:GenerateDataKey*``)
==============================  ======================================  ===============================
CloudWatch alarms               ``aws:SourceArn`` = the alarms' ARNs,   ``aws:SourceAccount``,
(``cloudwatch.amazonaws.com``)  ``aws:SourceAccount``                   ``aws:SourceArn`` like this
                                                                        account's alarms, encryption
                                                                        context = this topic
EventBridge rules               ``aws:SourceArn`` = the rules' ARNs     encryption context = this topic
(``events.amazonaws.com``)                                              only: SNS does not support
                                                                        ``aws:SourceAccount``,
                                                                        ``aws:SourceArn`` or
                                                                        ``aws:SourceOrgID`` in a key
                                                                        policy for EventBridge
==============================  ======================================  ===============================

Events a rule cannot deliver, and notifications SNS cannot deliver to an email subscription, go to
the dead-letter queue, encrypted with the topic's key. Its queue policy lets in the same rules, and
this topic, by ``aws:SourceArn``; the key policy lets EventBridge and SNS encrypt for it (see
``_dead_letters`` for the statements and their sources). An alarm on the queue reports them.
"""

import re
from collections.abc import Sequence

import aws_cdk as cdk
import jsii
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from .._shared.errors import ConfigurationError
from .._shared.keys import customer_managed_key
from .._shared.resource_policy import add_statements_or_report
from .._shared.signatures import visible_signature
from .._shared.validation import as_list, check_key, check_stack_region, check_topic_name
from ._dead_letters import (
    EVENTS_PRINCIPAL,
    dead_letter_alarm,
    dead_letter_queue,
    eventbridge_dead_letter_key_statement,
    eventbridge_dead_letter_queue_statement,
    sns_dead_letter_key_statement,
    sns_dead_letter_queue_statement,
)

CLOUDWATCH_PRINCIPAL = "cloudwatch.amazonaws.com"

# A practical subset of RFC 5321/5322 addresses: what SNS email subscriptions are used with.
_EMAIL_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}")
MAX_EMAIL_ADDRESS_LENGTH = 254
MAX_DISPLAY_NAME_LENGTH = 100

# An SQS queue policy holds at most 8,192 bytes and an SNS topic policy 30 KB. A rule ARN is up to
# about 150 characters (arn:aws:events:<region>:<account>:rule/<bus>/<64-character name>), an
# alarm ARN up to about 300; these caps keep both policies inside AWS's limits.
MAX_RULES_PER_TOPIC = 50
MAX_ALARMS_PER_TOPIC = 80

# What is lost while the owner of an imported key has not added a publisher's key statement.
_KEY_STATEMENT_CONSEQUENCES = {
    "alarms": "the alerts of the alarms are dropped without an error",
    "rules": "the alerts of the rules are dropped without an error",
    "rule-dead-letters": "alerts the rules could not deliver are dropped instead of waiting in the dead-letter queue",
    "subscription-dead-letters": "alerts SNS could not email are dropped instead of waiting in the dead-letter queue",
}


# ---------------------------------------------------------------------------------------------
# Policy statements, one per publisher and policy
# ---------------------------------------------------------------------------------------------


def cloudwatch_alarms_topic_statement(*, topic_arn: str, alarm_arns: Sequence[str], account: str) -> iam.PolicyStatement:
    """CloudWatch may publish to the topic for these alarms only.

    https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html (CloudWatch alarms,
    ``aws:SourceArn``) and https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger
    """
    return iam.PolicyStatement(
        sid="AllowCloudWatchAlarmsToPublish",
        principals=[iam.ServicePrincipal(CLOUDWATCH_PRINCIPAL)],
        actions=["sns:Publish"],
        resources=[topic_arn],
        conditions={
            "ArnEquals": {"aws:SourceArn": alarm_arns},
            "StringEquals": {"aws:SourceAccount": account},
        },
    )


def eventbridge_rules_topic_statement(*, topic_arn: str, rule_arns: Sequence[str]) -> iam.PolicyStatement:
    """EventBridge may publish to the topic for these rules only (``aws:SourceArn`` = rule ARN).

    https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
    https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html
    ("For EventBridge event bus rule targets, the value of aws:SourceArn must be the rule ARN.")
    """
    return iam.PolicyStatement(
        sid="AllowEventBridgeRulesToPublish",
        principals=[iam.ServicePrincipal(EVENTS_PRINCIPAL)],
        actions=["sns:Publish"],
        resources=[topic_arn],
        conditions={"ArnEquals": {"aws:SourceArn": rule_arns}},
    )


def cloudwatch_alarms_key_statement(*, topic_arn: str, account: str, region: str, partition: str) -> iam.PolicyStatement:
    """CloudWatch may use the topic key for messages of this topic, for alarms of this account.

    The SNS guide's statement for AWS service event sources (``kms:GenerateDataKey*``,
    ``kms:Decrypt``), narrowed as its step 3 recommends with ``aws:SourceAccount`` and
    ``aws:SourceArn`` (which it excludes for EventBridge only), and to this topic with the
    encryption context SNS uses for every data key of a topic, ``aws:sns:topicArn``. The key
    policy cannot name the alarms themselves: each alarm depends on the topic, which depends on
    the key.

    https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
    https://repost.aws/knowledge-center/cloudwatch-configure-alarm-sns
    """
    return iam.PolicyStatement(
        sid="AllowCloudWatchAlarmsToUseTheKey",
        principals=[iam.ServicePrincipal(CLOUDWATCH_PRINCIPAL)],
        actions=["kms:Decrypt", "kms:GenerateDataKey*"],
        resources=["*"],
        conditions={
            "StringEquals": {
                "aws:SourceAccount": account,
                "kms:EncryptionContext:aws:sns:topicArn": topic_arn,
            },
            "ArnLike": {"aws:SourceArn": f"arn:{partition}:cloudwatch:{region}:{account}:alarm:*"},
        },
    )


def eventbridge_rules_key_statement(*, topic_arn: str) -> iam.PolicyStatement:
    """EventBridge may use the topic key for messages of this topic.

    No ``aws:SourceAccount``, ``aws:SourceArn`` or ``aws:SourceOrgID``: "Adding the
    aws:SourceAccount, aws:SourceArn, and aws:SourceOrgID to a AWS KMS policy is not supported
    for EventBridge-to-encrypted topics" (a condition EventBridge does not send would drop every
    alert). The statement is limited to this topic by the encryption context SNS sets itself.
    Which rules may publish is decided by the topic policy.

    https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
    """
    return iam.PolicyStatement(
        sid="AllowEventBridgeRulesToUseTheKey",
        principals=[iam.ServicePrincipal(EVENTS_PRINCIPAL)],
        actions=["kms:Decrypt", "kms:GenerateDataKey*"],
        resources=["*"],
        conditions={"StringEquals": {"kms:EncryptionContext:aws:sns:topicArn": topic_arn}},
    )


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------


def check_email_address(value: str, *, parameter: str = "email_addresses") -> None:
    """An address SNS can send email notifications to."""
    if isinstance(value, str) and cdk.Token.is_unresolved(value):
        return
    if not isinstance(value, str) or len(value) > MAX_EMAIL_ADDRESS_LENGTH or not _EMAIL_ADDRESS.fullmatch(value):
        raise ConfigurationError(
            f"{parameter} contains {value!r}, which is not an email address (expected "
            f"local-part@domain.tld, at most {MAX_EMAIL_ADDRESS_LENGTH} characters, for example "
            f"'security-team@example.com'). Fix the address or remove it; SNS sends each address a "
            f"confirmation email that someone must accept."
        )


def check_email_addresses(values: Sequence[str], *, parameter: str = "email_addresses") -> None:
    """Every element is an email address, and ``values`` is a list rather than one string."""
    if isinstance(values, str):
        raise ConfigurationError(
            f"{parameter} {values!r} is a single string, not a list of addresses. Pass a list, for "
            f"example {parameter}=[{values!r}]."
        )
    for value in values:
        check_email_address(value, parameter=parameter)


def check_display_name(value: str, *, parameter: str = "display_name") -> None:
    """An SNS display name: at most 100 characters (the sender name of email notifications)."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_DISPLAY_NAME_LENGTH:
        raise ConfigurationError(
            f"{parameter} {value!r} is not a topic display name (expected 1 to "
            f"{MAX_DISPLAY_NAME_LENGTH} characters; it is the sender name of the alert emails). "
            f"Use a short name such as 'Security alerts'."
        )


# ---------------------------------------------------------------------------------------------
# The construct
# ---------------------------------------------------------------------------------------------


@jsii.implements(cdk.IStableListProducer)
class _Growing:
    """A list that is read when the template is written, so that later publishers are included."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def produce(self, *_context) -> list[str]:
        return list(self.items)


@jsii.implements(cloudwatch.IAlarmAction)
class _AlarmAction:
    def __init__(self, alert_topic: "AlertTopic") -> None:
        self._alert_topic = alert_topic

    def bind(self, _scope: Construct, alarm: cloudwatch.IAlarm) -> cloudwatch.AlarmActionConfig:
        if self._alert_topic.reported_in_another_stack(alarm):
            return cloudwatch.AlarmActionConfig(alarm_action_arn=self._alert_topic.topic_arn)
        self._alert_topic.allow_alarm(alarm)
        return cloudwatch.AlarmActionConfig(alarm_action_arn=self._alert_topic.topic.topic_arn)


@jsii.implements(events.IRuleTarget)
class _RuleTarget:
    def __init__(self, alert_topic: "AlertTopic", message: events.RuleTargetInput | None) -> None:
        self._alert_topic = alert_topic
        self._message = message

    def bind(self, rule, _id=None) -> events.RuleTargetConfig:
        if self._alert_topic.reported_in_another_stack(rule):
            return events.RuleTargetConfig(arn=self._alert_topic.topic_arn)
        self._alert_topic.allow_rule(rule)
        return events.RuleTargetConfig(
            arn=self._alert_topic.topic.topic_arn,
            input=self._message,
            dead_letter_config=events.CfnRule.DeadLetterConfigProperty(
                arn=self._alert_topic.dead_letter_queue.queue_arn
            ),
        )


def rule_arn_of(rule) -> str:
    """The ARN of a rule given as ``events.IRule`` or as the ``IRuleRef`` a target's bind receives."""
    arn = getattr(rule, "rule_arn", None)
    return arn if arn is not None else rule.rule_ref.rule_arn


@visible_signature
class AlertTopic(Construct):
    """An encrypted, TLS-only SNS topic for security alerts that lets in exactly its publishers.

    Defines an ``AWS::SNS::Topic`` encrypted with a customer managed ``AWS::KMS::Key`` (rotation
    on), its ``AWS::SNS::TopicPolicy`` (which replaces SNS's default policy: publishing without TLS
    is denied, and only the CloudWatch alarms and EventBridge rules that use the topic may
    publish), an ``AWS::SNS::Subscription`` per email address, and, once a subscription or a rule
    uses the topic, an ``AWS::SQS::Queue`` encrypted with the topic's key as their dead-letter
    queue, with its ``AWS::SQS::QueuePolicy`` and an ``AWS::CloudWatch::Alarm`` that reports
    undelivered alerts.

    Publishers are registered by using ``alarm_action()`` and ``rule_target()``, or explicitly with
    ``allow_alarm()`` and ``allow_rule()``; each adds its ARN to the topic policy (and the queue
    policy) and the publisher's statement to the key policy (see the module docstring for the
    conditions and their sources). Account principals publish and subscribe with their own IAM
    permissions (the topic policy grants them nothing).

    :param encryption_key: Key that encrypts messages. Its policy gets the publishers' statements;
        an imported key's owner must add them (warning ``constructs-lib:policy-not-applied``, stack
        outputs, ``required_policy_statements()``). Default: a new key with rotation on.
    :param email_addresses: Addresses subscribed to the topic by email (each must confirm); what
        SNS cannot deliver to them goes to the dead-letter queue. Default: no subscriptions.
    :param topic_name: The topic's name; the key policy names the topic by it. Default: a name
        generated from the construct path, unique in the account and Region.
    :param display_name: Sender name of the alert emails. Default: "Security alerts".
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        encryption_key: kms.IKey | None = None,
        email_addresses: Sequence[str] = (),
        topic_name: str | None = None,
        display_name: str = "Security alerts",
    ) -> None:
        check_stack_region(scope)
        check_key(encryption_key, scope, parameter="encryption_key", what="alert topic")
        email_addresses = as_list(email_addresses, parameter="email_addresses", example="['security@example.com']")
        check_email_addresses(email_addresses)
        repeated = sorted({a for a in email_addresses if [b.lower() for b in email_addresses].count(a.lower()) > 1})
        if repeated:
            raise ConfigurationError(
                f"email_addresses lists {repeated[0]!r} more than once (addresses are compared ignoring case); "
                f"SNS would subscribe it once and CloudFormation fails on the second subscription. List each "
                f"address once."
            )
        if topic_name is not None:
            check_topic_name(topic_name)
        check_display_name(display_name)
        super().__init__(scope, construct_id)
        stack = cdk.Stack.of(self)
        self.topic_name = topic_name or cdk.Names.unique_resource_name(self, max_length=256, separator="-")
        self.topic_arn = stack.format_arn(service="sns", resource=self.topic_name)
        """The topic's ARN, built from its name (key policies name the topic without referencing it)."""

        self.key: kms.IKey = encryption_key or customer_managed_key(
            self, "Key", description="Encrypts security alert notifications"
        )
        self.topic = sns.Topic(
            self,
            "Resource",
            topic_name=self.topic_name,
            display_name=display_name,
            master_key=self.key,
            enforce_ssl=True,
        )
        self._alarm_arns = _Growing()
        self._rule_arns = _Growing()
        self._unapplied: dict[str, iam.PolicyStatement] = {}
        self._dead_letter_queue: sqs.Queue | None = None
        self.dead_letter_alarm: cloudwatch.Alarm | None = None
        """The alarm on undelivered alerts in the dead-letter queue, once a subscription or rule
        uses the topic."""
        self._email_subscribed = False
        for address in email_addresses:
            self._subscribe_email(address)

    # -- publishers ------------------------------------------------------------------------

    def alarm_action(self) -> cloudwatch.IAlarmAction:
        """An alarm action that notifies the topic and lets the alarm publish (``allow_alarm``)."""
        # Checked here, in Python: an error raised while aws-cdk-lib binds the action would reach
        # the caller as a RuntimeError instead of a ConfigurationError.
        self._check_alarm_capacity("the next alarm")
        return _AlarmAction(self)

    def rule_target(self, *, message: events.RuleTargetInput | None = None) -> events.IRuleTarget:
        """A rule target that publishes to the topic, with the dead-letter queue, and lets the rule
        publish (``allow_rule``).

        :param message: What to publish. Default: the whole event as JSON.
        """
        self._check_rule_capacity("the next rule")
        return _RuleTarget(self, message)

    def _check_alarm_capacity(self, what: str) -> None:
        self._check_capacity(what, "alarm", self._alarm_arns.items, MAX_ALARMS_PER_TOPIC, "the topic policy, which AWS limits to 30 KB")

    def _check_rule_capacity(self, what: str) -> None:
        self._check_capacity(
            what, "rule", self._rule_arns.items, MAX_RULES_PER_TOPIC, "the dead-letter queue's policy, which AWS limits to 8,192 bytes"
        )

    def _check_capacity(self, what: str, kind: str, arns: list, limit: int, policy: str) -> None:
        """Each publisher's ARN is in a policy with a size limit: refuse one publisher too many."""
        if len(arns) >= limit:
            raise ConfigurationError(
                f"{what} would be {kind} number {len(arns) + 1} of AlertTopic {self.node.path}, which lets "
                f"at most {limit} {kind}s publish (each {kind} ARN is in {policy}). Use a second "
                f"AlertTopic for the other {kind}s."
            )

    def check_same_stack(self, publisher: Construct) -> None:
        """The topic policy names each publisher (a resource), and each publisher names the topic:
        across two stacks that is a dependency cycle."""
        stack = cdk.Stack.of(publisher) if isinstance(publisher, Construct) else None
        if stack is not None and stack is not cdk.Stack.of(self):
            raise ConfigurationError(
                f"{publisher.node.path} is in stack {stack.stack_name}, but AlertTopic "
                f"{self.node.path} is in stack {cdk.Stack.of(self).stack_name}; the topic policy names "
                f"its publishers, so they must be in the topic's stack. Create the alarm or rule in "
                f"that stack, or give this stack its own AlertTopic."
            )

    def reported_in_another_stack(self, publisher) -> bool:
        """From inside aws-cdk-lib (an action's or target's ``bind``), where a Python exception would
        reach the user as a jsii RuntimeError: report a publisher in another stack as an error
        annotation on it (``cdk synth`` fails with the message) and leave it out of the policies."""
        try:
            self.check_same_stack(publisher)
        except ConfigurationError as error:
            cdk.Annotations.of(publisher).add_error(str(error))
            return True
        return False

    def allow_alarm(self, alarm: cloudwatch.IAlarm) -> None:
        """Let ``alarm`` (in this topic's stack) publish: topic policy (its ARN) and key policy
        (this account's alarms)."""
        self.check_same_stack(alarm)
        arn = alarm.alarm_arn
        if arn in self._alarm_arns.items:
            return
        self._check_alarm_capacity(f"alarm {alarm.node.path}")
        if not self._alarm_arns.items:
            stack = cdk.Stack.of(self)
            self.topic.add_to_resource_policy(
                cloudwatch_alarms_topic_statement(
                    topic_arn=self.topic.topic_arn,
                    alarm_arns=cdk.Lazy.list(self._alarm_arns),
                    account=stack.account,
                )
            )
            self._add_key_statement(
                "alarms",
                cloudwatch_alarms_key_statement(
                    topic_arn=self.topic_arn, account=stack.account, region=stack.region, partition=stack.partition
                ),
            )
        self._alarm_arns.items.append(arn)

    def allow_rule(self, rule) -> None:
        """Let ``rule`` (an ``events.IRule`` in this topic's stack) publish and dead-letter: topic
        policy and queue policy (its ARN), and key policy (EventBridge, for this topic, and for the
        dead-letter queue, this account's rules in this Region).
        """
        self.check_same_stack(rule)
        arn = rule_arn_of(rule)
        if arn in self._rule_arns.items:
            return
        self._check_rule_capacity(f"rule {rule.node.path}")
        if not self._rule_arns.items:
            rule_arns = cdk.Lazy.list(self._rule_arns)
            self.topic.add_to_resource_policy(
                eventbridge_rules_topic_statement(topic_arn=self.topic.topic_arn, rule_arns=rule_arns)
            )
            self._add_key_statement("rules", eventbridge_rules_key_statement(topic_arn=self.topic_arn))
            self.dead_letter_queue.add_to_resource_policy(
                eventbridge_dead_letter_queue_statement(queue_arn=self.dead_letter_queue.queue_arn, rule_arns=rule_arns)
            )
            stack = cdk.Stack.of(self)
            self._add_key_statement(
                "rule-dead-letters",
                eventbridge_dead_letter_key_statement(account=stack.account, region=stack.region, partition=stack.partition),
            )
        self._rule_arns.items.append(arn)
        self._ensure_dead_letter_alarm()

    def _subscribe_email(self, address: str) -> None:
        """Subscribe ``address``; what SNS cannot deliver to it goes to the dead-letter queue.

        The redrive policy is set on the subscription itself rather than through
        ``EmailSubscription(dead_letter_queue=...)``, which would add an unnamed queue statement per
        address; the one named statement below lets in the topic for all of them.
        """
        if not self._email_subscribed:
            self._email_subscribed = True
            self.dead_letter_queue.add_to_resource_policy(
                sns_dead_letter_queue_statement(queue_arn=self.dead_letter_queue.queue_arn, topic_arn=self.topic.topic_arn)
            )
            self._add_key_statement("subscription-dead-letters", sns_dead_letter_key_statement(topic_arn=self.topic_arn))
            self._ensure_dead_letter_alarm()
        subscription = self.topic.add_subscription(subscriptions.EmailSubscription(address))
        subscription.node.default_child.redrive_policy = {"deadLetterTargetArn": self.dead_letter_queue.queue_arn}

    # -- children --------------------------------------------------------------------------

    @property
    def dead_letter_queue(self) -> sqs.Queue:
        """The queue, encrypted with the topic's key, that keeps for 14 days the alerts that rules
        and email subscriptions could not deliver."""
        if self._dead_letter_queue is None:
            self._dead_letter_queue = dead_letter_queue(self, encryption_key=self.key)
        return self._dead_letter_queue

    def _ensure_dead_letter_alarm(self) -> None:
        if self.dead_letter_alarm is not None:
            return
        alarm = dead_letter_alarm(
            self,
            self.dead_letter_queue,
            description=(
                f"Security alerts for topic {self.topic_name} could not be delivered and wait in the "
                f"dead-letter queue: check the topic and key policies, then read the queue."
            ),
        )
        alarm.add_alarm_action(self.alarm_action())
        self.dead_letter_alarm = alarm

    def _add_key_statement(self, publisher: str, statement: iam.PolicyStatement) -> None:
        """Add ``statement`` for ``publisher`` (a key of ``_KEY_STATEMENT_CONSEQUENCES``) to the key
        policy, or report it when the key is imported."""
        not_added = add_statements_or_report(
            self,
            self.key,
            [statement],
            what=f"The alert topic's key {self.key.key_arn}",
            output_id="RequiredKeyPolicyFor" + "".join(word.capitalize() for word in publisher.split("-")),
            consequence=f"until its owner adds them, {_KEY_STATEMENT_CONSEQUENCES[publisher]}",
        )
        if not_added:
            self._unapplied[publisher] = statement

    def required_policy_statements(self) -> dict[str, list[iam.PolicyStatement]]:
        """Statements an imported key's owner must add, as ``{"key": [...]}``; empty when the key
        is managed here."""
        return {"key": list(self._unapplied.values())} if self._unapplied else {}
