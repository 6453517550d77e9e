"""Every acknowledged compliance finding of the library, with its reason, in one place.

The scanners are the cdk-nag packs (AwsSolutions, NIST 800-53 rev 5, HIPAA Security, PCI DSS 3.2.1)
and AWS Control Tower's proactive controls (``cdk-validator-cfnguard``, which AWS Control Tower runs
as CloudFormation hooks that reject a non-compliant resource at deploy time). An acknowledgement is
made only where a rule cannot physically hold for the resource. Each entry names the rules it covers
(in every pack that has them) and says why. Constructs call ``acknowledge`` with the entry's key;
nothing else in the library acknowledges findings.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import aws_cdk as cdk
from constructs import IConstruct

_COMPLIANCE_PACKS = ("NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321")


@dataclass(frozen=True)
class _Acknowledgement:
    rule_ids: tuple[str, ...]
    reason: str


def _in_compliance_packs(rule: str) -> tuple[str, ...]:
    return tuple(f"{pack}-{rule}" for pack in _COMPLIANCE_PACKS)


def _control_tower(rule: str) -> str:
    """A Control Tower proactive control as the cfn-guard plug-in names it."""
    return f"cdk-validator-cfnguard::{rule}"


ACKNOWLEDGEMENTS: dict[str, _Acknowledgement] = {
    "access-log-bucket-encryption": _Acknowledgement(
        (*_in_compliance_packs("S3DefaultEncryptionKMS"), _control_tower("s3_bucket_default_encryption_kms_check")),
        "S3 delivers server access logs only to buckets encrypted with SSE-S3; SSE-KMS is not "
        "supported for the destination bucket (Amazon S3 User Guide, 'Enabling Amazon S3 server "
        "access logging').",
    ),
    "access-log-bucket-logging": _Acknowledgement(
        (
            "AwsSolutions-S1",
            *_in_compliance_packs("S3BucketLoggingEnabled"),
            _control_tower("s3_bucket_logging_enabled_check"),
        ),
        "This is the server access log destination; logging a bucket's access into itself creates "
        "an endless loop of log records, and AWS advises against it.",
    ),
    "access-log-bucket-object-lock": _Acknowledgement(
        (_control_tower("s3_bucket_object_lock_enabled_check"),),
        "S3 does not deliver server access logs to a bucket with Object Lock (Amazon S3 User Guide, "
        "'Object Lock considerations': 'S3 buckets with Object Lock can't be used as destination "
        "buckets for server access logs'). Versioning, a TLS-only bucket policy and the log bucket's "
        "own Object Lock protect the evidence instead.",
    ),
    "log-bucket-replication": _Acknowledgement(
        _in_compliance_packs("S3BucketReplicationEnabled"),
        "Replication needs a destination bucket in another Region or account, which a stack in one "
        "account and Region cannot create. Durability and tamper resistance come from versioning, "
        "Object Lock and S3's own redundancy; replicate to the log-archive account's Region of "
        "choice with the multi-account layouts when a second copy is required.",
    ),
    "cloudtrail-log-stream-wildcard": _Acknowledgement(
        ("AwsSolutions-IAM5",),
        "CloudTrail creates one log stream per Region it records, named <account>_CloudTrail_<region>; "
        "the wildcard after that prefix is the narrowest resource AWS documents for the delivery role "
        "(CloudTrail User Guide, 'Role policy document for CloudTrail to use CloudWatch Logs').",
    ),
    "dead-letter-queue": _Acknowledgement(
        ("AwsSolutions-SQS3", _control_tower("sqs_dlq_check")),
        "This queue is itself a dead-letter queue: of EventBridge rule targets (the rules' "
        "DeadLetterConfig) and of SNS subscriptions (their RedrivePolicy), which AwsSolutions-SQS3 "
        "does not recognise: it only looks for SQS redrive policies; CT.SQS.PR.1 asks the same of "
        "every queue. A dead-letter queue of a dead-letter queue would hold nothing, since nothing "
        "consumes and fails messages from it; an alarm on its depth reports undelivered alerts "
        "instead (Amazon EventBridge User Guide, 'Using dead-letter queues'; Amazon SNS Developer "
        "Guide, 'Amazon SNS dead-letter queues').",
    ),
    "query-results-bucket-replication": _Acknowledgement(
        _in_compliance_packs("S3BucketReplicationEnabled"),
        "The bucket holds Athena query results, which expire after days and can be produced again by "
        "running the query over the log files; the evidence itself is the trail's log bucket. A replica "
        "in another Region or account would only keep copies of derived, short-lived data.",
    ),
    "log-reader-object-wildcards": _Acknowledgement(
        ("AwsSolutions-IAM5",),
        "A log reader reads every log file CloudTrail writes under <prefix>/AWSLogs/ (or, for an "
        "account's own reader, <prefix>/AWSLogs/<account>/): CloudTrail names the files by Region, day "
        "and time, so no narrower resource exists. Decryption is limited to CloudTrail's encryption "
        "context.",
    ),
    "stack-set-execution-role": _Acknowledgement(
        ("AwsSolutions-IAM5",),
        "The StackSet administration role may assume AWSCloudFormationStackSetExecutionRole in the "
        "target accounts, exactly as AWS documents for self-managed permissions; the account is a "
        "wildcard because a condition listing 1,000 accounts would not fit a managed policy's 6,144 "
        "characters, and only CloudFormation can assume the administration role.",
    ),
    "query-reader-object-wildcards": _Acknowledgement(
        ("AwsSolutions-IAM5",),
        "Athena reads every log file of the accounts, Regions and days a query names, under "
        "<prefix>/AWSLogs/[<organization id>/]<account>/CloudTrail/, and writes result files whose names "
        "it chooses under results/. The wildcards stand for those account ids and file names only; the "
        "CloudTrail-Digest folders and every other prefix stay out of reach.",
    ),
}


def acknowledge(construct: IConstruct, key: str, *, resources: Sequence[str] = ()) -> None:
    """Acknowledge the rules of entry ``key`` on ``construct`` and its children.

    For granular rules (findings per resource, such as AwsSolutions-IAM5), ``resources`` are the
    policy resources the finding is about; only those findings are acknowledged.
    """
    entry = ACKNOWLEDGEMENTS[key]
    stack = cdk.Stack.of(construct)
    rule_ids = [
        f"{rule_id}[Resource::{_flatten_reference(stack.resolve(resource))}]"
        for rule_id in entry.rule_ids
        for resource in resources
    ] or entry.rule_ids
    cdk.Validations.of(construct).acknowledge(
        *(cdk.Acknowledgment(id=rule_id, reason=entry.reason) for rule_id in rule_ids)
    )


def _flatten_reference(node) -> str:
    """A resolved value as cdk-nag names it in a granular finding: ``{"Ref": "X"}`` becomes ``<X>``."""
    if isinstance(node, str):
        return node.replace("${", "<").replace("}", ">")
    if "Fn::Join" in node:
        delimiter, items = node["Fn::Join"]
        return delimiter.join(_flatten_reference(item) for item in items)
    if "Fn::GetAtt" in node:
        resource, attribute = node["Fn::GetAtt"]
        return f"<{resource}.{attribute}>"
    if "Ref" in node:
        return f"<{node['Ref']}>"
    raise TypeError(f"cannot name a finding for {node!r}")
