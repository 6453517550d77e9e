"""The Athena workgroup for investigations, with its encrypted, expiring results bucket."""

import re

import aws_cdk as cdk
from aws_cdk import aws_athena as athena
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from .._shared import policies
from .._shared.acknowledgements import acknowledge
from .._shared.buckets import hardened_bucket_props, send_events_to_eventbridge
from .._shared.errors import ConfigurationError
from .._shared.keys import customer_managed_key
from .._shared.resource_policy import add_statements_or_report
from .._shared.signatures import visible_signature
from .._shared.validation import check_instance, check_positive_days, is_token
from ..trail.access_log_bucket import AccessLogBucket
from ._grants import grant_statements

DEFAULT_WORK_GROUP_NAME = "cloudtrail-investigations"
DEFAULT_BYTES_SCANNED_CUTOFF = cdk.Size.gibibytes(10)
DEFAULT_RESULTS_EXPIRATION = cdk.Duration.days(30)
# Athena's smallest per-query data usage limit: 10 MB (BytesScannedCutoffPerQuery, minimum 10000000).
MIN_BYTES_SCANNED_CUTOFF = 10_000_000
ENGINE_VERSION = "Athena engine version 3"
RESULTS_PREFIX = "results/"
_WORK_GROUP_NAME = re.compile(r"[a-zA-Z0-9._-]{1,128}")


def check_work_group_name(value: str) -> None:
    """A workgroup name Athena accepts."""
    if is_token(value):
        return
    if not isinstance(value, str) or not _WORK_GROUP_NAME.fullmatch(value):
        raise ConfigurationError(
            f"work_group_name {value!r} is not a workgroup name Athena accepts (allowed: 1 to 128 letters, "
            f"digits, periods, underscores and dashes). Use, for example, '{DEFAULT_WORK_GROUP_NAME}'."
        )


def bytes_scanned_cutoff(value: cdk.Size) -> int:
    """The per-query scan limit in bytes, at least Athena's minimum of 10 MB."""
    check_instance(value, cdk.Size, parameter="bytes_scanned_cutoff_per_query", example="cdk.Size.gibibytes(10)")
    limit = int(value.to_bytes(rounding=cdk.SizeRoundingBehavior.FLOOR))
    if limit < MIN_BYTES_SCANNED_CUTOFF:
        raise ConfigurationError(
            f"bytes_scanned_cutoff_per_query is {limit} bytes, below Athena's minimum of "
            f"{MIN_BYTES_SCANNED_CUTOFF} bytes (10 MB); the workgroup would fail to deploy. Pass "
            f"cdk.Size.mebibytes(10) or more (Athena bills at least 10 MB per query anyway)."
        )
    return limit


@visible_signature
class QueryWorkGroup(Construct):
    """An Athena workgroup whose settings queries cannot override, with KMS-encrypted results.

    Defines an ``AWS::Athena::WorkGroup`` (engine version 3, enforced configuration, CloudWatch
    metrics, a per-query scan limit that cancels larger queries); an ``AWS::KMS::Key`` for the
    results (rotation on, grants only for AWS services); and the results ``AWS::S3::Bucket``
    (SSE-KMS with S3 Bucket Keys, all four block-public-access settings, no ACLs, versioning,
    Object Lock without default retention, TLS 1.2 only, EventBridge notifications, server access
    logs, and a lifecycle that expires results and aborts incomplete uploads). Results are written
    under ``results/`` with the workgroup's encryption (AWS Control Tower CT.ATHENA.PR.1 and PR.2).

    :param work_group_name: Default: ``cloudtrail-investigations``.
    :param bytes_scanned_cutoff_per_query: Athena cancels a query that scans more (it is still
        billed for what it scanned). At least 10 MB. Default: 10 GiB (at $5 per TB, about $0.05).
    :param results_expiration: How long query results are kept. Default: 30 days.
    :param access_log_bucket: Where the results bucket's server access logs go. Default: a new
        ``AccessLogBucket``.
    :param removal_policy: What happens to the results bucket and key when they leave the stack.
        Default: RETAIN.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        work_group_name: str = DEFAULT_WORK_GROUP_NAME,
        bytes_scanned_cutoff_per_query: cdk.Size = DEFAULT_BYTES_SCANNED_CUTOFF,
        results_expiration: cdk.Duration = DEFAULT_RESULTS_EXPIRATION,
        access_log_bucket: s3.IBucket | None = None,
        removal_policy: cdk.RemovalPolicy = cdk.RemovalPolicy.RETAIN,
    ) -> None:
        check_work_group_name(work_group_name)
        cutoff = bytes_scanned_cutoff(bytes_scanned_cutoff_per_query)
        check_positive_days(results_expiration, parameter="results_expiration")
        super().__init__(scope, construct_id)
        stack = cdk.Stack.of(self)
        self.work_group_name = work_group_name
        self.bytes_scanned_cutoff_per_query = cutoff

        self.results_key: kms.Key = customer_managed_key(
            self, "ResultsKey", description="Encrypts Athena query results of CloudTrail investigations",
            removal_policy=removal_policy,
        )
        self.results_bucket = s3.Bucket(
            self,
            "ResultsBucket",
            encryption=s3.BucketEncryption.KMS,
            encryption_key=self.results_key,
            bucket_key_enabled=True,
            # Object Lock without default retention: nothing is locked, so results still expire, and
            # the bucket passes AWS Control Tower's CT.S3.PR.9.
            object_lock_enabled=True,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="ExpireQueryResults",
                    expiration=results_expiration,
                    noncurrent_version_expiration=cdk.Duration.days(1),
                    abort_incomplete_multipart_upload_after=cdk.Duration.days(1),
                )
            ],
            **hardened_bucket_props(removal_policy),
        )
        send_events_to_eventbridge(self.results_bucket)
        acknowledge(self.results_bucket, "query-results-bucket-replication")
        self.access_log_bucket: AccessLogBucket | None = (
            AccessLogBucket(self, "AccessLogs") if access_log_bucket is None else None
        )
        logs_bucket = self.access_log_bucket.bucket if self.access_log_bucket else access_log_bucket
        cfn_bucket: s3.CfnBucket = self.results_bucket.node.default_child
        cfn_bucket.logging_configuration = s3.CfnBucket.LoggingConfigurationProperty(
            destination_bucket_name=logs_bucket.bucket_name, log_file_prefix="athena-results-bucket/"
        )
        add_statements_or_report(
            self,
            logs_bucket,
            [
                policies.s3_server_access_logs_statement(
                    access_log_bucket_arn=logs_bucket.bucket_arn,
                    source_bucket_arns=[self.results_bucket.bucket_arn],
                    source_account=stack.account,
                )
            ],
            what=f"the policy of access-log bucket {logs_bucket.bucket_name}",
            output_id="RequiredPolicyForAccessLogBucket",
        )

        self.work_group = athena.CfnWorkGroup(
            self,
            "Resource",
            name=work_group_name,
            description="Investigations of AWS CloudTrail logs",
            state="ENABLED",
            work_group_configuration=athena.CfnWorkGroup.WorkGroupConfigurationProperty(
                enforce_work_group_configuration=True,
                publish_cloud_watch_metrics_enabled=True,
                bytes_scanned_cutoff_per_query=cutoff,
                engine_version=athena.CfnWorkGroup.EngineVersionProperty(selected_engine_version=ENGINE_VERSION),
                result_configuration=athena.CfnWorkGroup.ResultConfigurationProperty(
                    output_location=f"s3://{self.results_bucket.bucket_name}/{RESULTS_PREFIX}",
                    expected_bucket_owner=stack.account,
                    encryption_configuration=athena.CfnWorkGroup.EncryptionConfigurationProperty(
                        encryption_option="SSE_KMS", kms_key=self.results_key.key_arn
                    ),
                ),
            ),
        )
        self.work_group_arn = stack.format_arn(service="athena", resource="workgroup", resource_name=work_group_name)

    def query_statements(self) -> list[iam.PolicyStatement]:
        """What a principal needs to run queries in this workgroup and read their results: start,
        follow, stop and read queries and the saved queries; read and write results under
        ``results/``; and encrypt and decrypt them with the results key, through S3 only."""
        region = cdk.Stack.of(self).region
        return [
            iam.PolicyStatement(
                actions=[
                    "athena:GetWorkGroup",
                    "athena:StartQueryExecution",
                    "athena:GetQueryExecution",
                    "athena:GetQueryResults",
                    "athena:StopQueryExecution",
                    "athena:GetNamedQuery",
                    "athena:BatchGetNamedQuery",
                    "athena:ListNamedQueries",
                ],
                resources=[self.work_group_arn],
            ),
            iam.PolicyStatement(
                actions=["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
                resources=[self.results_bucket.arn_for_objects(f"{RESULTS_PREFIX}*")],
            ),
            iam.PolicyStatement(
                actions=["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
                resources=[self.results_bucket.bucket_arn],
            ),
            iam.PolicyStatement(
                actions=["kms:GenerateDataKey", "kms:Decrypt"],
                resources=[self.results_key.key_arn],
                conditions={"StringEquals": {"kms:ViaService": f"s3.{region}.amazonaws.com"}},
            ),
        ]

    def grant_query(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let ``grantee`` run queries in the workgroup and read their results (``query_statements``)."""
        return grant_statements(grantee, self.query_statements())
