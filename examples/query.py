"""Investigating an organization trail's logs with Athena from the log-archive account: the table
with partition projection, the workgroup, the saved queries and a reader role, over the log bucket
and key that the organization trail writes with (imported here by name and ARN).

    make example NAME=query   # or: python examples/query.py; into ./cdk.out, or $CDK_OUTDIR when set

Open the Athena console in the workgroup ``cloudtrail-investigations`` (as the reader role), pick a
saved query and give it the first and last day, for example '2026/01/01' and '2026/01/31'.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aws_cdk as cdk  # noqa: E402
from aws_cdk import aws_kms as kms  # noqa: E402
from aws_cdk import aws_s3 as s3  # noqa: E402

from constructs_lib import CloudTrailQueries, SavedQuery  # noqa: E402

LOG_ARCHIVE_ACCOUNT = "111122223333"
MEMBER_ACCOUNTS = ["111122223333", "444455556666", "777788889999"]
ORGANIZATION_ID = "o-a1b2c3d4e5"


def add_stacks(app: cdk.App) -> None:
    """Add this example's stack to ``app``."""
    stack = cdk.Stack(app, "ExampleQuery", env=cdk.Environment(account=LOG_ARCHIVE_ACCOUNT, region="us-east-1"))
    CloudTrailQueries(
        stack,
        "Queries",
        bucket=s3.Bucket.from_bucket_name(stack, "LogBucket", f"org-trail-logs-{LOG_ARCHIVE_ACCOUNT}"),
        key=kms.Key.from_key_arn(
            stack, "TrailKey", f"arn:aws:kms:us-east-1:{LOG_ARCHIVE_ACCOUNT}:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
        ),
        accounts=MEMBER_ACCOUNTS,
        regions=["us-east-1", "eu-west-1"],
        organization_id=ORGANIZATION_ID,
        saved_queries=[
            SavedQuery(
                query_id="deleted-buckets",
                name="Deleted S3 buckets",
                description="Buckets deleted, by whom. Parameters: first day, last day ('yyyy/MM/dd').",
                sql="""SELECT eventtime, account, useridentity.arn AS principal,
  json_extract_scalar(requestparameters, '$.bucketName') AS bucket
FROM {table}
WHERE "timestamp" BETWEEN ? AND ?
  AND eventsource = 's3.amazonaws.com' AND eventname = 'DeleteBucket'
ORDER BY eventtime""",
            )
        ],
    )


if __name__ == "__main__":
    # Into $CDK_OUTDIR when the CDK CLI runs the example (it sets the variable), else ./cdk.out. Read
    # here, not left to the jsii runtime, whose environment is fixed when it starts.
    app = cdk.App(outdir=os.environ.get("CDK_OUTDIR", "cdk.out"))
    add_stacks(app)
    assembly = app.synth()
    print(f"Synthesized {', '.join(s.stack_name for s in assembly.stacks)} into {Path(assembly.directory).resolve()}")
