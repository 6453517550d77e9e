#!/usr/bin/env python3
"""A multi-account layout for a given number of accounts, synthesized as ``cdk synth`` would.

    python benchmarks/layout_app.py organization 1000
    python benchmarks/layout_app.py accounts 100          # one stack per account
    python benchmarks/layout_app.py stack-set 1000        # the accounts layout through StackSets

The estate is made up (account ids 100000000000, 100000000001, ...) and otherwise follows
examples/organization.py and examples/multi_account.py. The organization layout does not list its
member accounts (member OUs cover them), so what grows with the estate there is ``query_accounts``,
the Athena table's account partitions. The accounts layout spreads its accounts over as many central
event buses as the bus policy limit needs.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aws_cdk as cdk  # noqa: E402

from benchmarks.measure import FORMS  # noqa: E402
from constructs_lib import Layout, LayoutConfig  # noqa: E402
from constructs_lib.layouts.config import ACCOUNTS_PER_EVENT_BUS, MAX_EVENT_BUSES  # noqa: E402
from stacks.layouts import add_layout  # noqa: E402

HOME_REGION = "us-east-1"
MEMBER_REGIONS = ("us-east-1", "eu-west-1")


def member_accounts(count: int) -> tuple[str, ...]:
    """``count`` made-up member account ids."""
    return tuple(f"{100_000_000_000 + index:012d}" for index in range(count))


def layout_config(form: str, accounts: int) -> LayoutConfig:
    """The configuration of ``form`` for an estate of ``accounts`` member accounts."""
    members = member_accounts(accounts)
    central = {"log_archive_account": "900000000001", "security_account": "900000000002"}
    key_arn = f"arn:aws:kms:{HOME_REGION}:900000000001:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
    if form == "organization":
        return LayoutConfig(
            layout=Layout.ORGANIZATION,
            home_region=HOME_REGION,
            management_account="900000000000",
            organization_id="o-a1b2c3d4e5",
            member_organizational_units=("r-ab12",),
            member_regions=MEMBER_REGIONS,
            trail_key_arn=key_arn,
            alert_emails=("security-team@example.com",),
            query_accounts=members,
            **central,
        )
    return LayoutConfig(
        layout=Layout.ACCOUNTS,
        home_region=HOME_REGION,
        trail_accounts=members,
        member_regions=MEMBER_REGIONS,
        trail_key_arn=key_arn,
        alert_emails=("security-team@example.com",),
        event_bus_count=1 if accounts <= ACCOUNTS_PER_EVENT_BUS else MAX_EVENT_BUSES,
        **central,
    )


def add_stacks(app: cdk.App, form: str, accounts: int) -> None:
    """Add the layout ``form`` for ``accounts`` member accounts to ``app``."""
    add_layout(app, layout_config(form, accounts), stack_set=form == "stack-set", prefix="Bench")


if __name__ == "__main__":
    form, accounts = sys.argv[1], int(sys.argv[2])
    if form not in FORMS:
        sys.exit(f"form {form!r} is not one of {', '.join(FORMS)}")
    app = cdk.App(outdir=os.environ.get("CDK_OUTDIR"))
    add_stacks(app, form, accounts)
    app.synth()
