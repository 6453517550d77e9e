"""The alert catalogue: exact patterns, samples checked by moto's EventBridge, every error message.

Sample events live in tests/data/cloudtrail_events as EventBridge envelopes (``detail`` is the
CloudTrail record), one per file, named ``<alert id>.match[.<variant>].json`` (a rule with the
alert's pattern delivers it) or ``<alert id>.benign[.<variant>].json`` (it does not).
"""

import dataclasses
import json
import re
from pathlib import Path
from types import MappingProxyType

import aws_cdk as cdk
import pytest

from constructs_lib import ConfigurationError
from constructs_lib.alerts.alert_catalogue import (
    ALERT_IDS,
    API_CALL,
    CONSOLE_SIGN_IN,
    SECURITY_HUB_FILTER_PATTERNS,
    AlertDefinition,
    Severity,
    catalogue,
    get_alert,
    validate_event_pattern,
    validate_filter_pattern,
)
from tests.eventbridge_matching import EventBridgeEmulator

SAMPLES = Path(__file__).parent.parent / "data" / "cloudtrail_events"
TRAIL_BUCKET = "org-trail-logs-111122223333"
TRAIL_KEY = "arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"


@pytest.fixture(scope="module")
def eventbridge():
    with EventBridgeEmulator() as emulator:
        yield emulator


@pytest.fixture(scope="module")
def alerts():
    return catalogue()


def _raises(match: str):
    return pytest.raises(ConfigurationError, match=re.escape(match))


def _sample(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.json").read_text())


def _samples(kind: str) -> list[tuple[str, str]]:
    """(alert id, sample name) of every sample of this kind ('match' or 'benign')."""
    found = []
    for path in sorted(SAMPLES.glob("*.json")):
        alert_id, sample_kind, *_ = path.stem.split(".")
        if sample_kind == kind:
            found.append((alert_id, path.stem))
    return found


# ---------------------------------------------------------------------------------------------
# The filter patterns, exactly as the benchmark gives them
# ---------------------------------------------------------------------------------------------

# Copied from the CIS AWS Foundations Benchmark remediation steps (v3.0.0 unless noted; v4.0.0
# and v5.0.0 are identical, v6.0.0 numbers them 5.x). The alert ids' order is the CIS order.
CIS_FILTER_PATTERNS = {
    # 4.1
    "unauthorized-api-calls": '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }',
    # 4.2, the variant "to reduce false positives in case Single Sign-On (SSO) is used"
    "console-sign-in-without-mfa": '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    # 4.3
    "root-account-usage": '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    # 4.4 (v5.0.0 text; v3.0.0's PDF text breaks event names across lines)
    "iam-policy-changes": "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}",
    # 4.5
    "cloudtrail-configuration-changes": "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
    # 4.6
    "console-authentication-failures": '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    # 4.7
    "kms-key-disabled-or-deletion-scheduled": "{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }",
    # 4.8
    "s3-bucket-policy-changes": "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }",
    # 4.9 (v5.0.0 text; v3.0.0 has one extra space)
    "aws-config-changes": "{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }",
    # 4.10 (v5.0.0; v6.0.0 5.10 is the same): v3.0.0 plus ModifySecurityGroupRules
    "security-group-changes": "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) || ($.eventName = ModifySecurityGroupRules) }",
    # 4.11
    "nacl-changes": "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }",
    # 4.12
    "network-gateway-changes": "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }",
    # 4.13
    "route-table-changes": "{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }",
    # 4.14
    "vpc-changes": "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }",
    # 4.15
    "organizations-changes": '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
}

# The library's own alerts, in the CIS style.
OWN_FILTER_PATTERNS = {
    "cloudtrail-tampering": "{ ($.eventSource = cloudtrail.amazonaws.com) && (($.eventName = StopLogging) || ($.eventName = DeleteTrail) || ($.eventName = UpdateTrail) || ($.eventName = PutEventSelectors)) }",
    "root-console-sign-in": '{ ($.eventName = "ConsoleLogin") && ($.userIdentity.type = "Root") }',
    "trail-bucket-policy-changes": "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketPolicy) || ($.eventName = DeleteBucketPolicy) || ($.eventName = PutBucketAcl) || ($.eventName = PutBucketPublicAccessBlock) || ($.eventName = DeleteBucketPublicAccessBlock)) }",
    "trail-key-disabled-or-deletion-scheduled": "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }",
}

# Security Hub CSPM remediation texts for CloudWatch.1 to CloudWatch.14
# (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html).
SECURITY_HUB_TEXTS = {
    "root-account-usage": '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    "unauthorized-api-calls": '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
    "console-sign-in-without-mfa": '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    "iam-policy-changes": "{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}",
    "cloudtrail-configuration-changes": "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}",
    "console-authentication-failures": '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    "kms-key-disabled-or-deletion-scheduled": "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}",
    "s3-bucket-policy-changes": "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}",
    "aws-config-changes": "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}",
    "security-group-changes": "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}",
    "nacl-changes": "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}",
    "network-gateway-changes": "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}",
    "route-table-changes": "{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}",
    "vpc-changes": "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}",
}


def test_catalogue_ids_are_the_published_ids_in_order(alerts):
    assert tuple(alerts) == ALERT_IDS
    assert set(ALERT_IDS) == set(CIS_FILTER_PATTERNS) | set(OWN_FILTER_PATTERNS)


@pytest.mark.parametrize("alert_id", list(CIS_FILTER_PATTERNS))
def test_filter_pattern_is_the_cis_text(alerts, alert_id):
    assert alerts[alert_id].filter_pattern == CIS_FILTER_PATTERNS[alert_id]


@pytest.mark.parametrize("alert_id", list(OWN_FILTER_PATTERNS))
def test_filter_pattern_of_the_library_alerts(alerts, alert_id):
    assert alerts[alert_id].filter_pattern == OWN_FILTER_PATTERNS[alert_id]


def test_security_hub_texts_are_published_verbatim():
    assert dict(SECURITY_HUB_FILTER_PATTERNS) == SECURITY_HUB_TEXTS
    for alert_id, text in SECURITY_HUB_TEXTS.items():
        validate_filter_pattern(text, parameter=alert_id)


def _squeezed(pattern: str) -> str:
    return re.sub(r"\s+", "", pattern)


@pytest.mark.parametrize("alert_id", sorted(set(SECURITY_HUB_TEXTS) - {"unauthorized-api-calls", "security-group-changes"}))
def test_cis_and_security_hub_differ_only_in_spacing(alerts, alert_id):
    assert _squeezed(alerts[alert_id].filter_pattern) == _squeezed(SECURITY_HUB_TEXTS[alert_id])


def test_security_hub_keeps_the_cis_1_2_unauthorized_api_calls_pattern(alerts):
    cis = _squeezed(alerts["unauthorized-api-calls"].filter_pattern)
    security_hub = _squeezed(SECURITY_HUB_TEXTS["unauthorized-api-calls"])
    assert cis == security_hub[:-1] + '&&($.sourceIPAddress!="delivery.logs.amazonaws.com")&&($.eventName!="HeadBucket")}'


def test_security_hub_lacks_modify_security_group_rules(alerts):
    cis = _squeezed(alerts["security-group-changes"].filter_pattern)
    assert cis == _squeezed(SECURITY_HUB_TEXTS["security-group-changes"])[:-1] + "||($.eventName=ModifySecurityGroupRules)}"


# ---------------------------------------------------------------------------------------------
# The event patterns and the other fields
# ---------------------------------------------------------------------------------------------


def _api(detail: dict, source: str | None = None) -> dict:
    return {**({"source": [source]} if source else {}), "detail-type": [API_CALL], "detail": detail}


EVENT_PATTERNS = {
    "unauthorized-api-calls": _api({
        "errorCode": [{"suffix": "UnauthorizedOperation"}, {"prefix": "AccessDenied"}],
        "sourceIPAddress": [{"anything-but": "delivery.logs.amazonaws.com"}],
        "eventName": [{"anything-but": "HeadBucket"}],
    }),
    "console-sign-in-without-mfa": {
        "detail-type": ["AWS Console Sign In via CloudTrail"],
        "detail": {
            "eventName": ["ConsoleLogin"],
            "additionalEventData": {"MFAUsed": [{"anything-but": "Yes"}]},
            "userIdentity": {"type": ["IAMUser"]},
            "responseElements": {"ConsoleLogin": ["Success"]},
        },
    },
    "root-account-usage": {
        "detail-type": ["AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail"],
        "detail": {
            "userIdentity": {"type": ["Root"], "invokedBy": [{"exists": False}]},
            "eventType": [{"anything-but": "AwsServiceEvent"}],
        },
    },
    "iam-policy-changes": _api({"eventName": [
        "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy",
        "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion",
        "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy",
        "AttachGroupPolicy", "DetachGroupPolicy",
    ]}),
    "cloudtrail-configuration-changes": _api(
        {"eventName": ["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"]}
    ),
    "console-authentication-failures": {
        "detail-type": ["AWS Console Sign In via CloudTrail"],
        "detail": {"eventName": ["ConsoleLogin"], "errorMessage": ["Failed authentication"]},
    },
    "kms-key-disabled-or-deletion-scheduled": _api(
        {"eventSource": ["kms.amazonaws.com"], "eventName": ["DisableKey", "ScheduleKeyDeletion"]},
        "aws.kms",
    ),
    "s3-bucket-policy-changes": _api({"eventSource": ["s3.amazonaws.com"], "eventName": [
        "PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication",
        "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication",
    ]}, "aws.s3"),
    "aws-config-changes": _api({"eventSource": ["config.amazonaws.com"], "eventName": [
        "StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder",
    ]}, "aws.config"),
    "security-group-changes": _api({"eventName": [
        "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
        "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup", "ModifySecurityGroupRules",
    ]}),
    "nacl-changes": _api({"eventName": [
        "CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry",
        "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation",
    ]}),
    "network-gateway-changes": _api({"eventName": [
        "CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway", "CreateInternetGateway",
        "DeleteInternetGateway", "DetachInternetGateway",
    ]}),
    "route-table-changes": _api({"eventName": [
        "CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable",
        "DeleteRoute", "DisassociateRouteTable",
    ]}),
    "vpc-changes": _api({"eventName": [
        "CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection", "CreateVpcPeeringConnection",
        "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection", "AttachClassicLinkVpc", "DetachClassicLinkVpc",
        "DisableVpcClassicLink", "EnableVpcClassicLink",
    ]}),
    "organizations-changes": _api({"eventSource": ["organizations.amazonaws.com"], "eventName": [
        "AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit", "CreatePolicy",
        "DeclineHandshake", "DeleteOrganization", "DeleteOrganizationalUnit", "DeletePolicy", "DetachPolicy",
        "DisablePolicyType", "EnablePolicyType", "InviteAccountToOrganization", "LeaveOrganization",
        "MoveAccount", "RemoveAccountFromOrganization", "UpdatePolicy", "UpdateOrganizationalUnit",
    ]}, "aws.organizations"),
    "cloudtrail-tampering": _api(
        {"eventSource": ["cloudtrail.amazonaws.com"],
         "eventName": ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"]},
        "aws.cloudtrail",
    ),
    "root-console-sign-in": {
        "detail-type": ["AWS Console Sign In via CloudTrail"],
        "detail": {"eventName": ["ConsoleLogin"], "userIdentity": {"type": ["Root"]}},
    },
    "trail-bucket-policy-changes": _api({"eventSource": ["s3.amazonaws.com"], "eventName": [
        "PutBucketPolicy", "DeleteBucketPolicy", "PutBucketAcl", "PutBucketPublicAccessBlock",
        "DeleteBucketPublicAccessBlock",
    ]}, "aws.s3"),
    "trail-key-disabled-or-deletion-scheduled": _api(
        {"eventSource": ["kms.amazonaws.com"], "eventName": ["DisableKey", "ScheduleKeyDeletion"]}, "aws.kms"
    ),
}


@pytest.mark.parametrize("alert_id", ALERT_IDS)
def test_event_pattern(alerts, alert_id):
    assert alerts[alert_id].event_pattern == EVENT_PATTERNS[alert_id]


def _cis(n: int) -> tuple[str, ...]:
    return (f"CIS 3.0 4.{n}", f"CIS 4.0 4.{n}", f"CIS 5.0 4.{n}", f"CIS 6.0 5.{n}")


C, H, M, L = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW
# alert id: severity, needs read-only events, Region of the events, controls, metric name
ATTRIBUTES = {
    "unauthorized-api-calls": (L, True, None, (*_cis(1), "Security Hub CloudWatch.2"), "UnauthorizedApiCalls"),
    "console-sign-in-without-mfa": (H, False, "us-east-1", (*_cis(2), "Security Hub CloudWatch.3"), "ConsoleSignInWithoutMfa"),
    "root-account-usage": (H, True, None, (*_cis(3), "Security Hub CloudWatch.1"), "RootAccountUsage"),
    "iam-policy-changes": (M, False, "us-east-1", (*_cis(4), "Security Hub CloudWatch.4"), "IamPolicyChanges"),
    "cloudtrail-configuration-changes": (H, False, None, (*_cis(5), "Security Hub CloudWatch.5"), "CloudTrailConfigurationChanges"),
    "console-authentication-failures": (M, False, "us-east-1", (*_cis(6), "Security Hub CloudWatch.6"), "ConsoleAuthenticationFailures"),
    "kms-key-disabled-or-deletion-scheduled": (H, False, None, (*_cis(7), "Security Hub CloudWatch.7"), "KmsKeyDisabledOrDeletionScheduled"),
    "s3-bucket-policy-changes": (M, False, None, (*_cis(8), "Security Hub CloudWatch.8"), "S3BucketPolicyChanges"),
    "aws-config-changes": (H, False, None, (*_cis(9), "Security Hub CloudWatch.9"), "AwsConfigChanges"),
    "security-group-changes": (L, False, None, (*_cis(10), "Security Hub CloudWatch.10"), "SecurityGroupChanges"),
    "nacl-changes": (M, False, None, (*_cis(11), "Security Hub CloudWatch.11"), "NaclChanges"),
    "network-gateway-changes": (M, False, None, (*_cis(12), "Security Hub CloudWatch.12"), "NetworkGatewayChanges"),
    "route-table-changes": (M, False, None, (*_cis(13), "Security Hub CloudWatch.13"), "RouteTableChanges"),
    "vpc-changes": (M, False, None, (*_cis(14), "Security Hub CloudWatch.14"), "VpcChanges"),
    "organizations-changes": (H, False, "us-east-1", _cis(15), "OrganizationsChanges"),
    "cloudtrail-tampering": (C, False, None, (), "CloudTrailTampering"),
    "root-console-sign-in": (C, False, "us-east-1", (), "RootConsoleSignIn"),
    "trail-bucket-policy-changes": (C, False, None, (), "TrailBucketPolicyChanges"),
    "trail-key-disabled-or-deletion-scheduled": (C, False, None, (), "TrailKeyDisabledOrDeletionScheduled"),
}


@pytest.mark.parametrize("alert_id", ALERT_IDS)
def test_severity_rule_state_region_controls_and_metric(alerts, alert_id):
    alert = alerts[alert_id]
    assert (
        alert.severity, alert.needs_read_only_events, alert.global_service_region, alert.controls,
        alert.metric_name,
    ) == ATTRIBUTES[alert_id]
    assert alert.title


def _filter_event_names(pattern: str) -> list[str]:
    return re.findall(r'\$\.eventName\s*=\s*"?(\w+)"?', pattern)


@pytest.mark.parametrize("alert_id", [a for a in ALERT_IDS if "eventName" in EVENT_PATTERNS[a]["detail"]])
def test_filter_and_event_pattern_name_the_same_events(alerts, alert_id):
    alert = alerts[alert_id]
    names = alert.event_pattern["detail"]["eventName"]
    if all(isinstance(name, str) for name in names):
        assert _filter_event_names(alert.filter_pattern) == names


def test_detail_types_are_the_cloudtrail_ones():
    assert (API_CALL, CONSOLE_SIGN_IN) == ("AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail")


def test_catalogue_returns_fresh_patterns():
    catalogue()["vpc-changes"].event_pattern["detail"]["eventName"].append("CreateSubnet")
    assert "CreateSubnet" not in catalogue()["vpc-changes"].event_pattern["detail"]["eventName"]


# ---------------------------------------------------------------------------------------------
# Samples against moto's EventBridge
# ---------------------------------------------------------------------------------------------


def test_every_alert_has_a_matching_and_a_benign_sample():
    for kind in ("match", "benign"):
        assert {alert_id for alert_id, _ in _samples(kind)} == set(ALERT_IDS), kind


@pytest.mark.parametrize(("alert_id", "sample"), _samples("match"), ids=lambda value: value)
def test_matching_sample_is_delivered(eventbridge, alerts, alert_id, sample):
    assert eventbridge.delivered(alerts[alert_id].event_pattern, _sample(sample))


@pytest.mark.parametrize(("alert_id", "sample"), _samples("benign"), ids=lambda value: value)
def test_benign_sample_is_not_delivered(eventbridge, alerts, alert_id, sample):
    assert not eventbridge.delivered(alerts[alert_id].event_pattern, _sample(sample))


def test_trail_bucket_alert_scoped_to_the_trail_bucket(eventbridge):
    alert = catalogue(trail_bucket_names=[TRAIL_BUCKET])["trail-bucket-policy-changes"]
    assert alert.filter_pattern == (
        OWN_FILTER_PATTERNS["trail-bucket-policy-changes"][:-2]
        + ' && (($.requestParameters.bucketName = "org-trail-logs-111122223333")) }'
    )
    assert alert.event_pattern["detail"]["requestParameters"] == {"bucketName": [TRAIL_BUCKET]}
    assert eventbridge.delivered(alert.event_pattern, _sample("trail-bucket-policy-changes.match"))
    assert eventbridge.delivered(
        alert.event_pattern, _sample("trail-bucket-policy-changes.match.public-access-block-removed")
    )
    assert not eventbridge.delivered(alert.event_pattern, _sample("trail-bucket-policy-changes.match.other-bucket"))


def test_trail_key_alert_scoped_to_the_trail_key(eventbridge):
    other_key = "arn:aws:kms:eu-west-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef"
    alert = catalogue(trail_key_arns=[TRAIL_KEY, other_key, TRAIL_KEY])["trail-key-disabled-or-deletion-scheduled"]
    assert alert.filter_pattern == (
        OWN_FILTER_PATTERNS["trail-key-disabled-or-deletion-scheduled"][:-2]
        + f' && (($.responseElements.keyId = "{TRAIL_KEY}") || ($.responseElements.keyId = "{other_key}")) }}'
    )
    assert alert.event_pattern["detail"]["responseElements"] == {"keyId": [TRAIL_KEY, other_key]}
    assert eventbridge.delivered(alert.event_pattern, _sample("trail-key-disabled-or-deletion-scheduled.match"))
    assert eventbridge.delivered(
        alert.event_pattern, _sample("trail-key-disabled-or-deletion-scheduled.match.disable-key")
    )
    assert not eventbridge.delivered(
        alert.event_pattern, _sample("trail-key-disabled-or-deletion-scheduled.match.other-key")
    )


def test_trail_resources_may_be_tokens():
    stack = cdk.Stack()
    bucket_name = cdk.Fn.ref("TrailBucket")
    key_arn = cdk.Fn.get_att("TrailKey", "Arn").to_string()
    alerts = catalogue(trail_bucket_names=[bucket_name], trail_key_arns=[key_arn])
    bucket_alert = alerts["trail-bucket-policy-changes"]
    assert stack.resolve(bucket_alert.event_pattern["detail"]["requestParameters"]) == {
        "bucketName": [{"Ref": "TrailBucket"}]
    }
    assert stack.resolve(bucket_alert.filter_pattern)["Fn::Join"][1][1] == {"Ref": "TrailBucket"}
    key_alert = alerts["trail-key-disabled-or-deletion-scheduled"]
    assert stack.resolve(key_alert.event_pattern["detail"]["responseElements"]) == {
        "keyId": [{"Fn::GetAtt": ["TrailKey", "Arn"]}]
    }


# Each operator the catalogue uses, with an event it must deliver and one it must not: proof that
# moto evaluates them rather than delivering everything.
OPERATOR_PROBES = {
    "prefix": ({"errorCode": [{"prefix": "AccessDenied"}]}, {"errorCode": "AccessDeniedException"}, {"errorCode": "NoSuchKey"}),
    "suffix": ({"errorCode": [{"suffix": "UnauthorizedOperation"}]}, {"errorCode": "Client.UnauthorizedOperation"}, {"errorCode": "Client.UnauthorizedOperations"}),
    "anything-but": ({"eventName": [{"anything-but": "HeadBucket"}]}, {"eventName": "GetObject"}, {"eventName": "HeadBucket"}),
    "anything-but on a missing field": ({"eventName": [{"anything-but": "HeadBucket"}]}, {"eventName": "GetObject"}, {}),
    "exists false": ({"userIdentity": {"invokedBy": [{"exists": False}]}}, {"userIdentity": {"type": "Root"}}, {"userIdentity": {"invokedBy": "AWS Internal"}}),
    "nested value": ({"responseElements": {"ConsoleLogin": ["Success"]}}, {"responseElements": {"ConsoleLogin": "Success"}}, {"responseElements": {"ConsoleLogin": "Failure"}}),
    "value list": ({"eventName": ["DisableKey", "ScheduleKeyDeletion"]}, {"eventName": "ScheduleKeyDeletion"}, {"eventName": "EnableKey"}),
}


@pytest.mark.parametrize("operator", list(OPERATOR_PROBES))
def test_moto_evaluates_the_operators_the_catalogue_uses(eventbridge, operator):
    detail_pattern, matching, other = OPERATOR_PROBES[operator]
    pattern = {"detail-type": [API_CALL], "detail": detail_pattern}

    def event(detail):
        return {"source": "aws.test", "detail-type": API_CALL, "detail": {"probe": operator, **detail}}

    assert eventbridge.delivered(pattern, event(matching))
    assert not eventbridge.delivered(pattern, event(other))
    assert not eventbridge.delivered(pattern, {**event(matching), "detail-type": CONSOLE_SIGN_IN})


# ---------------------------------------------------------------------------------------------
# Users' own alerts
# ---------------------------------------------------------------------------------------------

OWN = {
    "alert_id": "guardduty-disabled",
    "title": "GuardDuty detector deleted",
    "severity": Severity.HIGH,
    "filter_pattern": "{ ($.eventSource = guardduty.amazonaws.com) && ($.eventName = DeleteDetector) }",
    "event_pattern": {"source": ["aws.guardduty"], "detail": {"eventName": ["DeleteDetector"]}},
    "needs_read_only_events": False,
    "global_service_region": None,
    "metric_name": "GuardDutyDisabled",
}


def test_users_can_define_their_own_alert():
    pattern = json.loads(json.dumps(OWN["event_pattern"]))
    alert = AlertDefinition(**{**OWN, "event_pattern": pattern, "controls": ["Internal SEC-7"]})
    pattern["detail"]["eventName"].append("UpdateDetector")
    assert alert.event_pattern == OWN["event_pattern"]
    assert alert.controls == ("Internal SEC-7",)
    assert hash(alert) == hash(dataclasses.replace(alert))
    assert dataclasses.replace(alert, severity=Severity.CRITICAL).severity is Severity.CRITICAL


def test_read_only_mappings_pass_validation_and_are_stored_as_dicts():
    pattern = MappingProxyType({"source": ("aws.guardduty",), "detail": MappingProxyType({"eventName": ["DeleteDetector"]})})
    alert = AlertDefinition(**{**OWN, "event_pattern": pattern})
    assert json.loads(json.dumps(alert.event_pattern)) == OWN["event_pattern"]


def test_every_operator_passes_validation():
    validate_event_pattern(
        {
            "source": ["aws.ec2", 5, 1.5, True, None],
            "detail": {
                "a": [{"prefix": "x"}, {"prefix": {"equals-ignore-case": "x"}}, {"suffix": "y"}],
                "b": [{"anything-but": "x"}, {"anything-but": ["x", "y"]}, {"anything-but": [1, 2]},
                      {"anything-but": {"prefix": "x"}}, {"anything-but": {"wildcard": ["a*", "b*"]}}],
                "c": [{"numeric": [">", 0, "<=", 5]}, {"numeric": ["=", 3.5]}],
                "d": [{"exists": True}, {"cidr": "10.0.0.0/24"}, {"cidr": "2001:db8::/32"}],
                "e": [{"equals-ignore-case": "x"}, {"wildcard": "a*b"}],
                "$or": [{"f": ["1"]}, {"g": {"h": ["2"]}}],
            },
        },
        parameter="event_pattern",
    )
    validate_filter_pattern(
        '{ ($.a = 1) && (($.b != "x y") || ($.c[0].d > -2.5)) && $.e IS TRUE && $.f is null && '
        "$.g NOT EXISTS && $.h = %[0-9]+% && $.i >= 1e3 && $.j = * }",
        parameter="filter_pattern",
    )


# ---------------------------------------------------------------------------------------------
# Every validation message
# ---------------------------------------------------------------------------------------------

FILTER_ERRORS = {
    "empty": ("", "filter_pattern '' is not a CloudWatch Logs filter pattern: it is empty or not a string"),
    "not a string": (None, "filter_pattern None is not a CloudWatch Logs filter pattern: it is empty or not a string"),
    "unclosed string": ('{ $.a = "x }', "the quoted string starting at character 9 is not closed"),
    "unclosed regex": ("{ $.a = %x }", "the regular expression starting at character 9 is not closed with %"),
    "single &": ("{ ($.a = 1) & ($.b = 2) }", "single '&' at character 13; use '&&'"),
    "single |": ("{ ($.a = 1) | ($.b = 2) }", "single '|' at character 13; use '||'"),
    "bare $": ("{ $ = 1 }", "selector at character 3 must be '$.' followed by a field name"),
    "stray character": ("{ $.a = 1 ! }", "unexpected '!' at character 11"),
    "unclosed parenthesis": ("{ ($.a = 1 }", "unbalanced parentheses: 1 '(' not closed"),
    "extra parenthesis": ("{ $.a = 1) }", "unbalanced parentheses: ')' at character 10 closes nothing"),
    "unclosed brace": ("{ $.a = 1", "unbalanced braces: 1 '{' not closed"),
    "no braces": ("$.a = 1", "it must start with '{' and end with '}'"),
    "nested braces": ("{ { $.a = 1 } }", "braces may only enclose the whole pattern, once"),
    "empty braces": ("{ }", "there is no condition between the braces"),
    "missing operator between conditions": ("{ ($.a = 1) ($.b = 2) }", "unexpected '(' at character 13; join conditions with && or ||"),
    "dangling operator": ("{ ($.a = 1) && }", "'&&' at character 13 is not followed by a condition"),
    "not a selector": ("{ eventName = ConsoleLogin }", "expected a selector such as $.eventName at character 3, found 'eventName'"),
    "missing comparison": ("{ $.eventName ConsoleLogin }", "expected a comparison (=, !=, <, <=, >, >=, IS, NOT EXISTS) after $.eventName at character 15, found 'ConsoleLogin'"),
    "missing value at the end": ("{ $.a = }", "a value after '$.a =' is missing before the closing brace"),
    "missing value": ("{ ($.a = ) }", "expected a value after '$.a =' at character 10, found ')'"),
    "numeric comparison of text": ("{ $.a > abc }", "'$.a >' compares numbers, but 'abc' at character 9 is not a number"),
    "IS what": ("{ $.a IS MAYBE }", "expected TRUE, FALSE or NULL after '$.a IS' at character 10, found 'MAYBE'"),
    "NOT what": ("{ $.a NOT THERE }", "expected EXISTS after '$.a NOT' at character 11, found 'THERE'"),
    "too long": ("{ " + " || ".join(["($.eventName = CreateSomething)"] * 40) + " }", "has 1400 characters; CloudWatch Logs accepts at most 1024"),
}


@pytest.mark.parametrize("case", list(FILTER_ERRORS))
def test_malformed_filter_pattern(case):
    pattern, message = FILTER_ERRORS[case]
    with _raises(message):
        validate_filter_pattern(pattern, parameter="filter_pattern")


def test_filter_pattern_error_names_the_value_and_what_is_allowed():
    with pytest.raises(ConfigurationError) as error:
        validate_filter_pattern("{ $.a = 1 ! }", parameter="filter_pattern")
    assert str(error.value).startswith(
        "filter_pattern '{ $.a = 1 ! }' is not a valid CloudWatch Logs filter pattern: unexpected '!' at character 11. "
        "Expected a JSON filter pattern such as '{ ($.eventName = ConsoleLogin)"
    )


EVENT_ERRORS = {
    "empty": ({}, "event_pattern {} is not an EventBridge event pattern: it must be a non-empty dict"),
    "not a dict": (["aws.kms"], "event_pattern ['aws.kms'] is not an EventBridge event pattern: it must be a non-empty dict"),
    "field name": ({1: ["a"]}, "event_pattern has 1: field names must be non-empty strings"),
    "scalar instead of list": ({"source": "aws.kms"}, 'event_pattern has \'aws.kms\' at source: a field must map to a list of values (write ["aws.kms"])'),
    "empty list": ({"source": []}, "event_pattern has [] at source: an empty list matches nothing"),
    "empty object": ({"detail": {}}, "event_pattern has {} at detail: an empty object matches nothing"),
    "nested list": ({"source": [["a"]]}, "event_pattern has ['a'] at source[0]: list items must be strings, numbers, booleans, null or a content filter object"),
    "two operators": ({"a": [{"prefix": "x", "suffix": "y"}]}, "at a[0]: a content filter object has exactly one operator"),
    "unknown operator": ({"detail": {"a": [{"startswith": "x"}]}}, "event_pattern has {'startswith': 'x'} at detail.a[0]: 'startswith' is not an EventBridge content filter"),
    "prefix": ({"a": [{"prefix": 5}]}, "'prefix' takes a non-empty string or {'equals-ignore-case': <string>}"),
    "equals-ignore-case": ({"a": [{"equals-ignore-case": ""}]}, "'equals-ignore-case' takes a non-empty string"),
    "exists": ({"a": [{"exists": "false"}]}, "'exists' takes true or false"),
    "cidr": ({"a": [{"cidr": "10.0.0.300/24"}]}, "'cidr' takes an IPv4 or IPv6 CIDR block such as '10.0.0.0/24'"),
    "numeric": ({"a": [{"numeric": [">", "5"]}]}, "'numeric' takes one or two comparisons such as ['>', 0, '<=', 5]"),
    "anything-but": ({"a": [{"anything-but": {"exists": False}}]}, "'anything-but' takes a string, a number, a non-empty list of strings or of numbers"),
    "$or": ({"$or": {"a": ["b"]}}, "at $or: '$or' takes a non-empty list of non-empty patterns"),
    "too long": ({"a": ["x" * 5000]}, "event_pattern has 5010 characters as JSON; EventBridge accepts at most 4096"),
}


@pytest.mark.parametrize("case", list(EVENT_ERRORS))
def test_malformed_event_pattern(case):
    pattern, message = EVENT_ERRORS[case]
    with _raises(message):
        validate_event_pattern(pattern, parameter="event_pattern")


DEFINITION_ERRORS = {
    "alert_id": ({"alert_id": "Root_Usage"}, "alert_id 'Root_Usage' is not a kebab-case id (expected 1 to 64 lowercase letters"),
    "alert_id too long": ({"alert_id": "a" * 65}, "is not a kebab-case id (expected 1 to 64"),
    "title": ({"title": " "}, "title of alert 'guardduty-disabled' is ' '; expected a non-empty one-line text of at most 512"),
    "severity": ({"severity": "HIGH"}, "severity of alert 'guardduty-disabled' is 'HIGH', not a Severity (allowed: Severity.CRITICAL, Severity.HIGH"),
    "filter_pattern": ({"filter_pattern": "DeleteDetector"}, "filter_pattern of alert 'guardduty-disabled' 'DeleteDetector' is not a valid CloudWatch Logs filter pattern: it must start with '{'"),
    "event_pattern": ({"event_pattern": {"source": "aws.guardduty"}}, "event_pattern of alert 'guardduty-disabled' has 'aws.guardduty' at source"),
    "needs_read_only_events": ({"needs_read_only_events": "no"}, "needs_read_only_events of alert 'guardduty-disabled' is 'no', not a bool"),
    "global_service_region": ({"global_service_region": "US East"}, "global_service_region of alert 'guardduty-disabled' is 'US East'; expected None"),
    "controls as a string": ({"controls": "CIS 3.0 4.3"}, "controls of alert 'guardduty-disabled' is 'CIS 3.0 4.3'; expected a tuple of control references"),
    "empty control": ({"controls": ("CIS 3.0 4.3", "")}, "controls of alert 'guardduty-disabled' contains ''; every control reference must be a non-empty string"),
    "metric_name": ({"metric_name": "GuardDuty:Disabled"}, "metric_name of alert 'guardduty-disabled' is 'GuardDuty:Disabled'; CloudWatch Logs accepts 1 to 255 characters without ':', '*' or '$'"),
}


@pytest.mark.parametrize("case", list(DEFINITION_ERRORS))
def test_invalid_alert_definition(case):
    change, message = DEFINITION_ERRORS[case]
    with _raises(message):
        AlertDefinition(**{**OWN, **change})


CATALOGUE_ERRORS = {
    "bucket names as a string": ({"trail_bucket_names": TRAIL_BUCKET}, f"trail_bucket_names '{TRAIL_BUCKET}' is not a list of strings. Pass a list"),
    "bucket ARN": ({"trail_bucket_names": [f"arn:aws:s3:::{TRAIL_BUCKET}"]}, f"trail_bucket_names contains 'arn:aws:s3:::{TRAIL_BUCKET}', which is not an S3 bucket name"),
    "key alias": ({"trail_key_arns": ["arn:aws:kms:eu-west-1:111122223333:alias/trail"]}, "trail_key_arns contains 'arn:aws:kms:eu-west-1:111122223333:alias/trail', which is not a KMS key ARN"),
    "key ARNs as a string": ({"trail_key_arns": TRAIL_KEY}, f"trail_key_arns '{TRAIL_KEY}' is not a list of strings"),
    "too many buckets": ({"trail_bucket_names": [f"trail-logs-{n:02d}-111122223333" for n in range(20)]}, "filter_pattern of alert 'trail-bucket-policy-changes' '{ ($.eventSource = s3.amazonaws.com)"),
}


@pytest.mark.parametrize("case", list(CATALOGUE_ERRORS))
def test_invalid_catalogue_parameters(case):
    kwargs, message = CATALOGUE_ERRORS[case]
    with _raises(message):
        catalogue(**kwargs)


def test_too_many_buckets_says_the_limit():
    with _raises("characters; CloudWatch Logs accepts at most 1024. Split the alert in two or match fewer values"):
        catalogue(trail_bucket_names=[f"trail-logs-{n:02d}-111122223333" for n in range(20)])


def test_unknown_alert_id_lists_the_known_ones():
    with _raises(
        "alert_id 'root-usage' is not in the alert catalogue. Did you mean 'root-account-usage'? Known ids: "
        + ", ".join(ALERT_IDS)
    ):
        get_alert("root-usage")


def test_get_alert_passes_the_trail_resources():
    assert get_alert("trail-bucket-policy-changes", trail_bucket_names=[TRAIL_BUCKET]).event_pattern["detail"][
        "requestParameters"
    ] == {"bucketName": [TRAIL_BUCKET]}
    assert get_alert("root-account-usage") == catalogue()["root-account-usage"]
