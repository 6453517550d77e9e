"""The log-archive account's share of a layout: the central log bucket and the trail key."""

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from constructs import Construct

from .._shared import policies
from .._shared.acknowledgements import acknowledge
from .._shared.errors import ConfigurationError
from .._shared.signatures import visible_signature
from .._shared.validation import POLICY_SIZE_LIMITS, check_instance, check_policy_size
from ..trail.log_bucket import TrailLogBucket
from ..trail.trail_key import TrailKey
from .config import Layout, LayoutConfig

LOG_READER_ROLE_NAME = "cloudtrail-log-reader"
"""The security account's reader role, admitted by the log archive's bucket and key policies."""
# Each account reader role is one resource; CloudFormation allows 500 per stack.
MAX_LOG_READER_ACCOUNTS = 400


def account_log_reader_role_name(account: str) -> str:
    """The log-archive role that reads only ``account``'s log files."""
    return f"cloudtrail-log-reader-{account}"


@visible_signature
class CentralLogArchive(Construct):
    """The central, encrypted home of a layout's log files, in the log-archive account.

    Defines a ``TrailKey`` (alias from the configuration) and a ``TrailLogBucket`` named
    ``cloudtrail-logs-<account>-<Region>`` with its access-log bucket, whose policies admit exactly
    the layout's trails:

    - organization layout: the organization trail (``aws:SourceArn`` = its ARN in the management
      account) writes ``[prefix/]AWSLogs/<management account>/`` and ``AWSLogs/<organization id>/``
      (with ``aws:SourceOrgID``); the key's encryption context names the management account's trails;
    - accounts layout: one statement per policy lists the trail accounts in ``aws:SourceAccount`` and
      the trail name in ``aws:SourceArn``, so a policy grows by 15 characters per account (1,000
      accounts fit), not by AWS's 200 bytes per account (about 90 fit).

    Readers: the security account's ``cloudtrail-log-reader`` role, the configured ``log_readers``,
    with ``queries_in="security"`` the security account's principals, and, with
    ``organization_reads_logs``, the organization may read and decrypt log files (named by
    ``aws:PrincipalArn`` / ``aws:PrincipalOrgID`` conditions, so the roles may be created later).
    In the accounts layout, each of ``log_reader_accounts`` gets a role here that its account may
    assume and that reads only ``AWSLogs/<account>/``.

    :param config: The layout's configuration.
    """

    def __init__(self, scope: Construct, construct_id: str, *, config: LayoutConfig) -> None:
        check_instance(config, LayoutConfig, parameter="config", example="LayoutConfig(...)")
        if len(config.log_reader_accounts) > MAX_LOG_READER_ACCOUNTS:
            raise ConfigurationError(
                f"log_reader_accounts names {len(config.log_reader_accounts)} accounts, but the log-archive "
                f"stack holds at most {MAX_LOG_READER_ACCOUNTS} reader roles (CloudFormation allows 500 "
                f"resources per stack). Give readers in the security account's cloudtrail-log-reader role "
                f"instead, or fewer accounts their own role."
            )
        super().__init__(scope, construct_id)
        self.config = config
        organization = config.layout is Layout.ORGANIZATION
        self.trail_key = TrailKey(
            self,
            "Key",
            alias=config.trail_key_alias,
            description=f"Encrypts the CloudTrail log files of {config.trail_name}",
            trail_owner_accounts=[config.management_account] if organization else None,
        )
        self.log_bucket = TrailLogBucket(self, "Bucket", encryption_key=self.trail_key.key, bucket_name=config.log_bucket_name)
        self.bucket = self.log_bucket.bucket
        self.key = self.trail_key.key
        if organization:
            self._allow_organization_trail()
        else:
            self._allow_account_trails()
        self._allow_readers()
        self.account_reader_roles = {
            account: self._account_reader_role(account) for account in config.log_reader_accounts
        }
        """The accounts layout's per-account reader roles, by account id."""
        check_policy_size(self, self.trail_key.policy_document, kind="key", what="The trail key's policy")
        check_policy_size(self, self.bucket.policy.document, kind="bucket", what="The log bucket's policy")
        cdk.CfnOutput(self, "TrailKeyArn", value=self.key.key_arn, description="Set trail_key_arn to this value")
        cdk.CfnOutput(self, "LogBucketName", value=self.bucket.bucket_name)

    def _allow_organization_trail(self) -> None:
        config = self.config
        trail_arn = config.trail_arn(config.management_account)
        self.log_bucket.allow_cloudtrail(
            trail_arns=[trail_arn],
            account_ids=[config.management_account],
            organization_id=config.organization_id,
            s3_key_prefix=config.s3_key_prefix,
        )
        self.trail_key.allow_cloudtrail(trail_arns=[trail_arn], trail_owner_accounts=[config.management_account])

    def _allow_account_trails(self) -> None:
        config = self.config
        pattern = config.trail_arn("*")
        accounts = list(config.trail_accounts)
        self._check_fits(accounts)
        self.bucket.add_to_resource_policy(
            policies.cloudtrail_accounts_bucket_statement(
                bucket_arn=self.bucket.bucket_arn,
                s3_key_prefix=config.s3_key_prefix,
                trail_arn_pattern=pattern,
                source_accounts=accounts,
            )
        )
        self.key.add_to_resource_policy(
            policies.cloudtrail_accounts_key_statement(trail_arn_pattern=pattern, source_accounts=accounts)
        )
        # CloudTrail needs kms:Decrypt to create or update a trail whose bucket uses S3 Bucket Keys.
        self.key.add_to_resource_policy(policies.cloudtrail_bucket_key_decrypt_statement())

    def _check_fits(self, accounts: list[str]) -> None:
        """Say how many accounts fit before the policies are built, with what to do."""
        per_account = 15  # '"123456789012",'
        bucket_room = POLICY_SIZE_LIMITS["bucket"] - 4_000  # TLS deny, access logs, readers
        fits = bucket_room // per_account
        if len(accounts) > fits:
            raise ConfigurationError(
                f"trail_accounts lists {len(accounts)} accounts, but the log bucket's policy (S3 allows "
                f"{POLICY_SIZE_LIMITS['bucket']} bytes) fits about {fits} at 15 bytes per account. Split the "
                f"accounts across two layouts with their own log-archive bucket, or move to the organization "
                f"layout, whose policies do not grow with the number of accounts."
            )

    def _allow_readers(self) -> None:
        config = self.config
        reader_arns = [
            f"arn:{config.partition}:iam::{config.security_account}:role/{LOG_READER_ROLE_NAME}",
            *config.log_readers,
        ]
        log_path = policies.cloudtrail_log_path(config.s3_key_prefix, "*").removesuffix("/*")
        readers = [{"ArnEquals": {"aws:PrincipalArn": reader_arns}}]
        if config.queries_in == "security":  # Athena in the security account reads as its principals
            readers.append({"StringEquals": {"aws:PrincipalAccount": config.security_account}})
        if config.organization_reads_logs:
            readers.append({"StringEquals": {"aws:PrincipalOrgID": config.organization_id}})
        for index, conditions in enumerate(readers):
            bucket_statement = policies.log_readers_bucket_statement(
                bucket_arn=self.bucket.bucket_arn, log_path=log_path, conditions=conditions
            )
            key_statement = policies.log_readers_key_statement(partition=config.partition, conditions=conditions)
            if index:
                bucket_statement.sid = key_statement.sid = None
            self.bucket.add_to_resource_policy(bucket_statement)
            self.key.add_to_resource_policy(key_statement)

    def _account_reader_role(self, account: str) -> iam.Role:
        config = self.config
        prefix = policies.cloudtrail_log_path(config.s3_key_prefix, account)
        role = iam.Role(
            self,
            f"Reader{account}",
            role_name=account_log_reader_role_name(account),
            description=f"Reads the CloudTrail log files of account {account} only",
            assumed_by=iam.AccountPrincipal(account),
        )
        objects = f"{self.bucket.bucket_arn}/{prefix}/*"
        policy = iam.ManagedPolicy(
            self,
            f"Reader{account}Policy",
            description=f"Read and decrypt the CloudTrail log files of account {account} only",
            roles=[role],
            statements=[
                iam.PolicyStatement(actions=["s3:GetObject"], resources=[objects]),
                iam.PolicyStatement(
                    actions=["s3:ListBucket"],
                    resources=[self.bucket.bucket_arn],
                    conditions={"StringLike": {"s3:prefix": [f"{prefix}/*"]}},
                ),
                iam.PolicyStatement(
                    actions=["kms:Decrypt"],
                    resources=[self.key.key_arn],
                    conditions={
                        "StringLike": {
                            "kms:EncryptionContext:aws:cloudtrail:arn": policies.trail_arns_of(config.partition, account)
                        }
                    },
                ),
            ],
        )
        acknowledge(policy, "log-reader-object-wildcards", resources=[objects])
        return role
