"""Compliance sweep: cdk-nag packs, AWS Control Tower's proactive controls and cfn-lint over every
reference stack and example, and over the StackSet member templates they deploy.

All stacks go into one App so that each scanner runs once. Acknowledgements live in
constructs_lib/_shared/acknowledgements.py, each with its reason.
"""

import dataclasses
import json
import re
import runpy
from pathlib import Path

import aws_cdk as cdk
import cdk_stacksets as stacksets
import pytest

from constructs_lib import LayoutConfig
from stacks.layouts import add_accounts_layout
from stacks.single_account import SingleAccountTrailStack
from tests.helpers import (
    PROJECT_ROOT,
    TEST_ENV,
    add_control_tower_rules,
    cfn_lint_findings,
    control_tower_rule_resource_types,
    control_tower_rules_for_no_resource_of,
    nag_findings,
    new_app,
    stack_set_templates,
    synth_with_validation_report,
    validation_findings,
)

EXAMPLES = sorted((PROJECT_ROOT / "examples").glob("*.py"))

LINT_REGIONS = ("us-east-1", "eu-west-1")  # the Regions the examples deploy to

# The StackSet member templates of the reference app (cdk-stacksets names the file after the
# StackSetStack's unique id: its path and a hash): the organization example's member template, and the
# account trail and forwarding templates of the accounts layout's StackSet form.
MEMBER_TEMPLATES = {
    "ExampleOrganizationManagementMemberTemplate",
    "StackSetLayoutAccountStackSetsAccountTrailTemplate0",
    "StackSetLayoutAccountStackSetsForwardingTemplate0",
}


# The only Control Tower proactive controls the library's resources may fail: each cannot physically
# hold (reasons in constructs_lib/_shared/acknowledgements.py).
CONTROL_TOWER_EXCEPTIONS = {
    "cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check",  # access-log bucket: SSE-S3 only
    "cdk-validator-cfnguard::s3_bucket_logging_enabled_check",  # access-log bucket: no log of itself
    "cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check",  # access-log bucket: no Object Lock
    "cdk-validator-cfnguard::sqs_dlq_check",  # a dead-letter queue has no dead-letter queue
}


def _reference_app() -> cdk.App:
    app = new_app()
    SingleAccountTrailStack(app, "SingleAccount", env=TEST_ENV)
    SingleAccountTrailStack(app, "SingleAccountEnvironmentAgnostic")
    for example in EXAMPLES:
        runpy.run_path(str(example), run_name="example")["add_stacks"](app)
    # The accounts layout's StackSet form (the multi-account example deploys one stack per account).
    multi_account = runpy.run_path(str(PROJECT_ROOT / "examples" / "multi_account.py"), run_name="example")
    add_accounts_layout(app, _stack_set_config(multi_account["CONFIG"]), stack_set=True, prefix="StackSetLayout")
    return app


def _stack_set_config(config: LayoutConfig) -> LayoutConfig:
    """The multi-account example's estate in other accounts, so that both forms share one app."""
    return dataclasses.replace(
        config,
        log_archive_account="410987654398",
        security_account="410987654399",
        trail_accounts=("410987654301", "410987654302"),
        log_reader_accounts=(),
        trail_key_arn=config.trail_key_arn.replace("310987654398", "410987654398"),
    )


@pytest.fixture(scope="module")
def app_and_control_tower():
    app = _reference_app()
    return app, *add_control_tower_rules(app)  # once every stack is in: it leaves out rules for absent types


@pytest.fixture(scope="module")
def app(app_and_control_tower):
    return app_and_control_tower[0]


@pytest.fixture(scope="module")
def synthesized(app):
    return synth_with_validation_report(app)


@pytest.fixture(scope="module")
def assembly(synthesized):
    assembly, report = synthesized
    assert assembly is not None, "Validation failed:\n" + "\n".join(validation_findings(report))
    return assembly


@pytest.fixture(scope="module")
def member_templates(assembly) -> dict[str, dict]:
    """The StackSet member templates by file name (neither cfn-lint nor the validation plug-ins see them
    through ``assembly.stacks``)."""
    return {path.name: json.loads(path.read_text()) for path in stack_set_templates(assembly.directory)}


def test_examples_are_found():
    assert {path.name for path in EXAMPLES} == {
        "alerts.py",
        "data_events.py",
        "multi_account.py",
        "organization.py",
        "query.py",
        "single_account.py",
    }


def test_every_member_template_is_found(member_templates):
    hash_and_suffix = re.compile(r"[0-9A-F]{8}\.stackset\.template\.json$")
    assert {hash_and_suffix.sub("", name) for name in member_templates} == MEMBER_TEMPLATES
    assert len(member_templates) == len(MEMBER_TEMPLATES) == 3


def test_the_control_tower_plugin_is_given_every_template(app_and_control_tower, assembly, member_templates):
    _, plugin, _ = app_and_control_tower
    given = {Path(path).name for path in plugin.template_paths}
    assert given == {Path(stack.template_full_path).name for stack in assembly.stacks} | member_templates.keys()


def test_no_unacknowledged_cdk_nag_findings(app, assembly):
    assert nag_findings(app) == []


def test_every_acknowledgement_has_a_reason():
    from constructs_lib._shared.acknowledgements import ACKNOWLEDGEMENTS

    for key, entry in ACKNOWLEDGEMENTS.items():
        assert len(entry.reason) > 80, key


def test_cfn_lint_finds_no_errors_or_warnings(assembly, member_templates):
    # A stack with a Region is linted there; environment-agnostic stacks and member templates in
    # every Region the examples deploy to.
    templates = {
        **{stack.stack_name: (stack.template, _regions_of(stack)) for stack in assembly.stacks},
        **{name: (template, LINT_REGIONS) for name, template in member_templates.items()},
    }
    findings = {name: cfn_lint_findings(template, regions=regions) for name, (template, regions) in templates.items()}
    assert findings == {name: [] for name in templates}


def _regions_of(stack) -> tuple[str, ...]:
    region = stack.environment.region  # "unknown-region" for an environment-agnostic stack
    return LINT_REGIONS if region == "unknown-region" else (region,)


def test_no_unacknowledged_control_tower_findings(synthesized):
    _, report = synthesized
    assert report, "the Control Tower plug-in did not run"
    assert validation_findings(report) == []


def test_control_tower_exceptions_are_only_the_controls_that_cannot_hold(synthesized):
    _, report = synthesized
    acknowledged = {finding.split(" at ")[0] for finding in validation_findings(report, kind="suppressedViolations")}
    assert acknowledged <= CONTROL_TOWER_EXCEPTIONS


def test_control_tower_findings_in_member_templates_reach_their_constructs(app, synthesized):
    # Each member template has a dead-letter queue: its acknowledged CT.SQS.PR.1 finding shows that the
    # plug-in evaluated the template and that the finding was traced to its construct, where
    # acknowledgements apply.
    _, report = synthesized
    members = sorted(node.node.path for node in app.node.find_all() if isinstance(node, stacksets.StackSetStack))
    acknowledged = [finding.split(" at ")[1] for finding in validation_findings(report, kind="suppressedViolations")]
    assert len(members) == len(MEMBER_TEMPLATES)
    assert [member for member in members if not any(path.startswith(member + "/") for path in acknowledged)] == []


def test_control_tower_rules_are_left_out_only_for_types_no_template_has(
    app_and_control_tower, assembly, member_templates
):
    _, _, idle = app_and_control_tower
    templates = [stack.template for stack in assembly.stacks] + list(member_templates.values())
    types = {resource["Type"] for template in templates for resource in template.get("Resources", {}).values()}
    assert control_tower_rules_for_no_resource_of(types) == idle
    # The rules were read: each names the types it selects, and most are left out for these stacks.
    rules = control_tower_rule_resource_types()
    assert len(rules) > 200 and all(rules.values())
    assert {"ct-s3-pr-1", "ct-kms-pr-1", "ct-cloudtrail-pr-1", "ct-sqs-pr-1"}.isdisjoint(idle)
