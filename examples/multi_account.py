"""Several accounts without AWS Organizations: each listed account runs its own trail into one
central, encrypted log bucket in the log-archive account, with its own CIS alarms, and forwards its
security events to the security account's central bus.

    make example NAME=multi_account   # synthesizes into ./cdk.out ($CDK_OUTDIR when set) and says so
    python examples/multi_account.py --stack-set   # the same accounts through self-managed StackSets

Adding or removing an account is one line of ``TRAIL_ACCOUNTS``. The account ids and key ARN are
examples: the key ARN is the log-archive stack's output ``TrailKeyArn`` after its first deploy.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aws_cdk as cdk  # noqa: E402

from constructs_lib import Layout, LayoutConfig  # noqa: E402
from stacks.layouts import add_accounts_layout  # noqa: E402

TRAIL_ACCOUNTS = (
    "310987654301",
    "310987654302",
    "310987654303",
)

CONFIG = LayoutConfig(
    layout=Layout.ACCOUNTS,
    home_region="us-east-1",
    log_archive_account="310987654398",
    security_account="310987654399",
    trail_accounts=TRAIL_ACCOUNTS,
    member_regions=("us-east-1", "eu-west-1"),
    trail_key_arn="arn:aws:kms:us-east-1:310987654398:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
    log_reader_accounts=("310987654301",),  # gets a role that reads only AWSLogs/310987654301/
    alert_emails=("security-team@example.com",),
)


def add_stacks(app: cdk.App, *, stack_set: bool = False) -> None:
    """Add this example's stacks to ``app``: one stack per account, or with ``stack_set`` the same
    accounts through self-managed StackSets (the form for estates too big to deploy one by one)."""
    add_accounts_layout(app, CONFIG, stack_set=stack_set, prefix="ExampleMultiAccount")


if __name__ == "__main__":
    # Into $CDK_OUTDIR when the CDK CLI runs the example (it sets the variable), else ./cdk.out. Read
    # here, not left to the jsii runtime, whose environment is fixed when it starts.
    app = cdk.App(outdir=os.environ.get("CDK_OUTDIR", "cdk.out"))
    add_stacks(app, stack_set="--stack-set" in sys.argv[1:])
    assembly = app.synth()
    print(f"Synthesized {', '.join(s.stack_name for s in assembly.stacks)} into {Path(assembly.directory).resolve()}")
