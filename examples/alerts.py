"""Security alerts for one account: every catalogue alert, as a metric-filter alarm and as an
EventBridge rule, and both delivery heartbeats (the trail's log group and its log bucket), delivered
to an encrypted SNS topic with an email subscription.

    python examples/alerts.py   # synthesizes into cdk.out, or $CDK_OUTDIR when set

The stack is pinned to us-east-1: EventBridge receives the events of global services (IAM,
Organizations, console sign-in through the global endpoint) only there, so the rules of those
alerts fire only in us-east-1. The metric-filter alarms work in any Region on a multi-Region trail.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aws_cdk as cdk  # noqa: E402

from constructs_lib import Delivery, HeartbeatOptions, SecureTrail, SecurityAlerts  # noqa: E402


def add_stacks(app: cdk.App) -> None:
    """Add this example's stack to ``app``."""
    stack = cdk.Stack(
        app, "ExampleAlerts", env=cdk.Environment(account=os.environ.get("CDK_DEFAULT_ACCOUNT"), region="us-east-1")
    )
    trail = SecureTrail(stack, "Trail")
    SecurityAlerts(
        stack,
        "Alerts",
        log_group=trail.log_group,
        trail_bucket_names=[trail.bucket.bucket_name],
        trail_key_arns=[trail.key.key_arn],
        delivery=Delivery.BOTH,
        email_addresses=["security-team@example.com"],
        # Delivery heartbeats: alarm when no events reach the log group, or no log or digest file
        # reaches the bucket's AWSLogs/ prefix, for 6 hours (S3 request metrics are billed).
        log_bucket=trail.bucket,
        heartbeat=HeartbeatOptions(window=cdk.Duration.hours(6), cloudwatch_logs_enabled=True, s3_enabled=True),
    )


if __name__ == "__main__":
    # CDK_OUTDIR is read here, not left to the jsii runtime, whose environment is fixed when it starts.
    app = cdk.App(outdir=os.environ.get("CDK_OUTDIR"))
    add_stacks(app)
    app.synth()
