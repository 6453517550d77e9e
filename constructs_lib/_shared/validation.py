"""Pure validation functions: each checks one input against what AWS accepts.

Every function raises ``ConfigurationError`` with a message that names the parameter, the value
received, what is allowed and how to fix it. Values that are unresolved CDK tokens are skipped: they
are only known at deploy time.
"""

import enum
import functools
import json
import re
from collections.abc import Iterable, Mapping

import aws_cdk as cdk
from aws_cdk import aws_logs as logs

from .errors import ConfigurationError

_ACCOUNT_ID = re.compile(r"\d{12}")
_ORGANIZATION_ID = re.compile(r"o-[a-z0-9]{10,32}")
# CreateTrail: 3-128 characters; letters, digits, periods, underscores and dashes; starts with a
# letter or digit and ends with one; no adjacent period, underscore or dash; not an IP address.
_TRAIL_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|[._-](?=[A-Za-z0-9]))*")
_IP_ADDRESS = re.compile(r"\d{1,3}(\.\d{1,3}){3}")
# CloudTrail rejects S3 key prefixes longer than 200 characters.
MAX_S3_KEY_PREFIX_LENGTH = 200


# logs.RetentionDays members are names in Python (jsii enums), not numbers of days.
_RETENTION_DAYS_BY_NAME = {
    "ONE_DAY": 1, "THREE_DAYS": 3, "FIVE_DAYS": 5, "ONE_WEEK": 7, "TWO_WEEKS": 14, "ONE_MONTH": 30,
    "TWO_MONTHS": 60, "THREE_MONTHS": 90, "FOUR_MONTHS": 120, "FIVE_MONTHS": 150, "SIX_MONTHS": 180,
    "ONE_YEAR": 365, "THIRTEEN_MONTHS": 400, "EIGHTEEN_MONTHS": 545, "TWO_YEARS": 731,
    "THREE_YEARS": 1096, "FIVE_YEARS": 1827, "SIX_YEARS": 2192, "SEVEN_YEARS": 2557,
    "EIGHT_YEARS": 2922, "NINE_YEARS": 3288, "TEN_YEARS": 3653, "INFINITE": None,
}
# The RetentionInDays values CloudWatch Logs accepts (PutRetentionPolicy).
CLOUDWATCH_LOGS_RETENTION_DAYS = frozenset(days for days in _RETENTION_DAYS_BY_NAME.values() if days)


def is_token(value) -> bool:
    """A string that CDK resolves only at deploy time (never parse it)."""
    # Every token string holds a ${Token[...]} or #{Token[...]} marker: a string without one is
    # concrete, and answering that here spares a round trip to the jsii kernel.
    return isinstance(value, str) and "{Token[" in value and cdk.Token.is_unresolved(value)


# ---------------------------------------------------------------------------------------------
# Python types: a value of the wrong type is a ConfigurationError here, never a TypeError or a jsii
# RuntimeError from deep inside aws-cdk-lib, and never silently reinterpreted.
# ---------------------------------------------------------------------------------------------


def type_name(cls: type) -> str:
    """How users write a type: ``s3.ObjectLockMode``, ``cdk.Duration``, ``str``, ``SecureTrail``."""
    module = cls.__module__
    if module == "aws_cdk":
        return f"cdk.{cls.__name__}"
    if module.startswith("aws_cdk.aws_"):
        return f"{module.removeprefix('aws_cdk.aws_')}.{cls.__name__}"
    return cls.__name__


def _described(value) -> str:
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return f"{shown} of type {type_name(type(value))}"


def check_instance(value, expected: type | tuple[type, ...], *, parameter: str, example: str) -> None:
    """``value`` is an instance of ``expected``; ``bool`` does not count as a number."""
    expected_types = expected if isinstance(expected, tuple) else (expected,)
    wrong_bool = isinstance(value, bool) and bool not in expected_types
    if wrong_bool or not isinstance(value, expected_types):
        names = " or ".join(type_name(t) for t in expected_types)
        raise ConfigurationError(
            f"{parameter} is {_described(value)}, but it must be of type {names}. Pass, for example, "
            f"{parameter}={example}."
        )


def check_bool(value, *, parameter: str) -> None:
    """``True`` or ``False``, not a string such as ``"false"`` (which Python treats as true)."""
    check_instance(value, bool, parameter=parameter, example="True")


def check_duration(value, *, parameter: str, example: str = "cdk.Duration.days(365)") -> None:
    """A ``cdk.Duration``: a bare number has no unit, so it is refused rather than guessed."""
    check_instance(value, cdk.Duration, parameter=parameter, example=example)


def check_enum(value, enum_type: type[enum.Enum], *, parameter: str) -> None:
    """A member of ``enum_type``. A string with a member's name is refused: jsii enums compare
    unequal to strings, so accepting one would silently pick another branch."""
    if not isinstance(value, enum_type):
        members = ", ".join(f"{type_name(enum_type)}.{member.name}" for member in enum_type)
        raise ConfigurationError(
            f"{parameter} is {_described(value)}, but it must be of type {type_name(enum_type)} (allowed: "
            f"{members}). Pass the member itself, for example {parameter}={type_name(enum_type)}."
            f"{next(iter(enum_type)).name}."
        )


def check_interface(value, *, parameter: str, interface: str, attribute: str, example: str) -> None:
    """A CDK construct interface such as ``s3.IBucket``. jsii interfaces cannot be checked with
    ``isinstance``, so the check is the attribute every implementation has (``bucket_arn``)."""
    if isinstance(value, (str, bytes, Mapping)) or not hasattr(value, attribute):
        raise ConfigurationError(
            f"{parameter} is {_described(value)}, but it must be an {interface} construct (not its "
            f"name or ARN). Pass, for example, {parameter}={example}."
        )


def as_list(value, *, parameter: str, example: str) -> list:
    """A list or tuple of items, returned as a list. A single string is refused (it would be read
    letter by letter), and so are sets and mappings (no stable order, or not a list at all)."""
    if isinstance(value, (str, bytes)):
        raise ConfigurationError(
            f"{parameter} is the single string {value!r}, but it must be a list. Pass "
            f"{parameter}=[{value!r}]."
        )
    if not isinstance(value, (list, tuple)):
        raise ConfigurationError(
            f"{parameter} is {_described(value)}, but it must be a list. Pass, for example, "
            f"{parameter}={example}."
        )
    return list(value)


def check_account_id(value: str, *, parameter: str) -> None:
    """An AWS account id is exactly 12 digits, as a string."""
    if is_token(value):
        return
    if not isinstance(value, str) or not _ACCOUNT_ID.fullmatch(value):
        raise ConfigurationError(
            f"{parameter} {value!r} is not an AWS account id (expected exactly 12 digits as a "
            f"string, for example '111122223333'). Pass the account id as a quoted 12-digit string; "
            f"leading zeros count."
        )


def check_account_ids(values: Iterable[str], *, parameter: str) -> None:
    """A list whose every element is an account id."""
    for value in as_list(values, parameter=parameter, example="['111122223333']"):
        check_account_id(value, parameter=parameter)


def check_organization_id(value: str, *, parameter: str) -> None:
    """An AWS Organizations id is o- followed by 10 to 32 lowercase letters or digits."""
    if is_token(value):
        return
    if not isinstance(value, str) or not _ORGANIZATION_ID.fullmatch(value):
        raise ConfigurationError(
            f"{parameter} {value!r} is not an AWS Organizations id (expected o- followed by 10 to "
            f"32 lowercase letters or digits, for example 'o-a1b2c3d4e5'). Copy it from "
            f"'aws organizations describe-organization'."
        )


def check_trail_name(value: str, *, parameter: str = "trail_name") -> None:
    """A trail name AWS CloudTrail's CreateTrail accepts."""
    if is_token(value):
        return
    allowed = (
        "3 to 128 characters: letters, digits, periods, underscores and dashes, starting and ending "
        "with a letter or digit, with no two of . _ - next to each other, and not an IP address"
    )
    if not 3 <= len(value) <= 128 or not _TRAIL_NAME.fullmatch(value) or _IP_ADDRESS.fullmatch(value):
        raise ConfigurationError(
            f"{parameter} {value!r} is not a valid trail name (allowed: {allowed}). Choose a name "
            f"such as 'management-events', or leave {parameter} unset to get a generated one."
        )


def check_s3_key_prefix(value: str, *, parameter: str = "s3_key_prefix") -> None:
    """An S3 key prefix CloudTrail accepts: no leading or trailing slash, at most 200 characters."""
    if is_token(value):
        return
    if value == "" or value.startswith("/") or value.endswith("/"):
        raise ConfigurationError(
            f"{parameter} {value!r} must not be empty or start or end with '/' (CloudTrail adds the "
            f"slash itself and would write to '{value}/AWSLogs/...'). Pass "
            f"{value.strip('/')!r}, or leave {parameter} unset to write under 'AWSLogs/'."
        )
    if len(value) > MAX_S3_KEY_PREFIX_LENGTH:
        raise ConfigurationError(
            f"{parameter} is {len(value)} characters long ({value[:40]!r}...), but CloudTrail accepts "
            f"at most {MAX_S3_KEY_PREFIX_LENGTH}. Shorten the prefix."
        )


def retention_in_days(value: logs.RetentionDays | int, *, parameter: str) -> int | None:
    """The number of days of a log retention, or None for 'never expire'.

    Accepts a ``logs.RetentionDays`` member or a plain number of days that CloudWatch Logs accepts.
    """
    if isinstance(value, logs.RetentionDays):
        return _RETENTION_DAYS_BY_NAME[value.name]
    days = value
    if isinstance(days, bool) or not isinstance(days, int) or days not in CLOUDWATCH_LOGS_RETENTION_DAYS:
        allowed = ", ".join(str(d) for d in sorted(CLOUDWATCH_LOGS_RETENTION_DAYS))
        raise ConfigurationError(
            f"{parameter} {value!r} is not a retention CloudWatch Logs accepts (allowed days: "
            f"{allowed}; or logs.RetentionDays.INFINITE). Use a logs.RetentionDays member such as "
            f"logs.RetentionDays.ONE_YEAR."
        )
    return days


def check_positive_days(value: cdk.Duration, *, parameter: str) -> int:
    """A duration of a whole number of days, at least one day. Returns the days."""
    try:
        days = value.to_days()
    except Exception as error:  # jsii raises for durations that are not whole days
        raise ConfigurationError(
            f"{parameter} {value.to_human_string()} is not a whole number of days. Use "
            f"cdk.Duration.days(n) with n >= 1."
        ) from error
    if days < 1:
        raise ConfigurationError(
            f"{parameter} {value.to_human_string()} must be at least one day. Use "
            f"cdk.Duration.days(n) with n >= 1."
        )
    return int(days)


# Resource policy size limits AWS enforces, in characters of the JSON document without whitespace.
POLICY_SIZE_LIMITS = {"bucket": 20 * 1024, "key": 32 * 1024, "topic": 30 * 1024}


def check_policy_size(scope, document, *, kind: str, what: str) -> None:
    """A resource policy stays within AWS's size limit for its kind ("bucket", "key", "topic").

    Counts the synthesized JSON (references count as their CloudFormation intrinsics, which are
    about as long as the ARNs they become).
    """
    size = len(json.dumps(cdk.Stack.of(scope).resolve(document.to_json()), separators=(",", ":")))
    limit = POLICY_SIZE_LIMITS[kind]
    if size > limit:
        raise ConfigurationError(
            f"{what} would be about {size} characters, over AWS's limit of {limit} for a {kind} "
            f"policy, so the deployment would fail. Name fewer trails or accounts per statement (an "
            f"organization trail needs one AWSLogs/<organization id> path for all members), or split "
            f"the logs across buckets or keys."
        )


# ---------------------------------------------------------------------------------------------
# Names AWS rejects at deploy time, checked at synth.
# ---------------------------------------------------------------------------------------------


def check_str(value, *, parameter: str, example: str) -> None:
    """A string (a token string counts)."""
    check_instance(value, str, parameter=parameter, example=example)


def check_optional_str(value, *, parameter: str, example: str) -> None:
    """None or a string."""
    if value is not None:
        check_str(value, parameter=parameter, example=example)


# S3 general purpose bucket naming rules:
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
_BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_BUCKET_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_BUCKET_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")


def check_bucket_name(value, *, parameter: str = "bucket_name") -> None:
    """A name S3 accepts for a new general purpose bucket."""
    check_str(value, parameter=parameter, example="'my-cloudtrail-logs'")
    if is_token(value):
        return
    problem = None
    if not 3 <= len(value) <= 63:
        problem = f"it is {len(value)} characters long (allowed: 3 to 63)"
    elif not _BUCKET_NAME.fullmatch(value):
        problem = (
            "it may hold only lowercase letters, digits, periods and hyphens, and must start and end "
            "with a letter or digit"
        )
    elif ".." in value:
        problem = "it has two adjacent periods"
    elif _IP_ADDRESS.fullmatch(value):
        problem = "it is formatted as an IP address"
    elif value.startswith(_BUCKET_RESERVED_PREFIXES):
        problem = f"it starts with a prefix S3 reserves ({', '.join(_BUCKET_RESERVED_PREFIXES)})"
    elif value.endswith(_BUCKET_RESERVED_SUFFIXES):
        problem = f"it ends with a suffix S3 reserves ({', '.join(_BUCKET_RESERVED_SUFFIXES)})"
    if problem:
        raise ConfigurationError(
            f"{parameter} {value!r} is not a bucket name S3 accepts: {problem}. Choose a name such as "
            f"'my-cloudtrail-logs-111122223333', or leave {parameter} unset to get a generated one."
        )


# CreateLogGroup: 1 to 512 characters of a-z A-Z 0-9 _ - / . #; "aws/" is reserved for AWS services.
_LOG_GROUP_NAME = re.compile(r"[A-Za-z0-9_\-/.#]{1,512}")


def check_log_group_name(value, *, parameter: str = "log_group_name") -> None:
    """A name CloudWatch Logs accepts for a new log group."""
    check_str(value, parameter=parameter, example="'/aws/cloudtrail/management-events'")
    if is_token(value):
        return
    if not _LOG_GROUP_NAME.fullmatch(value) or value.lower().startswith("aws/"):
        raise ConfigurationError(
            f"{parameter} {value[:80]!r} is not a log group name CloudWatch Logs accepts (allowed: 1 to "
            f"512 letters, digits and _ - / . #, not starting with 'aws/', which AWS reserves). Use a "
            f"name such as '/aws/cloudtrail/management-events', or leave {parameter} unset."
        )


_SNS_TOPIC_NAME = re.compile(r"[A-Za-z0-9_-]{1,256}")


def check_topic_name(value, *, parameter: str = "topic_name") -> None:
    """A standard (not FIFO) SNS topic name: 1 to 256 letters, digits, hyphens and underscores."""
    if is_token(value):
        return
    if not isinstance(value, str) or not _SNS_TOPIC_NAME.fullmatch(value):
        raise ConfigurationError(
            f"{parameter} {value!r} is not an SNS topic name (allowed: 1 to 256 ASCII letters, "
            f"digits, hyphens and underscores; these are standard topics, not FIFO). Choose "
            f"a name such as 'security-alerts', or leave {parameter} unset to get a generated one."
        )


# CreateAlias: alias/ followed by letters, digits, / _ -; at most 256 characters; alias/aws/ is
# reserved for AWS managed keys. CreateKey: a description of at most 8,192 characters.
_KMS_ALIAS = re.compile(r"alias/[A-Za-z0-9/_-]+")
MAX_KMS_ALIAS_LENGTH = 256
MAX_KMS_DESCRIPTION_LENGTH = 8192


def check_kms_alias(value, *, parameter: str = "alias") -> None:
    """An alias name KMS accepts, with or without the ``alias/`` prefix (it is added when missing)."""
    check_str(value, parameter=parameter, example="'alias/cloudtrail'")
    if is_token(value):
        return
    name = value if value.startswith("alias/") else f"alias/{value}"
    if name.lower().startswith("alias/aws/") or name.lower() == "alias/aws":
        raise ConfigurationError(
            f"{parameter} {value!r} starts with alias/aws/, which AWS reserves for AWS managed keys. "
            f"Choose another name, such as 'alias/cloudtrail'."
        )
    if len(name) > MAX_KMS_ALIAS_LENGTH or not _KMS_ALIAS.fullmatch(name):
        raise ConfigurationError(
            f"{parameter} {value[:80]!r} is not a KMS alias name (allowed: 'alias/' followed by "
            f"letters, digits, '/', '_' and '-', at most {MAX_KMS_ALIAS_LENGTH} characters in all). Use "
            f"a name such as 'alias/cloudtrail', or leave {parameter} unset."
        )


def check_kms_description(value, *, parameter: str = "description") -> None:
    """A key description KMS accepts: a string of at most 8,192 characters."""
    check_str(value, parameter=parameter, example="'Encrypts AWS CloudTrail log files'")
    if not is_token(value) and len(value) > MAX_KMS_DESCRIPTION_LENGTH:
        raise ConfigurationError(
            f"{parameter} is {len(value)} characters long ({value[:40]!r}...), but KMS accepts at most "
            f"{MAX_KMS_DESCRIPTION_LENGTH}. Shorten the description."
        )


_TRAIL_ARN = re.compile(r"arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail/.+")


def check_trail_arns(values, *, parameter: str = "trail_arns") -> list[str]:
    """A non-empty list of trail ARNs (not trail names); returned as a list."""
    arns = as_list(values, parameter=parameter, example="[trail.trail_arn]")
    if not arns:
        raise ConfigurationError(
            f"{parameter} is empty: no trail could use the statements. Pass the ARNs of the trails, for "
            f"example {parameter}=[trail.trail_arn] or "
            f"['arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events']."
        )
    for arn in arns:
        check_str(arn, parameter=parameter, example="[trail.trail_arn]")
        if not is_token(arn) and not _TRAIL_ARN.fullmatch(arn):
            raise ConfigurationError(
                f"{parameter} contains {arn!r}, which is not a trail ARN (expected "
                f"arn:<partition>:cloudtrail:<region>:<12-digit account>:trail/<name>; a trail name alone "
                f"does not say which account and Region). Pass trail.trail_arn, or build the ARN of a "
                f"trail in another account with its account, Region and name."
            )
    return arns


# ---------------------------------------------------------------------------------------------
# Regions, keys and resources that cannot work together.
# ---------------------------------------------------------------------------------------------


@functools.cache
def known_regions() -> frozenset[str]:
    """The Regions aws-cdk-lib knows (``RegionInfo.regions``), in every partition."""
    from aws_cdk.region_info import RegionInfo

    return frozenset(region.name for region in RegionInfo.regions)


def check_stack_region(scope) -> None:
    """The stack of ``scope`` is environment-agnostic or in a Region AWS has."""
    region = cdk.Stack.of(scope).region
    if is_token(region) or region in known_regions():
        return
    raise ConfigurationError(
        f"The stack {cdk.Stack.of(scope).stack_name!r} has region {region!r}, which is not an AWS Region "
        f"(for example 'us-east-1', 'eu-west-1'; aws-cdk-lib knows {len(known_regions())} Regions). Fix "
        f"env=cdk.Environment(region=...). If AWS opened this Region after your aws-cdk-lib release, "
        f"upgrade aws-cdk-lib."
    )


def _resource_region(resource) -> str | None:
    env = getattr(resource, "env", None)
    region = getattr(env, "region", None)
    return None if region is None or is_token(region) else region


def check_same_region(resource, scope, *, parameter: str, what: str) -> None:
    """``resource`` (a key, log group or topic) is in the Region of ``scope``'s stack, when both are
    known at synth: these services cannot use a key, log group or topic of another Region."""
    stack_region = cdk.Stack.of(scope).region
    region = _resource_region(resource)
    if region is None or is_token(stack_region) or region == stack_region:
        return
    raise ConfigurationError(
        f"{parameter} is in Region {region}, but the {what} is in {stack_region}; AWS cannot use a "
        f"{parameter.replace('_', ' ')} of another Region here. Pass one in {stack_region}, or leave "
        f"{parameter} unset to create one."
    )


def check_symmetric_key(key, *, parameter: str) -> None:
    """``key`` is a symmetric encryption key when its spec is visible (a ``kms.Key`` of this app,
    or an alias of one): CloudTrail, S3, CloudWatch Logs and SNS encrypt with no other kind."""
    from aws_cdk import aws_kms as kms

    target = getattr(key, "alias_target_key", None) if isinstance(key, kms.Alias) else key
    if not isinstance(target, kms.Key):
        return  # imported: its spec is unknown at synth
    cfn_key = target.node.default_child
    spec, usage = cfn_key.key_spec, cfn_key.key_usage
    if (spec in (None, "SYMMETRIC_DEFAULT")) and (usage in (None, "ENCRYPT_DECRYPT")):
        return
    raise ConfigurationError(
        f"{parameter} {target.node.path} has key_spec {spec or 'SYMMETRIC_DEFAULT'} and key_usage "
        f"{usage or 'ENCRYPT_DECRYPT'}, but only a symmetric encryption key (SYMMETRIC_DEFAULT, "
        f"ENCRYPT_DECRYPT) can encrypt CloudTrail log files, log groups and topics; an asymmetric or HMAC "
        f"key is refused at deploy. Pass a key created with the default key_spec and key_usage, or leave "
        f"{parameter} unset to create one."
    )


def check_key(value, scope, *, parameter: str, what: str, optional: bool = True) -> None:
    """An ``kms.IKey`` that can encrypt for ``what``: the right type, symmetric, same Region."""
    if value is None and optional:
        return
    check_interface(
        value, parameter=parameter, interface="kms.IKey", attribute="key_arn",
        example="kms.Key.from_key_arn(self, 'Key', key_arn)",
    )
    check_symmetric_key(value, parameter=parameter)
    check_same_region(value, scope, parameter=parameter, what=what)


def check_removal_policy(value, *, parameter: str = "removal_policy") -> None:
    """A ``cdk.RemovalPolicy`` member."""
    check_enum(value, cdk.RemovalPolicy, parameter=parameter)
