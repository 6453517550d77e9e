#!/usr/bin/env python3
"""The benchmark's baseline: what a user writes with aws-cdk-lib alone, with no construct library.

One stack with aws-cdk-lib's own ``aws_cloudtrail.Trail`` encrypted with a KMS key (rotation on)
and sending its events to CloudWatch Logs. It is synthesized exactly as ``app.py`` is (a new
process, ``CDK_OUTDIR`` from the environment), so the two cold-synthesis times compare the library's
own cost.
"""

import os

import aws_cdk as cdk
from aws_cdk import aws_cloudtrail as cloudtrail
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs


class BaselineTrailStack(cdk.Stack):
    """aws-cdk-lib's ``Trail`` with a KMS key and a CloudWatch Logs log group."""

    def __init__(self, scope: cdk.App, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        key = kms.Key(self, "Key", enable_key_rotation=True)
        cloudtrail.Trail(
            self,
            "Trail",
            encryption_key=key,
            send_to_cloud_watch_logs=True,
            cloud_watch_logs_retention=logs.RetentionDays.ONE_YEAR,
            is_multi_region_trail=True,
            enable_file_validation=True,
        )


if __name__ == "__main__":
    app = cdk.App(outdir=os.environ.get("CDK_OUTDIR"))
    BaselineTrailStack(app, "BaselineTrail")
    app.synth()
