#!/usr/bin/env python3
"""The CDK app: with no configuration it synthesizes the single-account layout."""

import os

import aws_cdk as cdk

from stacks.single_account import SingleAccountTrailStack

app = cdk.App(outdir=os.environ.get("CDK_OUTDIR"))
SingleAccountTrailStack(app, "CloudTrailSingleAccount")
app.synth()
