"""What each member account runs: security-event forwarding to the security account's bus.

The same ``MemberEventForwarding`` construct is the StackSet's template (``MemberTemplateStack``,
for every member account the StackSet reaches) and a normal stack (``MemberForwardingStack``, for
the management account, which service-managed StackSets never deploy to, and for the compliance
tests).
"""

import aws_cdk as cdk
from cdk_stacksets import StackSetStack
from constructs import Construct

from constructs_lib import LayoutConfig, MemberEventForwarding


class MemberTemplateStack(StackSetStack):
    """The member StackSet's template: environment-agnostic, no bootstrap parameter or rule, no
    assets, no custom resources. Create it inside the management stack."""

    def __init__(self, scope: Construct, construct_id: str, *, config: LayoutConfig, event_bus_index: int = 0) -> None:
        super().__init__(scope, construct_id)
        self.forwarding = MemberEventForwarding(self, "Forwarding", config=config, event_bus_index=event_bus_index)


class MemberForwardingStack(cdk.Stack):
    """The member share as a normal stack in one account and Region (``self.forwarding``)."""

    def __init__(self, scope: Construct, construct_id: str, *, config: LayoutConfig, event_bus_index: int = 0, **kwargs) -> None:
        super().__init__(scope, construct_id, description="Forwards security events to the security account", **kwargs)
        self.forwarding = MemberEventForwarding(self, "Forwarding", config=config, event_bus_index=event_bus_index)
