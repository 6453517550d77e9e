"""The organization layout: what each account's stack holds, and its policies evaluated statement by
statement for the organization trail, member accounts and strangers."""

import dataclasses
import json
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from aws_cdk.assertions import Annotations, Match, Template

from constructs_lib.layouts.guardrails import MAX_SCP_LENGTH
from stacks.layouts import KEY_PENDING_MESSAGE, add_organization_layout
from tests.helpers import PROJECT_ROOT, new_app
from tests.policy_evaluation import log_bucket_policy, policy_allows, render, trail_key_policy

CONFIG = runpy.run_path(str(PROJECT_ROOT / "examples" / "organization.py"), run_name="example")["CONFIG"]
MANAGEMENT = CONFIG.management_account
ORG = CONFIG.organization_id
MEMBER = "210987654399"
TRAIL_ARN = f"arn:aws:cloudtrail:us-east-1:{MANAGEMENT}:trail/audit-trail"
BUCKET_ARN = f"arn:aws:s3:::{CONFIG.log_bucket_name}"


def _only(template: Template, resource_type: str) -> dict:
    (resource,) = template.find_resources(resource_type).values()
    return resource


@pytest.fixture(scope="module")
def layout():
    app = new_app()
    stacks = add_organization_layout(app, CONFIG)
    templates = {stack.stack_name: Template.from_stack(stack) for stack in stacks.all}
    directory = Path(app.synth().directory)
    (member_file,) = directory.glob("*MemberTemplate*.stackset.template.json")
    member = Template.from_json(json.loads(member_file.read_text()))
    return SimpleNamespace(stacks=stacks, templates=templates, member=member)


def _bucket_statements(layout) -> list[dict]:
    return log_bucket_policy(layout.templates["CloudTrailLogArchive"], CONFIG.log_bucket_name)


def _key_statements(layout) -> list[dict]:
    return trail_key_policy(layout.templates["CloudTrailLogArchive"])


def _delivery(source_arn=TRAIL_ARN, org=ORG) -> dict:
    return {
        "aws:SourceArn": source_arn,
        "aws:SourceOrgID": org,
        "s3:x-amz-acl": "bucket-owner-full-control",
        "aws:SecureTransport": "true",
        "s3:TlsVersion": 1.3,
    }


# -- log archive -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    ids=["member", "management-in-organization-path", "management"],
    argvalues=[
        f"AWSLogs/{ORG}/{MEMBER}/CloudTrail/eu-west-1/2026/12/05/{MEMBER}_CloudTrail_eu-west-1_20261205T0000Z_x.json.gz",
        f"AWSLogs/{ORG}/{MANAGEMENT}/CloudTrail/us-east-1/2026/12/05/x.json.gz",
        f"AWSLogs/{MANAGEMENT}/CloudTrail/us-east-1/2026/12/05/x.json.gz",
    ],
)
def test_the_organization_trail_writes_member_and_management_paths(layout, key):
    statements = _bucket_statements(layout)
    assert policy_allows(
        statements, service="cloudtrail.amazonaws.com", action="s3:PutObject", resource=f"{BUCKET_ARN}/{key}", context=_delivery()
    )
    assert policy_allows(
        statements, service="cloudtrail.amazonaws.com", action="s3:GetBucketAcl", resource=BUCKET_ARN, context=_delivery()
    )


@pytest.mark.parametrize(
    "context",
    [
        _delivery(source_arn=f"arn:aws:cloudtrail:us-east-1:{MEMBER}:trail/audit-trail"),  # a member's own trail
        _delivery(org="o-zzzzzzzzzz"),  # the same trail name in another organization
    ],
    ids=["member-trail", "other-organization"],
)
def test_no_other_trail_writes(layout, context):
    key = f"{BUCKET_ARN}/AWSLogs/{ORG}/{MEMBER}/CloudTrail/us-east-1/2026/12/05/x.json.gz"
    statements = _bucket_statements(layout)
    assert not policy_allows(statements, service="cloudtrail.amazonaws.com", action="s3:PutObject", resource=key, context=context)


def test_the_organization_trail_encrypts_and_only_it(layout):
    statements = _key_statements(layout)
    context = {"aws:SourceArn": TRAIL_ARN, "kms:EncryptionContext:aws:cloudtrail:arn": TRAIL_ARN}
    assert policy_allows(statements, service="cloudtrail.amazonaws.com", action="kms:GenerateDataKey", resource="*", context=context)
    member_trail = f"arn:aws:cloudtrail:us-east-1:{MEMBER}:trail/audit-trail"
    stranger = {"aws:SourceArn": member_trail, "kms:EncryptionContext:aws:cloudtrail:arn": member_trail}
    assert not policy_allows(statements, service="cloudtrail.amazonaws.com", action="kms:GenerateDataKey", resource="*", context=stranger)


def test_the_security_reader_role_reads_and_decrypts_log_files(layout):
    reader = f"arn:aws:iam::{CONFIG.security_account}:role/cloudtrail-log-reader"
    context = {"aws:PrincipalArn": reader, "aws:SecureTransport": "true", "s3:TlsVersion": 1.3}
    key = f"{BUCKET_ARN}/AWSLogs/{ORG}/{MEMBER}/CloudTrail/us-east-1/2026/12/05/x.json.gz"
    assert policy_allows(_bucket_statements(layout), account=CONFIG.security_account, action="s3:GetObject", resource=key, context=context)
    decrypt = {**context, "kms:EncryptionContext:aws:cloudtrail:arn": TRAIL_ARN}
    assert policy_allows(_key_statements(layout), account=CONFIG.security_account, action="kms:Decrypt", resource="*", context=decrypt)
    other = {**context, "aws:PrincipalArn": f"arn:aws:iam::{MEMBER}:role/someone"}
    assert not policy_allows(_bucket_statements(layout), account=MEMBER, action="s3:GetObject", resource=key, context=other)


def test_the_log_archive_outputs_the_key_arn_for_the_other_stacks(layout):
    layout.templates["CloudTrailLogArchive"].has_output("*", {"Description": Match.string_like_regexp("trail_key_arn")})


# -- management account ------------------------------------------------------------------------


def test_the_organization_trail_writes_to_the_central_bucket_with_the_key_by_arn(layout):
    layout.templates["CloudTrailManagement"].has_resource_properties(
        "AWS::CloudTrail::Trail",
        {
            "IsOrganizationTrail": True,
            "IsMultiRegionTrail": True,
            "EnableLogFileValidation": True,
            "S3BucketName": CONFIG.log_bucket_name,
            "KMSKeyId": CONFIG.trail_key_arn,
            "TrailName": "audit-trail",
        },
    )


def test_the_delivery_role_writes_the_organization_log_streams(layout):
    template = layout.templates["CloudTrailManagement"]
    ((policy_id, policy),) = template.find_resources("AWS::IAM::ManagedPolicy").items()
    (log_group_id,) = template.find_resources("AWS::Logs::LogGroup")
    # An identity policy: its statements apply to the role itself.
    statements = [
        {**statement, "Principal": "*"}
        for statement in render(policy["Properties"]["PolicyDocument"]["Statement"], {log_group_id: "trail-logs"})
    ]
    streams = f"arn:aws:logs:us-east-1:{MANAGEMENT}:log-group:trail-logs:log-stream:"
    for stream in (f"{ORG}_{MEMBER}_CloudTrail_eu-west-1", f"{MANAGEMENT}_CloudTrail_us-east-1"):
        for action in ("logs:CreateLogStream", "logs:PutLogEvents"):
            assert policy_allows(statements, action=action, resource=streams + stream, context={})
    assert not policy_allows(statements, action="logs:PutLogEvents", resource=streams + "someone-else", context={})
    (trail,) = template.find_resources("AWS::CloudTrail::Trail").values()
    assert policy_id in trail["DependsOn"]  # CloudTrail checks the role when the trail is created
    assert trail["Properties"]["CloudWatchLogsLogGroupArn"] == {"Fn::GetAtt": [log_group_id, "Arn"]}


def test_the_cis_alarms_watch_the_organization_trail_log_group(layout):
    template = layout.templates["CloudTrailManagement"]
    (log_group_id,) = template.find_resources("AWS::Logs::LogGroup")
    filters = template.find_resources("AWS::Logs::MetricFilter").values()
    assert len(filters) >= 14
    assert all(metric_filter["Properties"]["LogGroupName"] == {"Ref": log_group_id} for metric_filter in filters)


def _heartbeat_alarms(template: Template, metric_name: str) -> list[dict]:
    return list(template.find_resources("AWS::CloudWatch::Alarm", {"Properties": {"MetricName": metric_name}}).values())


def test_one_heartbeat_per_trail_not_per_member_account(layout):
    """The organization trail's log group and the central bucket's prefix each have one heartbeat;
    the member template (every member account) has none."""
    management, archive = layout.templates["CloudTrailManagement"], layout.templates["CloudTrailLogArchive"]
    (log_alarm,) = _heartbeat_alarms(management, "IncomingLogEvents")
    (log_group_id,) = management.find_resources("AWS::Logs::LogGroup")
    assert log_alarm["Properties"]["Dimensions"] == [{"Name": "LogGroupName", "Value": {"Ref": log_group_id}}]
    (bucket_alarm,) = _heartbeat_alarms(archive, "PutRequests")
    bucket_id = next(iter(archive.find_resources("AWS::S3::Bucket", {"Properties": {"BucketName": CONFIG.log_bucket_name}})))
    (metrics,) = archive.find_resources("AWS::S3::Bucket", {"Properties": {"MetricsConfigurations": Match.any_value()}}).values()
    assert metrics["Properties"]["MetricsConfigurations"][0]["Prefix"] == "AWSLogs/"
    assert {"Name": "BucketName", "Value": {"Ref": bucket_id}} in bucket_alarm["Properties"]["Dimensions"]
    for template in (layout.member, layout.templates["CloudTrailSecurity"]):
        assert not _heartbeat_alarms(template, "IncomingLogEvents") + _heartbeat_alarms(template, "PutRequests")


def test_the_member_stack_set_reaches_every_present_and_future_account(layout):
    layout.templates["CloudTrailManagement"].has_resource_properties(
        "AWS::CloudFormation::StackSet",
        {
            "PermissionModel": "SERVICE_MANAGED",
            "CallAs": "SELF",
            "AutoDeployment": {"Enabled": True, "RetainStacksOnAccountRemoval": False},
            "StackInstancesGroup": [
                {"DeploymentTargets": Match.object_like({"OrganizationalUnitIds": ["r-ab12"]}), "Regions": ["us-east-1", "eu-west-1"]}
            ],
            "TemplateURL": Match.any_value(),
            "Capabilities": ["CAPABILITY_IAM"],  # the member template creates the forwarding role
            "Parameters": Match.absent(),
        },
    )


def test_the_member_template_needs_nothing_of_the_cdk_bootstrap_and_no_custom_resource(layout):
    template = layout.member.to_json()
    assert "Parameters" not in template and "Rules" not in template
    types = {resource["Type"] for resource in template["Resources"].values()}
    assert not any(t.startswith("Custom::") or t == "AWS::CloudFormation::CustomResource" for t in types)
    assert "AWS::Lambda::Function" not in types
    text = json.dumps(template)
    assert "cdk-hnb659fds" not in text and MANAGEMENT not in text  # no asset, no account of its own


def test_the_member_template_forwards_every_alert_with_an_alarmed_dead_letter_queue(layout):
    member = layout.member
    rules = member.find_resources("AWS::Events::Rule").values()
    assert len(rules) == 20  # 19 alerts + the dead-letter alarm's state
    for rule in rules:
        (target,) = rule["Properties"]["Targets"]
        assert target["Arn"] == CONFIG.event_bus_arn()
        assert {"RoleArn", "DeadLetterConfig"} <= set(target)  # a bus in another account needs a role
    (role_policy,) = member.find_resources("AWS::IAM::ManagedPolicy").values()
    statements = [{**statement, "Principal": "*"} for statement in role_policy["Properties"]["PolicyDocument"]["Statement"]]
    assert policy_allows(statements, action="events:PutEvents", resource=CONFIG.event_bus_arn(), context={})
    member.has_resource_properties(
        "AWS::CloudWatch::Alarm",
        {
            "AlarmName": {"Fn::Join": ["", ["security-event-forwarding-dead-letters-", {"Ref": "AWS::Region"}]]},
            "AlarmActions": Match.any_value(),
        },
    )
    roles = member.find_resources("AWS::IAM::Role")
    assert all("RoleName" not in role["Properties"] for role in roles.values())  # one StackSet, several Regions


def test_the_guardrail_scp_is_attached_to_the_members_and_fits(layout):
    policy = _only(layout.templates["CloudTrailManagement"], "AWS::Organizations::Policy")["Properties"]
    assert policy["Type"] == "SERVICE_CONTROL_POLICY" and policy["TargetIds"] == ["r-ab12"]
    content = policy["Content"]
    assert len(json.dumps(content, separators=(",", ":"))) <= MAX_SCP_LENGTH
    exempt = content["Statement"][0]["Condition"]["ArnNotLike"]["aws:PrincipalArn"]
    assert "arn:aws:iam::*:role/stacksets-exec-*" in exempt
    actions = content["Statement"][0]["Action"]
    assert {"cloudtrail:StopLogging", "cloudtrail:DeleteTrail"} <= set(actions)


def test_the_management_account_forwards_in_each_member_region(layout):
    forwarding = [stack.stack_name for stack in layout.stacks.forwarding]
    assert forwarding == ["CloudTrailManagementForwarding-us-east-1", "CloudTrailManagementForwarding-eu-west-1"]
    assert {stack.account for stack in layout.stacks.forwarding} == {MANAGEMENT}


# -- security account --------------------------------------------------------------------------


def test_the_central_bus_admits_only_the_organization(layout):
    template = layout.templates["CloudTrailSecurity"]
    (policy,) = template.find_resources("AWS::Events::EventBusPolicy").values()
    statement = policy["Properties"]["Statement"]
    assert statement["Condition"] == {"StringEquals": {"aws:PrincipalOrgID": ORG}}


def test_a_member_dead_letter_alarm_reaches_the_alert_topic(layout):
    layout.templates["CloudTrailSecurity"].has_resource_properties(
        "AWS::Events::Rule",
        {"EventPattern": Match.object_like({"detail-type": ["CloudWatch Alarm State Change"]})},
    )


# -- before the key exists, and beside Control Tower --------------------------------------------


def test_without_the_key_arn_only_the_central_stacks_are_synthesized():
    app = new_app()
    stacks = add_organization_layout(app, dataclasses.replace(CONFIG, trail_key_arn=None))
    assert [stack.stack_name for stack in stacks.all] == ["CloudTrailLogArchive", "CloudTrailSecurity"]
    Annotations.from_stack(stacks.log_archive).has_info("*", KEY_PENDING_MESSAGE)


def test_beside_control_tower_no_second_organization_trail():
    config = dataclasses.replace(
        CONFIG, control_tower=True, control_tower_log_group_name="aws-controltower/CloudTrailLogs",
        s3_key_prefix=ORG, trail_key_arn=None, query_accounts=(),
    )
    app = new_app()
    stacks = add_organization_layout(app, config)
    assert stacks.log_archive is None  # Control Tower owns the log archive
    template = Template.from_stack(stacks.management)
    template.resource_count_is("AWS::CloudTrail::Trail", 0)
    template.has_resource_properties("AWS::Logs::MetricFilter", {"LogGroupName": "aws-controltower/CloudTrailLogs"})
    scp = Template.from_stack(stacks.management).find_resources("AWS::Organizations::Policy")
    assert f"aws-controltower-logs-{CONFIG.log_archive_account}-us-east-1" in json.dumps(scp)


def test_queries_in_the_security_account_read_the_archive_as_its_principals():
    app = new_app()
    stacks = add_organization_layout(app, dataclasses.replace(CONFIG, queries_in="security"))
    security = Template.from_stack(stacks.security)
    security.resource_count_is("AWS::Athena::WorkGroup", 1)
    Template.from_stack(stacks.log_archive).resource_count_is("AWS::Athena::WorkGroup", 0)
    assert Annotations.from_stack(stacks.security).find_warning("*", Match.any_value()) == []
    archive = SimpleNamespace(templates={"CloudTrailLogArchive": Template.from_stack(stacks.log_archive)})
    key = f"{BUCKET_ARN}/AWSLogs/{ORG}/{MEMBER}/CloudTrail/us-east-1/2026/12/05/x.json.gz"
    analyst = {
        "aws:PrincipalArn": f"arn:aws:iam::{CONFIG.security_account}:role/analyst",
        "aws:PrincipalAccount": CONFIG.security_account,
        "aws:SecureTransport": "true",
        "s3:TlsVersion": 1.3,
    }
    assert policy_allows(_bucket_statements(archive), account=CONFIG.security_account, action="s3:GetObject", resource=key, context=analyst)
    stranger = {**analyst, "aws:PrincipalAccount": MEMBER, "aws:PrincipalArn": f"arn:aws:iam::{MEMBER}:role/analyst"}
    assert not policy_allows(_bucket_statements(archive), account=MEMBER, action="s3:GetObject", resource=key, context=stranger)
