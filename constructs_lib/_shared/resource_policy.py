"""Adding statements to another resource's policy, or telling its owner exactly what to add.

An imported bucket, key or topic has no policy this stack can change. Its owner must add the
statements themselves; the library says so with a warning, a stack output holding the policy JSON,
and the statements returned to the caller (for ``required_policy_statements()`` methods).
"""

from collections.abc import Sequence

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from constructs import Construct

POLICY_NOT_APPLIED_WARNING = "constructs-lib:policy-not-applied"


def add_statements_or_report(
    owner: Construct,
    resource,
    statements: Sequence[iam.PolicyStatement],
    *,
    what: str,
    output_id: str,
    consequence: str = "the deployment fails until its owner adds them",
) -> list[iam.PolicyStatement]:
    """Add ``statements`` to ``resource``'s resource policy; return those that could not be added.

    For the ones not added, ``owner`` gets a warning naming ``what`` (e.g. "the policy of key
    arn:...") and the ``consequence``, and a stack output ``output_id`` with the statements as JSON.
    """
    not_added = [s for s in statements if not resource.add_to_resource_policy(s).statement_added]
    if not_added:
        document = iam.PolicyDocument(statements=not_added)
        cdk.CfnOutput(
            owner,
            output_id,
            description=f"Statements to add to {what}, which this stack cannot change",
            value=cdk.Stack.of(owner).to_json_string(document.to_json()),
        )
        cdk.Annotations.of(owner).add_warning_v2(
            POLICY_NOT_APPLIED_WARNING,
            f"{what} is imported, so this stack cannot add the {len(not_added)} statement(s) it needs; "
            f"{consequence}. They are in the stack output '{output_id}' and returned by "
            f"required_policy_statements().",
        )
    return not_added
