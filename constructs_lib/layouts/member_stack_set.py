"""The StackSet that gives every member account of the organization, present and future, its share."""

import re

import cdk_stacksets as stacksets
from constructs import Construct

from .._shared.errors import ConfigurationError
from .._shared.signatures import visible_signature
from .._shared.validation import check_instance, check_str
from .config import Layout, LayoutConfig

# AWS::CloudFormation::StackSet StackSetName: a letter, then up to 127 letters, digits and dashes.
_STACK_SET_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9-]{0,127}")


@visible_signature
class MemberStackSet(Construct):
    """A service-managed StackSet with automatic deployment to the configured OUs and Regions.

    Defines an ``AWS::CloudFormation::StackSet`` (``SERVICE_MANAGED``, ``CallAs: SELF`` from the
    management account, automatic deployment on, managed execution) whose template is
    ``template_stack`` (a ``cdk_stacksets.StackSetStack``), passed by ``TemplateURL`` from an asset
    of this stack, so the 51,200-byte ``TemplateBody`` limit does not apply. Accounts that join an
    OU later get the same template: its values are baked in, not parameters (automatic deployment
    does not apply parameter overrides to new accounts). StackSets never deploy to the management
    account; cover it with its own stacks.

    Uses cdklabs' ``cdk-stacksets`` (experimental, 0.0.x; pinned) with ``delegated_admin=False``: its
    default, True, would call as a delegated administrator from the management account and fail.

    :param config: The layout's configuration (OUs and Regions).
    :param template_stack: The member template.
    :param stack_set_name: The StackSet's name. Default: "<trail name>-member-forwarding".
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: LayoutConfig,
        template_stack: stacksets.StackSetStack,
        stack_set_name: str | None = None,
    ) -> None:
        check_instance(config, LayoutConfig, parameter="config", example="LayoutConfig(...)")
        check_instance(template_stack, stacksets.StackSetStack, parameter="template_stack", example="StackSetStack(...)")
        config.check_layout(Layout.ORGANIZATION, what="MemberStackSet")
        if stack_set_name is None:
            self.stack_set_name = layout_stack_set_name(config, "member-forwarding")
        else:
            check_stack_set_name(stack_set_name)
            self.stack_set_name = stack_set_name
        super().__init__(scope, construct_id)
        self.stack_set = stacksets.StackSet(
            self,
            "Resource",
            stack_set_name=self.stack_set_name,
            description="Forwards every member account's security events to the security account",
            template=stacksets.StackSetTemplate.from_stack_set_stack(template_stack),
            target=stacksets.StackSetTarget.from_organizational_units(
                regions=list(config.member_regions), organizational_units=list(config.member_organizational_units)
            ),
            deployment_type=stacksets.DeploymentType.service_managed(
                auto_deploy_enabled=True, auto_deploy_retain_stacks=False, delegated_admin=False
            ),
            capabilities=[stacksets.Capability.IAM],
            operation_preferences=operation_preferences(),
        )


def operation_preferences() -> stacksets.OperationPreferences:
    """How the layouts' StackSets roll out: all Regions and accounts at once, stopping when more than
    a tenth of them fail."""
    return stacksets.OperationPreferences(
        region_concurrency_type=stacksets.RegionConcurrencyType.PARALLEL,
        max_concurrent_percentage=100,
        failure_tolerance_percentage=10,
    )


def check_stack_set_name(value, *, parameter: str = "stack_set_name") -> None:
    """A StackSet name CloudFormation accepts."""
    check_str(value, parameter=parameter, example="'audit-trail-member-forwarding'")
    if not _STACK_SET_NAME.fullmatch(value):
        raise ConfigurationError(
            f"{parameter} {value!r} is not a StackSet name CloudFormation accepts (a letter, then up to 127 "
            f"letters, digits and dashes). Pass a name such as 'audit-trail-member-forwarding'."
        )


def layout_stack_set_name(config: LayoutConfig, suffix: str) -> str:
    """A layout's StackSet name: "<trail name>-<suffix>" with periods and underscores as dashes."""
    name = re.sub(r"[._]", "-", f"{config.trail_name}-{suffix}")
    if not _STACK_SET_NAME.fullmatch(name):
        raise ConfigurationError(
            f"trail_name {config.trail_name!r} gives the StackSet name {name!r}, which CloudFormation rejects "
            f"(a letter, then up to 127 letters, digits and dashes). Choose a trail_name that starts with a "
            f"letter and has at most {127 - len(suffix)} characters."
        )
    return name
