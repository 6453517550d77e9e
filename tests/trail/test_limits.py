"""Each default in one place, the retained resources asserted through SecureTrail itself, and every
limit tested at its boundary: the last accepted value and the first refused one (issue 7 §5)."""

import inspect

import aws_cdk as cdk
import pytest
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template

from constructs_lib import (
    ConfigurationError,
    LogBucketOptions,
    SecureTrail,
    TrailKey,
    TrailLogBucket,
    TrailLogGroup,
    TrailNotificationTopic,
)
from constructs_lib.trail import log_bucket
from tests.helpers import new_stack

SC = s3.StorageClass


@pytest.fixture(scope="module")
def default_trail_template():
    stack = new_stack()
    SecureTrail(stack, "Trail")
    return Template.from_stack(stack)


@pytest.mark.parametrize("resource_type", ["AWS::S3::Bucket", "AWS::KMS::Key", "AWS::Logs::LogGroup"])
def test_secure_trail_retains_its_buckets_key_and_log_group(default_trail_template, resource_type):
    resources = default_trail_template.find_resources(resource_type)
    assert resources
    for logical_id, resource in resources.items():
        assert (resource.get("DeletionPolicy"), resource.get("UpdateReplacePolicy")) == ("Retain", "Retain"), logical_id


def test_the_log_bucket_reads_its_defaults_from_log_bucket_options():
    options = LogBucketOptions()
    parameters = inspect.signature(TrailLogBucket.__init__).parameters
    for name, value in vars(options).items():
        assert parameters[name].default is value, name


def _transitions(*steps):
    return [s3.Transition(storage_class=c, transition_after=cdk.Duration.days(d)) for c, d in steps]


# (what, transitions of the last accepted rule, transitions of the first refused rule)
LIFECYCLE_BOUNDARIES = [
    ("standard-ia-after-creation", _transitions((SC.INFREQUENT_ACCESS, 30)), _transitions((SC.INFREQUENT_ACCESS, 29))),
    ("one-zone-ia-after-creation", _transitions((SC.ONE_ZONE_INFREQUENT_ACCESS, 30)),
     _transitions((SC.ONE_ZONE_INFREQUENT_ACCESS, 29))),
    ("glacier-after-standard-ia", _transitions((SC.INFREQUENT_ACCESS, 30), (SC.GLACIER, 60)),
     _transitions((SC.INFREQUENT_ACCESS, 30), (SC.GLACIER, 59))),
    ("glacier-ir-after-one-zone-ia", _transitions((SC.ONE_ZONE_INFREQUENT_ACCESS, 45), (SC.GLACIER_INSTANT_RETRIEVAL, 75)),
     _transitions((SC.ONE_ZONE_INFREQUENT_ACCESS, 45), (SC.GLACIER_INSTANT_RETRIEVAL, 74))),
    ("deep-archive-after-glacier", _transitions((SC.GLACIER, 100), (SC.DEEP_ARCHIVE, 190)),
     _transitions((SC.GLACIER, 100), (SC.DEEP_ARCHIVE, 189))),
    ("glacier-at-creation", _transitions((SC.GLACIER, 0)), None),
]


@pytest.mark.parametrize(("accepted", "refused"), [b[1:] for b in LIFECYCLE_BOUNDARIES], ids=[b[0] for b in LIFECYCLE_BOUNDARIES])
def test_lifecycle_minimum_days_at_the_boundary(accepted, refused):
    log_bucket.check_lifecycle(transitions=accepted, expiration=None)
    if refused is not None:
        with pytest.raises(ConfigurationError, match="days"):
            log_bucket.check_lifecycle(transitions=refused, expiration=None)


def test_expiration_one_day_after_the_last_transition_is_accepted():
    transitions = _transitions((SC.GLACIER, 365))
    log_bucket.check_lifecycle(transitions=transitions, expiration=cdk.Duration.days(366))
    with pytest.raises(ConfigurationError, match="is not after the last transition"):
        log_bucket.check_lifecycle(transitions=transitions, expiration=cdk.Duration.days(365))


def _key(stack):
    return kms.Key(stack, "Key", enable_key_rotation=True)


# (what, build with the longest accepted value, build with the first refused value)
NAME_BOUNDARIES = [
    ("bucket-name-63", lambda s, n: TrailLogBucket(s, "B", encryption_key=_key(s), bucket_name="a" * n), 63, 64),
    ("bucket-name-3", lambda s, n: TrailLogBucket(s, "B", encryption_key=_key(s), bucket_name="a" * n), 3, 2),
    ("log-group-name-512", lambda s, n: TrailLogGroup(s, "L", trail_name="t-1", encryption_key=_key(s), log_group_name="a" * n),
     512, 513),
    ("topic-name-256", lambda s, n: TrailNotificationTopic(s, "T", encryption_key=_key(s), topic_name="a" * n), 256, 257),
    ("alias-256", lambda s, n: TrailKey(s, "K", alias="alias/" + "a" * (n - len("alias/"))), 256, 257),
    ("key-description-8192", lambda s, n: TrailKey(s, "K", description="d" * n), 8192, 8193),
]


@pytest.mark.parametrize(("build", "longest", "refused"), [b[1:] for b in NAME_BOUNDARIES], ids=[b[0] for b in NAME_BOUNDARIES])
def test_names_at_their_length_limits(build, longest, refused):
    build(new_stack(), longest)
    with pytest.raises(ConfigurationError):
        build(new_stack(), refused)
