"""A small evaluator of resource policies, to prove that alert publishers are let in.

It knows the condition operators these policies use; a condition key the request does not carry
fails the condition, as in IAM.
"""

import fnmatch

ACCOUNT = "111111111111"
REGION = "us-east-1"


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _principal_matches(principal, service: str | None, account: str | None) -> bool:
    if principal in ("*", {"AWS": "*"}):
        return True
    if not isinstance(principal, dict):
        return False
    if service is not None and service in _as_list(principal.get("Service", [])):
        return True
    return account is not None and f"arn:aws:iam::{account}:root" in _as_list(principal.get("AWS", []))


def _value_matches(operator: str, expected, actual) -> bool:
    if operator in ("StringEquals", "ArnEquals"):
        return actual == expected
    if operator in ("StringLike", "ArnLike"):
        return isinstance(actual, str) and isinstance(expected, str) and fnmatch.fnmatchcase(actual, expected)
    if operator == "Bool":
        return str(actual).lower() == str(expected).lower()
    if operator == "NumericLessThan":
        return float(actual) < float(expected)
    raise AssertionError(f"the evaluator does not know condition operator {operator}")


def _conditions_hold(conditions: dict, context: dict) -> bool:
    for operator, keys in conditions.items():
        if_exists = operator.endswith("IfExists")
        operator = operator.removesuffix("IfExists")
        for key, expected in keys.items():
            if key not in context:
                if if_exists:
                    continue  # ...IfExists: a key the request does not carry passes
                return False  # a key the request does not carry fails the condition
            if not any(_value_matches(operator, value, context[key]) for value in _as_list(expected)):
                return False
    return True


def _resource_matches(pattern, resource) -> bool:
    if pattern in ("*", resource):
        return True
    return isinstance(pattern, str) and isinstance(resource, str) and fnmatch.fnmatchcase(resource, pattern)


def render(node, references: dict[str, str]):
    """A template value with ``Ref``, ``Fn::GetAtt`` (``Arn``) and ``Fn::Join`` replaced by strings:
    ``references`` maps logical ids to ARNs or names (others become ``<logical id>``);
    ``AWS::Partition`` is ``aws``."""
    if isinstance(node, list):
        return [render(item, references) for item in node]
    if not isinstance(node, dict):
        return node
    if "Fn::Join" in node:
        delimiter, items = node["Fn::Join"]
        return delimiter.join(render(item, references) for item in items)
    if "Fn::GetAtt" in node:
        return references.get(node["Fn::GetAtt"][0], f"<{node['Fn::GetAtt'][0]}>")
    if "Ref" in node:
        pseudo = {"AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}
        return pseudo.get(node["Ref"]) or references.get(node["Ref"], f"<{node['Ref']}>")
    return {key: render(value, references) for key, value in node.items()}


def log_bucket_policy(template, bucket_name: str) -> list[dict]:
    """The statements of the bucket policy of ``bucket_name`` in ``template`` (an assertions
    ``Template``), with the bucket's references as its ARN, ready for ``policy_allows``."""
    (bucket_id,) = template.find_resources("AWS::S3::Bucket", {"Properties": {"BucketName": bucket_name}})
    (policy,) = [
        policy for policy in template.find_resources("AWS::S3::BucketPolicy").values()
        if policy["Properties"]["Bucket"] == {"Ref": bucket_id}
    ]
    return render(policy["Properties"]["PolicyDocument"]["Statement"], {bucket_id: f"arn:aws:s3:::{bucket_name}"})


def trail_key_policy(template) -> list[dict]:
    """The statements of the key policy of the trail key (described as for "CloudTrail log files")."""
    (key,) = [
        key for key in template.find_resources("AWS::KMS::Key").values()
        if "CloudTrail log files" in key["Properties"].get("Description", "")
    ]
    return render(key["Properties"]["KeyPolicy"]["Statement"], {})


def policy_allows(
    statements: list[dict], *, action: str, resource, context: dict, service: str | None = None, account: str | None = None
) -> bool:
    """Would a request by ``service`` (or a principal of ``account``) for ``action`` on ``resource``
    with ``context`` be allowed? A statement without Resource (a trust policy) applies to any.
    """
    allowed = False
    for statement in statements:
        if not _principal_matches(statement.get("Principal"), service, account):
            continue
        if not any(fnmatch.fnmatchcase(action, pattern) for pattern in _as_list(statement["Action"])):
            continue
        if not any(_resource_matches(pattern, resource) for pattern in _as_list(statement.get("Resource", "*"))):
            continue
        if not _conditions_hold(statement.get("Condition", {}), context):
            continue
        if statement["Effect"] == "Deny":
            return False
        allowed = True
    return allowed


def topic_arn_of(template, topic_logical_id: str) -> str:
    """The topic's ARN, from its name (what SNS puts in the encryption context)."""
    name = template.to_json()["Resources"][topic_logical_id]["Properties"]["TopicName"]
    return f"arn:aws:sns:{REGION}:{ACCOUNT}:{name}"


def assert_publishers_allowed(template, *, topic_logical_id: str, key_logical_id: str, queue_logical_id: str | None):
    """Every alarm and every rule that targets the topic may publish, with the keys it sends.

    CloudWatch alarms send ``aws:SourceArn`` (the alarm) and ``aws:SourceAccount``; EventBridge
    sends ``aws:SourceArn`` (the rule) to SNS but no source keys to KMS. SNS always sends the
    topic's encryption context to KMS. Every request uses TLS.
    """
    resources = template.to_json()["Resources"]
    topic = {"Ref": topic_logical_id}
    topic_arn = topic_arn_of(template, topic_logical_id)
    topic_policy = [s for r in resources.values() if r["Type"] == "AWS::SNS::TopicPolicy" and topic in r["Properties"]["Topics"] for s in r["Properties"]["PolicyDocument"]["Statement"]]
    key_policy = resources[key_logical_id]["Properties"]["KeyPolicy"]["Statement"]
    queue = {"Fn::GetAtt": [queue_logical_id, "Arn"]} if queue_logical_id else None
    queue_policy = [s for r in resources.values() if r["Type"] == "AWS::SQS::QueuePolicy" and {"Ref": queue_logical_id} in r["Properties"]["Queues"] for s in r["Properties"]["PolicyDocument"]["Statement"]]
    checked = {"alarms": 0, "rules": 0}
    for logical_id, resource in resources.items():
        if resource["Type"] == "AWS::CloudWatch::Alarm" and topic in resource["Properties"].get("AlarmActions", []):
            source = {"aws:SourceArn": {"Fn::GetAtt": [logical_id, "Arn"]}, "aws:SourceAccount": ACCOUNT, "aws:SecureTransport": "true"}
            assert policy_allows(topic_policy, service="cloudwatch.amazonaws.com", action="sns:Publish", resource=topic, context=source), logical_id
            kms_context = {
                "aws:SourceArn": f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:{logical_id}-GENERATED",
                "aws:SourceAccount": ACCOUNT,
                "kms:EncryptionContext:aws:sns:topicArn": topic_arn,
                "aws:SecureTransport": "true",
            }
            for action in ("kms:GenerateDataKey", "kms:Decrypt"):
                assert policy_allows(key_policy, service="cloudwatch.amazonaws.com", action=action, resource="*", context=kms_context), (logical_id, action)
            checked["alarms"] += 1
        if resource["Type"] == "AWS::Events::Rule":
            for target in resource["Properties"].get("Targets", []):
                if target["Arn"] != topic:
                    continue
                source = {"aws:SourceArn": {"Fn::GetAtt": [logical_id, "Arn"]}, "aws:SecureTransport": "true"}
                assert "RoleArn" not in target, "EventBridge documents no RoleArn for SNS targets"
                assert policy_allows(topic_policy, service="events.amazonaws.com", action="sns:Publish", resource=topic, context=source), logical_id
                kms_context = {"kms:EncryptionContext:aws:sns:topicArn": topic_arn, "aws:SecureTransport": "true"}
                for action in ("kms:GenerateDataKey", "kms:Decrypt"):
                    assert policy_allows(key_policy, service="events.amazonaws.com", action=action, resource="*", context=kms_context), (logical_id, action)
                assert target["DeadLetterConfig"] == {"Arn": queue}
                assert policy_allows(queue_policy, service="events.amazonaws.com", action="sqs:SendMessage", resource=queue, context=source), logical_id
                checked["rules"] += 1
    return checked


def _key_policy_of_queue(resources: dict, queue_logical_id: str) -> list[dict]:
    """The key policy of the key the queue is encrypted with (a key of this template)."""
    key = resources[queue_logical_id]["Properties"]["KmsMasterKeyId"]
    (key_logical_id, _attribute) = key["Fn::GetAtt"]
    return resources[key_logical_id]["Properties"]["KeyPolicy"]["Statement"]


def assert_dead_letters_allowed(template, *, queue_logical_id: str, partition: str = "aws", region: str = REGION) -> dict:
    """Every rule target and every SNS subscription that dead-letters to the queue may do so: the
    queue policy lets the service send for that source, and the queue's key policy lets the service
    encrypt for it.

    SQS sends KMS the sender's ``aws:SourceArn``: the rule for EventBridge, the topic for SNS (Amazon
    SQS Developer Guide, "Configure KMS permissions with confused deputy protection"). A rule's ARN
    is only known at deploy time, so the key request carries a rule ARN of this account and Region.
    """
    resources = template.to_json()["Resources"]
    queue = {"Fn::GetAtt": [queue_logical_id, "Arn"]}
    queue_policy = [s for r in resources.values() if r["Type"] == "AWS::SQS::QueuePolicy" and {"Ref": queue_logical_id} in r["Properties"]["Queues"] for s in r["Properties"]["PolicyDocument"]["Statement"]]
    key_policy = _key_policy_of_queue(resources, queue_logical_id)
    checked = {"rules": 0, "subscriptions": 0}
    for logical_id, resource in resources.items():
        if resource["Type"] == "AWS::Events::Rule":
            for target in resource["Properties"].get("Targets", []):
                if target.get("DeadLetterConfig") != {"Arn": queue}:
                    continue
                source = {"aws:SourceArn": {"Fn::GetAtt": [logical_id, "Arn"]}, "aws:SecureTransport": "true"}
                assert policy_allows(queue_policy, service="events.amazonaws.com", action="sqs:SendMessage", resource=queue, context=source), logical_id
                kms_context = {"aws:SourceArn": f"arn:{partition}:events:{region}:{ACCOUNT}:rule/{logical_id}-GENERATED"}
                for action in ("kms:GenerateDataKey", "kms:Decrypt"):
                    assert policy_allows(key_policy, service="events.amazonaws.com", action=action, resource="*", context=kms_context), (logical_id, action)
                checked["rules"] += 1
        if resource["Type"] == "AWS::SNS::Subscription" and resource["Properties"].get("RedrivePolicy") == {"deadLetterTargetArn": queue}:
            topic = resource["Properties"]["TopicArn"]
            source = {"aws:SourceArn": topic, "aws:SecureTransport": "true"}
            assert policy_allows(queue_policy, service="sns.amazonaws.com", action="sqs:SendMessage", resource=queue, context=source), logical_id
            topic_name = resources[topic["Ref"]]["Properties"]["TopicName"]
            kms_context = {"aws:SourceArn": f"arn:{partition}:sns:{region}:{ACCOUNT}:{topic_name}"}
            for action in ("kms:GenerateDataKey", "kms:Decrypt"):
                assert policy_allows(key_policy, service="sns.amazonaws.com", action=action, resource="*", context=kms_context), (logical_id, action)
            checked["subscriptions"] += 1
    return checked


def dead_letter_key_allows(template, *, queue_logical_id: str, service: str, source_arn: str) -> bool:
    """Would the queue's key let ``service`` encrypt a message from ``source_arn`` (to prove that
    other sources are refused)?"""
    key_policy = _key_policy_of_queue(template.to_json()["Resources"], queue_logical_id)
    return policy_allows(key_policy, service=service, action="kms:GenerateDataKey", resource="*", context={"aws:SourceArn": source_arn})
