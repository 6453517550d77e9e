"""The default layout, and the alerts, synthesized outside us-east-1 and in the aws-cn and aws-us-gov
partitions: Region- and partition-specific parts checked against AWS's documentation.

With a concrete Region, aws-cdk-lib resolves the partition from it, so the templates hold literal
ARNs. What AWS documents for the parts that differ:

- ARNs: ``arn:aws-cn:`` in the China Regions, ``arn:aws-us-gov:`` in AWS GovCloud (US)
  (https://docs.amazonaws.cn/en_us/general/latest/gr/ARNs.html,
  https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-arns.html).
- Service principals are ``<service>.amazonaws.com`` in every partition for CloudTrail, SNS,
  EventBridge, CloudWatch and S3 server access logging (aws-cdk-lib writes them so since AWS
  standardized service principals; the CloudTrail guide in China uses ``cloudtrail.amazonaws.com``).
- CloudWatch Logs' key-policy principal is Regional and carries the partition's DNS suffix:
  ``logs.<region>.amazonaws.com``, and ``logs.<region>.amazonaws.com.cn`` in China (the endpoint
  domain of the Beijing and Ningxia Regions is ``amazonaws.com.cn``); see
  ``policies.cloudwatch_logs_principal`` for the sources.

No template may name a Region or partition other than its own: a hard-coded ``us-east-1`` or
``arn:aws:`` anywhere fails the scan below.
"""

import json
import re
from types import SimpleNamespace

import aws_cdk as cdk
import pytest

from constructs_lib import SecureTrail
from constructs_lib.alerts.security_alerts import SecurityAlerts
from stacks.single_account import SingleAccountTrailStack
from tests.helpers import cfn_lint_findings, new_app, policy_statements, template_of
from tests.policy_evaluation import ACCOUNT, assert_dead_letters_allowed

VARIANTS = {
    # Region: (partition, DNS suffix)
    "eu-west-1": ("aws", "amazonaws.com"),
    "ap-southeast-2": ("aws", "amazonaws.com"),
    "cn-north-1": ("aws-cn", "amazonaws.com.cn"),
    "us-gov-west-1": ("aws-us-gov", "amazonaws.com"),
}
# The alerts (many rules and alarms, slower to synthesize) in one Region per partition other than aws;
# the aws partition's are synthesized in us-east-1 by the alert tests.
ALERT_REGIONS = ("cn-north-1", "us-gov-west-1")
UNIVERSAL_PRINCIPALS = {"cloudtrail.amazonaws.com", "logging.s3.amazonaws.com", "sns.amazonaws.com", "events.amazonaws.com", "cloudwatch.amazonaws.com"}


def _stack_props(region: str) -> dict:
    return {
        "env": cdk.Environment(account=ACCOUNT, region=region),
        "synthesizer": cdk.DefaultStackSynthesizer(generate_bootstrap_version_rule=False),
    }


@pytest.fixture(scope="module")
def built():
    """Per Region: the default layout, and in ALERT_REGIONS a trail with its alerts, each synthesized once."""
    variants = {}
    for region, (partition, suffix) in VARIANTS.items():
        app = new_app()
        layout = SingleAccountTrailStack(app, "SingleAccount", **_stack_props(region))
        alerts_stack = alerts = None
        if region in ALERT_REGIONS:
            alerts_stack = cdk.Stack(app, "Alerts", **_stack_props(region))
            trail = SecureTrail(alerts_stack, "Trail")
            alerts = SecurityAlerts(alerts_stack, "Alerts", log_group=trail.log_group, email_addresses=["security-team@example.com"])
        variants[region] = SimpleNamespace(
            region=region,
            partition=partition,
            suffix=suffix,
            layout=layout,
            template=template_of(layout),
            alerts=alerts,
            alerts_stack=alerts_stack,
            alerts_template=template_of(alerts_stack) if alerts_stack else None,
        )
    return variants


@pytest.fixture(params=list(VARIANTS))
def variant(request, built):
    return built[request.param]


@pytest.fixture(params=ALERT_REGIONS)
def alerts_variant(request, built):
    return built[request.param]


def _templates(variant):
    return [t for t in (variant.template, variant.alerts_template) if t is not None]


def _service_principals(template) -> set[str]:
    found = set()

    def walk(node):
        if isinstance(node, dict):
            principal = node.get("Principal")
            if isinstance(principal, dict) and "Service" in principal:
                services = principal["Service"]
                found.update(services if isinstance(services, list) else [services])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(template.to_json())
    return found


def _arns(template) -> set[str]:
    return set(re.findall(r"arn:[A-Za-z0-9-]*:[^\"]*", json.dumps(template.to_json())))


# ---------------------------------------------------------------------------------------------
# Nothing of another Region or partition
# ---------------------------------------------------------------------------------------------


def test_the_stack_resolves_its_partition_from_its_region(variant):
    assert (variant.layout.region, variant.layout.partition) == (variant.region, variant.partition)


def test_no_template_names_another_region_or_partition(variant):
    for template in _templates(variant):
        text = json.dumps(template.to_json())
        assert "us-east-1" not in text
        assert not [region for region in set(VARIANTS) - {variant.region} if region in text]
        for arn in _arns(template):
            assert arn.startswith(f"arn:{variant.partition}:"), arn
        if variant.partition != "aws":
            assert "arn:aws:" not in text
        if variant.partition != "aws-cn":
            assert "amazonaws.com.cn" not in text


def test_every_arn_of_a_regional_service_is_in_the_stacks_region(variant):
    for template in _templates(variant):
        for arn in _arns(template):
            service, region = arn.split(":")[2:4]
            if service not in ("iam", "s3"):  # global ARNs carry no Region
                assert region in (variant.region, "*"), arn


# ---------------------------------------------------------------------------------------------
# Service principals and ARNs, per partition
# ---------------------------------------------------------------------------------------------


def test_service_principals_of_the_default_layout(variant):
    assert _service_principals(variant.template) == {
        "cloudtrail.amazonaws.com",
        "logging.s3.amazonaws.com",
        f"logs.{variant.region}.{variant.suffix}",
    }


def test_service_principals_of_the_alerts(alerts_variant):
    variant = alerts_variant
    principals = _service_principals(variant.alerts_template)
    assert f"logs.{variant.region}.{variant.suffix}" in principals
    assert principals - {f"logs.{variant.region}.{variant.suffix}"} <= UNIVERSAL_PRINCIPALS
    assert {"events.amazonaws.com", "sns.amazonaws.com", "cloudwatch.amazonaws.com"} <= principals


def test_cloudtrail_key_statement_names_trails_of_the_partition(variant):
    (statement,) = [
        s for s in policy_statements(variant.template, "AWS::KMS::Key")
        if s.get("Principal") == {"Service": "cloudtrail.amazonaws.com"} and s["Action"] == "kms:GenerateDataKey*"
    ]
    trail_name = variant.template.to_json()["Resources"][variant.layout.get_logical_id(variant.layout.trail.trail)]["Properties"]["TrailName"]
    assert statement["Condition"]["StringEquals"]["aws:SourceArn"] == [
        f"arn:{variant.partition}:cloudtrail:{variant.region}:{ACCOUNT}:trail/{trail_name}"
    ]
    assert statement["Condition"]["StringLike"]["kms:EncryptionContext:aws:cloudtrail:arn"] == [
        f"arn:{variant.partition}:cloudtrail:*:{ACCOUNT}:trail/*"
    ]


def test_logs_key_statement_names_the_log_group_of_the_region(variant):
    (statement,) = [s for s in policy_statements(variant.template, "AWS::KMS::Key") if "logs." in str(s.get("Principal"))]
    assert statement["Principal"] == {"Service": f"logs.{variant.region}.{variant.suffix}"}
    (arn,) = statement["Condition"]["ArnEquals"]["kms:EncryptionContext:aws:logs:arn"]
    assert arn.startswith(f"arn:{variant.partition}:logs:{variant.region}:{ACCOUNT}:log-group:")


def test_dead_letter_key_names_rules_of_the_partition_and_lets_them_in(alerts_variant):
    variant = alerts_variant
    (statement,) = [s for s in policy_statements(variant.alerts_template, "AWS::KMS::Key") if s.get("Sid") == "AllowEventBridgeRulesToDeadLetter"]
    assert statement["Condition"] == {"ArnLike": {"aws:SourceArn": f"arn:{variant.partition}:events:{variant.region}:{ACCOUNT}:rule/*"}}
    queue = variant.alerts_stack.get_logical_id(variant.alerts.topic.dead_letter_queue.node.default_child)
    checked = assert_dead_letters_allowed(variant.alerts_template, queue_logical_id=queue, partition=variant.partition, region=variant.region)
    assert checked["rules"] > 0 and checked["subscriptions"] == 1


@pytest.mark.parametrize("region", ["cn-north-1", "us-gov-west-1"])
def test_cfn_lint_accepts_the_default_layout_in_the_other_partitions(built, region):
    """cfn-lint knows which resource types and properties each Region supports."""
    assert cfn_lint_findings(built[region].template.to_json(), regions=(region,)) == []
