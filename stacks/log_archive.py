"""The log-archive account: the central log bucket and the trail key of a multi-account layout,
the S3 delivery heartbeat and the Athena queries over the log files."""

import aws_cdk as cdk
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from constructs_lib import AlertTopic, CentralLogArchive, CloudTrailQueries, LayoutConfig, TrailHeartbeat


class LogArchiveStack(cdk.Stack):
    """The log-archive account's stack. Deploy it first; its output ``TrailKeyArn`` goes into the
    configuration's ``trail_key_arn``.

    - ``self.archive``: the ``CentralLogArchive`` (bucket, access-log bucket, key, readers).
    - ``self.topic`` and ``self.heartbeat``: an ``AlertTopic`` here (S3 metrics stay in the bucket's
      account) and a ``TrailHeartbeat`` that alarms when no log file reached ``[prefix/]AWSLogs/``
      for 6 hours, from any trail of the layout.
    - ``self.queries``: ``CloudTrailQueries`` (Athena table, workgroup, saved queries, reader role)
      over the accounts of ``config.queried_accounts``; None when there are none or when they live
      in the security account (``queries_in``).
    """

    def __init__(self, scope: Construct, construct_id: str, *, config: LayoutConfig, **kwargs) -> None:
        kwargs.setdefault("env", cdk.Environment(account=config.log_archive_account, region=config.home_region))
        super().__init__(scope, construct_id, description="Central CloudTrail log bucket and trail key", **kwargs)
        self.archive = CentralLogArchive(self, "LogArchive", config=config)
        self.topic = AlertTopic(self, "HealthTopic", email_addresses=list(config.alert_emails))
        self.heartbeat = TrailHeartbeat(
            self, "Heartbeat", topic=self.topic, bucket=self.archive.bucket, s3_key_prefix=config.s3_key_prefix
        )
        self.queries = None
        if config.queried_accounts and config.queries_in == "log-archive":
            self.queries = query_resources(self, config, bucket=self.archive.bucket, key=self.archive.key)


def query_resources(scope: Construct, config: LayoutConfig, *, bucket: s3.IBucket, key: kms.IKey) -> CloudTrailQueries:
    """The layout's ``CloudTrailQueries``: the configured accounts and Regions of the log archive."""
    return CloudTrailQueries(
        scope,
        "Queries",
        bucket=bucket,
        key=key,
        accounts=list(config.queried_accounts),
        regions=list(config.queried_regions),
        organization_id=config.organization_id,
        s3_key_prefix=config.s3_key_prefix,
    )
