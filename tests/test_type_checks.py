"""The shared type checks: a value of the wrong Python type is a ConfigurationError that names the
parameter, what was given and what is expected, never a TypeError or a silent reinterpretation."""

import re

import aws_cdk as cdk
import pytest
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3

from constructs_lib import ConfigurationError
from constructs_lib._shared import validation
from tests.helpers import new_stack


def _raises(match: str):
    return pytest.raises(ConfigurationError, match=re.escape(match))


def test_type_names_are_written_as_users_import_them():
    assert validation.type_name(s3.ObjectLockMode) == "s3.ObjectLockMode"
    assert validation.type_name(cdk.Duration) == "cdk.Duration"
    assert validation.type_name(str) == "str"


def test_a_string_is_not_an_enum_member():
    with _raises(
        "object_lock_mode is 'GOVERNANCE' of type str, but it must be of type s3.ObjectLockMode (allowed: "
        "s3.ObjectLockMode.GOVERNANCE, s3.ObjectLockMode.COMPLIANCE)"
    ):
        validation.check_enum("GOVERNANCE", s3.ObjectLockMode, parameter="object_lock_mode")
    validation.check_enum(s3.ObjectLockMode.COMPLIANCE, s3.ObjectLockMode, parameter="object_lock_mode")


@pytest.mark.parametrize("value", [365, "365 days", None])
def test_a_number_or_text_is_not_a_duration(value):
    with _raises(f"expiration is {value!r} of type {type(value).__name__}, but it must be of type cdk.Duration"):
        validation.check_duration(value, parameter="expiration")


def test_true_is_not_a_number_and_false_text_is_not_a_bool():
    with _raises("threshold is True of type bool, but it must be of type int or float"):
        validation.check_instance(True, (int, float), parameter="threshold", example="1")
    with _raises("enabled is 'false' of type str, but it must be of type bool"):
        validation.check_bool("false", parameter="enabled")


@pytest.mark.parametrize("value", ["111122223333", {"111122223333"}, {"a": 1}, 111122223333])
def test_a_list_parameter_takes_only_a_list_or_tuple(value):
    with pytest.raises(ConfigurationError, match="account_ids .*but it must be a list|account_ids is the single string"):
        validation.check_account_ids(value, parameter="account_ids")


def test_a_single_string_is_wrapped_in_the_suggested_fix():
    with _raises("account_ids is the single string '111122223333', but it must be a list. Pass account_ids=['111122223333']"):
        validation.check_account_ids("111122223333", parameter="account_ids")


def test_a_name_is_not_a_construct():
    stack = new_stack()
    with _raises("bucket is 'my-bucket' of type str, but it must be an s3.IBucket construct (not its name or ARN)"):
        validation.check_interface(
            "my-bucket", parameter="bucket", interface="s3.IBucket", attribute="bucket_arn",
            example="s3.Bucket.from_bucket_name(self, 'Logs', 'my-bucket')",
        )
    validation.check_interface(
        s3.Bucket.from_bucket_name(stack, "Logs", "my-bucket"), parameter="bucket", interface="s3.IBucket",
        attribute="bucket_arn", example="...",
    )


def test_retention_days_enum_is_accepted_as_is():
    validation.check_enum(logs.RetentionDays.ONE_YEAR, logs.RetentionDays, parameter="retention")
