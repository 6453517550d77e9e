#!/usr/bin/env python3
"""The CDK app: with no configuration it synthesizes the single-account layout."""

import aws_cdk as cdk

from stacks.single_account import SingleAccountTrailStack

app = cdk.App()
SingleAccountTrailStack(app, "CloudTrailSingleAccount")
app.synth()
