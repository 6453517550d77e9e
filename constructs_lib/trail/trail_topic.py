"""The SNS topic CloudTrail notifies when it delivers a log file."""

import aws_cdk as cdk
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from constructs import Construct

from .._shared.signatures import visible_signature
from .._shared.validation import check_key, check_stack_region, check_str, check_topic_name


@visible_signature
class TrailNotificationTopic(Construct):
    """A KMS-encrypted, TLS-only SNS topic for CloudTrail's log-delivery notifications.

    Defines an ``AWS::SNS::Topic`` and its ``AWS::SNS::TopicPolicy`` (deny without TLS). The trail
    that uses it adds the CloudTrail statements to the topic policy and key policy, limited to that
    trail with ``aws:SourceArn``.

    :param encryption_key: The key that encrypts messages (required: the topic is never unencrypted).
    :param topic_name: The topic's name; known in advance so that key policies can name the topic
        without referencing it.
    """

    def __init__(self, scope: Construct, construct_id: str, *, encryption_key: kms.IKey, topic_name: str) -> None:
        check_stack_region(scope)
        check_key(encryption_key, scope, parameter="encryption_key", what="topic", optional=False)
        check_str(topic_name, parameter="topic_name", example="'cloudtrail-log-delivery'")
        check_topic_name(topic_name)
        super().__init__(scope, construct_id)
        self.topic_name = topic_name
        self.topic = sns.Topic(
            self,
            "Resource",
            topic_name=topic_name,
            master_key=encryption_key,
            enforce_ssl=True,
            display_name="CloudTrail log delivery notifications",
        )

    @property
    def topic_arn(self) -> str:
        """The ARN of the topic, built from its name (no reference to the topic resource)."""
        return cdk.Stack.of(self).format_arn(service="sns", resource=self.topic_name)
