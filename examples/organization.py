"""The AWS Organizations layout: one organization trail in the management account, the log archive
and the security tooling in their own accounts, and every member account (present and future)
forwarding its security events through a service-managed StackSet.

    make example NAME=organization   # synthesizes into ./cdk.out ($CDK_OUTDIR when set) and says so

The account ids, organization id, root and key ARN are examples: replace them with yours (``aws
organizations describe-organization``, ``aws organizations list-roots``, and the log-archive stack's
output ``TrailKeyArn`` after its first deploy). The README gives the deployment order and commands.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aws_cdk as cdk  # noqa: E402

from constructs_lib import Layout, LayoutConfig  # noqa: E402
from stacks.layouts import add_organization_layout  # noqa: E402

CONFIG = LayoutConfig(
    layout=Layout.ORGANIZATION,
    home_region="us-east-1",
    management_account="210987654321",
    log_archive_account="210987654322",
    security_account="210987654323",
    organization_id="o-a1b2c3d4e5",
    member_organizational_units=("r-ab12",),  # the root: every account, present and future
    member_regions=("us-east-1", "eu-west-1"),  # include us-east-1: global-service events reach EventBridge only there
    trail_key_arn="arn:aws:kms:us-east-1:210987654322:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
    alert_emails=("security-team@example.com",),
    query_accounts=("210987654321", "210987654322", "210987654323", "210987654324"),
    organization_reads_logs=False,
    guardrails=True,
)


def add_stacks(app: cdk.App) -> None:
    """Add this example's stacks to ``app``."""
    add_organization_layout(app, CONFIG, prefix="ExampleOrganization")


if __name__ == "__main__":
    # Into $CDK_OUTDIR when the CDK CLI runs the example (it sets the variable), else ./cdk.out. Read
    # here, not left to the jsii runtime, whose environment is fixed when it starts.
    app = cdk.App(outdir=os.environ.get("CDK_OUTDIR", "cdk.out"))
    add_stacks(app)
    assembly = app.synth()
    print(f"Synthesized {', '.join(s.stack_name for s in assembly.stacks)} into {Path(assembly.directory).resolve()}")
