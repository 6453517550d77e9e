"""Athena over the trail's logs, ready for investigations: table, workgroup, saved queries, readers."""

import datetime
from collections.abc import Sequence

import aws_cdk as cdk
from aws_cdk import aws_athena as athena
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from .._shared.acknowledgements import acknowledge
from .._shared.signatures import visible_signature
from ._grants import grant_statements
from .cloudtrail_table import CloudTrailTable
from .query_workgroup import RESULTS_PREFIX, QueryWorkGroup
from .saved_queries import SAVED_QUERIES, SavedQuery, check_saved_queries


def _given(**props) -> dict:
    """The props the caller set; the others keep the default of the construct they belong to."""
    return {name: value for name, value in props.items() if value is not None}


@visible_signature
class CloudTrailQueries(Construct):
    """Everything needed to investigate the trail's S3 logs with Amazon Athena.

    Defines a ``CloudTrailTable`` (Glue database and table with partition projection), a
    ``QueryWorkGroup`` (enforced settings, scan limit, KMS-encrypted expiring results), an
    ``AWS::Athena::NamedQuery`` per saved query (``SAVED_QUERIES`` plus yours, each reading only the
    days it is given), and a reader ``AWS::IAM::Role`` with an ``AWS::IAM::ManagedPolicy`` holding
    exactly what running them needs. ``grant_query`` gives the same to another principal.

    The inputs are plain so that the layouts can place the queries in the log-archive or the
    security account: the log bucket and key, the accounts and Regions, the organization id.

    :param bucket: The bucket the trail writes to.
    :param key: The KMS key that encrypts the log files.
    :param accounts: Accounts whose logs are queried (see ``CloudTrailTable``).
    :param regions: Regions the trail records (see ``CloudTrailTable``).
    :param organization_id: For an organization trail. Default: not an organization trail.
    :param s3_key_prefix: The trail's S3 key prefix. Default: none.
    :param saved_queries: Your own saved queries, checked like the built-in ones. Default: none.
    :param reader_assumed_by: Who may assume the reader role. Default: this account's principals
        that IAM allows to (``iam.AccountRootPrincipal``).
    :param first_day: Default: ``CloudTrailTable``'s.
    :param database_name: Default: ``CloudTrailTable``'s.
    :param table_name: Default: ``CloudTrailTable``'s.
    :param work_group_name: Default: ``QueryWorkGroup``'s.
    :param bytes_scanned_cutoff_per_query: Default: ``QueryWorkGroup``'s (10 GiB).
    :param results_expiration: Default: ``QueryWorkGroup``'s (30 days).
    :param access_log_bucket: For the results bucket's access logs. Default: a new ``AccessLogBucket``.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        bucket: s3.IBucket,
        key: kms.IKey,
        accounts: Sequence[str],
        regions: Sequence[str],
        organization_id: str | None = None,
        s3_key_prefix: str | None = None,
        saved_queries: Sequence[SavedQuery] = (),
        reader_assumed_by: iam.IPrincipal | None = None,
        first_day: str | datetime.date | None = None,
        database_name: str | None = None,
        table_name: str | None = None,
        work_group_name: str | None = None,
        bytes_scanned_cutoff_per_query: cdk.Size | None = None,
        results_expiration: cdk.Duration | None = None,
        access_log_bucket: s3.IBucket | None = None,
    ) -> None:
        check_saved_queries([*SAVED_QUERIES, *saved_queries])
        super().__init__(scope, construct_id)
        self.table = CloudTrailTable(
            self,
            "Table",
            bucket=bucket,
            key=key,
            accounts=accounts,
            regions=regions,
            organization_id=organization_id,
            s3_key_prefix=s3_key_prefix,
            **_given(first_day=first_day, database_name=database_name, table_name=table_name),
        )
        self.work_group = QueryWorkGroup(
            self,
            "WorkGroup",
            **_given(
                work_group_name=work_group_name,
                bytes_scanned_cutoff_per_query=bytes_scanned_cutoff_per_query,
                results_expiration=results_expiration,
                access_log_bucket=access_log_bucket,
            ),
        )
        self.saved_queries: dict[str, SavedQuery] = {}
        self.named_queries: dict[str, athena.CfnNamedQuery] = {}
        for query in (*SAVED_QUERIES, *saved_queries):
            self._add_named_query(query)

        self.reader_policy = iam.ManagedPolicy(
            self,
            "ReaderPolicy",
            description="Run the CloudTrail investigation queries in Athena and read their results",
            statements=self._query_statements(),
        )
        self.reader_role = iam.Role(
            self,
            "ReaderRole",
            assumed_by=reader_assumed_by or iam.AccountRootPrincipal(),
            description="Investigates AWS CloudTrail logs with Amazon Athena",
            managed_policies=[self.reader_policy],
        )
        acknowledge(self.reader_policy, "query-reader-object-wildcards", resources=self._object_wildcards())

    def add_saved_query(self, query: SavedQuery) -> athena.CfnNamedQuery:
        """Add a saved query, checked like the built-in ones (``check_saved_query``)."""
        check_saved_queries([query], existing=self.saved_queries)
        return self._add_named_query(query)

    def grant_query(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let ``grantee`` run queries on the logs in the workgroup: read the log files (decrypting
        them through S3 only), the table, and the saved queries; run, follow and stop queries; and read
        and write the encrypted results. The same statements as the reader role's policy."""
        return grant_statements(grantee, self._query_statements())

    def _query_statements(self) -> list[iam.PolicyStatement]:
        return [*self.table.log_statements(), *self.work_group.query_statements()]

    def _object_wildcards(self) -> list[str]:
        return [
            self.table.bucket.arn_for_objects(f"{self.table.log_prefix}*/CloudTrail/*"),
            self.work_group.results_bucket.arn_for_objects(f"{RESULTS_PREFIX}*"),
        ]

    def _add_named_query(self, query: SavedQuery) -> athena.CfnNamedQuery:
        named_query = athena.CfnNamedQuery(
            self,
            f"SavedQuery-{query.query_id}",
            name=query.name,
            description=query.description,
            database=self.table.database_name,
            work_group=self.work_group.work_group.ref,
            query_string=query.render(
                table=self.table.qualified_name,
                log_bucket=self.table.bucket.bucket_name,
                trail_key_arn=self.table.key.key_arn,
            ),
        )
        named_query.node.add_dependency(self.table)
        self.saved_queries[query.query_id] = query
        self.named_queries[query.query_id] = named_query
        return named_query
