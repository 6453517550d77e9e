"""Security alerts for one account: every catalogue alert, as a metric-filter alarm and as an
EventBridge rule, and both delivery heartbeats (the trail's log group and its log bucket), delivered
to an encrypted SNS topic with an email subscription.

    make example NAME=alerts   # synthesizes into ./cdk.out ($CDK_OUTDIR when set) and says so

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
        trail=trail,
        delivery=Delivery.BOTH,
        email_addresses=["security-team@example.com"],
        # Delivery heartbeats: alarm when no events reach the trail's log group, or no log or digest
        # file reaches its bucket's AWSLogs/ prefix, for 6 hours (S3 request metrics are billed).
        heartbeat=HeartbeatOptions(window=cdk.Duration.hours(6), cloudwatch_logs_enabled=True, s3_enabled=True),
    )


if __name__ == "__main__":
    # Into $CDK_OUTDIR when the CDK CLI runs the example (it sets the variable), else ./cdk.out. Read
    # here, not left to the jsii runtime, whose environment is fixed when it starts.
    app = cdk.App(outdir=os.environ.get("CDK_OUTDIR", "cdk.out"))
    add_stacks(app)
    assembly = app.synth()
    print(f"Synthesized {', '.join(s.stack_name for s in assembly.stacks)} into {Path(assembly.directory).resolve()}")
