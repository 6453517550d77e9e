"""LakeEventDataStore: opt-in, KMS-encrypted, warns about CloudTrail Lake's availability."""

import re

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Annotations, Match

from constructs_lib import ConfigurationError, LakeEventDataStore
from constructs_lib.query.lake_event_data_store import LAKE_AVAILABILITY_WARNING
from tests.helpers import cfn_lint_findings, nag_findings, new_stack, policy_statements, template_of


@pytest.fixture(scope="module")
def lake():
    stack = new_stack()
    LakeEventDataStore(stack, "Lake", organization_enabled=True, retention=cdk.Duration.days(731))
    return stack, template_of(stack)


def test_event_data_store_is_encrypted_with_its_own_key(lake):
    _, template = lake
    template.has_resource_properties(
        "AWS::CloudTrail::EventDataStore",
        {
            "KmsKeyId": {"Fn::GetAtt": [Match.string_like_regexp("LakeKey"), "Arn"]},
            "RetentionPeriod": 731,
            "OrganizationEnabled": True,
            "MultiRegionEnabled": True,
            "TerminationProtectionEnabled": True,
            "AdvancedEventSelectors": [{"Name": "All management events", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}],
        },
    )
    assert {
        "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
        "Effect": "Allow",
        "Principal": {"Service": "cloudtrail.amazonaws.com"},
        "Resource": "*",
    } in policy_statements(template, "AWS::KMS::Key")


def test_warns_that_lake_no_longer_accepts_new_customers(lake):
    stack, _ = lake
    Annotations.from_stack(stack).has_warning("/Test/Lake", Match.string_like_regexp(".*stopped accepting new customers on 31 May 2026.*"))
    assert LAKE_AVAILABILITY_WARNING == "constructs-lib:cloudtrail-lake-availability"


def test_passes_cdk_nag_and_cfn_lint(lake):
    stack, template = lake
    assert nag_findings(stack) == []
    assert cfn_lint_findings(template.to_json()) == []


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"retention": cdk.Duration.days(3)}, "retention 3 days is outside what CloudTrail Lake accepts (7 to 3653 days)"),
        ({"advanced_event_selectors": []}, "advanced_event_selectors has 0 selectors"),
        ({"organization_enabled": "true"}, "organization_enabled is 'true' of type str"),
    ],
)
def test_errors(props, message):
    with pytest.raises(ConfigurationError, match=re.escape(message)):
        LakeEventDataStore(new_stack(), "Lake", **props)
