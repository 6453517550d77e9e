"""The smallest useful app: one account's secure trail, with every default.

    python examples/single_account.py   # synthesizes into cdk.out, or $CDK_OUTDIR when set
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aws_cdk as cdk  # noqa: E402

from constructs_lib import SecureTrail  # noqa: E402


def add_stacks(app: cdk.App) -> None:
    """Add this example's stack to ``app``."""
    stack = cdk.Stack(app, "ExampleSingleAccountTrail")
    SecureTrail(stack, "Trail")


if __name__ == "__main__":
    app = cdk.App(outdir=os.environ.get("CDK_OUTDIR"))
    add_stacks(app)
    app.synth()
