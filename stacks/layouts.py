"""The multi-account layouts as whole apps: which stacks, in which accounts and Regions.

``add_organization_layout`` and ``add_accounts_layout`` add every stack of a layout to an app, named
and placed from the ``LayoutConfig`` alone (no exports, no AWS credentials). Until the
configuration has ``trail_key_arn`` (the log-archive stack's output), only the log-archive and
security stacks exist: the trails name the key in another account by its full ARN.
"""

import re
from dataclasses import dataclass, field

import aws_cdk as cdk
from constructs import Construct

from constructs_lib import Layout, LayoutConfig
from constructs_lib._shared.errors import ConfigurationError
from constructs_lib._shared.validation import check_bool, check_instance, check_str

from .account_trail import AccountTrailStack
from .log_archive import LogArchiveStack
from .management import ManagementStack
from .member import MemberForwardingStack
from .security import SecurityStack
from .stack_sets import AccountStackSetsStack

DEFAULT_PREFIX = "CloudTrail"
"""Stack ids start with it: ``CloudTrailLogArchive``, ``CloudTrailSecurity``..."""
# Stack names: a letter, then letters, digits and dashes (the rest of each name is added here).
_STACK_ID_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,63}")
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
    check_bool(stack_set, parameter="stack_set")
    if config.layout is Layout.ORGANIZATION:
        if stack_set:
            raise ConfigurationError(
                "stack_set applies to the accounts layout; the organization layout always reaches its "
                "member accounts with a service-managed StackSet. Remove stack_set=True (or -c stack_set=true), "
                "or set layout to 'accounts'."
            )
        return add_organization_layout(app, config, prefix=prefix)
    return add_accounts_layout(app, config, stack_set=stack_set, prefix=prefix)


def add_organization_layout(app: Construct, config: LayoutConfig, *, prefix: str = DEFAULT_PREFIX) -> LayoutStacks:
    """The organization layout: log-archive, security and management stacks, and the management
    account's own forwarding in each member Region (service-managed StackSets skip it). Beside AWS
    Control Tower (``config.control_tower``), no log-archive stack: Control Tower owns the bucket."""
    _check_arguments(config, Layout.ORGANIZATION, "add_organization_layout", prefix)
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
    _check_arguments(config, Layout.ACCOUNTS, "add_accounts_layout", prefix)
    check_bool(stack_set, parameter="stack_set")
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


def _check_arguments(config: LayoutConfig, layout: Layout, what: str, prefix: str) -> None:
    check_instance(config, LayoutConfig, parameter="config", example="LayoutConfig.from_mapping({...})")
    config.check_layout(layout, what=what)
    check_str(prefix, parameter="prefix", example=repr(DEFAULT_PREFIX))
    if not _STACK_ID_PREFIX.fullmatch(prefix):
        raise ConfigurationError(
            f"prefix {prefix!r} cannot start a stack name (a letter, then letters, digits and dashes). "
            f"Pass, for example, prefix={DEFAULT_PREFIX!r}."
        )


def _central_stacks(app: Construct, config: LayoutConfig, prefix: str) -> LayoutStacks:
    log_archive = None if config.control_tower else LogArchiveStack(app, f"{prefix}LogArchive", config=config)
    security = SecurityStack(app, f"{prefix}Security", config=config)
    if config.trail_key_arn is None and log_archive is not None:
        cdk.Annotations.of(log_archive).add_info(KEY_PENDING_MESSAGE)
    return LayoutStacks(log_archive=log_archive, security=security)
