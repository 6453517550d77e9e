"""Granting a list of policy statements to a principal as one ``iam.Grant``."""

from collections.abc import Sequence

from aws_cdk import aws_iam as iam


def grant_statements(grantee: iam.IGrantable, statements: Sequence[iam.PolicyStatement]) -> iam.Grant:
    """Add each statement (actions, resources, conditions) to ``grantee``'s policy."""
    grants = [
        iam.Grant.add_to_principal(
            grantee=grantee,
            actions=statement.actions,
            resource_arns=statement.resources,
            conditions=statement.conditions or None,
        )
        for statement in statements
    ]
    combined = grants[0]
    for grant in grants[1:]:
        combined = combined.combine(grant)
    return combined
