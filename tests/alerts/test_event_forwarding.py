"""Cross-account forwarding: the member account's rules and role, the central bus and its policy."""

from types import SimpleNamespace

import aws_cdk as cdk
import pytest
from aws_cdk import aws_events as events
from aws_cdk.assertions import Annotations, Match

from constructs_lib._shared.errors import ConfigurationError
from constructs_lib.alerts.alert_catalogue import ALERT_IDS, catalogue
from constructs_lib.alerts.alert_topic import AlertTopic
from constructs_lib.alerts.event_forwarding import CentralSecurityEventBus, ForwardSecurityEvents
from constructs_lib.alerts.security_alerts import READ_ONLY_EVENTS_STATE, SecurityAlerts
from tests.helpers import new_app, new_stack, policy_statements, template_of
from tests.policy_evaluation import (
    assert_dead_letters_allowed,
    assert_publishers_allowed,
    dead_letter_key_allows,
    policy_allows,
)

SECURITY_ACCOUNT = "222222222222"
MEMBER_ACCOUNT = "111111111111"
ORGANIZATION_ID = "o-a1b2c3d4e5"
CENTRAL_BUS_ARN = f"arn:aws:events:us-east-1:{SECURITY_ACCOUNT}:event-bus/security-events"
CATALOGUE = catalogue()


@pytest.fixture(scope="module")
def built():
    app = new_app()
    security = new_stack(app, "Security", env=cdk.Environment(account=SECURITY_ACCOUNT, region="us-east-1"))
    central = CentralSecurityEventBus(security, "Bus", source_account_ids=[MEMBER_ACCOUNT, "333333333333"], organization_id=ORGANIZATION_ID)
    central_alerts = SecurityAlerts(security, "Alerts", log_group=None, event_bus=central.event_bus)

    member = new_stack(app, "Member")
    topic = AlertTopic(member, "Topic")
    forward = ForwardSecurityEvents(
        member, "Forward", target_bus=events.EventBus.from_event_bus_arn(member, "CentralBus", CENTRAL_BUS_ARN), alert_topic=topic
    )

    regional = new_stack(app, "MemberEuWest1", env=cdk.Environment(account=MEMBER_ACCOUNT, region="eu-west-1"))
    regional_forward = ForwardSecurityEvents(
        regional,
        "Forward",
        target_bus=events.EventBus.from_event_bus_arn(regional, "CentralBus", CENTRAL_BUS_ARN),
        alerts=["cloudtrail-tampering", "root-console-sign-in"],
    )

    organization_only = new_stack(app, "OrganizationOnly", env=cdk.Environment(account=SECURITY_ACCOUNT, region="us-east-1"))
    CentralSecurityEventBus(organization_only, "Bus", event_bus_name="org-security-events", organization_id=ORGANIZATION_ID)

    member_template = template_of(member)
    return SimpleNamespace(
        security=security,
        security_template=template_of(security),
        central=central,
        central_alerts=central_alerts,
        member=member,
        member_template=member_template,
        member_resources=member_template.to_json()["Resources"],
        forward=forward,
        topic=topic,
        regional=regional,
        regional_forward=regional_forward,
        organization_only=template_of(organization_only),
    )


def _logical_id(construct) -> str:
    return cdk.Stack.of(construct).get_logical_id(construct.node.default_child)


# ---------------------------------------------------------------------------------------------
# Member account: rules, role, dead-letter queue
# ---------------------------------------------------------------------------------------------


def test_one_rule_per_catalogue_alert_with_its_pattern_and_state(built):
    assert list(built.forward.rules) == list(ALERT_IDS)
    for alert_id, rule in built.forward.rules.items():
        properties = built.member_resources[_logical_id(rule)]["Properties"]
        assert properties["EventPattern"] == CATALOGUE[alert_id].event_pattern, alert_id
        assert properties["State"] == (READ_ONLY_EVENTS_STATE if CATALOGUE[alert_id].needs_read_only_events else "ENABLED")
        assert "EventBusName" not in properties  # the default bus, where CloudTrail's events arrive


def test_every_rule_targets_the_central_bus_with_the_role_and_the_dead_letter_queue(built):
    role = {"Fn::GetAtt": [_logical_id(built.forward.role), "Arn"]}
    queue = {"Fn::GetAtt": [_logical_id(built.forward.dead_letter_queue), "Arn"]}
    for rule in built.forward.rules.values():
        (target,) = built.member_resources[_logical_id(rule)]["Properties"]["Targets"]
        assert target == {"Arn": CENTRAL_BUS_ARN, "Id": "Target0", "RoleArn": role, "DeadLetterConfig": {"Arn": queue}}


def test_role_is_trusted_by_eventbridge_for_this_accounts_rules_only(built):
    properties = built.member_resources[_logical_id(built.forward.role)]["Properties"]
    assert properties["AssumeRolePolicyDocument"]["Statement"] == [
        {
            "Effect": "Allow",
            "Principal": {"Service": "events.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {
                "StringEquals": {"aws:SourceAccount": MEMBER_ACCOUNT},
                "ArnLike": {"aws:SourceArn": f"arn:aws:events:us-east-1:{MEMBER_ACCOUNT}:rule/*"},
            },
        }
    ]
    assert properties["ManagedPolicyArns"] == [{"Ref": _logical_id(built.forward.policy)}]
    assert "Policies" not in properties


def test_role_may_only_put_events_on_the_central_bus(built):
    assert policy_statements(built.member_template, "AWS::IAM::ManagedPolicy") == [
        {"Effect": "Allow", "Action": "events:PutEvents", "Resource": CENTRAL_BUS_ARN}
    ]
    built.member_template.resource_count_is("AWS::IAM::Policy", 0)


def test_each_rule_may_assume_the_role_and_no_other_accounts_rule_may(built):
    trust = built.member_resources[_logical_id(built.forward.role)]["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    role = built.member.resolve(built.forward.role.role_arn)
    own_rule = {
        "aws:SourceArn": f"arn:aws:events:us-east-1:{MEMBER_ACCOUNT}:rule/Member-ForwardcloudtrailtamperingABC-1A2B3C",
        "aws:SourceAccount": MEMBER_ACCOUNT,
    }
    assert policy_allows(trust, service="events.amazonaws.com", action="sts:AssumeRole", resource=role, context=own_rule)
    foreign_rule = {"aws:SourceArn": "arn:aws:events:us-east-1:999999999999:rule/x", "aws:SourceAccount": "999999999999"}
    assert not policy_allows(trust, service="events.amazonaws.com", action="sts:AssumeRole", resource=role, context=foreign_rule)
    other_region = {**own_rule, "aws:SourceArn": f"arn:aws:events:eu-west-1:{MEMBER_ACCOUNT}:rule/x"}
    assert not policy_allows(trust, service="events.amazonaws.com", action="sts:AssumeRole", resource=role, context=other_region)


def test_dead_letter_queue_lets_in_exactly_the_forwarding_rules(built):
    queue = {"Fn::GetAtt": [_logical_id(built.forward.dead_letter_queue), "Arn"]}
    statements = policy_statements(built.member_template, "AWS::SQS::QueuePolicy")
    (allow,) = [s for s in statements if s["Effect"] == "Allow" and s["Resource"] == queue]
    assert allow == {
        "Sid": "AllowEventBridgeRulesToSendUndeliveredEvents",
        "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"},
        "Action": "sqs:SendMessage",
        "Resource": queue,
        "Condition": {"ArnEquals": {"aws:SourceArn": [{"Fn::GetAtt": [_logical_id(rule), "Arn"]} for rule in built.forward.rules.values()]}},
    }
    for rule in built.forward.rules.values():
        context = {"aws:SourceArn": {"Fn::GetAtt": [_logical_id(rule), "Arn"]}, "aws:SecureTransport": "true"}
        assert policy_allows(statements, service="events.amazonaws.com", action="sqs:SendMessage", resource=queue, context=context)


def test_dead_letter_queue_has_a_key_of_its_own(built):
    queue = built.member_resources[_logical_id(built.forward.dead_letter_queue)]["Properties"]
    assert queue["KmsMasterKeyId"] == {"Fn::GetAtt": [_logical_id(built.forward.key), "Arn"]}
    assert "SqsManagedSseEnabled" not in queue
    key = built.member_resources[_logical_id(built.forward.key)]["Properties"]
    assert key["EnableKeyRotation"] is True
    statements = key["KeyPolicy"]["Statement"]
    assert [s.get("Sid") for s in statements] == [None, "DenyGrantsNotForAwsServices", "AllowEventBridgeRulesToDeadLetter"]
    assert statements[2] == {
        "Sid": "AllowEventBridgeRulesToDeadLetter",
        "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"},
        "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
        "Resource": "*",
        "Condition": {"ArnLike": {"aws:SourceArn": f"arn:aws:events:us-east-1:{MEMBER_ACCOUNT}:rule/*"}},
    }


def test_every_forwarding_rule_may_dead_letter_and_no_other_source(built):
    queue = _logical_id(built.forward.dead_letter_queue)
    checked = assert_dead_letters_allowed(built.member_template, queue_logical_id=queue)
    assert checked == {"rules": len(built.forward.rules), "subscriptions": 0}
    for source in (f"arn:aws:events:us-east-1:{SECURITY_ACCOUNT}:rule/x", f"arn:aws:events:eu-west-1:{MEMBER_ACCOUNT}:rule/x"):
        assert not dead_letter_key_allows(built.member_template, queue_logical_id=queue, service="events.amazonaws.com", source_arn=source)
    topic_arn = f"arn:aws:sns:us-east-1:{MEMBER_ACCOUNT}:x"
    assert not dead_letter_key_allows(built.member_template, queue_logical_id=queue, service="sns.amazonaws.com", source_arn=topic_arn)


def test_dead_letter_alarm_notifies_the_alert_topic_which_lets_it_in(built):
    alarm = built.member_resources[_logical_id(built.forward.dead_letter_alarm)]["Properties"]
    assert alarm["AlarmActions"] == [{"Ref": _logical_id(built.topic.topic)}]
    assert (alarm["Statistic"], alarm["ComparisonOperator"], alarm["TreatMissingData"]) == ("Sum", "GreaterThanOrEqualToThreshold", "notBreaching")
    checked = assert_publishers_allowed(
        built.member_template,
        topic_logical_id=_logical_id(built.topic.topic),
        key_logical_id=_logical_id(built.topic.key),
        queue_logical_id=None,
    )
    assert checked == {"alarms": 1, "rules": 0}


def test_forwarding_global_service_alerts_outside_us_east_1_warns(built):
    warnings = Annotations.from_stack(built.regional).find_warning("*", Match.string_like_regexp("EventBridge receives only in us-east-1"))
    assert [w.id.split("/")[-1] for w in warnings] == ["Forward"]
    assert "'root-console-sign-in'" in warnings[0].entry.data
    assert list(built.regional_forward.rules) == ["cloudtrail-tampering", "root-console-sign-in"]


# ---------------------------------------------------------------------------------------------
# Security account: the central bus
# ---------------------------------------------------------------------------------------------


def test_central_bus_has_its_name(built):
    built.security_template.has_resource_properties("AWS::Events::EventBus", {"Name": "security-events"})


def test_central_bus_policy_statement_for_named_accounts(built):
    bus_arn = {"Fn::GetAtt": [_logical_id(built.central.event_bus), "Arn"]}
    built.security_template.has_resource_properties(
        "AWS::Events::EventBusPolicy",
        {
            "EventBusName": {"Ref": _logical_id(built.central.event_bus)},
            "StatementId": "cdk-AllowAccountsToPutEvents",
            "Statement": {
                "Sid": "cdk-AllowAccountsToPutEvents",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": "events:PutEvents",
                "Resource": bus_arn,
                "Condition": {"StringEquals": {"aws:PrincipalAccount": [MEMBER_ACCOUNT, "333333333333"]}},
            },
        },
    )


def test_central_bus_policy_statement_for_the_organization(built):
    bus_arn = {"Fn::GetAtt": [_logical_id(built.central.event_bus), "Arn"]}
    built.security_template.has_resource_properties(
        "AWS::Events::EventBusPolicy",
        {
            "StatementId": "cdk-AllowOrganizationToPutEvents",
            "Statement": {
                "Sid": "cdk-AllowOrganizationToPutEvents",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": "events:PutEvents",
                "Resource": bus_arn,
                "Condition": {"StringEquals": {"aws:PrincipalOrgID": ORGANIZATION_ID}},
            },
        },
    )
    built.security_template.resource_count_is("AWS::Events::EventBusPolicy", 2)


def test_central_bus_lets_in_the_named_accounts_and_the_organization_and_nobody_else(built):
    bus_arn = {"Fn::GetAtt": [_logical_id(built.central.event_bus), "Arn"]}
    statements = [r["Properties"]["Statement"] for r in built.security_template.find_resources("AWS::Events::EventBusPolicy").values()]
    def outside_the_organization(account):
        return {"aws:PrincipalOrgID": "o-zzzzzzzzzz", "aws:PrincipalAccount": account}

    def in_the_organization(account):
        return {"aws:PrincipalOrgID": ORGANIZATION_ID, "aws:PrincipalAccount": account}

    for account in (MEMBER_ACCOUNT, "333333333333"):
        assert policy_allows(statements, account=account, action="events:PutEvents", resource=bus_arn, context=outside_the_organization(account))
    assert policy_allows(statements, account="444444444444", action="events:PutEvents", resource=bus_arn, context=in_the_organization("444444444444"))
    assert not policy_allows(
        statements, account="444444444444", action="events:PutEvents", resource=bus_arn, context=outside_the_organization("444444444444")
    )
    assert not policy_allows(
        statements, account=MEMBER_ACCOUNT, action="events:PutRule", resource=bus_arn, context=in_the_organization(MEMBER_ACCOUNT)
    )


def test_organization_only_bus_has_one_statement(built):
    built.organization_only.resource_count_is("AWS::Events::EventBusPolicy", 1)
    built.organization_only.has_resource_properties("AWS::Events::EventBus", {"Name": "org-security-events"})


def test_alerts_on_the_central_bus(built):
    for rule in built.central_alerts.rules.values():
        properties = built.security_template.to_json()["Resources"][_logical_id(rule)]["Properties"]
        assert properties["EventBusName"] == {"Ref": _logical_id(built.central.event_bus)}


# ---------------------------------------------------------------------------------------------
# Validation: one test per message
# ---------------------------------------------------------------------------------------------


def test_account_id_that_is_not_12_digits():
    with pytest.raises(ConfigurationError, match=r"source_account_ids '12345' is not an AWS account id \(expected exactly 12 digits.*\)\. Pass the account id"):
        CentralSecurityEventBus(new_stack(), "Bus", source_account_ids=["12345"])


def test_account_ids_given_as_one_string():
    with pytest.raises(ConfigurationError, match=r"source_account_ids is the single string '111111111111', but it must be a list\. Pass source_account_ids=\['111111111111'\]"):
        CentralSecurityEventBus(new_stack(), "Bus", source_account_ids="111111111111")


def test_organization_id_that_is_not_one():
    with pytest.raises(ConfigurationError, match=r"organization_id 'o-12' is not an AWS Organizations id \(expected o- followed by 10 to 32 lowercase letters or digits.*\)\. Copy it from"):
        CentralSecurityEventBus(new_stack(), "Bus", organization_id="o-12")


def test_bus_without_senders():
    with pytest.raises(ConfigurationError, match=r"CentralSecurityEventBus got neither source_account_ids nor organization_id.* Pass the 12-digit ids"):
        CentralSecurityEventBus(new_stack(), "Bus")


@pytest.mark.parametrize("name", ["default", "aws.partner/x", "security events", ""])
def test_bus_name_eventbridge_does_not_accept(name):
    with pytest.raises(ConfigurationError, match=rf"event_bus_name {name!r} is not a name EventBridge accepts for a custom event bus \(allowed: .*\)\. Choose a name"):
        CentralSecurityEventBus(new_stack(), "Bus", event_bus_name=name, organization_id=ORGANIZATION_ID)


def test_about_640_accounts_fit_in_one_bus_policy():
    accounts = [f"{number:012d}" for number in range(100000000000, 100000000000 + 642)]
    CentralSecurityEventBus(new_stack(), "Bus", source_account_ids=accounts)


def test_bus_policy_too_large_for_eventbridge():
    accounts = [f"{number:012d}" for number in range(100000000000, 100000000000 + 700)]
    with pytest.raises(ConfigurationError, match=r"source_account_ids names so many accounts that the bus policy would be about \d+ characters, over EventBridge's limit of 10240\. Use organization_id"):
        CentralSecurityEventBus(new_stack(), "Bus", source_account_ids=accounts)


def _bus(stack):
    return events.EventBus.from_event_bus_arn(stack, "CentralBus", CENTRAL_BUS_ARN)


def test_forwarding_nothing():
    stack = new_stack()
    with pytest.raises(ConfigurationError, match=r"alerts is empty, so nothing would be forwarded\. Leave alerts unset"):
        ForwardSecurityEvents(stack, "Forward", target_bus=_bus(stack), alerts=[])


def test_forwarding_an_unknown_alert():
    stack = new_stack()
    with pytest.raises(ConfigurationError, match=r"alert_id 'root-sign-in' is not in the alert catalogue\."):
        ForwardSecurityEvents(stack, "Forward", target_bus=_bus(stack), alerts=["root-sign-in"])


def test_forwarding_an_alert_twice():
    stack = new_stack()
    with pytest.raises(ConfigurationError, match=r"alerts names 'nacl-changes' more than once\. Name each alert once"):
        ForwardSecurityEvents(stack, "Forward", target_bus=_bus(stack), alerts=["nacl-changes", "nacl-changes"])


def test_forwarding_alerts_given_as_one_string():
    stack = new_stack()
    with pytest.raises(ConfigurationError, match=r"alerts 'nacl-changes' is a single alert, not a list\. Pass a list"):
        ForwardSecurityEvents(stack, "Forward", target_bus=_bus(stack), alerts="nacl-changes")
