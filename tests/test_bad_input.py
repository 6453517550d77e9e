"""Wrong input through the public API: each case fails at synth with a ConfigurationError that
names what was wrong, never with a TypeError, AttributeError or jsii RuntimeError from inside the
library, and never passes silently (issue 7 §3). One row per wrong input: what a user passes, and a
fragment of the message they get."""


import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_events as events
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns

from constructs_lib import (
    AccessLogBucket,
    AlertDefinition,
    AlertOptions,
    AlertTopic,
    CentralSecurityEventBus,
    ConfigurationError,
    EventSelector,
    ForwardSecurityEvents,
    Insight,
    InsightType,
    LogBucketOptions,
    SecureTrail,
    SecurityAlerts,
    Severity,
    TrailKey,
    TrailLogBucket,
    TrailLogGroup,
    TrailNotificationTopic,
    get_alert,
)
from tests.helpers import new_stack

ARN_ACCOUNT = "111111111111"
D = cdk.Duration.days
SC = s3.StorageClass


def _transition(storage_class, days):
    return s3.Transition(storage_class=storage_class, transition_after=D(days))


def _key(s, **kwargs):
    return kms.Key(s, "UserKey", enable_key_rotation="key_spec" not in kwargs, **kwargs)


def _bucket_options(**kwargs):
    return lambda s: SecureTrail(s, "Trail", bucket_options=LogBucketOptions(**kwargs))


def _custom(**overrides):
    fields = {
        "alert_id": "iam-user-created",
        "title": "An IAM user was created",
        "severity": Severity.MEDIUM,
        "filter_pattern": "{ $.eventName = CreateUser }",
        "event_pattern": {"detail-type": ["AWS API Call via CloudTrail"], "detail": {"eventName": ["CreateUser"]}},
        "needs_read_only_events": False,
        "global_service_region": "us-east-1",
        "metric_name": "IamUserCreated",
    }
    return AlertDefinition(**{**fields, **overrides})


def _alerts(**kwargs):
    return lambda s: SecurityAlerts(s, "Alerts", log_group=None, **kwargs)


def _stack_in(region):
    return lambda _s: SecureTrail(new_stack(env=cdk.Environment(account=ARN_ACCOUNT, region=region)), "Trail")


def _two_trails(first, second, *, same_env_other_stack=False):
    def build(s):
        SecureTrail(s, "First", trail_name=first)
        other = new_stack(s.node.root, "Other") if same_env_other_stack else s
        SecureTrail(other, "Second", trail_name=second)

    return build


def _other_region_arn(service, resource):
    return f"arn:aws:{service}:eu-west-1:{ARN_ACCOUNT}:{resource}"


def _alarm_elsewhere(s):
    topic = AlertTopic(s, "Topic")
    other = new_stack(s.node.root, "Other")
    alarm = cloudwatch.Alarm(
        other, "Alarm", metric=cloudwatch.Metric(namespace="N", metric_name="M"), threshold=1, evaluation_periods=1
    )
    alarm.add_alarm_action(topic.alarm_action())


def _rule_elsewhere(s):
    topic = AlertTopic(s, "Topic")
    other = new_stack(s.node.root, "Other")
    events.Rule(other, "Rule", event_pattern=events.EventPattern(source=["aws.s3"]), targets=[topic.rule_target()])


# (case id, what the user does with a fresh stack ``s``, a fragment of the message)
CASES = [
    # -- Python values of the wrong type ---------------------------------------------------------
    ("object-lock-mode-string", _bucket_options(object_lock_mode="GOVERNANCE"),
     "object_lock_mode is 'GOVERNANCE' of type str, but it must be of type s3.ObjectLockMode"),
    ("object-lock-mode-compliance-string", _bucket_options(object_lock_mode="COMPLIANCE"),
     "object_lock_mode is 'COMPLIANCE' of type str"),
    ("object-lock-retention-int", _bucket_options(object_lock_retention=365),
     "object_lock_retention is 365 of type int, but it must be of type cdk.Duration"),
    ("object-lock-enabled-string", _bucket_options(object_lock_enabled="false"),
     "object_lock_enabled is 'false' of type str, but it must be of type bool"),
    ("expiration-int", _bucket_options(expiration=2555), "expiration is 2555 of type int, but it must be of type cdk.Duration"),
    ("noncurrent-expiration-int", _bucket_options(noncurrent_version_expiration=365),
     "noncurrent_version_expiration is 365 of type int"),
    ("transitions-one-transition", _bucket_options(transitions=_transition(SC.GLACIER, 365)),
     "transitions is Transition("),
    ("transitions-dict", _bucket_options(transitions={"GLACIER": 365}), "transitions is {'GLACIER': 365} of type dict"),
    ("transitions-int", _bucket_options(transitions=5), "transitions is 5 of type int"),
    ("event-bridge-enabled-string", _bucket_options(event_bridge_enabled="no"), "event_bridge_enabled is 'no' of type str"),
    ("removal-policy-string", _bucket_options(removal_policy="RETAIN"),
     "removal_policy is 'RETAIN' of type str, but it must be of type cdk.RemovalPolicy"),
    ("bucket-options-list", lambda s: SecureTrail(s, "Trail", bucket_options=[LogBucketOptions()]),
     "bucket_options is [LogBucketOptions("),
    ("bucket-options-dict", lambda s: SecureTrail(s, "Trail", bucket_options={"expiration": D(10)}),
     "but it must be of type LogBucketOptions"),
    ("bucket-name-string", lambda s: SecureTrail(s, "Trail", bucket="my-bucket"),
     "bucket is 'my-bucket' of type str, but it must be an s3.IBucket construct"),
    ("key-arn-string", lambda s: SecureTrail(s, "Trail", encryption_key="arn:aws:kms:us-east-1:111111111111:key/abc"),
     "encryption_key is 'arn:aws:kms:us-east-1:111111111111:key/abc' of type str, but it must be an kms.IKey"),
    ("log-group-name-string", lambda s: SecureTrail(s, "Trail", log_group="/aws/cloudtrail/x"),
     "log_group is '/aws/cloudtrail/x' of type str, but it must be an logs.ILogGroup"),
    ("topic-arn-string", lambda s: SecureTrail(s, "Trail", sns_topic="arn:aws:sns:us-east-1:111111111111:t"),
     "sns_topic is 'arn:aws:sns:us-east-1:111111111111:t' of type str"),
    ("send-to-logs-string", lambda s: SecureTrail(s, "Trail", send_to_cloud_watch_logs="false"),
     "send_to_cloud_watch_logs is 'false' of type str, but it must be of type bool"),
    ("multi-region-int", lambda s: SecureTrail(s, "Trail", is_multi_region_trail=0), "is_multi_region_trail is 0 of type int"),
    ("file-validation-none", lambda s: SecureTrail(s, "Trail", enable_file_validation=None),
     "enable_file_validation is None of type NoneType"),
    ("notifications-string", lambda s: SecureTrail(s, "Trail", enable_sns_notifications="yes"),
     "enable_sns_notifications is 'yes' of type str"),
    ("organization-trail-string", lambda s: SecureTrail(s, "Trail", is_organization_trail="True"),
     "is_organization_trail is 'True' of type str"),
    ("trail-name-int", lambda s: SecureTrail(s, "Trail", trail_name=123), "trail_name is 123 of type int"),
    ("key-prefix-int", lambda s: SecureTrail(s, "Trail", s3_key_prefix=7), "s3_key_prefix is 7 of type int"),
    ("retention-string", lambda s: SecureTrail(s, "Trail", cloud_watch_logs_retention="ONE_YEAR"),
     "cloud_watch_logs_retention 'ONE_YEAR' is not a retention CloudWatch Logs accepts"),
    ("event-selectors-one-selector", lambda s: SecureTrail(s, "Trail", event_selectors=EventSelector.management_events()),
     "event_selectors expects a list"),
    ("insights-strings", lambda s: SecureTrail(s, "Trail", insights=["ApiCallRateInsight"]),
     "insights element 'ApiCallRateInsight' is not an Insight"),
    ("insight-flag-string", lambda s: Insight(insight_type=InsightType.API_CALL_RATE, management_events="yes"),
     "management_events is 'yes' of type str"),
    ("event-names-set", lambda s: EventSelector.data_events("AWS::S3::Object", event_names={"PutObject"}),
     "event_names is {'PutObject'} of type set, but it must be a list"),
    ("record-log-buckets-string", lambda s: EventSelector.s3_objects_of_all_buckets(record_trail_log_buckets="yes"),
     "record_trail_log_buckets is 'yes' of type str"),
    ("access-denied-only-string", lambda s: EventSelector.network_activity_events("kms.amazonaws.com", access_denied_only="true"),
     "access_denied_only is 'true' of type str"),
    ("trail-key-removal-string", lambda s: TrailKey(s, "Key", removal_policy="DESTROY"), "removal_policy is 'DESTROY' of type str"),
    ("trail-key-owners-string", lambda s: TrailKey(s, "Key", trail_owner_accounts="111111111111"),
     "trail_owner_accounts is the single string '111111111111', but it must be a list"),
    ("log-bucket-key-string", lambda s: TrailLogBucket(s, "Bucket", encryption_key="alias/logs"),
     "encryption_key is 'alias/logs' of type str, but it must be an kms.IKey"),
    ("access-log-expiration-int", lambda s: AccessLogBucket(s, "AccessLogs", expiration=90),
     "expiration is 90 of type int, but it must be of type cdk.Duration"),
    ("access-log-bucket-name-string", lambda s: TrailLogBucket(s, "Bucket", encryption_key=_key(s), access_log_bucket="logs"),
     "access_log_bucket is 'logs' of type str, but it must be an s3.IBucket"),
    ("log-group-key-string", lambda s: TrailLogGroup(s, "Logs", trail_name="t-1", encryption_key="k"),
     "encryption_key is 'k' of type str"),
    ("log-group-trail-name-int", lambda s: TrailLogGroup(s, "Logs", trail_name=5, encryption_key=_key(s)),
     "trail_name is 5 of type int"),
    ("alert-topic-emails-set", lambda s: AlertTopic(s, "Topic", email_addresses={"a@example.com"}),
     "email_addresses is {'a@example.com'} of type set, but it must be a list"),
    ("alert-topic-key-string", lambda s: AlertTopic(s, "Topic", encryption_key="alias/alerts"),
     "encryption_key is 'alias/alerts' of type str"),
    ("alerts-topic-string", _alerts(topic="arn:aws:sns:us-east-1:111111111111:alerts"),
     "topic 'arn:aws:sns:us-east-1:111111111111:alerts' of type str is not an AlertTopic"),
    ("alerts-plain-topic", lambda s: SecurityAlerts(s, "Alerts", log_group=None, topic=sns.Topic(s, "Plain")),
     "topic 'Test/Plain' is not an AlertTopic"),
    ("alerts-log-group-string", lambda s: SecurityAlerts(s, "Alerts", log_group="/aws/cloudtrail/x"),
     "log_group is '/aws/cloudtrail/x' of type str"),
    ("alerts-single-id", _alerts(alerts="root-account-usage"), "is a single alert, not a list"),
    ("alerts-set", _alerts(alerts={"root-account-usage"}), "alerts is {'root-account-usage'} of type set, but it must be a list"),
    ("alerts-options-list", _alerts(alert_options=[AlertOptions()]), "alert_options is [AlertOptions("),
    ("alerts-delivery-string", _alerts(delivery="event-rule"), "is 'event-rule', not a Delivery"),
    ("alerts-period-int", _alerts(period=5), "period 5 is not a cdk.Duration"),
    ("alerts-threshold-string", _alerts(threshold="1"), "threshold '1' is not a threshold alerts accept"),
    ("alerts-bus-name-string", _alerts(event_bus="default"), "event_bus is 'default' of type str"),
    ("alerts-emails-string", _alerts(email_addresses="a@example.com"), "email_addresses is the single string 'a@example.com'"),
    ("forward-bus-arn-string",
     lambda s: ForwardSecurityEvents(s, "Forward", target_bus="arn:aws:events:us-east-1:222222222222:event-bus/security"),
     "target_bus is 'arn:aws:events:us-east-1:222222222222:event-bus/security' of type str"),
    ("forward-topic-plain-sns",
     lambda s: ForwardSecurityEvents(s, "Forward", target_bus=_bus(s), alert_topic=sns.Topic(s, "Plain")),
     "of type Topic, not an AlertTopic"),
    ("forward-alerts-set", lambda s: ForwardSecurityEvents(s, "Forward", target_bus=_bus(s), alerts={"root-account-usage"}),
     "alerts is {'root-account-usage'} of type set"),
    ("bus-accounts-set", lambda s: CentralSecurityEventBus(s, "Bus", source_account_ids={"111111111111"}),
     "source_account_ids is {'111111111111'} of type set, but it must be a list"),
    ("event-pattern-set", lambda s: _custom(event_pattern={"detail": {"eventName": {"CreateUser"}}}),
     "a set has no order and is not JSON; write a list, ['CreateUser']"),
    # -- names and values AWS rejects ------------------------------------------------------------
    *[(f"bucket-name-{label}", _bucket_options(bucket_name=name), f"bucket_name {name!r} is not a bucket name S3 accepts: it {why}")
      for label, name, why in [
          ("too-short", "ab", "is 2 characters long"),
          ("too-long", "a" * 64, "is 64 characters long"),
          ("capitals", "My-Logs", "may hold only lowercase letters"),
          ("underscore", "my_logs", "may hold only lowercase letters"),
          ("leading-hyphen", "-my-logs", "may hold only lowercase letters, digits, periods and hyphens, and must start and end"),
          ("adjacent-periods", "my..logs", "has two adjacent periods"),
          ("ip-address", "192.168.5.4", "is formatted as an IP address"),
          ("prefix-xn", "xn--logs", "starts with a prefix S3 reserves"),
          ("prefix-sthree", "sthree-logs", "starts with a prefix S3 reserves"),
          ("prefix-demo", "amzn-s3-demo-logs", "starts with a prefix S3 reserves"),
          ("suffix-s3alias", "logs-s3alias", "ends with a suffix S3 reserves"),
          ("suffix-ol-s3", "logs--ol-s3", "ends with a suffix S3 reserves"),
          ("suffix-mrap", "logs.mrap", "ends with a suffix S3 reserves"),
          ("suffix-x-s3", "logs--x-s3", "ends with a suffix S3 reserves"),
          ("suffix-table-s3", "logs--table-s3", "ends with a suffix S3 reserves"),
      ]],
    *[(f"log-group-name-{label}", lambda s, n=name: TrailLogGroup(s, "Logs", trail_name="t-1", encryption_key=_key(s), log_group_name=n),
       "is not a log group name CloudWatch Logs accepts")
      for label, name in [("reserved", "aws/cloudtrail"), ("space", "my logs"), ("empty", ""), ("too-long", "a" * 513),
                          ("colon", "logs:trail")]],
    *[(f"topic-name-{label}", lambda s, n=name: TrailNotificationTopic(s, "Topic", encryption_key=_key(s), topic_name=n),
       "is not an SNS topic name")
      for label, name in [("period", "log.delivery"), ("empty", ""), ("too-long", "a" * 257), ("fifo", "delivery.fifo")]],
    ("alert-topic-name", lambda s: AlertTopic(s, "Topic", topic_name="security alerts"), "is not an SNS topic name"),
    ("alias-reserved", lambda s: TrailKey(s, "Key", alias="alias/aws/cloudtrail"), "starts with alias/aws/, which AWS reserves"),
    ("alias-reserved-no-prefix", lambda s: TrailKey(s, "Key", alias="aws/cloudtrail"), "starts with alias/aws/"),
    ("alias-characters", lambda s: TrailKey(s, "Key", alias="alias/cloud trail"), "is not a KMS alias name"),
    ("alias-too-long", lambda s: TrailKey(s, "Key", alias="alias/" + "a" * 251), "at most 256 characters"),
    ("alias-int", lambda s: TrailKey(s, "Key", alias=1), "alias is 1 of type int"),
    ("description-too-long", lambda s: TrailKey(s, "Key", description="d" * 8193), "description is 8193 characters long"),
    ("region-unknown", _stack_in("us-east-7"), "has region 'us-east-7', which is not an AWS Region"),
    ("region-no-hyphens", _stack_in("useast1"), "has region 'useast1', which is not an AWS Region"),
    ("region-capitals", _stack_in("US-EAST-1"), "has region 'US-EAST-1', which is not an AWS Region"),
    ("region-alerts", lambda _s: SecurityAlerts(new_stack(env=cdk.Environment(region="eu-west-9")), "Alerts", log_group=None),
     "has region 'eu-west-9'"),
    ("bus-arn-short-account",
     lambda s: ForwardSecurityEvents(s, "Forward", target_bus=events.EventBus.from_event_bus_arn(
         s, "Bus", "arn:aws:events:us-east-1:1234:event-bus/security")),
     "target_bus account (in its ARN) '1234' is not an AWS account id"),
    ("bus-arn-letters-account",
     lambda s: ForwardSecurityEvents(s, "Forward", target_bus=events.EventBus.from_event_bus_arn(
         s, "Bus", "arn:aws:events:us-east-1:22222222222a:event-bus/security")),
     "'22222222222a' is not an AWS account id"),
    ("bus-arn-region",
     lambda s: ForwardSecurityEvents(s, "Forward", target_bus=events.EventBus.from_event_bus_arn(
         s, "Bus", "arn:aws:events:moon-1:222222222222:event-bus/security")),
     "whose Region 'moon-1' is not an AWS Region"),
    ("bus-name-default", lambda s: CentralSecurityEventBus(s, "Bus", event_bus_name="default", source_account_ids=[ARN_ACCOUNT]),
     "is not a name EventBridge accepts"),
    ("duplicate-trail-name", _two_trails("management-events", "management-events"),
     "trail_name 'management-events' is already used by Test/First"),
    ("duplicate-trail-name-period", _two_trails("management.events", "management-events"),
     "trail_name 'management-events' is already used by Test/First ('management.events')"),
    ("duplicate-trail-name-two-stacks", _two_trails("org-trail", "org-trail", same_env_other_stack=True),
     "trail_name 'org-trail' is already used by Test/First"),
    # -- combinations that cannot work -------------------------------------------------------------
    ("asymmetric-key", lambda s: SecureTrail(s, "Trail", encryption_key=_key(s, key_spec=kms.KeySpec.RSA_2048)),
     "has key_spec RSA_2048 and key_usage ENCRYPT_DECRYPT, but only a symmetric encryption key"),
    ("signing-key", lambda s: SecureTrail(s, "Trail", encryption_key=kms.Key(
        s, "Signing", key_spec=kms.KeySpec.ECC_NIST_P256, key_usage=kms.KeyUsage.SIGN_VERIFY)),
     "has key_spec ECC_NIST_P256 and key_usage SIGN_VERIFY"),
    ("hmac-key", lambda s: SecureTrail(s, "Trail", encryption_key=kms.Key(
        s, "Hmac", key_spec=kms.KeySpec.HMAC_256, key_usage=kms.KeyUsage.GENERATE_VERIFY_MAC)),
     "has key_spec HMAC_256 and key_usage GENERATE_VERIFY_MAC"),
    ("hmac-key-alias", lambda s: SecureTrail(s, "Trail", encryption_key=kms.Alias(s, "Alias", alias_name="alias/hmac", target_key=kms.Key(
        s, "Hmac", key_spec=kms.KeySpec.HMAC_256, key_usage=kms.KeyUsage.GENERATE_VERIFY_MAC))),
     "has key_spec HMAC_256"),
    ("asymmetric-alert-key", lambda s: AlertTopic(s, "Topic", encryption_key=_key(s, key_spec=kms.KeySpec.RSA_4096)),
     "has key_spec RSA_4096"),
    ("key-other-region", lambda s: SecureTrail(s, "Trail", encryption_key=kms.Key.from_key_arn(
        s, "Key", _other_region_arn("kms", "key/1234abcd-12ab-34cd-56ef-1234567890ab"))),
     "encryption_key is in Region eu-west-1, but the trail is in us-east-1"),
    ("log-group-other-region", lambda s: SecureTrail(s, "Trail", log_group=logs.LogGroup.from_log_group_arn(
        s, "Logs", _other_region_arn("logs", "log-group:trail:*"))),
     "log_group is in Region eu-west-1, but the trail is in us-east-1"),
    ("topic-other-region", lambda s: SecureTrail(s, "Trail", sns_topic=sns.Topic.from_topic_arn(
        s, "Topic", _other_region_arn("sns", "log-delivery"))),
     "sns_topic is in Region eu-west-1, but the trail is in us-east-1"),
    ("retention-with-log-group", lambda s: SecureTrail(
        s, "Trail", log_group=logs.LogGroup.from_log_group_name(s, "Logs", "trail"), cloud_watch_logs_retention=logs.RetentionDays.ONE_MONTH),
     "was given with an existing log_group, whose retention this construct does not manage"),
    ("retention-without-logs", lambda s: SecureTrail(s, "Trail", send_to_cloud_watch_logs=False, cloud_watch_logs_retention=30),
     "cloud_watch_logs_retention 30 was given with send_to_cloud_watch_logs=False"),
    ("log-group-construct-retention-with-group", lambda s: TrailLogGroup(
        s, "Logs", trail_name="t-1", log_group=logs.LogGroup.from_log_group_name(s, "G", "g"), retention=30),
     "retention 30 was given with an existing log_group"),
    ("unencrypted-topic", lambda s: SecureTrail(s, "Trail", sns_topic=sns.Topic(s, "Plain")),
     "sns_topic Test/Plain is not encrypted (created without master_key)"),
    ("topic-without-key", lambda s: TrailNotificationTopic(s, "Topic", encryption_key=None, topic_name="delivery"),
     "encryption_key is None of type NoneType, but it must be an kms.IKey"),
    ("sse-kms-access-log-bucket", lambda s: TrailLogBucket(
        s, "Bucket", encryption_key=_key(s), access_log_bucket=s3.Bucket(s, "Kms", encryption=s3.BucketEncryption.KMS_MANAGED)),
     "access_log_bucket Test/Kms uses SSE-KMS default encryption"),
    ("sse-kms-access-log-bucket-own-key", lambda s: SecureTrail(s, "Trail", bucket_options=LogBucketOptions(
        access_log_bucket=s3.Bucket(s, "Kms", encryption_key=_key(s)))),
     "access_log_bucket Test/Kms uses SSE-KMS default encryption"),
    ("allow-cloudtrail-no-trails", lambda s: TrailLogBucket(s, "Bucket", encryption_key=_key(s)).allow_cloudtrail(
        trail_arns=[], account_ids=[ARN_ACCOUNT]), "trail_arns is empty"),
    ("allow-cloudtrail-trail-name", lambda s: TrailLogBucket(s, "Bucket", encryption_key=_key(s)).allow_cloudtrail(
        trail_arns=["management-events"], account_ids=[ARN_ACCOUNT]),
     "trail_arns contains 'management-events', which is not a trail ARN"),
    ("allow-cloudtrail-trail-arn-string", lambda s: TrailLogBucket(s, "Bucket", encryption_key=_key(s)).allow_cloudtrail(
        trail_arns="arn:aws:cloudtrail:us-east-1:111111111111:trail/t", account_ids=[ARN_ACCOUNT]),
     "trail_arns is the single string"),
    ("key-allow-cloudtrail-trail-name", lambda s: TrailKey(s, "Key").allow_cloudtrail(
        trail_arns=["management-events"], trail_owner_accounts=[ARN_ACCOUNT]), "which is not a trail ARN"),
    ("key-allow-cloudtrail-no-owners", lambda s: TrailKey(s, "Key").allow_cloudtrail(
        trail_arns=["arn:aws:cloudtrail:us-east-1:111111111111:trail/t"], trail_owner_accounts=[]),
     "trail_owner_accounts is empty"),
    ("lifecycle-ia-too-early", _bucket_options(transitions=[_transition(SC.INFREQUENT_ACCESS, 29)]),
     "STANDARD_IA after 29 days is not accepted by S3"),
    ("lifecycle-one-zone-too-early", _bucket_options(transitions=[_transition(SC.ONE_ZONE_INFREQUENT_ACCESS, 1)]),
     "ONEZONE_IA after 1 days is not accepted by S3"),
    ("lifecycle-order", _bucket_options(transitions=[_transition(SC.GLACIER, 90), _transition(SC.INFREQUENT_ACCESS, 180)]),
     "STANDARD_IA after 180 days cannot follow GLACIER after 90 days"),
    ("lifecycle-one-zone-to-ia", _bucket_options(transitions=[
        _transition(SC.ONE_ZONE_INFREQUENT_ACCESS, 30), _transition(SC.INFREQUENT_ACCESS, 90)]),
     "STANDARD_IA after 90 days cannot follow ONEZONE_IA"),
    ("lifecycle-same-day", _bucket_options(transitions=[_transition(SC.GLACIER_INSTANT_RETRIEVAL, 90), _transition(SC.GLACIER, 90)]),
     "cannot follow GLACIER_IR after 90 days"),
    ("lifecycle-ia-gap", _bucket_options(transitions=[_transition(SC.INFREQUENT_ACCESS, 30), _transition(SC.GLACIER, 59)]),
     "GLACIER after 59 days is only 29 days after STANDARD_IA (30 days)"),
    ("lifecycle-glacier-gap", _bucket_options(transitions=[_transition(SC.GLACIER, 100), _transition(SC.DEEP_ARCHIVE, 189)]),
     "DEEP_ARCHIVE after 189 days is only 89 days after GLACIER (100 days)"),
    ("lifecycle-duplicate-class", _bucket_options(transitions=[_transition(SC.GLACIER, 100), _transition(SC.GLACIER, 200)]),
     "transitions lists GLACIER more than once"),
    ("lifecycle-hours", _bucket_options(transitions=[s3.Transition(storage_class=SC.GLACIER, transition_after=cdk.Duration.hours(36))]),
     "transitions[0].transition_after 1 day 12 hours is not a whole number of days"),
    ("lifecycle-expiry-before-transition", _bucket_options(expiration=D(365)), "expiration 365 days is not after the last transition"),
    # -- selectors -------------------------------------------------------------------------------
    ("resource-type-plural", lambda s: EventSelector.data_events("AWS::S3::Objects"), "did you mean 'AWS::S3::Object'"),
    ("resource-type-lambda-plural", lambda s: EventSelector.data_events("AWS::Lambda::Functions"), "did you mean 'AWS::Lambda::Function'"),
    ("resource-type-case", lambda s: EventSelector.data_events("AWS::Dynamodb::Table"), "did you mean 'AWS::DynamoDB::Table'"),
    ("resource-type-bucket", lambda s: EventSelector.data_events("AWS::S3::Bucket"), "'AWS::S3::Bucket' has no data events"),
    ("resource-type-shape", lambda s: EventSelector.data_events("s3 objects"), "is not a valid resources.type"),
    ("network-source-typo", lambda s: EventSelector.network_activity_events("secretmanager.amazonaws.com"),
     "did you mean 'secretsmanager.amazonaws.com'"),
    ("network-source-shape", lambda s: EventSelector.network_activity_events("aws.kms"), "is not a valid eventSource"),
    ("arn-wildcard", lambda s: EventSelector.data_events("AWS::S3::Object", arn_starts_with=["arn:aws:s3:::my-bucket/*"]),
     "contains '*', but CloudTrail selectors take no wildcards"),
    ("arn-wildcard-equals", lambda s: EventSelector.data_events("AWS::Lambda::Function", arn_equals=["arn:aws:lambda:*:111111111111:function:f"]),
     "contains '*'"),
    ("arn-wildcard-exclusion", lambda s: EventSelector.data_events("AWS::S3::Object", arn_not_starts_with=["arn:aws:s3:::logs-*"]),
     "contains '*'"),
    # -- alerts ----------------------------------------------------------------------------------
    ("alerts-empty", _alerts(alerts=[]), "alerts is empty, so SecurityAlerts would create nothing"),
    ("forward-alerts-empty", lambda s: ForwardSecurityEvents(s, "Forward", target_bus=_bus(s), alerts=[]), "alerts is empty"),
    ("custom-reuses-catalogue-metric", _alerts(alerts=[_custom(metric_name=get_alert("root-account-usage").metric_name)]),
     f"uses metric_name {get_alert('root-account-usage').metric_name!r}, which the catalogue alert 'root-account-usage' uses"),
    ("custom-reuses-catalogue-id", _alerts(alerts=[_custom(alert_id="root-account-usage")]),
     "alert_id 'root-account-usage' is the id of a catalogue alert, but its definition differs"),
    ("custom-alerts-share-metric", _alerts(alerts=[_custom(), _custom(alert_id="iam-user-deleted")]),
     "alerts 'iam-user-created' and 'iam-user-deleted' use the same metric_name 'IamUserCreated'"),
    ("custom-added-later-reuses-metric", lambda s: SecurityAlerts(s, "Alerts", log_group=None, alerts=["root-account-usage"]).add_alert(
        _custom(metric_name=get_alert("root-account-usage").metric_name)), "which the catalogue alert 'root-account-usage' uses"),
    *[(f"detail-type-{label}", lambda s, v=value: _custom(event_pattern={"detail-type": [v], "detail": {"eventName": ["CreateUser"]}}),
       f"has detail-type {value!r}, which CloudTrail never sends")
      for label, value in [("lowercase-trail", "AWS API Call via Cloudtrail"), ("plural", "AWS API Calls via CloudTrail"),
                           ("signin", "AWS Console Signin via CloudTrail"), ("no-aws", "API Call via CloudTrail")]],
    ("detail-type-in-or", lambda s: _custom(event_pattern={"$or": [{"detail-type": ["AWS Service Event via Cloudtrail"]}]}),
     "Did you mean 'AWS Service Event via CloudTrail'"),
    ("on-alert-id-clash", lambda s: SecurityAlerts(s, "Alerts", log_group=None, alerts=["root-account-usage"]).on_alert(
        "root-account-usage", "root-account-usage"), "construct_id 'root-account-usage' is already used under Test/Alerts"),
    ("on-alert-target-string", lambda s: SecurityAlerts(s, "Alerts", log_group=None, alerts=["root-account-usage"]).on_alert(
        "root-account-usage", "ToPager", target="arn:aws:sns:us-east-1:111111111111:pager"), "target is 'arn:aws:sns"),
    ("duplicate-email", lambda s: AlertTopic(s, "Topic", email_addresses=["sec@example.com", "SEC@example.com"]),
     "email_addresses lists 'SEC@example.com' more than once"),
]


def _bus(s):
    return events.EventBus.from_event_bus_arn(s, "Central", "arn:aws:events:us-east-1:222222222222:event-bus/security")


@pytest.mark.parametrize(("build", "fragment"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_wrong_input_is_a_configuration_error(build, fragment):
    try:
        build(new_stack())
    except ConfigurationError as error:
        assert fragment in str(error)
    except Exception as error:  # noqa: BLE001 - the point: nothing but a ConfigurationError
        pytest.fail(f"{type(error).__name__} instead of a ConfigurationError: {error}")
    else:
        pytest.fail("accepted silently")


@pytest.mark.parametrize("add_publisher", [_alarm_elsewhere, _rule_elsewhere], ids=["alarm", "rule"])
def test_a_publisher_in_another_stack_is_an_error_annotation_not_a_runtime_error(add_publisher):
    """aws-cdk-lib calls the action's or target's bind; an exception there would reach the user
    wrapped in a jsii RuntimeError, so the mistake is an error annotation that fails ``cdk synth``."""
    stack = new_stack()
    add_publisher(stack)
    other = stack.node.root.node.find_child("Other")
    errors = [
        entry.data
        for construct in other.node.find_all()
        for entry in construct.node.metadata
        if entry.type == "aws:cdk:error"
    ]
    assert len(errors) == 1 and "is in stack Other, but AlertTopic Test/Topic is in stack Test" in errors[0]


def test_case_ids_are_unique():
    ids = [case[0] for case in CASES]
    assert len(ids) == len(set(ids))
