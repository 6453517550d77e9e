"""One account: a secure trail with its bucket, key and log group in a single stack."""

import aws_cdk as cdk
from aws_cdk import aws_logs as logs
from constructs import Construct

from constructs_lib import SecureTrail


class SingleAccountTrailStack(cdk.Stack):
    """The single-account layout: everything the account's trail needs, in this account.

    ``self.trail`` is the ``SecureTrail``; its bucket, key and log group are its attributes.

    :param trail_name: The trail's name. Default: ``SecureTrail``'s (generated, stable).
    :param s3_key_prefix: Prefix of the log file keys. Default: none.
    :param cloud_watch_logs_retention: Retention of the trail's log group. Default: ``SecureTrail``'s
        (one year).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        trail_name: str | None = None,
        s3_key_prefix: str | None = None,
        cloud_watch_logs_retention: logs.RetentionDays | int | None = None,
        **kwargs,
    ) -> None:
        super().__init__(scope, construct_id, description="Secure AWS CloudTrail trail for one account", **kwargs)
        given = {
            "trail_name": trail_name,
            "s3_key_prefix": s3_key_prefix,
            "cloud_watch_logs_retention": cloud_watch_logs_retention,
        }
        self.trail = SecureTrail(self, "Trail", **{name: value for name, value in given.items() if value is not None})
