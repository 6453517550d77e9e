"""The accounts layout: each listed account's trail into the central log archive."""

import aws_cdk as cdk
from cdk_stacksets import StackSetStack
from constructs import Construct

from constructs_lib import AccountTrail, ConfigurationError, LayoutConfig
from constructs_lib._shared.validation import check_instance


class AccountTrailStack(cdk.Stack):
    """One listed account's ``AccountTrail`` as a stack in its home Region (``self.account_trail``)."""

    def __init__(self, scope: Construct, construct_id: str, *, config: LayoutConfig, account: str, **kwargs) -> None:
        check_instance(config, LayoutConfig, parameter="config", example="LayoutConfig.from_mapping({...})")
        if account not in config.trail_accounts:
            raise ConfigurationError(
                f"account {account!r} is not in trail_accounts, so the central bucket and key would refuse its "
                f"trail. Add it to trail_accounts (one line), or let add_accounts_layout make one stack per listed account."
            )
        kwargs.setdefault("env", cdk.Environment(account=account, region=config.home_region))
        super().__init__(scope, construct_id, description=f"CloudTrail trail of account {account} into the central log archive", **kwargs)
        self.account_trail = AccountTrail(self, "AccountTrail", config=config, event_bus_index=config.event_bus_index(account))


class AccountTrailTemplateStack(StackSetStack):
    """``AccountTrail`` as a StackSet template, for the accounts forwarding to bus ``event_bus_index``."""

    def __init__(self, scope: Construct, construct_id: str, *, config: LayoutConfig, event_bus_index: int) -> None:
        super().__init__(scope, construct_id)
        self.account_trail = AccountTrail(self, "AccountTrail", config=config, event_bus_index=event_bus_index)
