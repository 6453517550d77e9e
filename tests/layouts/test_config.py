"""LayoutConfig: every ConfigurationError it raises, the names it derives, and from_mapping.

Plain Python, no synthesis: each test builds one configuration.
"""

import json
import re
import zlib

import pytest

from constructs_lib import ConfigurationError, Layout, LayoutConfig
from constructs_lib.layouts.config import ACCOUNTS_PER_EVENT_BUS, MAX_ORGANIZATIONAL_UNITS

LOG_ARCHIVE = "111111111111"
SECURITY = "222222222222"
MANAGEMENT = "333333333333"
MEMBER = "444444444444"
ORGANIZATION_ID = "o-a1b2c3d4e5"
ROOT = "r-ab12"
OU = "ou-ab12-cd34ef56"
KEY_ID = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
KEY_ARN = f"arn:aws:kms:us-east-1:{LOG_ARCHIVE}:key/{KEY_ID}"


def organization(**overrides) -> LayoutConfig:
    """The smallest organization layout, with ``overrides``."""
    settings = dict(
        layout=Layout.ORGANIZATION,
        home_region="us-east-1",
        log_archive_account=LOG_ARCHIVE,
        security_account=SECURITY,
        management_account=MANAGEMENT,
        organization_id=ORGANIZATION_ID,
        member_organizational_units=(ROOT,),
    )
    return LayoutConfig(**{**settings, **overrides})


def accounts(**overrides) -> LayoutConfig:
    """The smallest accounts layout, with ``overrides``."""
    settings = dict(
        layout=Layout.ACCOUNTS,
        home_region="us-east-1",
        log_archive_account=LOG_ARCHIVE,
        security_account=SECURITY,
        trail_accounts=(MEMBER,),
    )
    return LayoutConfig(**{**settings, **overrides})


def numbered_accounts(count: int, *, step: int = 1) -> tuple[str, ...]:
    return tuple(str(100_000_000_000 + step * i) for i in range(count))


# ---------------------------------------------------------------------------------------------
# Valid configurations and defaults
# ---------------------------------------------------------------------------------------------


def test_organization_defaults():
    config = organization()
    assert config.member_regions == ("us-east-1",)
    assert config.trail_name == "audit-trail"
    assert config.cloud_watch_logs_retention_days == 365
    assert config.alerts is None
    assert config.guardrails is True
    assert config.trail_owner_accounts == (MANAGEMENT,)


def test_lists_become_tuples():
    config = organization(member_regions=["us-east-1", "eu-west-1"], member_organizational_units=[ROOT, OU])
    assert config.member_regions == ("us-east-1", "eu-west-1")
    assert config.member_organizational_units == (ROOT, OU)


@pytest.mark.parametrize("layout", [organization, accounts])
def test_log_archive_and_security_may_share_an_account(layout):
    """Only the management account cannot hold them; one account may hold both."""
    config = layout(security_account=LOG_ARCHIVE)
    assert config.security_account == config.log_archive_account


def test_log_archive_account_may_run_a_trail():
    """The accounts layout may record the log-archive and security accounts themselves."""
    config = accounts(trail_accounts=(LOG_ARCHIVE, SECURITY, MEMBER))
    assert config.trail_owner_accounts == (LOG_ARCHIVE, SECURITY, MEMBER)


def test_thousand_accounts_on_two_buses():
    trail_accounts = numbered_accounts(1000)
    config = accounts(trail_accounts=trail_accounts, event_bus_count=2)
    assert [len(config.event_bus_accounts(index)) for index in (0, 1)] == [500, 500]
    assert set(config.event_bus_accounts(0)) | set(config.event_bus_accounts(1)) == set(trail_accounts)


def test_control_tower_with_its_log_group():
    config = organization(control_tower=True, control_tower_log_group_name="aws-controltower/CloudTrailLogs")
    assert config.control_tower_log_group_name == "aws-controltower/CloudTrailLogs"


# ---------------------------------------------------------------------------------------------
# Derived names
# ---------------------------------------------------------------------------------------------


def test_names_in_the_aws_partition():
    config = organization(home_region="eu-west-1", trail_name="org.trail")
    assert config.partition == "aws"
    assert config.log_bucket_name == f"cloudtrail-logs-{LOG_ARCHIVE}-eu-west-1"
    assert config.trail_key_alias == "alias/cloudtrail/org-trail"
    assert config.trail_arn(MANAGEMENT) == f"arn:aws:cloudtrail:eu-west-1:{MANAGEMENT}:trail/org.trail"
    assert config.alert_topic_name == "security-alerts"


def test_log_bucket_beside_control_tower():
    config = organization(control_tower=True, s3_key_prefix=ORGANIZATION_ID)
    assert config.log_bucket_name == f"aws-controltower-logs-{LOG_ARCHIVE}-us-east-1"


def test_names_in_the_china_partition():
    config = organization(home_region="cn-north-1")
    assert config.partition == "aws-cn"
    assert config.trail_arn(MANAGEMENT) == f"arn:aws-cn:cloudtrail:cn-north-1:{MANAGEMENT}:trail/audit-trail"
    assert config.event_bus_arn() == f"arn:aws-cn:events:cn-north-1:{SECURITY}:event-bus/security-events"
    assert config.queried_regions == ("cn-north-1",)  # no us-east-1 outside the aws partition


def test_one_event_bus():
    config = accounts()
    assert config.event_bus_name() == "security-events"
    assert config.event_bus_arn() == f"arn:aws:events:us-east-1:{SECURITY}:event-bus/security-events"
    assert config.event_bus_index(MEMBER) == 0
    assert config.event_bus_accounts(0) == (MEMBER,)


def test_two_event_buses():
    config = accounts(trail_accounts=("100000000000", "100000000001", "100000000003"), event_bus_count=2)
    assert [config.event_bus_name(index) for index in (0, 1)] == ["security-events-0", "security-events-1"]
    assert config.event_bus_arn(1) == f"arn:aws:events:us-east-1:{SECURITY}:event-bus/security-events-1"
    indexes = {account: config.event_bus_index(account) for account in config.trail_accounts}
    assert set(indexes.values()) <= {0, 1}
    for index in (0, 1):
        assert config.event_bus_accounts(index) == tuple(a for a, i in indexes.items() if i == index)
    # An account's bus depends on its id alone, so adding or removing other accounts never moves it.
    other = accounts(trail_accounts=("100000000001", "100000000007"), event_bus_count=2)
    assert config.event_bus_index("100000000001") == other.event_bus_index("100000000001") == zlib.crc32(b"100000000001") % 2


def test_queried_accounts():
    assert accounts().queried_accounts == (MEMBER,)  # default: the trail accounts
    assert accounts(query_accounts=(LOG_ARCHIVE,)).queried_accounts == (LOG_ARCHIVE,)
    assert organization().queried_accounts == ()  # accounts come and go: no Athena table by default
    assert organization(query_accounts=(MEMBER,)).queried_accounts == (MEMBER,)


def test_queried_regions_add_us_east_1_and_sort():
    config = organization(home_region="eu-west-1", member_regions=("eu-west-1", "ap-south-1"))
    assert config.queried_regions == ("ap-south-1", "eu-west-1", "us-east-1")


def test_scp_exempt_role_names():
    assert organization().scp_exempt_role_names == ("cdk-hnb659fds-cfn-exec-role-*", "stacksets-exec-*")
    assert organization(exempt_role_names=("deployer",)).scp_exempt_role_names == ("deployer", "stacksets-exec-*")


# ---------------------------------------------------------------------------------------------
# Every error
# ---------------------------------------------------------------------------------------------


def _error(build, overrides: dict, match: str) -> None:
    with pytest.raises(ConfigurationError, match=match):
        build(**overrides)


@pytest.mark.parametrize(
    "overrides, match",
    [
        ({"log_archive_account": "12345"}, r"log_archive_account '12345' is not an AWS account id .*12 digits"),
        ({"log_archive_account": None}, r"log_archive_account None is not an AWS account id"),
        ({"security_account": 222222222222}, r"security_account 222222222222 is not an AWS account id.*quoted"),
        ({"management_account": "3333-3333-3333"}, r"management_account '3333-3333-3333' is not an AWS account id"),
        ({"management_account": 333333333333}, r"management_account is 333333333333 of type int.*'111122223333'"),
        ({"query_accounts": ("1234",)}, r"query_accounts '1234' is not an AWS account id"),
        ({"query_accounts": (MEMBER, MEMBER)}, rf"query_accounts lists '{MEMBER}' more than once\. List each once"),
        ({"log_archive_account": MANAGEMENT},
         r"log_archive_account 333333333333 is also the management account.*separate"),
        ({"security_account": MANAGEMENT}, r"security_account 333333333333 is also the management account.*separate"),
    ],
)
def test_account_errors(overrides, match):
    _error(organization, overrides, match)


@pytest.mark.parametrize(
    "overrides, match",
    [
        ({"management_account": None},
         r"organization layout needs management_account and organization_id.*describe-organization"),
        ({"organization_id": None}, r"organization layout needs management_account and organization_id"),
        ({"organization_id": "o-12"},
         r"organization_id 'o-12' is not an AWS Organizations id.*o- followed by 10 to 32"),
        ({"organization_id": "O-A1B2C3D4E5"}, r"organization_id 'O-A1B2C3D4E5' is not an AWS Organizations id"),
        ({"organization_id": 12}, r"organization_id is 12 of type int"),
        ({"member_organizational_units": ()}, r"member_organizational_units is empty.*root \(r-\.\.\.\)"),
        ({"member_organizational_units": (ORGANIZATION_ID,)},
         r"member_organizational_units 'o-a1b2c3d4e5' is the organization id.*root id \(r-\.\.\."),
        ({"member_organizational_units": ("ou-12",)},
         r"member_organizational_units 'ou-12' is not a root or OU id.*'ou-ab12-cd34ef56'"),
        ({"member_organizational_units": ("Root",)}, r"member_organizational_units 'Root' is not a root or OU id"),
        ({"member_organizational_units": ROOT},
         r"member_organizational_units is the single string 'r-ab12'.*\['r-ab12'\]"),
        ({"member_organizational_units": (ROOT, ROOT)}, r"member_organizational_units lists 'r-ab12' more than once"),
        ({"member_organizational_units": tuple(f"ou-ab12-{i:08d}" for i in range(MAX_ORGANIZATIONAL_UNITS + 1))},
         r"names 51 OUs, but one StackSet operation takes at most 50\. Name a parent OU or the root"),
        ({"trail_accounts": (MEMBER,)},
         r"trail_accounts belong to the accounts layout.*Remove them, or set layout='accounts'"),
        ({"log_reader_accounts": (MEMBER,)}, r"^log_reader_accounts belong to the accounts layout"),
        ({"event_bus_count": 2}, r"^event_bus_count belong to the accounts layout"),
        ({"control_tower_log_group_name": "aws-controltower/CloudTrailLogs"},
         r"control_tower_log_group_name is set but control_tower is False\. Set control_tower=True"),
        ({"control_tower": True, "control_tower_log_group_name": "CloudTrail Logs"},
         r"control_tower_log_group_name 'CloudTrail Logs' is not a log group name"),
        ({"delegated_administrator_account": MEMBER},
         r"delegated_administrator_account is set.*cannot create an organization trail.*"
         r"Remove delegated_administrator_account"),
    ],
)
def test_organization_errors(overrides, match):
    _error(organization, overrides, match)


def test_fifty_organizational_units_are_accepted():
    units = tuple(f"ou-ab12-{i:08d}" for i in range(MAX_ORGANIZATIONAL_UNITS))
    assert len(organization(member_organizational_units=units).member_organizational_units) == 50


@pytest.mark.parametrize(
    "overrides, match",
    [
        ({"home_region": "us-east-9"}, r"home_region 'us-east-9' is not an AWS Region.*'eu-west-1'"),
        ({"home_region": ["us-east-1"]}, r"home_region is \['us-east-1'\] of type list, but it must be of type str"),
        ({"member_regions": ("eu-west-1", "mars-1")}, r"member_regions 'mars-1' is not an AWS Region"),
        ({"member_regions": "eu-west-1"}, r"member_regions is the single string 'eu-west-1'.*\['eu-west-1'\]"),
        ({"member_regions": ("eu-west-1", "eu-west-1")}, r"member_regions lists 'eu-west-1' more than once"),
        ({"member_regions": ("us-east-1", 5)}, r"member_regions contains 5 of type int.*must be a string"),
        ({"member_regions": ("us-east-1", "cn-north-1")},
         r"span partitions \['aws', 'aws-cn'\].*one layout per partition"),
    ],
)
def test_region_errors(overrides, match):
    _error(organization, overrides, match)


@pytest.mark.parametrize(
    "overrides, match",
    [
        ({"trail_name": "ab"}, r"trail_name 'ab' is not a valid trail name \(allowed: 3 to 128"),
        ({"trail_name": 123}, r"trail_name is 123 of type int, but it must be of type str"),
        ({"s3_key_prefix": "/logs/"},
         r"s3_key_prefix '/logs/' must not be empty or start or end with '/'.*Pass 'logs'"),
        ({"s3_key_prefix": 5}, r"s3_key_prefix is 5 of type int, but it must be of type str"),
        ({"cloud_watch_logs_retention_days": 366},
         r"cloud_watch_logs_retention_days 366 is not a retention CloudWatch Logs accepts.*365"),
        ({"cloud_watch_logs_retention_days": "365"}, r"cloud_watch_logs_retention_days is '365' of type str.*=365"),
        ({"cloud_watch_logs_retention_days": True},
         r"cloud_watch_logs_retention_days is True of type bool.*must be of type int"),
        ({"trail_key_arn": f"arn:aws:kms:us-east-1:{LOG_ARCHIVE}:alias/cloudtrail/audit-trail"},
         r"is not a KMS key ARN.*not an alias: copy the log-archive stack's output TrailKeyArn"),
        ({"trail_key_arn": KEY_ID}, r"trail_key_arn '0b1c2d3e-.*' is not a KMS key ARN"),
        ({"trail_key_arn": 5}, r"trail_key_arn is 5 of type int"),
        ({"trail_key_arn": KEY_ARN.replace(LOG_ARCHIVE, MEMBER)},
         rf"is in partition aws, account {MEMBER} and Region us-east-1, but the trail key lives in the "
         rf"log-archive account {LOG_ARCHIVE}"),
        ({"trail_key_arn": KEY_ARN.replace("us-east-1", "eu-west-1")},
         r"account 111111111111 and Region eu-west-1, but.*home Region us-east-1"),
        ({"trail_key_arn": KEY_ARN.replace("arn:aws:", "arn:aws-cn:")}, r"is in partition aws-cn.*\(partition aws\)"),
        ({"guardrails": "false"}, r"guardrails is 'false' of type str, but it must be of type bool.*guardrails=True"),
        ({"control_tower": 1}, r"control_tower is 1 of type int, but it must be of type bool"),
        ({"organization_reads_logs": None},
         r"organization_reads_logs is None of type NoneType, but it must be of type bool"),
    ],
)
def test_trail_errors(overrides, match):
    _error(organization, overrides, match)


@pytest.mark.parametrize(
    "overrides, match",
    [
        ({"log_readers": (f"arn:aws:iam::{MEMBER}:user/alice",)},
         r"log_readers 'arn:aws:iam::444444444444:user/alice' is not an IAM role ARN"),
        ({"log_readers": ("reader",)}, r"log_readers 'reader' is not an IAM role ARN.*role/log-reader"),
        ({"log_readers": (f"arn:aws-cn:iam::{MEMBER}:role/reader",)},
         r"is in partition aws-cn, but the log bucket is in aws"),
        ({"log_readers": f"arn:aws:iam::{MEMBER}:role/reader"}, r"log_readers is the single string"),
        ({"alerts": ("root-account-usage", "no-such-alert")},
         r"unknown: \['no-such-alert'\]\. Known: .*root-account-usage.*Leave alerts unset"),
        ({"alerts": ()}, r"alerts is empty, so no alert would be created.*leave alerts unset"),
        ({"alerts": "root-account-usage"}, r"alerts is the single string 'root-account-usage'"),
        ({"alerts": ("root-account-usage", "root-account-usage")}, r"alerts lists 'root-account-usage' more than once"),
        ({"alert_emails": ("security-team",)}, r"alert_emails contains 'security-team', which is not an email address"),
        ({"alert_emails": "security-team@example.com"},
         r"alert_emails is the single string 'security-team@example.com'"),
        ({"alert_emails": (5,)}, r"alert_emails contains 5 of type int.*must be a string"),
        ({"exempt_role_names": ("deploy role",)},
         r"exempt_role_names 'deploy role' is not an IAM role name.*\* as a wildcard"),
        ({"exempt_role_names": ("r" * 65,)}, r"exempt_role_names 'r{65}' is not an IAM role name \(1 to 64"),
        ({"exempt_role_names": None}, r"exempt_role_names is None of type NoneType, but it must be a list"),
        ({"queries_in": "management"},
         r"queries_in 'management' is not where queries can live \(allowed: 'log-archive', 'security'\)\. Use"),
    ],
)
def test_reader_and_alert_errors(overrides, match):
    _error(organization, overrides, match)


@pytest.mark.parametrize(
    "overrides, match",
    [
        ({"layout": "accounts"},
         r"layout is 'accounts', but it must be Layout.ORGANIZATION or Layout.ACCOUNTS.*from_mapping"),
        ({"trail_accounts": ()}, r"accounts layout needs trail_accounts"),
        ({"trail_accounts": ("4444",)}, r"trail_accounts '4444' is not an AWS account id"),
        ({"trail_accounts": MEMBER}, r"trail_accounts is the single string '444444444444'"),
        ({"trail_accounts": (MEMBER, MEMBER)}, r"trail_accounts lists '444444444444' more than once"),
        ({"management_account": MANAGEMENT},
         r"^management_account belong to the organization layout.*layout='organization'"),
        ({"organization_id": ORGANIZATION_ID, "member_organizational_units": (ROOT,)},
         r"^organization_id, member_organizational_units belong to the organization layout"),
        ({"control_tower": True}, r"^control_tower belong to the organization layout"),
        ({"organization_reads_logs": True}, r"^organization_reads_logs belong to the organization layout"),
        ({"log_reader_accounts": (SECURITY,)},
         r"log_reader_accounts \['222222222222'\] are not in trail_accounts.*Add them to trail_accounts"),
        ({"log_reader_accounts": ("2222",)}, r"log_reader_accounts '2222' is not an AWS account id"),
        ({"event_bus_count": 0}, r"event_bus_count 0 must be between 1 and 2.*Set event_bus_count to 1"),
        ({"event_bus_count": 3},
         r"event_bus_count 3 must be between 1 and 2: each central bus has its own alert rules"),
        ({"event_bus_count": "2"}, r"event_bus_count is '2' of type str, but it must be of type int"),
        ({"event_bus_count": True}, r"event_bus_count is True of type bool, but it must be of type int"),
    ],
)
def test_accounts_layout_errors(overrides, match):
    _error(accounts, overrides, match)


@pytest.mark.parametrize(
    "count, match",
    [
        (1000, rf"event_bus_count 1 puts 1000 accounts on one central event bus.*at most about "
               rf"{ACCOUNTS_PER_EVENT_BUS}\. Set event_bus_count to 2\.$"),
        (1300, r"No event_bus_count up to 2 spreads these 1300 accounts.*split the accounts across two layouts.*"
               r"organization layout"),
    ],
    ids=["one-bus-suggests-two", "two-buses-say-what-to-do"],
)
def test_too_many_accounts_for_the_buses(count, match):
    _error(accounts, {"trail_accounts": numbered_accounts(count)}, match)


def test_accounts_of_one_parity_spread_over_both_buses():
    config = accounts(trail_accounts=numbered_accounts(1000, step=2), event_bus_count=2)
    sizes = [len(config.event_bus_accounts(index)) for index in range(2)]
    assert sum(sizes) == 1000 and min(sizes) > 400


# ---------------------------------------------------------------------------------------------
# from_mapping (cdk.json context, a JSON file)
# ---------------------------------------------------------------------------------------------

MAPPING = {
    "layout": "organization",
    "home_region": "us-east-1",
    "log_archive_account": LOG_ARCHIVE,
    "security_account": SECURITY,
    "management_account": MANAGEMENT,
    "organization_id": ORGANIZATION_ID,
    "member_organizational_units": [ROOT],
    "member_regions": ["us-east-1", "eu-west-1"],
    "alerts": None,
}


def test_from_mapping_reads_json():
    config = LayoutConfig.from_mapping(json.loads(json.dumps(MAPPING)))
    assert config == organization(member_regions=("us-east-1", "eu-west-1"))
    assert config.layout is Layout.ORGANIZATION
    assert isinstance(config.member_regions, tuple) and isinstance(config.member_organizational_units, tuple)


@pytest.mark.parametrize(
    "data, match",
    [
        ([MAPPING], r"^cdk\.json is list, not a mapping of settings\. Give an object such as"),
        ({**MAPPING, "home_regions": ["eu-west-1"], "trail": "x"},
         r"^cdk\.json has unknown setting\(s\) 'home_regions', 'trail'\. Allowed: .*home_region"),
        ({**MAPPING, 1: "x"}, r"unknown setting\(s\) 1\."),
        ({k: v for k, v in MAPPING.items() if k not in ("layout", "security_account")},
         r"^cdk\.json lacks the required setting\(s\) layout, security_account\. Add them, for example"),
        ({**MAPPING, "layout": "organisation"},
         r"^cdk\.json: layout 'organisation' is not a layout \(allowed: 'organization', 'accounts'\)\. Set \"layout\""),
        ({**MAPPING, "layout": {"name": "organization"}}, r"layout \{'name': 'organization'\} is not a layout"),
        ({**MAPPING, "member_regions": "eu-west-1"}, r"member_regions is the single string 'eu-west-1'"),
        ({**MAPPING, "guardrails": "true"}, r"guardrails is 'true' of type str, but it must be of type bool"),
        ({**MAPPING, "cloud_watch_logs_retention_days": "365"},
         r"cloud_watch_logs_retention_days is '365' of type str"),
    ],
)
def test_from_mapping_errors(data, match):
    with pytest.raises(ConfigurationError, match=match):
        LayoutConfig.from_mapping(data, source="cdk.json")


def test_from_mapping_names_the_default_source():
    with pytest.raises(ConfigurationError, match=re.escape("the configuration is str, not a mapping")):
        LayoutConfig.from_mapping("organization")
