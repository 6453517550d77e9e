"""A single-account trail that records S3 and Lambda data events and runs CloudTrail Insights.

    make example NAME=data_events   # synthesizes into ./cdk.out ($CDK_OUTDIR when set) and says so

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
    # Into $CDK_OUTDIR when the CDK CLI runs the example (it sets the variable), else ./cdk.out. Read
    # here, not left to the jsii runtime, whose environment is fixed when it starts.
    app = cdk.App(outdir=os.environ.get("CDK_OUTDIR", "cdk.out"))
    add_stacks(app)
    assembly = app.synth()
    print(f"Synthesized {', '.join(s.stack_name for s in assembly.stacks)} into {Path(assembly.directory).resolve()}")
