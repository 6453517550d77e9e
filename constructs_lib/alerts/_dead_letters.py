"""Dead-letter queues of alert deliveries: the queue, the alarm on what it holds, and the statements
that let each AWS service put undelivered messages into it.

The queues are encrypted with a customer managed key (the alert topic's key, or a key of their
own). A service that a queue policy or a key policy does not allow cannot dead-letter, and that
failure is silent too, so every statement is written here, one named function per service and policy:

===============================  ===================================  ===================================
Service (what it dead-letters)   Queue policy (``sqs:SendMessage``)   Queue key (``kms:Decrypt``,
                                                                      ``kms:GenerateDataKey*``)
===============================  ===================================  ===================================
EventBridge                      ``aws:SourceArn`` = the rules' ARNs  ``aws:SourceArn`` like this account's
(``events.amazonaws.com``,                                            rules in this Region (the key cannot
events a rule target could not                                        name the rules: each rule names the
take)                                                                 queue, which names the key)
Amazon SNS                       ``aws:SourceArn`` = the topic        ``aws:SourceArn`` = the topic's ARN
(``sns.amazonaws.com``,
notifications a subscription
could not deliver)
===============================  ===================================  ===================================

Amazon SQS documents that SNS and EventBridge (CloudWatch Events) send ``aws:SourceArn`` to KMS for
SSE queues: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
"""

from collections.abc import Sequence

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from .._shared.acknowledgements import acknowledge

EVENTS_PRINCIPAL = "events.amazonaws.com"
SNS_PRINCIPAL = "sns.amazonaws.com"
RETENTION = cdk.Duration.days(14)


# ---------------------------------------------------------------------------------------------
# Policy statements, one per service and policy
# ---------------------------------------------------------------------------------------------


def eventbridge_dead_letter_queue_statement(*, queue_arn: str, rule_arns: Sequence[str]) -> iam.PolicyStatement:
    """EventBridge may send the events these rules could not deliver to the dead-letter queue.

    https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html#eb-dlq-perms
    https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions
    """
    return iam.PolicyStatement(
        sid="AllowEventBridgeRulesToSendUndeliveredEvents",
        principals=[iam.ServicePrincipal(EVENTS_PRINCIPAL)],
        actions=["sqs:SendMessage"],
        resources=[queue_arn],
        conditions={"ArnEquals": {"aws:SourceArn": rule_arns}},
    )


def eventbridge_dead_letter_key_statement(*, account: str, region: str, partition: str) -> iam.PolicyStatement:
    """EventBridge may use the queue key to dead-letter events of this account's rules in this Region.

    The SQS guide's statement for AWS service event sources (``kms:Decrypt``,
    ``kms:GenerateDataKey``), narrowed with ``aws:SourceArn``, which it lists as supported for
    CloudWatch Events (EventBridge) with SSE queues. The rule's ARN is the source ("For EventBridge
    event bus rule targets, the value of aws:SourceArn must be the rule ARN"); the key policy can
    only name the account's rules in this Region, since each rule depends on the queue and the queue
    on the key.

    https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
    https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html
    """
    return iam.PolicyStatement(
        sid="AllowEventBridgeRulesToDeadLetter",
        principals=[iam.ServicePrincipal(EVENTS_PRINCIPAL)],
        actions=["kms:Decrypt", "kms:GenerateDataKey*"],
        resources=["*"],
        conditions={"ArnLike": {"aws:SourceArn": f"arn:{partition}:events:{region}:{account}:rule/*"}},
    )


def sns_dead_letter_queue_statement(*, queue_arn: str, topic_arn: str) -> iam.PolicyStatement:
    """SNS may send the notifications of this topic's subscriptions that it could not deliver.

    https://docs.aws.amazon.com/sns/latest/dg/sns-configure-dead-letter-queue.html
    """
    return iam.PolicyStatement(
        sid="AllowTopicSubscriptionsToSendUndeliveredNotifications",
        principals=[iam.ServicePrincipal(SNS_PRINCIPAL)],
        actions=["sqs:SendMessage"],
        resources=[queue_arn],
        conditions={"ArnEquals": {"aws:SourceArn": topic_arn}},
    )


def sns_dead_letter_key_statement(*, topic_arn: str) -> iam.PolicyStatement:
    """SNS may use the queue key to dead-letter notifications of this topic only.

    "To use an encrypted Amazon SQS queue as a dead-letter queue, you must use a custom KMS with a
    key policy that grants the Amazon SNS service principal access to AWS KMS API actions"; the SQS
    guide lists ``aws:SourceArn`` (the topic) as supported for SNS with SSE queues.

    https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html
    https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
    """
    return iam.PolicyStatement(
        sid="AllowTopicSubscriptionsToDeadLetter",
        principals=[iam.ServicePrincipal(SNS_PRINCIPAL)],
        actions=["kms:Decrypt", "kms:GenerateDataKey*"],
        resources=["*"],
        conditions={"ArnEquals": {"aws:SourceArn": topic_arn}},
    )


# ---------------------------------------------------------------------------------------------
# The queue and its alarm
# ---------------------------------------------------------------------------------------------


def dead_letter_queue(scope: Construct, *, encryption_key: kms.IKey) -> sqs.Queue:
    """A TLS-only queue encrypted with ``encryption_key``, keeping undelivered messages for 14 days
    (child ``DeadLetterQueue``). Add the statements above for each service that dead-letters."""
    queue = sqs.Queue(
        scope,
        "DeadLetterQueue",
        encryption=sqs.QueueEncryption.KMS,
        encryption_master_key=encryption_key,
        enforce_ssl=True,
        retention_period=RETENTION,
    )
    acknowledge(queue, "dead-letter-queue")
    return queue


def dead_letter_alarm(scope: Construct, queue: sqs.IQueue, *, description: str) -> cloudwatch.Alarm:
    """An alarm when ``queue`` holds any message (child ``DeadLetterQueueAlarm``); add its action."""
    return cloudwatch.Alarm(
        scope,
        "DeadLetterQueueAlarm",
        alarm_description=description,
        metric=queue.metric_approximate_number_of_messages_visible(statistic="Sum", period=cdk.Duration.minutes(5)),
        threshold=1,
        evaluation_periods=1,
        comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
    )
