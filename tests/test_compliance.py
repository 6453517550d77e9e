"""Compliance sweep: cdk-nag packs and cfn-lint over every reference stack and example.

All stacks go into one App so that each cdk-nag pack runs once. Acknowledgements live in
constructs_lib/_shared/acknowledgements.py, each with its reason.
"""

import runpy
from pathlib import Path

import aws_cdk as cdk
import pytest

from stacks.single_account import SingleAccountTrailStack
from tests.helpers import PROJECT_ROOT, TEST_ENV, cfn_lint_findings, nag_findings, new_app

EXAMPLES = sorted((PROJECT_ROOT / "examples").glob("*.py"))


def _reference_app() -> cdk.App:
    app = new_app()
    SingleAccountTrailStack(app, "SingleAccount", env=TEST_ENV)
    SingleAccountTrailStack(app, "SingleAccountEnvironmentAgnostic")
    for example in EXAMPLES:
        runpy.run_path(str(example), run_name="example")["add_stacks"](app)
    return app


@pytest.fixture(scope="module")
def app():
    return _reference_app()


@pytest.fixture(scope="module")
def assembly(app):
    return app.synth()


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


def test_cdk_validation_report_is_clean(assembly):
    report = Path(assembly.directory) / "validation-report.json"
    assert not report.exists() or '"violations"' not in report.read_text()
