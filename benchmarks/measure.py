"""What the benchmark measures: one process's time and peak memory, and a cloud assembly's size.

Pure functions over files and processes, without aws-cdk-lib, so ``tests/test_benchmarks.py`` checks
them on small inputs.
"""

import json
import os
import subprocess
import time
from collections import defaultdict
from pathlib import Path

# AWS's limits, in characters of the policy document as AWS stores it (JSON without whitespace).
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/BucketRestrictions.html (bucket policy: 20 KB)
# https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html (key policy: 32 KB)
# https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html (event bus policy: 10,240)
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html (SCP: 5,120)
POLICY_LIMITS = {"bucket": 20_480, "key": 32_768, "event_bus": 10_240, "scp": 5_120}
# The layout forms that benchmarks/layout_app.py synthesizes, in the order of the results.
FORMS = ("organization", "stack-set", "accounts")

# Stand-ins for what CloudFormation resolves at deploy time, about as long as the real values.
_PSEUDO_PARAMETERS = {
    "AWS::Partition": "aws",
    "AWS::AccountId": "123456789012",
    "AWS::Region": "us-east-1",
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::StackName": "x" * 40,
}
_REFERENCE = "arn:aws:service:us-east-1:123456789012:" + "x" * 40  # a Ref or Fn::GetAtt of a resource


def run_process(command: list[str], *, env: dict[str, str], cwd: Path) -> dict:
    """Run ``command`` to completion: wall seconds, CPU seconds (user + system, with its reaped
    children) and the peak resident memory of the largest process in its tree, in MiB."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr.decode()[-3000:]}")
    return {
        "wall_s": round(wall, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),  # Linux reports KiB
    }


def approximate(value):
    """``value`` (template JSON) with CloudFormation intrinsics replaced by strings about as long
    as what they resolve to, so that a policy's length approximates the deployed policy's."""
    if isinstance(value, list):
        return [approximate(item) for item in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (name, argument), = value.items()
        if name == "Ref":
            return _PSEUDO_PARAMETERS.get(argument, _REFERENCE)
        if name == "Fn::GetAtt":
            return _REFERENCE
        if name == "Fn::Join":
            separator, parts = argument
            return separator.join(str(approximate(part)) for part in parts)
        if name == "Fn::Sub":
            template = argument if isinstance(argument, str) else argument[0]
            for pseudo, stand_in in _PSEUDO_PARAMETERS.items():
                template = template.replace("${" + pseudo + "}", stand_in)
            return template
        if name.startswith("Fn::"):
            return _REFERENCE
    return {key: approximate(item) for key, item in value.items()}


def policy_length(document) -> int:
    """Characters of a policy document as AWS counts them: compact JSON, intrinsics approximated."""
    return len(json.dumps(approximate(document), separators=(",", ":")))


def _target(reference) -> str:
    return json.dumps(reference, sort_keys=True)


def template_policies(template: dict) -> dict[str, list[int]]:
    """The length of every resource policy in ``template``, by kind (see ``POLICY_LIMITS``).

    A bucket's policy is its ``AWS::S3::BucketPolicy``; an event bus's is its ``Policy`` together
    with every ``AWS::Events::EventBusPolicy`` statement on it, which AWS stores as one policy.
    """
    lengths = defaultdict(list)
    bus_statements = defaultdict(list)
    for logical_id, resource in template.get("Resources", {}).items():
        kind, properties = resource.get("Type"), resource.get("Properties", {})
        if kind == "AWS::S3::BucketPolicy":
            lengths["bucket"].append(policy_length(properties["PolicyDocument"]))
        elif kind == "AWS::KMS::Key" and "KeyPolicy" in properties:
            lengths["key"].append(policy_length(properties["KeyPolicy"]))
        elif kind == "AWS::Organizations::Policy" and properties.get("Type") == "SERVICE_CONTROL_POLICY":
            lengths["scp"].append(policy_length(properties["Content"]))
        elif kind == "AWS::Events::EventBus" and "Policy" in properties:
            bus_statements[_target({"Ref": logical_id})].extend(properties["Policy"].get("Statement", []))
        elif kind == "AWS::Events::EventBusPolicy":
            bus_statements[_target(properties.get("EventBusName", "default"))].append(properties["Statement"])
    for statements in bus_statements.values():
        lengths["event_bus"].append(policy_length({"Version": "2012-10-17", "Statement": statements}))
    return dict(lengths)


def assembly_metrics(directory: Path) -> dict:
    """A cloud assembly's size: its templates (stacks, and StackSet templates published as assets),
    their bytes, resources per template, and the largest policy of each kind against AWS's limit."""
    templates = {}
    for path in sorted(Path(directory).rglob("*.json")):
        if path.name in ("manifest.json", "tree.json") or path.name.endswith((".assets.json", ".metadata.json")):
            continue
        try:
            content = json.loads(path.read_text())
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(content, dict) and "Resources" in content:
            templates[path.name] = (path.stat().st_size, content)
    largest = {}
    for kind, limit in POLICY_LIMITS.items():
        lengths = [length for _, content in templates.values() for length in template_policies(content).get(kind, [])]
        if lengths:
            largest[kind] = {"bytes": max(lengths), "limit": limit, "share": round(max(lengths) / limit, 3)}
    resources = {name: len(content["Resources"]) for name, (_, content) in templates.items()}
    return {
        "templates": len(templates),
        "template_bytes": sum(size for size, _ in templates.values()),
        "max_resources_per_template": max(resources.values(), default=0),
        "resources": resources,
        "largest_policies": largest,
    }
