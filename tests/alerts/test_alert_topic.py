"""AlertTopic: the topic, key and dead-letter queue, and proof that exactly its publishers get in.

``policy_allows`` evaluates a synthesized policy for one request (principal, action, resource and
the condition keys the publisher sends), the way IAM does for the operators used here: a matching
Deny wins, otherwise a matching Allow is needed. Unresolved references compare by identity
(``{"Fn::GetAtt": [alarm, "Arn"]}`` is that alarm's ARN).
"""

from types import SimpleNamespace

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_events as events
from aws_cdk import aws_kms as kms
from aws_cdk.assertions import Annotations, Match

from constructs_lib._shared.errors import ConfigurationError
from constructs_lib._shared.resource_policy import POLICY_NOT_APPLIED_WARNING
from constructs_lib.alerts.alert_topic import MAX_ALARMS_PER_TOPIC, MAX_RULES_PER_TOPIC, AlertTopic
from tests.helpers import new_app, new_stack, policy_statements, template_of
from tests.policy_evaluation import (
    assert_dead_letters_allowed,
    assert_publishers_allowed,
    dead_letter_key_allows,
    policy_allows,
    topic_arn_of,
)

ACCOUNT = "111111111111"
REGION = "us-east-1"


# ---------------------------------------------------------------------------------------------
# One synthesis for the module
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built():
    app = new_app()
    stack = new_stack(app)
    alert_topic = AlertTopic(stack, "Alerts", email_addresses=["security-team@example.com", "oncall@example.org"])
    rule = events.Rule(stack, "Rule", event_pattern=events.EventPattern(source=["aws.cloudtrail"]))
    rule.add_target(alert_topic.rule_target())
    other_rule = events.Rule(stack, "OtherRule", event_pattern=events.EventPattern(source=["aws.kms"]))
    other_rule.add_target(alert_topic.rule_target(message=events.RuleTargetInput.from_text("key event")))
    alarm = cloudwatch.Alarm(stack, "Alarm", metric=cloudwatch.Metric(namespace="Test", metric_name="Events"), threshold=1, evaluation_periods=1)
    alarm.add_alarm_action(alert_topic.alarm_action())

    bare_stack = new_stack(app, "Bare")
    AlertTopic(bare_stack, "Alerts", topic_name="security-alerts")

    imported_stack = new_stack(app, "ImportedKey")
    imported_key = kms.Key.from_key_arn(imported_stack, "Key", f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab")
    imported = AlertTopic(imported_stack, "Alerts", encryption_key=imported_key, topic_name="imported-alerts")
    imported_alarm = cloudwatch.Alarm(imported_stack, "Alarm", metric=cloudwatch.Metric(namespace="Test", metric_name="Events"), threshold=1, evaluation_periods=1)
    imported_alarm.add_alarm_action(imported.alarm_action())
    imported_rule = events.Rule(imported_stack, "Rule", event_pattern=events.EventPattern(source=["aws.iam"]))
    imported_rule.add_target(imported.rule_target())
    return SimpleNamespace(
        stack=stack,
        template=template_of(stack),
        alert_topic=alert_topic,
        ids={
            "topic": stack.get_logical_id(alert_topic.topic.node.default_child),
            "key": stack.get_logical_id(alert_topic.key.node.default_child),
            "queue": stack.get_logical_id(alert_topic.dead_letter_queue.node.default_child),
            "alarm": stack.get_logical_id(alarm.node.default_child),
            "dead_letter_alarm": stack.get_logical_id(alert_topic.dead_letter_alarm.node.default_child),
            "rule": stack.get_logical_id(rule.node.default_child),
            "other_rule": stack.get_logical_id(other_rule.node.default_child),
        },
        bare=template_of(bare_stack),
        imported=imported,
        imported_stack=imported_stack,
        imported_template=template_of(imported_stack),
    )


def _statements(built, resource_type):
    return policy_statements(built.template, resource_type)


def _getatt(logical_id):
    return {"Fn::GetAtt": [logical_id, "Arn"]}


# ---------------------------------------------------------------------------------------------
# Topic and key
# ---------------------------------------------------------------------------------------------


def test_topic_is_encrypted_with_its_own_rotating_key(built):
    built.template.has_resource_properties(
        "AWS::SNS::Topic", {"KmsMasterKeyId": _getatt(built.ids["key"]), "TopicName": Match.string_like_regexp("^Test-Alerts-")}
    )
    built.template.has_resource_properties("AWS::KMS::Key", {"EnableKeyRotation": True})


def test_topic_name_is_the_one_the_key_policy_names(built):
    assert built.alert_topic.topic_arn == topic_arn_of(built.template, built.ids["topic"])


def test_email_addresses_are_subscribed(built):
    for address in ("security-team@example.com", "oncall@example.org"):
        built.template.has_resource_properties(
            "AWS::SNS::Subscription", {"Protocol": "email", "Endpoint": address, "TopicArn": {"Ref": built.ids["topic"]}}
        )


def test_topic_policy_statement_1_denies_publishing_without_tls(built):
    topic = {"Ref": built.ids["topic"]}
    assert {
        "Sid": "AllowPublishThroughSSLOnly",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "sns:Publish",
        "Resource": topic,
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    } in _statements(built, "AWS::SNS::TopicPolicy")
    plain_http = {"aws:SourceArn": _getatt(built.ids["alarm"]), "aws:SourceAccount": ACCOUNT, "aws:SecureTransport": "false"}
    assert not policy_allows(
        _statements(built, "AWS::SNS::TopicPolicy"), service="cloudwatch.amazonaws.com", action="sns:Publish", resource=topic, context=plain_http
    )


def test_topic_policy_statement_2_lets_in_exactly_the_rules(built):
    assert {
        "Sid": "AllowEventBridgeRulesToPublish",
        "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"},
        "Action": "sns:Publish",
        "Resource": {"Ref": built.ids["topic"]},
        "Condition": {"ArnEquals": {"aws:SourceArn": [_getatt(built.ids["rule"]), _getatt(built.ids["other_rule"])]}},
    } in _statements(built, "AWS::SNS::TopicPolicy")


def test_topic_policy_statement_3_lets_in_exactly_the_alarms_of_this_account(built):
    assert {
        "Sid": "AllowCloudWatchAlarmsToPublish",
        "Effect": "Allow",
        "Principal": {"Service": "cloudwatch.amazonaws.com"},
        "Action": "sns:Publish",
        "Resource": {"Ref": built.ids["topic"]},
        "Condition": {
            "ArnEquals": {"aws:SourceArn": [_getatt(built.ids["dead_letter_alarm"]), _getatt(built.ids["alarm"])]},
            "StringEquals": {"aws:SourceAccount": ACCOUNT},
        },
    } in _statements(built, "AWS::SNS::TopicPolicy")


def test_topic_policy_has_nothing_else_it_replaces_the_default_policy(built):
    sids = sorted(s["Sid"] for s in _statements(built, "AWS::SNS::TopicPolicy"))
    assert sids == ["AllowCloudWatchAlarmsToPublish", "AllowEventBridgeRulesToPublish", "AllowPublishThroughSSLOnly"]


def test_key_policy_lets_cloudwatch_use_the_key_for_this_topic_and_this_accounts_alarms(built):
    assert {
        "Sid": "AllowCloudWatchAlarmsToUseTheKey",
        "Effect": "Allow",
        "Principal": {"Service": "cloudwatch.amazonaws.com"},
        "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
        "Resource": "*",
        "Condition": {
            "StringEquals": {"aws:SourceAccount": ACCOUNT, "kms:EncryptionContext:aws:sns:topicArn": built.alert_topic.topic_arn},
            "ArnLike": {"aws:SourceArn": f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:*"},
        },
    } in _statements(built, "AWS::KMS::Key")


def test_key_policy_lets_eventbridge_use_the_key_for_this_topic_without_source_conditions(built):
    statement = {
        "Sid": "AllowEventBridgeRulesToUseTheKey",
        "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"},
        "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
        "Resource": "*",
        "Condition": {"StringEquals": {"kms:EncryptionContext:aws:sns:topicArn": built.alert_topic.topic_arn}},
    }
    assert statement in _statements(built, "AWS::KMS::Key")
    # SNS: aws:SourceAccount, aws:SourceArn and aws:SourceOrgID are not supported in a key policy
    # for EventBridge-to-encrypted topics. None of them may appear in an events statement for the
    # topic (the dead-letter statement is for SQS, which documents aws:SourceArn).
    for other in _statements(built, "AWS::KMS::Key"):
        conditions = other.get("Condition", {})
        if other.get("Principal") == {"Service": "events.amazonaws.com"} and "kms:EncryptionContext:aws:sns:topicArn" in str(conditions):
            keys = {key for operator in conditions.values() for key in operator}
            assert not keys & {"aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID"}


def test_key_policy_keeps_the_account_administrator_and_the_grant_deny_and_nothing_else(built):
    statements = _statements(built, "AWS::KMS::Key")
    assert [(s["Effect"], s["Principal"]) for s in statements] == [
        ("Allow", {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}),
        ("Deny", {"AWS": "*"}),
        ("Allow", {"Service": "sns.amazonaws.com"}),
        ("Allow", {"Service": "cloudwatch.amazonaws.com"}),
        ("Allow", {"Service": "events.amazonaws.com"}),
        ("Allow", {"Service": "events.amazonaws.com"}),
    ]
    assert statements[1]["Sid"] == "DenyGrantsNotForAwsServices"


def test_a_key_statement_does_not_let_in_another_topic_or_another_account(built):
    key_policy = _statements(built, "AWS::KMS::Key")
    other_topic = {"kms:EncryptionContext:aws:sns:topicArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:other", "aws:SecureTransport": "true"}
    assert not policy_allows(key_policy, service="events.amazonaws.com", action="kms:Decrypt", resource="*", context=other_topic)
    foreign_alarm = {
        "aws:SourceArn": f"arn:aws:cloudwatch:{REGION}:222222222222:alarm:x",
        "aws:SourceAccount": "222222222222",
        "kms:EncryptionContext:aws:sns:topicArn": built.alert_topic.topic_arn,
    }
    assert not policy_allows(key_policy, service="cloudwatch.amazonaws.com", action="kms:Decrypt", resource="*", context=foreign_alarm)


# ---------------------------------------------------------------------------------------------
# Dead-letter path
# ---------------------------------------------------------------------------------------------


def test_dead_letter_queue_is_encrypted_with_the_topic_key(built):
    built.template.has_resource_properties(
        "AWS::SQS::Queue",
        {"KmsMasterKeyId": _getatt(built.ids["key"]), "MessageRetentionPeriod": 14 * 24 * 3600, "SqsManagedSseEnabled": Match.absent()},
    )


def test_key_policy_lets_eventbridge_dead_letter_for_this_accounts_rules_in_this_region(built):
    assert {
        "Sid": "AllowEventBridgeRulesToDeadLetter",
        "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"},
        "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
        "Resource": "*",
        "Condition": {"ArnLike": {"aws:SourceArn": f"arn:aws:events:{REGION}:{ACCOUNT}:rule/*"}},
    } in _statements(built, "AWS::KMS::Key")


def test_key_policy_lets_sns_dead_letter_for_this_topic(built):
    assert {
        "Sid": "AllowTopicSubscriptionsToDeadLetter",
        "Effect": "Allow",
        "Principal": {"Service": "sns.amazonaws.com"},
        "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
        "Resource": "*",
        "Condition": {"ArnEquals": {"aws:SourceArn": built.alert_topic.topic_arn}},
    } in _statements(built, "AWS::KMS::Key")


def test_email_subscriptions_dead_letter_to_the_queue(built):
    subscriptions = built.template.find_resources("AWS::SNS::Subscription")
    assert len(subscriptions) == 2
    for subscription in subscriptions.values():
        assert subscription["Properties"]["Protocol"] == "email"
        assert subscription["Properties"]["RedrivePolicy"] == {"deadLetterTargetArn": _getatt(built.ids["queue"])}


def test_every_dead_letter_source_is_allowed_by_queue_policy_and_key_policy(built):
    checked = assert_dead_letters_allowed(built.template, queue_logical_id=built.ids["queue"])
    assert checked == {"rules": 2, "subscriptions": 2}


def test_the_queue_key_refuses_other_sources(built):
    queue = built.ids["queue"]
    foreign_rule = f"arn:aws:events:{REGION}:222222222222:rule/x"
    other_region_rule = f"arn:aws:events:eu-west-1:{ACCOUNT}:rule/x"
    other_topic = f"arn:aws:sns:{REGION}:{ACCOUNT}:other-topic"
    for source in (foreign_rule, other_region_rule):
        assert not dead_letter_key_allows(built.template, queue_logical_id=queue, service="events.amazonaws.com", source_arn=source)
    assert not dead_letter_key_allows(built.template, queue_logical_id=queue, service="sns.amazonaws.com", source_arn=other_topic)
    assert not dead_letter_key_allows(built.template, queue_logical_id=queue, service="sns.amazonaws.com", source_arn=foreign_rule)
    assert dead_letter_key_allows(
        built.template, queue_logical_id=queue, service="sns.amazonaws.com", source_arn=built.alert_topic.topic_arn
    )


def test_queue_policy_lets_in_exactly_the_rules_and_the_topic_and_denies_plain_http(built):
    queue = _getatt(built.ids["queue"])
    statements = _statements(built, "AWS::SQS::QueuePolicy")
    assert {
        "Sid": "AllowEventBridgeRulesToSendUndeliveredEvents",
        "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"},
        "Action": "sqs:SendMessage",
        "Resource": queue,
        "Condition": {"ArnEquals": {"aws:SourceArn": [_getatt(built.ids["rule"]), _getatt(built.ids["other_rule"])]}},
    } in statements
    assert {
        "Sid": "AllowTopicSubscriptionsToSendUndeliveredNotifications",
        "Effect": "Allow",
        "Principal": {"Service": "sns.amazonaws.com"},
        "Action": "sqs:SendMessage",
        "Resource": queue,
        "Condition": {"ArnEquals": {"aws:SourceArn": {"Ref": built.ids["topic"]}}},
    } in statements
    assert {
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Action": "sqs:*",
        "Resource": queue,
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    } in statements
    assert len(statements) == 3


def test_every_rule_target_publishes_to_the_topic_with_the_dead_letter_queue(built):
    for rule_id in (built.ids["rule"], built.ids["other_rule"]):
        (target,) = built.template.to_json()["Resources"][rule_id]["Properties"]["Targets"]
        assert target["Arn"] == {"Ref": built.ids["topic"]}
        assert target["DeadLetterConfig"] == {"Arn": _getatt(built.ids["queue"])}


def test_dead_letter_alarm_reports_undelivered_alerts_to_the_topic(built):
    built.template.has_resource_properties(
        "AWS::CloudWatch::Alarm",
        {
            "Namespace": "AWS/SQS",
            "MetricName": "ApproximateNumberOfMessagesVisible",
            "Dimensions": [{"Name": "QueueName", "Value": {"Fn::GetAtt": [built.ids["queue"], "QueueName"]}}],
            "Statistic": "Sum",
            "Threshold": 1,
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "TreatMissingData": "notBreaching",
            "AlarmActions": [{"Ref": built.ids["topic"]}],
        },
    )


def test_every_publisher_is_allowed_by_topic_policy_key_policy_and_queue_policy(built):
    checked = assert_publishers_allowed(
        built.template, topic_logical_id=built.ids["topic"], key_logical_id=built.ids["key"], queue_logical_id=built.ids["queue"]
    )
    assert checked == {"alarms": 2, "rules": 2}


def test_a_rule_or_alarm_not_registered_is_not_allowed(built):
    topic = {"Ref": built.ids["topic"]}
    statements = _statements(built, "AWS::SNS::TopicPolicy")
    stranger = {"aws:SourceArn": "arn:aws:events:us-east-1:111111111111:rule/someone-elses", "aws:SecureTransport": "true"}
    assert not policy_allows(statements, service="events.amazonaws.com", action="sns:Publish", resource=topic, context=stranger)
    assert not policy_allows(statements, service="s3.amazonaws.com", action="sns:Publish", resource=topic, context=stranger)


# ---------------------------------------------------------------------------------------------
# Without publishers, and with an imported key
# ---------------------------------------------------------------------------------------------


def test_a_topic_without_publishers_lets_nobody_in(built):
    (policy,) = built.bare.find_resources("AWS::SNS::TopicPolicy").values()
    assert [s["Sid"] for s in policy["Properties"]["PolicyDocument"]["Statement"]] == ["AllowPublishThroughSSLOnly"]
    built.bare.resource_count_is("AWS::SQS::Queue", 0)
    built.bare.has_resource_properties("AWS::SNS::Topic", {"TopicName": "security-alerts", "DisplayName": "Security alerts"})
    (key,) = built.bare.find_resources("AWS::KMS::Key").values()
    assert [s.get("Sid") for s in key["Properties"]["KeyPolicy"]["Statement"]] == [None, "DenyGrantsNotForAwsServices"]


def test_imported_key_statements_are_reported_not_dropped(built):
    statements = [s.to_json() for s in built.imported.required_policy_statements()["key"]]
    assert [s["Sid"] for s in statements] == [
        "AllowCloudWatchAlarmsToUseTheKey",
        "AllowEventBridgeRulesToUseTheKey",
        "AllowEventBridgeRulesToDeadLetter",
    ]
    outputs = built.imported_template.find_outputs("*")
    for publisher in ("Alarms", "Rules"):
        (output,) = [value for name, value in outputs.items() if name.startswith(f"AlertsRequiredKeyPolicyFor{publisher}")]
        assert "kms:EncryptionContext:aws:sns:topicArn" in str(built.imported_stack.resolve(output["Value"]))
    warnings = Annotations.from_stack(built.imported_stack).find_warning(
        "/ImportedKey/Alerts", Match.string_like_regexp("is imported, .* the alerts of the (alarms|rules) are dropped without an error")
    )
    assert len(warnings) == 2
    (output,) = [value for name, value in outputs.items() if name.startswith("AlertsRequiredKeyPolicyForRuleDeadLetters")]
    assert "arn:aws:events:us-east-1:111111111111:rule/*" in str(built.imported_stack.resolve(output["Value"]))
    dead_letter_warnings = Annotations.from_stack(built.imported_stack).find_warning(
        "/ImportedKey/Alerts", Match.string_like_regexp("alerts the rules could not deliver are dropped instead of waiting in the dead-letter queue")
    )
    assert len(dead_letter_warnings) == 1


def test_imported_key_warning_has_the_stable_id(built):
    messages = [m for m in built.imported_stack.node.find_child("Alerts").node.metadata if m.type == "aws:cdk:warning"]
    assert messages and all(f"[ack: {POLICY_NOT_APPLIED_WARNING}]" in m.data for m in messages)


# ---------------------------------------------------------------------------------------------
# Validation: one test per message
# ---------------------------------------------------------------------------------------------


def test_email_address_that_is_not_an_address():
    with pytest.raises(ConfigurationError, match=r"email_addresses contains 'security-team@', which is not an email address \(expected local-part@domain\.tld.*\)\. Fix the address"):
        AlertTopic(new_stack(), "Alerts", email_addresses=["security-team@"])


def test_email_addresses_given_as_one_string():
    with pytest.raises(ConfigurationError, match=r"email_addresses is the single string 'a@example\.com', but it must be a list\. Pass email_addresses=\['a@example\.com'\]"):
        AlertTopic(new_stack(), "Alerts", email_addresses="a@example.com")


def test_topic_name_sns_does_not_accept():
    with pytest.raises(ConfigurationError, match=r"topic_name 'alerts\.fifo' is not an SNS topic name \(allowed: 1 to 256 .* Choose a name such as"):
        AlertTopic(new_stack(), "Alerts", topic_name="alerts.fifo")


def test_display_name_too_long():
    with pytest.raises(ConfigurationError, match=r"display_name 'x{101}' is not a topic display name \(expected 1 to 100 .* Use a short name"):
        AlertTopic(new_stack(), "Alerts", display_name="x" * 101)


def _fake_rule(number: int):
    return SimpleNamespace(rule_arn=f"arn:aws:events:{REGION}:{ACCOUNT}:rule/r{number}", node=SimpleNamespace(path=f"Test/Rule{number}"))


def _fake_alarm(number: int):
    return SimpleNamespace(alarm_arn=f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:a{number}", node=SimpleNamespace(path=f"Test/Alarm{number}"))


def test_more_rules_than_the_queue_policy_holds():
    alert_topic = AlertTopic(new_stack(), "Alerts")
    for number in range(MAX_RULES_PER_TOPIC):
        alert_topic.allow_rule(_fake_rule(number))
    alert_topic.allow_rule(_fake_rule(0))  # registering the same rule again is a no-op
    with pytest.raises(ConfigurationError, match=rf"rule Test/Rule{MAX_RULES_PER_TOPIC} would be rule number {MAX_RULES_PER_TOPIC + 1} .* at most {MAX_RULES_PER_TOPIC} rules .* Use a second AlertTopic"):
        alert_topic.allow_rule(_fake_rule(MAX_RULES_PER_TOPIC))


def test_more_alarms_than_the_topic_policy_holds():
    alert_topic = AlertTopic(new_stack(), "Alerts")
    for number in range(MAX_ALARMS_PER_TOPIC):
        alert_topic.allow_alarm(_fake_alarm(number))
    with pytest.raises(ConfigurationError, match=rf"alarm Test/Alarm{MAX_ALARMS_PER_TOPIC} would be alarm number {MAX_ALARMS_PER_TOPIC + 1} .* at most {MAX_ALARMS_PER_TOPIC} alarms .* Use a second AlertTopic"):
        alert_topic.allow_alarm(_fake_alarm(MAX_ALARMS_PER_TOPIC))
    # The same error, not a jsii RuntimeError, when the alarm is wired through alarm_action().
    with pytest.raises(ConfigurationError, match=rf"the next alarm would be alarm number {MAX_ALARMS_PER_TOPIC + 1}"):
        alert_topic.alarm_action()


def test_more_rules_through_rule_target_than_the_queue_policy_holds():
    alert_topic = AlertTopic(new_stack(), "Alerts")
    for number in range(MAX_RULES_PER_TOPIC):
        alert_topic.allow_rule(_fake_rule(number))
    with pytest.raises(ConfigurationError, match=rf"the next rule would be rule number {MAX_RULES_PER_TOPIC + 1} .* Use a second AlertTopic"):
        alert_topic.rule_target()


def test_tokens_are_not_validated():
    stack = new_stack()
    AlertTopic(stack, "Alerts", topic_name=cdk.Fn.ref("TopicNameParameter"), email_addresses=[cdk.Fn.ref("EmailParameter")])
