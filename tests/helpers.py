"""Shared test helpers: Apps with the project's feature flags, and the compliance scanners."""

import functools
import importlib.resources
import json
import re
import tarfile
from pathlib import Path

import aws_cdk as cdk
import jsii
from aws_cdk.assertions import Template
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks
from cdklabs.cdk_validator_cfnguard import CfnGuardValidator
from cfnlint.config import ConfigMixIn
from cfnlint.decode.decode import decode_str
from cfnlint.rules import Rules
from cfnlint.runner import Runner, run_template_by_data

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEST_ENV = cdk.Environment(account="111111111111", region="us-east-1")
_FEATURE_FLAGS = json.loads((PROJECT_ROOT / "cdk.json").read_text())["context"]


def new_app(**context) -> cdk.App:
    """An App with cdk.json's feature flags (what users' new projects have), plus ``context``."""
    return cdk.App(context={**_FEATURE_FLAGS, **context})


def new_stack(app: cdk.App | None = None, stack_id: str = "Test", **kwargs) -> cdk.Stack:
    """A stack in the test account and region, with no bootstrap-version rule (stable snapshots)."""
    return cdk.Stack(
        app or new_app(),
        stack_id,
        env=kwargs.pop("env", TEST_ENV),
        synthesizer=cdk.DefaultStackSynthesizer(generate_bootstrap_version_rule=False),
        **kwargs,
    )


COMPLIANCE_PACKS = (AwsSolutionsChecks, NIST80053R5Checks, HIPAASecurityChecks, PCIDSS321Checks)


def nag_findings(scope) -> list[str]:
    """Every unacknowledged cdk-nag finding of the four packs, as 'rule at construct path'."""
    findings = []
    for pack in COMPLIANCE_PACKS:
        report = pack().validate_scope(scope)
        for violation in report.violations:
            for resource in violation.violating_resources:
                findings.append(f"{violation.rule_name} at {resource.construct_path}")
    return sorted(findings)


@functools.cache
def control_tower_rule_resource_types() -> dict[str, frozenset[str]]:
    """Each of the plug-in's Control Tower rules (its file name, as ``disabled_rules`` takes it) and the
    resource types it names, read from the rule files in the plug-in's package."""
    jsii_package = importlib.resources.files("cdklabs.cdk_validator_cfnguard._jsii")
    (package,) = (entry for entry in jsii_package.iterdir() if entry.name.endswith(".jsii.tgz"))
    with package.open("rb") as file, tarfile.open(fileobj=file) as archive:
        return {
            Path(member.name).stem: frozenset(re.findall(r"AWS::\w+::\w+", archive.extractfile(member).read().decode()))
            for member in archive.getmembers()
            if member.name.startswith("package/rules/control-tower/") and member.name.endswith(".guard")
        }


def control_tower_rules_for_no_resource_of(resource_types: set[str]) -> list[str]:
    """The Control Tower rules that select only resources of types not in ``resource_types``: on
    templates of those types they can only skip. (A rule naming no type at all is never among them.)"""
    return sorted(
        rule for rule, types in control_tower_rule_resource_types().items() if types and not types & resource_types
    )


def resource_types(scope) -> set[str]:
    """The CloudFormation types of every resource under ``scope``."""
    return {node.cfn_resource_type for node in scope.node.find_all() if isinstance(node, cdk.CfnResource)}


STACK_SET_TEMPLATE_GLOB = "*.stackset.template.json"


def stack_set_templates(directory: str | Path) -> list[Path]:
    """The StackSet member templates that cdk-stacksets wrote into an assembly directory (they are file
    assets of their parent stacks, not stack artifacts)."""
    return sorted(Path(directory).glob(STACK_SET_TEMPLATE_GLOB))


@jsii.implements(cdk.IPolicyValidationContextBeta1)
class _TemplatesContext:
    """A validation context of the given templates, for a plug-in called by another plug-in."""

    def __init__(self, app_construct, template_paths: list[str]) -> None:
        self._app_construct = app_construct
        self._template_paths = template_paths

    @property
    def app_construct(self):
        return self._app_construct

    @property
    def template_paths(self) -> list[str]:
        return self._template_paths


@jsii.implements(cdk.IPolicyValidationPluginBeta1)
class WithStackSetTemplates:
    """A validation plug-in that also hands ``plugin`` the StackSet member templates next to the stacks'
    templates.

    aws-cdk-lib gives plug-ins only the stack artifacts' templates, and cdk-stacksets writes a member
    template as a file asset, so a plug-in alone never sees what the StackSets deploy. The report keeps
    the plug-in's name, and aws-cdk-lib maps its findings to constructs by template file name and logical
    id (a ``StackSetStack``'s ``template_file`` is its member template's name), so acknowledgements on the
    member templates' constructs apply as on any other. ``template_paths`` is what the plug-in was given.
    """

    def __init__(self, plugin: cdk.IPolicyValidationPluginBeta1) -> None:
        self._plugin = plugin
        self.template_paths: list[str] = []

    @property
    def name(self) -> str:
        return self._plugin.name

    @property
    def version(self) -> str | None:
        return self._plugin.version

    @property
    def rule_ids(self) -> list[str] | None:
        return self._plugin.rule_ids

    def validate(self, context: cdk.IPolicyValidationContextBeta1) -> cdk.PolicyValidationPluginReportBeta1:
        directories = sorted({str(Path(path).parent) for path in context.template_paths})
        members = [str(path) for directory in directories for path in stack_set_templates(directory)]
        self.template_paths = [*context.template_paths, *members]
        return self._plugin.validate(_TemplatesContext(context.app_construct, self.template_paths))


def add_control_tower_rules(app: cdk.App) -> tuple[WithStackSetTemplates, list[str]]:
    """Run AWS Control Tower's proactive controls (cfn-guard rules) over every template at synth, the
    StackSet member templates included; return the plug-in and the rules left out.

    cfn-guard's time grows with rules times templates, even for rules that select no resource of a
    template, so the rules that select only resource types the app does not have (in its construct tree,
    where the StackSet member stacks are too) are left out (most of the 237: about a fifth of the time).
    Check after synthesis that no template, member templates included, has those types."""
    idle = control_tower_rules_for_no_resource_of(resource_types(app))
    plugin = WithStackSetTemplates(CfnGuardValidator(control_tower_rules_enabled=True, disabled_rules=idle))
    cdk.Validations.of(app).add_plugins(plugin)
    return plugin, idle


def synth_with_validation_report(app: cdk.App):
    """Synthesize ``app``; return the assembly (None when a validation plug-in failed it) and the
    parsed validation report (empty when no plug-in ran)."""
    try:
        assembly = app.synth()
    except RuntimeError:  # jsii wraps the plug-ins' "Validation failed" error
        assembly = None
    report_path = Path(app.outdir) / "validation-report.json"
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    return assembly, report


def validation_findings(report: dict, *, kind: str = "violations") -> list[str]:
    """The report's violations (or ``kind="suppressedViolations"``) as 'plugin::rule at path'."""
    return sorted(
        f"{plugin['pluginName']}::{violation['ruleName']} at {construct['constructPath']}"
        for plugin in report.get("pluginReports", [])
        for violation in plugin.get(kind, [])
        for construct in violation["violatingConstructs"]
    )


@functools.cache
def _cfn_lint_rules() -> Rules:
    """cfn-lint's built-in rules, loaded once: loading them (importing some 300 rule modules and their
    data files) costs more than linting a template, and its runner reuses them for every template."""
    return Runner(ConfigMixIn()).rules


def cfn_lint_findings(template: dict, regions: tuple[str, ...] = ("us-east-1",)) -> list[str]:
    """cfn-lint errors and warnings (informational rules excluded) of a synthesized template."""
    # What cfnlint.api.lint does, with the rules loaded once (its `rules` argument takes another type).
    decoded, errors = decode_str(json.dumps(template))
    matches = errors or list(run_template_by_data(decoded, ConfigMixIn(regions=list(regions)), _cfn_lint_rules()))
    return [f"{m.rule.id} {m.message} ({'/'.join(map(str, m.path))})" for m in matches if m.rule.id[0] in "EW"]


def template_of(stack: cdk.Stack) -> Template:
    """The stack's template for assertions."""
    return Template.from_stack(stack)


_POLICY_DOCUMENT_KEYS = {
    "AWS::KMS::Key": "KeyPolicy",
    "AWS::S3::BucketPolicy": "PolicyDocument",
    "AWS::SNS::TopicPolicy": "PolicyDocument",
    "AWS::SQS::QueuePolicy": "PolicyDocument",
    "AWS::IAM::ManagedPolicy": "PolicyDocument",
    "AWS::IAM::Policy": "PolicyDocument",
}


def policy_statements(template: Template, resource_type: str) -> list[dict]:
    """All policy statements of every resource of ``resource_type``, for ``assert {...} in ...``."""
    key = _POLICY_DOCUMENT_KEYS[resource_type]
    return [
        statement
        for resource in template.find_resources(resource_type).values()
        for statement in resource["Properties"][key]["Statement"]
    ]
