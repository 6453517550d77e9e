"""The accounts layout (no AWS Organizations): per-account trails into one central log archive, its
compact policies evaluated for the first, a middle and the last of 1,000 accounts, and the
per-account and StackSet forms."""

import dataclasses
import json
import re
import runpy
from types import SimpleNamespace

import pytest
from aws_cdk.assertions import Match, Template

from constructs_lib import ConfigurationError, LayoutConfig
from constructs_lib._shared.validation import POLICY_SIZE_LIMITS
from constructs_lib.alerts.event_forwarding import MAX_EVENT_BUS_POLICY_LENGTH
from stacks.account_trail import AccountTrailStack
from stacks.layouts import add_accounts_layout
from tests.helpers import PROJECT_ROOT, new_app
from tests.policy_evaluation import log_bucket_policy, policy_allows, render, trail_key_policy

EXAMPLE = runpy.run_path(str(PROJECT_ROOT / "examples" / "multi_account.py"), run_name="example")["CONFIG"]
THOUSAND = tuple(f"{500000000000 + n:012d}" for n in range(1000))
FIRST, MIDDLE, LAST = THOUSAND[0], THOUSAND[499], THOUSAND[-1]
STRANGER = "999999999999"
LARGE = dataclasses.replace(EXAMPLE, trail_accounts=THOUSAND, log_reader_accounts=(), event_bus_count=2)
BUCKET_ARN = f"arn:aws:s3:::{LARGE.log_bucket_name}"


def _templates(stacks) -> dict[str, Template]:
    return {stack.stack_name: Template.from_stack(stack) for stack in stacks.all}


@pytest.fixture(scope="module")
def large():
    """1,000 accounts in the StackSet form (the per-account form would be 1,000 stacks)."""
    app = new_app()
    stacks = add_accounts_layout(app, LARGE, stack_set=True)
    return SimpleNamespace(stacks=stacks, templates=_templates(stacks))


@pytest.fixture(scope="module")
def example():
    app = new_app()
    stacks = add_accounts_layout(app, EXAMPLE)
    return SimpleNamespace(stacks=stacks, templates=_templates(stacks))


def _log_bucket_policy(template: Template) -> list[dict]:
    return log_bucket_policy(template, LARGE.log_bucket_name)


def _size(document) -> int:
    return len(json.dumps(document, separators=(",", ":")))


def _trail_arn(account: str) -> str:
    return f"arn:aws:cloudtrail:us-east-1:{account}:trail/audit-trail"


def _delivery(account: str, trail_arn: str | None = None) -> dict:
    return {
        "aws:SourceAccount": account,
        "aws:SourceArn": trail_arn or _trail_arn(account),
        "s3:x-amz-acl": "bucket-owner-full-control",
        "aws:SecureTransport": "true",
        "s3:TlsVersion": 1.3,
    }


# -- 1,000 accounts within AWS's limits ---------------------------------------------------------


def test_every_policy_of_1000_accounts_fits_its_aws_limit(large):
    archive = large.templates["CloudTrailLogArchive"]
    assert _size({"Statement": _log_bucket_policy(archive)}) <= POLICY_SIZE_LIMITS["bucket"]
    assert _size({"Statement": trail_key_policy(archive)}) <= POLICY_SIZE_LIMITS["key"]
    bus_policies = large.templates["CloudTrailSecurity"].find_resources("AWS::Events::EventBusPolicy")
    assert len(bus_policies) == 2
    for policy in bus_policies.values():
        assert _size(policy["Properties"]["Statement"]) + 300 <= MAX_EVENT_BUS_POLICY_LENGTH  # + the bus ARN


@pytest.mark.parametrize("account", [FIRST, MIDDLE, LAST], ids=["first", "middle", "last"])
def test_each_listed_account_trail_writes_its_own_prefix_and_encrypts(large, account):
    archive = large.templates["CloudTrailLogArchive"]
    key = f"{BUCKET_ARN}/AWSLogs/{account}/CloudTrail/eu-west-1/2026/12/05/{account}_CloudTrail_eu-west-1_x.json.gz"
    bucket = _log_bucket_policy(archive)
    assert policy_allows(bucket, service="cloudtrail.amazonaws.com", action="s3:PutObject", resource=key, context=_delivery(account))
    assert policy_allows(
        bucket, service="cloudtrail.amazonaws.com", action="s3:GetBucketAcl", resource=BUCKET_ARN,
        context={k: v for k, v in _delivery(account).items() if k != "s3:x-amz-acl"},
    )
    encrypt = {"aws:SourceAccount": account, "aws:SourceArn": _trail_arn(account), "kms:EncryptionContext:aws:cloudtrail:arn": _trail_arn(account)}
    assert policy_allows(trail_key_policy(archive), service="cloudtrail.amazonaws.com", action="kms:GenerateDataKey", resource="*", context=encrypt)


def test_an_account_not_listed_is_refused(large):
    archive = large.templates["CloudTrailLogArchive"]
    key = f"{BUCKET_ARN}/AWSLogs/{STRANGER}/CloudTrail/us-east-1/2026/12/05/x.json.gz"
    bucket = _log_bucket_policy(archive)
    assert not policy_allows(bucket, service="cloudtrail.amazonaws.com", action="s3:PutObject", resource=key, context=_delivery(STRANGER))
    encrypt = {"aws:SourceAccount": STRANGER, "aws:SourceArn": _trail_arn(STRANGER), "kms:EncryptionContext:aws:cloudtrail:arn": _trail_arn(STRANGER)}
    assert not policy_allows(trail_key_policy(archive), service="cloudtrail.amazonaws.com", action="kms:GenerateDataKey", resource="*", context=encrypt)


def test_a_listed_account_trail_of_another_name_is_refused(large):
    other_trail = f"arn:aws:cloudtrail:us-east-1:{FIRST}:trail/something-else"
    key = f"{BUCKET_ARN}/AWSLogs/{FIRST}/CloudTrail/us-east-1/2026/12/05/x.json.gz"
    bucket = _log_bucket_policy(large.templates["CloudTrailLogArchive"])
    assert not policy_allows(bucket, service="cloudtrail.amazonaws.com", action="s3:PutObject", resource=key, context=_delivery(FIRST, other_trail))


def test_each_central_bus_admits_exactly_its_accounts(large):
    for index, policy in enumerate(large.templates["CloudTrailSecurity"].find_resources("AWS::Events::EventBusPolicy").values()):
        accounts = policy["Properties"]["Statement"]["Condition"]["StringEquals"]["aws:PrincipalAccount"]
        assert accounts == list(LARGE.event_bus_accounts(index))
    assert sum(len(LARGE.event_bus_accounts(index)) for index in range(2)) == 1000


def test_the_stack_sets_target_each_bus_accounts_in_the_home_and_other_regions(large):
    template = large.templates["CloudTrailAccountStackSets"]
    (admin_role_id,) = template.find_resources("AWS::IAM::Role")
    (admin_policy_id,) = template.find_resources("AWS::IAM::ManagedPolicy")
    stack_sets = {resource["Properties"]["StackSetName"]: resource for resource in template.find_resources("AWS::CloudFormation::StackSet").values()}
    assert sorted(stack_sets) == [f"audit-trail-account-{kind}-{index}" for kind in ("forwarding", "trail") for index in (0, 1)]
    for name, stack_set in stack_sets.items():
        properties, index = stack_set["Properties"], int(name[-1])
        assert properties["PermissionModel"] == "SELF_MANAGED"
        assert properties["ExecutionRoleName"] == "AWSCloudFormationStackSetExecutionRole"
        assert properties["AdministrationRoleARN"] == {"Fn::GetAtt": [admin_role_id, "Arn"]}
        assert stack_set["DependsOn"] == [admin_policy_id]  # the role may assume the execution role first
        assert properties["Capabilities"] == ["CAPABILITY_IAM"]  # the templates create IAM roles
        assert "TemplateURL" in properties and "TemplateBody" not in properties
        (group,) = properties["StackInstancesGroup"]
        assert group["DeploymentTargets"]["Accounts"] == list(LARGE.event_bus_accounts(index))
        assert group["Regions"] == (["us-east-1"] if "account-trail" in name else ["eu-west-1"])
    admin_role = template.find_resources("AWS::IAM::Role")[admin_role_id]
    assert admin_role["Properties"]["AssumeRolePolicyDocument"]["Statement"] == [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "cloudformation.amazonaws.com"}}
    ]
    (statement,) = template.find_resources("AWS::IAM::ManagedPolicy")[admin_policy_id]["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Action"] == "sts:AssumeRole"
    assert statement["Resource"] == "arn:aws:iam::*:role/AWSCloudFormationStackSetExecutionRole"


def test_too_many_accounts_for_one_bucket_policy_says_how_many_fit():
    accounts = tuple(f"{600000000000 + n:012d}" for n in range(1200))
    config = dataclasses.replace(LARGE, trail_accounts=accounts, event_bus_count=2)
    with pytest.raises(ConfigurationError, match=r"fits about \d+ at 15 bytes per account\. Split the accounts"):
        add_accounts_layout(new_app(), config)


# -- the per-account form -----------------------------------------------------------------------


def test_each_account_gets_its_trail_stack_and_a_forwarding_stack_per_other_region(example):
    names = [stack.stack_name for stack in example.stacks.all]
    for account in EXAMPLE.trail_accounts:
        assert f"CloudTrailAccount-{account}" in names
        assert f"CloudTrailForwarding-{account}-eu-west-1" in names


def test_an_account_trail_writes_to_the_central_bucket_with_its_own_log_group_key(example):
    account = EXAMPLE.trail_accounts[0]
    template = example.templates[f"CloudTrailAccount-{account}"]
    template.has_resource_properties(
        "AWS::CloudTrail::Trail",
        {"S3BucketName": EXAMPLE.log_bucket_name, "KMSKeyId": EXAMPLE.trail_key_arn, "IsOrganizationTrail": Match.absent()},
    )
    template.resource_count_is("AWS::S3::BucketPolicy", 0)  # the log archive's stack owns the policy
    (log_group,) = template.find_resources("AWS::Logs::LogGroup").values()
    (key_id, _attribute) = log_group["Properties"]["KmsKeyId"]["Fn::GetAtt"]  # a key of this account
    key_statements = template.find_resources("AWS::KMS::Key")[key_id]["Properties"]["KeyPolicy"]["Statement"]
    log_group_arn = f"arn:aws:logs:us-east-1:{account}:log-group:{log_group['Properties']['LogGroupName']}"
    for action in ("kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"):
        assert policy_allows(
            key_statements, service="logs.us-east-1.amazonaws.com", action=action, resource="*",
            context={"kms:EncryptionContext:aws:logs:arn": log_group_arn},
        )
    other_group = {"kms:EncryptionContext:aws:logs:arn": f"arn:aws:logs:us-east-1:{account}:log-group:other"}
    assert not policy_allows(key_statements, service="logs.us-east-1.amazonaws.com", action="kms:Encrypt", resource="*", context=other_group)
    assert len(template.find_resources("AWS::Logs::MetricFilter")) >= 14  # the CIS alarms, per account


def test_each_account_trail_has_its_log_group_heartbeat_and_the_archive_one_bucket_heartbeat(example):
    """One heartbeat per trail: each account's log group; the central bucket's ``AWSLogs/`` prefix
    once in the log archive, not once per account."""
    for account in EXAMPLE.trail_accounts:
        template = example.templates[f"CloudTrailAccount-{account}"]
        template.resource_properties_count_is("AWS::CloudWatch::Alarm", {"MetricName": "IncomingLogEvents"}, 1)
        template.resource_properties_count_is("AWS::CloudWatch::Alarm", {"MetricName": "PutRequests"}, 0)
    archive = example.templates["CloudTrailLogArchive"]
    archive.resource_properties_count_is("AWS::CloudWatch::Alarm", {"MetricName": "PutRequests"}, 1)
    archive.has_resource_properties(
        "AWS::S3::Bucket",
        {"BucketName": EXAMPLE.log_bucket_name, "MetricsConfigurations": [Match.object_like({"Prefix": "AWSLogs/"})]},
    )


def test_1000_accounts_still_have_one_bucket_heartbeat(large):
    large.templates["CloudTrailLogArchive"].resource_properties_count_is(
        "AWS::CloudWatch::Alarm", {"MetricName": "PutRequests"}, 1
    )


def test_adding_an_account_changes_only_the_central_policies():
    account = EXAMPLE.trail_accounts[0]
    grown = dataclasses.replace(EXAMPLE, trail_accounts=(*EXAMPLE.trail_accounts, "310987654304"))
    before, after = (
        Template.from_stack(AccountTrailStack(new_app(), "Account", config=config, account=account)).to_json()
        for config in (EXAMPLE, grown)
    )
    assert before == after


def test_an_account_reader_reads_only_its_own_prefix(example):
    reader_account = EXAMPLE.log_reader_accounts[0]
    template = example.templates["CloudTrailLogArchive"]
    template.has_resource_properties("AWS::IAM::Role", {"RoleName": f"cloudtrail-log-reader-{reader_account}"})
    (policy,) = [
        p for p in template.find_resources("AWS::IAM::ManagedPolicy").values()
        if reader_account in p["Properties"].get("Description", "")
    ]
    bucket_id = next(iter(template.find_resources("AWS::S3::Bucket", {"Properties": {"BucketName": EXAMPLE.log_bucket_name}})))
    bucket_arn = f"arn:aws:s3:::{EXAMPLE.log_bucket_name}"
    # An identity policy: its statements apply to the role itself.
    statements = [{**s, "Principal": "*"} for s in render(policy["Properties"]["PolicyDocument"]["Statement"], {bucket_id: bucket_arn})]
    own = f"{bucket_arn}/AWSLogs/{reader_account}/CloudTrail/us-east-1/2026/12/05/x.json.gz"
    other = f"{bucket_arn}/AWSLogs/{EXAMPLE.trail_accounts[1]}/CloudTrail/us-east-1/2026/12/05/x.json.gz"
    assert policy_allows(statements, action="s3:GetObject", resource=own, context={})
    assert not policy_allows(statements, action="s3:GetObject", resource=other, context={})


def test_the_configuration_is_the_organization_layouts():
    assert isinstance(EXAMPLE, LayoutConfig)


def test_the_readme_configurations_are_valid():
    readme = (PROJECT_ROOT / "README.md").read_text()
    blocks = [json.loads(block) for block in re.findall(r"^```json\n(.*?)^```$", readme, re.DOTALL | re.MULTILINE)]
    layouts = {LayoutConfig.from_mapping(block).layout.value for block in blocks if "layout" in block}
    assert layouts == {"organization", "accounts"}
