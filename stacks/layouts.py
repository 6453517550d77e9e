"""The multi-account layouts as whole apps: which stacks, in which accounts and Regions.

``add_organization_layout`` and ``add_accounts_layout`` add every stack of a layout to an app, named
and placed from the ``LayoutConfig`` alone (no exports, no AWS credentials). Until the
configuration has ``trail_key_arn`` (the log-archive stack's output), only the log-archive and
security stacks exist: the trails name the key in another account by its full ARN.
"""

from dataclasses import dataclass, field

import aws_cdk as cdk
from constructs import Construct

from constructs_lib import Layout, LayoutConfig
from constructs_lib._shared.errors import ConfigurationError
from constructs_lib._shared.validation import check_instance

from .account_trail import AccountTrailStack
from .log_archive import LogArchiveStack
from .management import ManagementStack
from .member import MemberForwardingStack
from .security import SecurityStack
from .stack_sets import AccountStackSetsStack

DEFAULT_PREFIX = "CloudTrail"
"""Stack ids start with it: ``CloudTrailLogArchive``, ``CloudTrailSecurity``..."""
KEY_PENDING_MESSAGE = (
    "trail_key_arn is not set yet, so only the log-archive and security stacks are synthesized. Deploy "
    "this stack, then set trail_key_arn to its output TrailKeyArn and synthesize again for the trail stacks."
)


@dataclass
class LayoutStacks:
    """The stacks a layout added to the app; a list is empty where the layout has none (yet)."""

    log_archive: LogArchiveStack | None
    security: SecurityStack
    management: ManagementStack | None = None
    account_trails: list[AccountTrailStack] = field(default_factory=list)
    forwarding: list[MemberForwardingStack] = field(default_factory=list)
    stack_sets: AccountStackSetsStack | None = None

    @property
    def all(self) -> list[cdk.Stack]:
        """Every stack of the layout, central ones first (the deployment order)."""
        central = [self.log_archive, self.security, self.management, self.stack_sets]
        return [*(stack for stack in central if stack is not None), *self.account_trails, *self.forwarding]


def add_layout(app: Construct, config: LayoutConfig, *, stack_set: bool = False, prefix: str = DEFAULT_PREFIX) -> LayoutStacks:
    """The layout ``config.layout`` names (``stack_set``: see ``add_accounts_layout``); stack ids
    start with ``prefix``."""
    check_instance(config, LayoutConfig, parameter="config", example="LayoutConfig.from_mapping({...})")
    if config.layout is Layout.ORGANIZATION:
        if stack_set:
            raise ConfigurationError(
                "stack_set applies to the accounts layout; the organization layout always reaches its "
                "member accounts with a service-managed StackSet."
            )
        return add_organization_layout(app, config, prefix=prefix)
    return add_accounts_layout(app, config, stack_set=stack_set, prefix=prefix)


def add_organization_layout(app: Construct, config: LayoutConfig, *, prefix: str = DEFAULT_PREFIX) -> LayoutStacks:
    """The organization layout: log-archive, security and management stacks, and the management
    account's own forwarding in each member Region (service-managed StackSets skip it). Beside AWS
    Control Tower (``config.control_tower``), no log-archive stack: Control Tower owns the bucket."""
    stacks = _central_stacks(app, config, prefix)
    if config.trail_key_arn is None and not config.control_tower:
        return stacks
    stacks.management = ManagementStack(app, f"{prefix}Management", config=config)
    stacks.forwarding = [
        MemberForwardingStack(
            app,
            f"{prefix}ManagementForwarding-{region}",
            config=config,
            env=cdk.Environment(account=config.management_account, region=region),
        )
        for region in config.member_regions
    ]
    return stacks


def add_accounts_layout(
    app: Construct, config: LayoutConfig, *, stack_set: bool = False, prefix: str = DEFAULT_PREFIX
) -> LayoutStacks:
    """The accounts layout: log-archive and security stacks, and each listed account's trail.

    With ``stack_set=False``, one stack per account (and one forwarding stack per account and
    further member Region), all deployed by one ``cdk deploy --all``. With ``stack_set=True``,
    self-managed StackSets administered from the security account carry the same templates to
    every account: one template however many accounts, for estates too big to deploy one by one.
    """
    stacks = _central_stacks(app, config, prefix)
    if config.trail_key_arn is None:
        return stacks
    if stack_set:
        stacks.stack_sets = AccountStackSetsStack(app, f"{prefix}AccountStackSets", config=config)
        return stacks
    for account in config.trail_accounts:
        stacks.account_trails.append(AccountTrailStack(app, f"{prefix}Account-{account}", config=config, account=account))
        stacks.forwarding.extend(
            MemberForwardingStack(
                app,
                f"{prefix}Forwarding-{account}-{region}",
                config=config,
                event_bus_index=config.event_bus_index(account),
                env=cdk.Environment(account=account, region=region),
            )
            for region in config.member_regions
            if region != config.home_region  # the account's trail stack forwards in the home Region
        )
    return stacks


def _central_stacks(app: Construct, config: LayoutConfig, prefix: str) -> LayoutStacks:
    log_archive = None if config.control_tower else LogArchiveStack(app, f"{prefix}LogArchive", config=config)
    security = SecurityStack(app, f"{prefix}Security", config=config)
    if config.trail_key_arn is None and log_archive is not None:
        cdk.Annotations.of(log_archive).add_info(KEY_PENDING_MESSAGE)
    return LayoutStacks(log_archive=log_archive, security=security)
