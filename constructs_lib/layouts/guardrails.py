"""The guardrail service control policy: member accounts cannot switch their recording off."""

import json

from aws_cdk import aws_organizations as organizations
from constructs import Construct

from .._shared.errors import ConfigurationError
from .._shared.signatures import visible_signature
from .._shared.validation import check_instance
from .config import Layout, LayoutConfig
from .member_forwarding import DEAD_LETTER_ALARM_PREFIX
from .member_stack_set import check_stack_set_name

# AWS Organizations: an SCP holds at most 5,120 characters (whitespace counts where it is sent).
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
MAX_SCP_LENGTH = 5_120


def guardrail_policy_document(config: LayoutConfig, *, stack_set_name: str) -> dict:
    """The SCP's statements: deny changes to trails, the log archive's bucket and key, the trails'
    log groups and the member StackSet's forwarding, except for the exempt roles.

    Built from AWS's examples ("Prevent users from disabling AWS CloudTrail"; Control Tower's
    mandatory controls, which exempt their execution role the same way).
    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples.html
    """
    partition = config.partition
    exempt = {
        "ArnNotLike": {"aws:PrincipalArn": [f"arn:{partition}:iam::*:role/{name}" for name in config.scp_exempt_role_names]}
    }
    bucket_arn = f"arn:{partition}:s3:::{config.log_bucket_name}"
    stack_set_resources = f"StackSet-{stack_set_name}-*"
    statements = [
        {
            "Sid": "DenyTrailChanges",
            "Effect": "Deny",
            "Action": [
                "cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail",
                "cloudtrail:PutEventSelectors", "cloudtrail:PutInsightSelectors",
            ],
            "Resource": "*",
            "Condition": exempt,
        },
        {
            "Sid": "DenyLogArchiveChanges",
            "Effect": "Deny",
            "Action": [
                "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:DeleteBucket", "s3:PutEncryptionConfiguration",
                "s3:PutLifecycleConfiguration", "s3:PutBucketLogging", "s3:PutBucketVersioning",
                "s3:PutBucketObjectLockConfiguration",
            ],
            "Resource": bucket_arn,
            "Condition": exempt,
        },
        {
            "Sid": "DenyTrailKeyChanges",
            "Effect": "Deny",
            "Action": [
                "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DisableKeyRotation",
                "kms:DeleteAlias", "kms:UpdateAlias",
            ],
            "Resource": f"arn:{partition}:kms:*:{config.log_archive_account}:key/*",
            "Condition": {**exempt, "ForAnyValue:StringEquals": {"kms:ResourceAliases": config.trail_key_alias}},
        },
        {
            "Sid": "DenyTrailLogGroupChanges",
            "Effect": "Deny",
            "Action": [
                "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy",
                "logs:DisassociateKmsKey", "logs:DeleteMetricFilter",
            ],
            "Resource": f"arn:{partition}:logs:*:*:log-group:/aws/cloudtrail/*",
            "Condition": exempt,
        },
        {
            "Sid": "DenyForwardingChanges",
            "Effect": "Deny",
            "Action": [
                "events:DeleteRule", "events:DisableRule", "events:PutRule", "events:PutTargets",
                "events:RemoveTargets", "iam:DeleteRole", "iam:DetachRolePolicy", "iam:UpdateAssumeRolePolicy",
                "cloudwatch:DeleteAlarms", "cloudwatch:DisableAlarmActions",
            ],
            "Resource": [
                f"arn:{partition}:events:*:*:rule/{stack_set_resources}",
                f"arn:{partition}:iam::*:role/{stack_set_resources}",
                f"arn:{partition}:cloudwatch:*:*:alarm:{DEAD_LETTER_ALARM_PREFIX}*",
            ],
            "Condition": exempt,
        },
    ]
    return {"Version": "2012-10-17", "Statement": statements}


@visible_signature
class TrailGuardrailPolicy(Construct):
    """A service control policy, attached to the member OUs, that keeps their recording on.

    Defines an ``AWS::Organizations::Policy`` (``SERVICE_CONTROL_POLICY``) that denies member
    accounts stopping, deleting or changing trails; changing the log bucket's policy, encryption,
    versioning, Object Lock, lifecycle or logging; changing or deleting the trail key; deleting or
    shortening the trails' log groups; and changing the member StackSet's forwarding rules, roles and
    alarms. The exempt roles (configuration) and StackSets' ``stacksets-exec-*`` role are let
    through, so deployments still work. Deploy it from the management account; SCPs never apply to
    the management account itself (protect the organization trail there with IAM and the alerts).

    :param config: The layout's configuration.
    :param stack_set_name: The member StackSet's name (its resources are protected by name).
    """

    def __init__(self, scope: Construct, construct_id: str, *, config: LayoutConfig, stack_set_name: str) -> None:
        check_instance(config, LayoutConfig, parameter="config", example="LayoutConfig(...)")
        config.check_layout(Layout.ORGANIZATION, what="TrailGuardrailPolicy")
        check_stack_set_name(stack_set_name)
        document = guardrail_policy_document(config, stack_set_name=stack_set_name)
        self.size = len(json.dumps(document, separators=(",", ":")))
        if self.size > MAX_SCP_LENGTH:
            raise ConfigurationError(
                f"The guardrail SCP would be {self.size} characters, over AWS Organizations' limit of "
                f"{MAX_SCP_LENGTH}. Shorten exempt_role_names (use one wildcard pattern for several roles)."
            )
        super().__init__(scope, construct_id)
        self.policy = organizations.CfnPolicy(
            self,
            "Resource",
            name=f"protect-{config.trail_name}",
            description="Member accounts cannot stop, delete or change the trails, the log archive or the forwarding",
            type="SERVICE_CONTROL_POLICY",
            content=document,
            target_ids=list(config.member_organizational_units),
        )
