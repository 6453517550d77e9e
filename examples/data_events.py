"""A single-account trail that records S3 and Lambda data events and runs CloudTrail Insights.

    python examples/data_events.py   # synthesizes into cdk.out, or $CDK_OUTDIR when set

Data events and Insights are billed from the first event (see README, "What the trail records").
S3 writes to the trail's own log and access-log buckets are never recorded: no feedback loop.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aws_cdk as cdk  # noqa: E402

from constructs_lib import EventSelector, Insight, SecureTrail  # noqa: E402


def add_stacks(app: cdk.App) -> None:
    """Add this example's stack to ``app``."""
    stack = cdk.Stack(app, "ExampleDataEventsTrail")
    SecureTrail(
        stack,
        "Trail",
        event_selectors=[
            EventSelector.management_events(),
            EventSelector.s3_objects_of_all_buckets(),
            EventSelector.lambda_invocations(),
        ],
        insights=[Insight.api_call_rate(), Insight.api_error_rate()],
    )


if __name__ == "__main__":
    app = cdk.App(outdir=os.environ.get("CDK_OUTDIR"))
    add_stacks(app)
    app.synth()
