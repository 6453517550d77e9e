"""One account: a secure trail with its bucket, key and log group in a single stack."""

import aws_cdk as cdk
from constructs import Construct

from constructs_lib import SecureTrail


class SingleAccountTrailStack(cdk.Stack):
    """The single-account layout: everything the account's trail needs, in this account.

    ``self.trail`` is the ``SecureTrail``; its bucket, key and log group are its attributes.
    """

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, description="Secure AWS CloudTrail trail for one account", **kwargs)
        self.trail = SecureTrail(self, "Trail")
