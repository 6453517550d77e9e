"""Compliance sweep: cdk-nag packs, AWS Control Tower's proactive controls and cfn-lint over every
reference stack and example.

All stacks go into one App so that each scanner runs once. Acknowledgements live in
constructs_lib/_shared/acknowledgements.py, each with its reason.
"""

import dataclasses
import runpy

import aws_cdk as cdk
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
    synth_with_validation_report,
    validation_findings,
)

EXAMPLES = sorted((PROJECT_ROOT / "examples").glob("*.py"))


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
def app_and_idle_control_tower_rules():
    app = _reference_app()
    return app, add_control_tower_rules(app)  # once every stack is in: it leaves out rules for absent types


@pytest.fixture(scope="module")
def app(app_and_idle_control_tower_rules):
    return app_and_idle_control_tower_rules[0]


@pytest.fixture(scope="module")
def synthesized(app):
    return synth_with_validation_report(app)


@pytest.fixture(scope="module")
def assembly(synthesized):
    assembly, report = synthesized
    assert assembly is not None, "Validation failed:\n" + "\n".join(validation_findings(report))
    return assembly


def test_examples_are_found():
    assert {path.name for path in EXAMPLES} >= {"single_account.py"}


def test_no_unacknowledged_cdk_nag_findings(app, assembly):
    assert nag_findings(app) == []


def test_every_acknowledgement_has_a_reason():
    from constructs_lib._shared.acknowledgements import ACKNOWLEDGEMENTS

    for key, entry in ACKNOWLEDGEMENTS.items():
        assert len(entry.reason) > 80, key


def test_cfn_lint_finds_no_errors_or_warnings(assembly):
    findings = {
        stack.stack_name: cfn_lint_findings(stack.template, regions=("us-east-1", "eu-west-1"))
        for stack in assembly.stacks
    }
    assert findings == {stack.stack_name: [] for stack in assembly.stacks}


def test_no_unacknowledged_control_tower_findings(synthesized):
    _, report = synthesized
    assert report, "the Control Tower plug-in did not run"
    assert validation_findings(report) == []


def test_control_tower_exceptions_are_only_the_controls_that_cannot_hold(synthesized):
    _, report = synthesized
    acknowledged = {finding.split(" at ")[0] for finding in validation_findings(report, kind="suppressedViolations")}
    assert acknowledged <= CONTROL_TOWER_EXCEPTIONS


def test_control_tower_rules_are_left_out_only_for_types_no_template_has(app_and_idle_control_tower_rules, assembly):
    _, idle = app_and_idle_control_tower_rules
    types = {resource["Type"] for stack in assembly.stacks for resource in stack.template.get("Resources", {}).values()}
    assert control_tower_rules_for_no_resource_of(types) == idle
    # The rules were read: each names the types it selects, and most are left out for these stacks.
    rules = control_tower_rule_resource_types()
    assert len(rules) > 200 and all(rules.values())
    assert {"ct-s3-pr-1", "ct-kms-pr-1", "ct-cloudtrail-pr-1", "ct-sqs-pr-1"}.isdisjoint(idle)
