"""The dead-letter queue of EventBridge rule targets, and the alarm that reports what it holds."""

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from .._shared.acknowledgements import acknowledge


def dead_letter_queue(scope: Construct) -> sqs.Queue:
    """An SSE-SQS, TLS-only queue keeping undelivered events for 14 days (child ``DeadLetterQueue``).

    SSE-SQS, not SSE-KMS: no key policy can then keep EventBridge out.
    """
    queue = sqs.Queue(
        scope,
        "DeadLetterQueue",
        encryption=sqs.QueueEncryption.SQS_MANAGED,
        enforce_ssl=True,
        retention_period=cdk.Duration.days(14),
    )
    acknowledge(queue, "eventbridge-dead-letter-queue")
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
