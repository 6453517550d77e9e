"""Does an EventBridge rule with this pattern deliver this event? Asked of moto's EventBridge.

moto (https://github.com/getmoto/moto) emulates EventBridge in process: a rule on an event bus with
an SQS queue as target, ``PutEvents``, then read the queue. Its ``TestEventPattern`` is an empty
stub in moto 5.2, so it is not used. One ``EventBridgeEmulator`` is one ``mock_aws`` session; each
distinct pattern gets its own event bus, rule and queue, created on first use and reused, so an
event put on one bus reaches exactly one rule and a queue never holds another test's message.

What moto does not emulate (checked in moto 5.2.5, ``moto/events/models.py``):

- the rule state: every rule receives every event, so ``ENABLED`` versus
  ``ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`` (read-only management events) is not tested;
- matching inside arrays of objects (``"resources": {"ARN": [...]}`` against
  ``"resources": [{"ARN": ...}]``): moto does not flatten lists of objects, real EventBridge does;
  the catalogue matches scalar fields only;
- the rule that only AWS services may put events with an ``aws.*`` source; here tests put them.

Example::

    with EventBridgeEmulator() as eventbridge:
        assert eventbridge.delivered({"source": ["aws.kms"]}, event)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import boto3
from moto import mock_aws

REGION = "us-east-1"
_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


class EventBridgeEmulator:
    """A moto session that answers ``delivered(event_pattern, event)``. Use as a context manager."""

    def __init__(self, region: str = REGION) -> None:
        self._region = region
        self._mock = mock_aws()
        self._queues: dict[str, tuple[str, str]] = {}  # pattern JSON -> (bus name, queue URL)
        self._events = None
        self._sqs = None

    def __enter__(self) -> EventBridgeEmulator:
        self._mock.start()
        self._events = boto3.client("events", region_name=self._region, **_CREDENTIALS)
        self._sqs = boto3.client("sqs", region_name=self._region, **_CREDENTIALS)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._mock.stop()

    def delivered(self, event_pattern: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
        """Whether a rule with ``event_pattern`` delivers ``event`` (an EventBridge envelope).

        ``event`` has the shape EventBridge delivers: ``source``, ``detail-type``, ``detail``
        (for CloudTrail events, the CloudTrail record) and optionally ``resources``.
        """
        bus, queue_url = self._rule_for(event_pattern)
        response = self._events.put_events(Entries=[{
            "EventBusName": bus,
            "Source": event["source"],
            "DetailType": event["detail-type"],
            "Detail": json.dumps(event["detail"]),
            "Resources": list(event.get("resources", [])),
        }])
        if response["FailedEntryCount"]:
            raise AssertionError(f"PutEvents rejected the event: {response['Entries']}")
        messages = self._sqs.receive_message(
            QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0
        ).get("Messages", [])
        for message in messages:
            self._sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
        if len(messages) > 1:
            raise AssertionError(f"one event was delivered {len(messages)} times")
        if messages and json.loads(messages[0]["Body"])["detail"] != event["detail"]:
            raise AssertionError("the queue holds another event than the one put")
        return bool(messages)

    def _rule_for(self, event_pattern: Mapping[str, Any]) -> tuple[str, str]:
        key = json.dumps(event_pattern, sort_keys=True)
        if key not in self._queues:
            name = f"pattern-{len(self._queues)}"
            self._events.create_event_bus(Name=name)
            queue_url = self._sqs.create_queue(QueueName=name)["QueueUrl"]
            queue_arn = self._sqs.get_queue_attributes(
                QueueUrl=queue_url, AttributeNames=["QueueArn"]
            )["Attributes"]["QueueArn"]
            self._events.put_rule(Name=name, EventBusName=name, EventPattern=json.dumps(event_pattern))
            self._events.put_targets(
                Rule=name, EventBusName=name, Targets=[{"Id": "queue", "Arn": queue_arn}]
            )
            self._queues[key] = (name, queue_url)
        return self._queues[key]
