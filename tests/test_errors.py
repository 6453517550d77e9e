"""Every invalid or conflicting input of the trail constructs fails at synth with a clear message."""

import re

import aws_cdk as cdk
import pytest
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns

from constructs_lib import ConfigurationError, LogBucketOptions, SecureTrail, TrailKey, TrailLogBucket
from constructs_lib._shared import validation
from tests.helpers import new_stack


@pytest.fixture(scope="module")
def stack():
    return new_stack()


def _raises(match: str):
    return pytest.raises(ConfigurationError, match=re.escape(match))


@pytest.mark.parametrize("account", ["12345678901", "1234567890123", "12345678901a", 111111111111])
def test_account_id_must_be_12_digits(account):
    with _raises(f"account_ids {account!r} is not an AWS account id (expected exactly 12 digits"):
        validation.check_account_ids([account], parameter="account_ids")


def test_organization_id_must_look_like_one():
    with _raises("organization_id 'o-12' is not an AWS Organizations id (expected o- followed by 10 to 32"):
        validation.check_organization_id("o-12", parameter="organization_id")


@pytest.mark.parametrize("prefix", ["/logs", "logs/", "", "/"])
def test_s3_key_prefix_must_not_start_or_end_with_a_slash(stack, prefix):
    with _raises(f"s3_key_prefix {prefix!r} must not be empty or start or end with '/'"):
        SecureTrail(stack, f"Prefix{len(prefix)}{prefix.startswith('/')}", s3_key_prefix=prefix)


def test_s3_key_prefix_is_at_most_200_characters(stack):
    with _raises("s3_key_prefix is 201 characters long ('aaaa"):
        SecureTrail(stack, "LongPrefix", s3_key_prefix="a" * 201)


@pytest.mark.parametrize(
    "name", ["ab", "a" * 129, "my--trail", "my-_trail", "-trail", "trail-", "my trail", "192.168.5.4", "trail!"]
)
def test_trail_name_must_be_one_cloudtrail_accepts(stack, name):
    with _raises(f"trail_name {name!r} is not a valid trail name (allowed: 3 to 128 characters"):
        SecureTrail(stack, f"Name{abs(hash(name))}", trail_name=name)


@pytest.mark.parametrize("retention", [2, 366, 0, True])
def test_retention_must_be_one_cloudwatch_logs_accepts(stack, retention):
    with _raises(f"cloud_watch_logs_retention {retention!r} is not a retention CloudWatch Logs accepts (allowed days: 1, 3, 5"):
        SecureTrail(stack, f"Retention{retention}", cloud_watch_logs_retention=retention)


def test_object_lock_retention_needs_a_mode(stack):
    with _raises("Object Lock default retention needs both object_lock_mode and object_lock_retention; got object_lock_mode=None"):
        SecureTrail(stack, "NoMode", bucket_options=LogBucketOptions(object_lock_mode=None))


def test_object_lock_mode_needs_a_retention(stack):
    with _raises("got object_lock_mode=ObjectLockMode.COMPLIANCE and object_lock_retention=None"):
        SecureTrail(
            stack,
            "NoRetention",
            bucket_options=LogBucketOptions(object_lock_mode=s3.ObjectLockMode.COMPLIANCE, object_lock_retention=None),
        )


def test_object_lock_retention_must_be_positive(stack):
    with _raises("object_lock_retention 0 days must be at least one day. Use cdk.Duration.days(n) with n >= 1."):
        SecureTrail(stack, "ZeroDays", bucket_options=LogBucketOptions(object_lock_retention=cdk.Duration.days(0)))


def test_object_lock_retention_must_be_whole_days(stack):
    with _raises("object_lock_retention 1 day 12 hours is not a whole number of days"):
        SecureTrail(stack, "Hours", bucket_options=LogBucketOptions(object_lock_retention=cdk.Duration.hours(36)))


def test_object_lock_settings_conflict_with_object_lock_off(stack):
    with _raises("were given with object_lock_enabled=False. Either enable Object Lock or pass object_lock_mode=None"):
        SecureTrail(
            stack,
            "LockOff",
            bucket_options=LogBucketOptions(object_lock_enabled=False, object_lock_mode=s3.ObjectLockMode.COMPLIANCE),
        )


def test_infrequent_access_before_30_days_is_refused(stack):
    with _raises("transitions: STANDARD_IA after 10 days is not accepted by S3"):
        SecureTrail(
            stack,
            "EarlyIa",
            bucket_options=LogBucketOptions(
                transitions=[s3.Transition(storage_class=s3.StorageClass.INFREQUENT_ACCESS, transition_after=cdk.Duration.days(10))]
            ),
        )


def test_expiration_before_the_last_transition_is_refused(stack):
    with _raises("expiration 100 days is not after the last transition (365 days)"):
        SecureTrail(stack, "EarlyExpiry", bucket_options=LogBucketOptions(expiration=cdk.Duration.days(100)))


def test_bucket_and_bucket_options_conflict(stack):
    with _raises("bucket and bucket_options were both given"):
        SecureTrail(
            stack,
            "BucketAndOptions",
            bucket=s3.Bucket.from_bucket_name(stack, "Imported", "logs"),
            bucket_options=LogBucketOptions(),
        )


def test_log_group_needs_cloudwatch_logs_delivery(stack):
    with _raises("log_group was given with send_to_cloud_watch_logs=False"):
        SecureTrail(stack, "LogGroupNoDelivery", send_to_cloud_watch_logs=False, log_group=logs.LogGroup(stack, "Group"))


def test_topic_conflicts_with_notifications_off(stack):
    with _raises("sns_topic was given with enable_sns_notifications=False"):
        topic = sns.Topic.from_topic_arn(stack, "Topic", "arn:aws:sns:us-east-1:111111111111:notifications")
        SecureTrail(stack, "TopicOff", sns_topic=topic, enable_sns_notifications=False)


def test_multi_region_trail_needs_global_service_events(stack):
    with _raises("include_global_service_events=False is not allowed for a multi-Region trail"):
        SecureTrail(stack, "NoGlobal", include_global_service_events=False)


def test_allow_cloudtrail_needs_trails_and_paths(stack):
    bucket = TrailLogBucket(stack, "Bucket", encryption_key=kms.Key(stack, "BucketKey", enable_key_rotation=True))
    with _raises("trail_arns is empty: no trail could use the statements"):
        bucket.allow_cloudtrail(trail_arns=[], account_ids=["111111111111"])
    with _raises("allow_cloudtrail needs at least one trail ARN and one account id or organization id"):
        bucket.allow_cloudtrail(trail_arns=["arn:aws:cloudtrail:us-east-1:111111111111:trail/t"], account_ids=[])


def test_bucket_policy_over_the_size_limit_fails(stack):
    bucket = TrailLogBucket(stack, "BigBucket", encryption_key=kms.Key(stack, "BigKey", enable_key_rotation=True))
    accounts = [f"{n:012d}" for n in range(1, 400)]
    with _raises("The log bucket's policy would be about"):
        bucket.allow_cloudtrail(trail_arns=["arn:aws:cloudtrail:us-east-1:111111111111:trail/t"], account_ids=accounts)


def test_key_policy_over_the_size_limit_fails(stack):
    key = TrailKey(stack, "BigTrailKey")
    arns = [f"arn:aws:cloudtrail:us-east-1:{n:012d}:trail/organization-trail" for n in range(1, 600)]
    with _raises("The trail key's policy would be about"):
        key.allow_cloudtrail(trail_arns=arns, trail_owner_accounts=["111111111111"])


def test_trail_key_checks_owner_accounts(stack):
    with _raises("trail_owner_accounts '1234' is not an AWS account id"):
        TrailKey(stack, "BadOwners", trail_owner_accounts=["1234"])


def test_shared_trail_key_policy_over_the_size_limit_fails(stack):
    key = TrailKey(stack, "SharedBigKey")
    key.allow_cloudtrail(
        trail_arns=[f"arn:aws:cloudtrail:us-east-1:{n:012d}:trail/member-trail" for n in range(1, 248)],
        trail_owner_accounts=["111111111111"],
    )
    with _raises("The trail key's policy would be about"):
        SecureTrail(stack, "OneTooMany", encryption_key=key.key)
