"""The accounts layout at scale: self-managed StackSets carry the account templates to every account."""


import aws_cdk as cdk
import cdk_stacksets as stacksets
from aws_cdk import aws_iam as iam
from constructs import Construct

from constructs_lib import Layout, LayoutConfig
from constructs_lib._shared.acknowledgements import acknowledge
from constructs_lib._shared.validation import check_instance
from constructs_lib.layouts.member_stack_set import layout_stack_set_name, operation_preferences

from .account_trail import AccountTrailTemplateStack
from .member import MemberTemplateStack

EXECUTION_ROLE_NAME = "AWSCloudFormationStackSetExecutionRole"
"""The execution role every target account must have, trusting this stack's administration role."""


class AccountStackSetsStack(cdk.Stack):
    """Self-managed StackSets, administered from the security account, for the accounts layout.

    For each central event bus: a StackSet of ``AccountTrail`` (trail, log group, alarms and
    forwarding) in the home Region of the accounts that forward to that bus, and, when there are
    further member Regions, a StackSet of ``MemberEventForwarding`` there. Each StackSet gets an
    administration role (created here, assumable by CloudFormation only) and uses the execution role
    ``AWSCloudFormationStackSetExecutionRole`` that each target account must have, as AWS documents
    for self-managed permissions. Templates go by ``TemplateURL`` (an asset of this stack), so
    their size does not grow with the number of accounts.

    ``self.stack_sets``: the ``cdk_stacksets.StackSet`` constructs, by name.
    """

    def __init__(self, scope: Construct, construct_id: str, *, config: LayoutConfig, **kwargs) -> None:
        check_instance(config, LayoutConfig, parameter="config", example="LayoutConfig.from_mapping({...})")
        config.check_layout(Layout.ACCOUNTS, what="AccountStackSetsStack")
        kwargs.setdefault("env", cdk.Environment(account=config.security_account, region=config.home_region))
        super().__init__(scope, construct_id, description="StackSets that give every listed account its trail", **kwargs)
        self.stack_sets: dict[str, stacksets.StackSet] = {}
        self.admin_role, self._admin_policy = self._admin_role(config)
        other_regions = [region for region in config.member_regions if region != config.home_region]
        for index in range(config.event_bus_count):
            accounts = list(config.event_bus_accounts(index))
            if not accounts:
                continue
            trail_template = AccountTrailTemplateStack(self, f"AccountTrailTemplate{index}", config=config, event_bus_index=index)
            self._stack_set(config, f"account-trail-{index}", trail_template, accounts, [config.home_region])
            if other_regions:
                forwarding_template = MemberTemplateStack(self, f"ForwardingTemplate{index}", config=config, event_bus_index=index)
                self._stack_set(config, f"account-forwarding-{index}", forwarding_template, accounts, other_regions)

    def _stack_set(self, config: LayoutConfig, suffix: str, template, accounts: list[str], regions: list[str]) -> None:
        name = layout_stack_set_name(config, suffix)
        stack_set = stacksets.StackSet(
            self,
            f"StackSet-{suffix}",
            stack_set_name=name,
            description="Gives each listed account its CloudTrail trail, alarms and forwarding",
            template=stacksets.StackSetTemplate.from_stack_set_stack(template),
            target=stacksets.StackSetTarget.from_accounts(accounts=accounts, regions=regions),
            deployment_type=stacksets.DeploymentType.self_managed(
                admin_role=self.admin_role, execution_role_name=EXECUTION_ROLE_NAME
            ),
            capabilities=[stacksets.Capability.IAM],
            operation_preferences=operation_preferences(),
        )
        # Created after the administration role's policy (the role itself is referenced by GetAtt).
        resource = stack_set.node.default_child
        resource.add_override("DependsOn", [self.get_logical_id(self._admin_policy.node.default_child)])
        self.stack_sets[name] = stack_set

    def _admin_role(self, config: LayoutConfig) -> tuple[iam.IRole, iam.ManagedPolicy]:
        """AWS's ``AWSCloudFormationStackSetAdministrationRole``: CloudFormation may assume it, and it may only assume the execution role in target accounts (a managed policy;
        the role is handed to the StackSets closed to further policy changes).

        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-prereqs-self-managed.html
        """
        role = iam.Role(
            self,
            "AdministrationRole",
            description="CloudFormation administers the account StackSets with this role",
            # The trust AWS documents for this role (CloudFormation, no condition keys it would need to send).
            assumed_by=iam.ServicePrincipal("cloudformation.amazonaws.com"),
        )
        execution_roles = f"arn:{config.partition}:iam::*:role/{EXECUTION_ROLE_NAME}"
        policy = iam.ManagedPolicy(
            self,
            "AdministrationPolicy",
            description="Assume the StackSet execution role in the target accounts",
            roles=[role],
            statements=[iam.PolicyStatement(actions=["sts:AssumeRole"], resources=[execution_roles])],
        )
        acknowledge(policy, "stack-set-execution-role", resources=[execution_roles])
        return role.without_policy_updates(), policy
