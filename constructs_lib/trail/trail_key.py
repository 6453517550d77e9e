"""The KMS key that encrypts CloudTrail log files, the trail's log group and its topics."""

from collections.abc import Sequence

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from constructs import Construct

from .._shared import policies
from .._shared.errors import ConfigurationError
from .._shared.keys import customer_managed_key
from .._shared.signatures import visible_signature
from .._shared.validation import (
    check_account_ids,
    check_kms_alias,
    check_kms_description,
    check_policy_size,
    check_removal_policy,
    check_stack_region,
    check_trail_arns,
)


@visible_signature
class TrailKey(Construct):
    """A customer managed KMS key for CloudTrail, with the key policy CloudTrail needs.

    Defines an ``AWS::KMS::Key`` (rotation on, retained on stack deletion) and an
    ``AWS::KMS::Alias``. Its key policy keeps CDK's default administrator statement for the account,
    denies ``kms:CreateGrant`` unless an AWS service creates the grant for a resource, and lets the
    account's principals decrypt CloudTrail log files (they still need ``kms:Decrypt`` in their own
    IAM policy: use ``grant_decrypt_logs``). ``policy_document`` is the key policy. ``SecureTrail`` adds the CloudTrail, CloudWatch Logs and
    SNS statements for the trails that use the key; ``allow_cloudtrail`` does it for trails in other
    stacks or accounts.

    :param alias: Alias name, with or without the ``alias/`` prefix. Default: no alias.
    :param description: Key description. Default: "Encrypts AWS CloudTrail log files".
    :param trail_owner_accounts: Accounts whose trails write log files encrypted with this key, for
        the log readers' decrypt condition. Default: this stack's account.
    :param removal_policy: What happens to the key when it leaves the stack. Default: RETAIN (log
        files encrypted with a deleted key are lost).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        alias: str | None = None,
        description: str = "Encrypts AWS CloudTrail log files",
        trail_owner_accounts: Sequence[str] | None = None,
        removal_policy: cdk.RemovalPolicy = cdk.RemovalPolicy.RETAIN,
    ) -> None:
        check_stack_region(scope)
        if alias is not None:
            check_kms_alias(alias)
        check_kms_description(description)
        if trail_owner_accounts is not None:
            check_account_ids(trail_owner_accounts, parameter="trail_owner_accounts")
        check_removal_policy(removal_policy)
        super().__init__(scope, construct_id)
        stack = cdk.Stack.of(self)
        # The same administrator statement CDK writes by default, in a document this construct holds
        # so that it can check the policy's size.
        self.policy_document = iam.PolicyDocument(
            statements=[
                iam.PolicyStatement(actions=["kms:*"], principals=[iam.AccountRootPrincipal()], resources=["*"])
            ]
        )
        self.key = customer_managed_key(
            self,
            "Resource",
            policy=self.policy_document,
            alias=alias,
            description=description,
            removal_policy=removal_policy,
        )
        self.key.add_to_resource_policy(
            policies.log_reader_key_statement(
                account=stack.account,
                trail_owner_accounts=trail_owner_accounts or [stack.account],
                partition=stack.partition,
            )
        )

    @property
    def key_arn(self) -> str:
        """The ARN of the key."""
        return self.key.key_arn

    def allow_cloudtrail(self, *, trail_arns: Sequence[str], trail_owner_accounts: Sequence[str]) -> None:
        """Let CloudTrail encrypt log files of these trails and describe the key.

        :param trail_arns: ARNs of the trails (``aws:SourceArn``).
        :param trail_owner_accounts: Accounts that own the trails (in the encryption context).
        """
        trail_arns = check_trail_arns(trail_arns)
        check_account_ids(trail_owner_accounts, parameter="trail_owner_accounts")
        if not trail_owner_accounts:
            raise ConfigurationError(
                "trail_owner_accounts is empty: CloudTrail's encryption context names the account that owns "
                "each trail. Pass the 12-digit ids of the accounts that own the trails in trail_arns."
            )
        for statement in policies.cloudtrail_key_statements(
            trail_arns=trail_arns,
            trail_owner_accounts=trail_owner_accounts,
            partition=cdk.Stack.of(self).partition,
        ):
            self.key.add_to_resource_policy(statement)
        check_policy_size(self, self.policy_document, kind="key", what="The trail key's policy")

    def grant_decrypt_logs(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let ``grantee`` decrypt CloudTrail log files encrypted with this key."""
        return iam.Grant.add_to_principal(
            grantee=grantee,
            actions=["kms:Decrypt", "kms:ReEncryptFrom"],
            resource_arns=[self.key.key_arn],
            conditions={
                "StringLike": {
                    "kms:EncryptionContext:aws:cloudtrail:arn": policies.trail_arns_of(cdk.Stack.of(self).partition)
                }
            },
        )
