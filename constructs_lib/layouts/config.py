"""The configuration of a multi-account layout: one typed, validated model for both layouts.

An ``organization`` layout has one organization trail in the management account; an ``accounts``
layout has one trail in each listed account (no AWS Organizations). Both write into one log bucket,
encrypted with one key, in the log-archive account, and forward security events to a central event
bus in the security account. Every cross-account name (bucket, key alias, trail ARNs, event buses,
topic) is derived here, so the stacks refer to each other without exports or AWS credentials.
"""

import re
import zlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from functools import cache

from aws_cdk import region_info

from .._shared.errors import ConfigurationError
from .._shared.validation import (
    CLOUDWATCH_LOGS_RETENTION_DAYS,
    as_list,
    check_account_id,
    check_account_ids,
    check_bool,
    check_instance,
    check_log_group_name,
    check_organization_id,
    check_s3_key_prefix,
    check_trail_name,
    known_regions,
)
from ..alerts.alert_catalogue import catalogue
from ..alerts.alert_topic import check_email_addresses
from ..alerts.event_forwarding import MAX_EVENT_BUS_POLICY_LENGTH

# CreateStackInstances: OrganizationalUnitIds takes roots (r-...) and OUs (ou-...), at most 50 per
# operation. https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html
_OU_ID = re.compile(r"ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32}")
MAX_ORGANIZATIONAL_UNITS = 50
_KEY_ARN = re.compile(
    r"arn:(?P<partition>aws[a-z-]*):kms:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):key/"
    r"(?P<id>(mrk-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})"
)
_ROLE_ARN = re.compile(r"arn:(?P<partition>aws[a-z-]*):iam::\d{12}:role/[\w+=,.@/-]{1,512}")
# IAM role names, with * wildcards for the SCP's aws:PrincipalArn exemption (ArnNotLike).
_ROLE_NAME_PATTERN = re.compile(r"[\w+=,.@*-]{1,64}")
# The statement listing accounts in aws:PrincipalAccount costs 15 characters per account
# ("123456789012",) on top of the policy's other statements and the bus ARNs.
EVENT_BUS_POLICY_BYTES_PER_ACCOUNT = 15
EVENT_BUS_POLICY_OVERHEAD = 600
ACCOUNTS_PER_EVENT_BUS = (MAX_EVENT_BUS_POLICY_LENGTH - EVENT_BUS_POLICY_OVERHEAD) // EVENT_BUS_POLICY_BYTES_PER_ACCOUNT
# Each bus has its alert rules on the central alert topic, whose policy admits at most 50 rules.
MAX_EVENT_BUSES = 2
DEFAULT_EXEMPT_ROLE_NAMES = ("cdk-hnb659fds-cfn-exec-role-*",)
REQUIRED_SETTINGS = ("layout", "home_region", "log_archive_account", "security_account")
# The settings that hold lists, with an example of each (for messages).
_LIST_SETTINGS = {
    "member_organizational_units": "['r-ab12']",
    "member_regions": "['us-east-1']",
    "trail_accounts": "['111122223333']",
    "log_readers": "['arn:aws:iam::111122223333:role/log-reader']",
    "log_reader_accounts": "['111122223333']",
    "query_accounts": "['111122223333']",
    "alerts": "['root-account-usage']",
    "alert_emails": "['security-team@example.com']",
    "exempt_role_names": "['cdk-hnb659fds-cfn-exec-role-*']",
}
# Service-managed StackSets deploy with this role in member accounts; an SCP that protects what the
# StackSet deploys must let it work (prefix as AWS documents it).
STACKSETS_EXECUTION_ROLE_PATTERN = "stacksets-exec-*"
QUERY_ACCOUNTS = ("log-archive", "security")


@cache
def _partition_of(region: str) -> str:
    """The partition of a Region, asked of aws-cdk-lib's Region facts once per Region (a jsii call)."""
    return region_info.RegionInfo.get(region).partition


def _bus_index(account: str, count: int) -> int:
    """The central bus of ``account`` among ``count`` buses: a CRC-32 of the id, so that any set of
    ids spreads evenly (ids of one parity would not under ``int(account) % count``), stable when
    other accounts come and go."""
    return zlib.crc32(account.encode()) % count


class Layout(StrEnum):
    """Which multi-account layout a configuration describes."""

    ORGANIZATION = "organization"
    """One organization trail in the management account records every account of the organization."""
    ACCOUNTS = "accounts"
    """A trail in each listed account (no AWS Organizations), all writing into one central bucket."""


@dataclass(frozen=True, kw_only=True)
class LayoutConfig:
    """An estate's accounts, their roles and Regions, and the layout's choices; validated when built.

    Build it in code, or from ``cdk.json`` context or a JSON file with ``LayoutConfig.from_mapping``
    (keys are the field names). Every mistake is a ``ConfigurationError`` naming the field.

    :param layout: ``Layout.ORGANIZATION`` or ``Layout.ACCOUNTS``.
    :param home_region: Region of the trails, the log bucket, the key and the central event bus.
    :param log_archive_account: Account holding the log bucket, its access-log bucket and the key.
    :param security_account: Account holding the central event bus, the alert topic and readers.
        It may be the log-archive account; neither may be the management account.
    :param management_account: The organization's management account (organization layout).
    :param organization_id: The organization's id, ``o-...`` (organization layout).
    :param member_organizational_units: Roots (``r-...``) or OUs (``ou-...``) whose accounts, present
        and future, get the member StackSet (organization layout; at most 50).
    :param member_regions: Regions where member accounts forward security events. Default: the home
        Region only. Events of IAM, Organizations and console sign-ins reach EventBridge only in
        us-east-1: include it.
    :param trail_accounts: Accounts that each run a trail into the central bucket (accounts layout).
        Adding or removing an account is one line here.
    :param trail_name: Name of the organization trail, or of every account's trail.
        Default: "audit-trail".
    :param s3_key_prefix: Prefix of the log file keys. Default: none.
    :param trail_key_arn: Full ARN of the trail key (output ``TrailKeyArn`` of the log-archive
        stack). Until it is set, only the log-archive and security stacks are synthesized: a trail
        key in another account must be named by key ARN, not by alias. Default: none.
    :param cloud_watch_logs_retention_days: Retention of the trails' log groups, a value CloudWatch
        Logs accepts. Default: 365 (AWS Control Tower's CT.CLOUDWATCH.PR.2 asks for at least a year).
    :param log_readers: IAM role ARNs that may read and decrypt every log file. Default: none.
    :param organization_reads_logs: Organization layout: let every principal of the organization
        decrypt log files (``aws:PrincipalOrgID``; they still need IAM permissions). Default: False.
    :param log_reader_accounts: Accounts layout: accounts that get a role in the log-archive account
        that reads only their own ``AWSLogs/<account>/`` prefix. Default: none.
    :param query_accounts: Accounts whose log files the Athena table in the log-archive account reads
        (its ``account`` partition values). Default: the trail accounts in the accounts layout; none
        in the organization layout, whose accounts come and go: then no Athena table is created.
    :param queries_in: Where the Athena table, workgroup and saved queries live: "log-archive" (next
        to the bucket and key) or "security" (then every principal of the security account that IAM
        allows may read and decrypt the log files). Default: "log-archive".
    :param alerts: Catalogue alert ids to create. Default: every catalogue alert.
    :param alert_emails: Addresses subscribed to the alert topics. Default: none.
    :param guardrails: Organization layout: attach a service control policy that stops member
        accounts from stopping, deleting or changing trails and changing the log archive's policies.
        Default: True.
    :param exempt_role_names: Role names (``*`` allowed) the guardrail SCP lets through, besides
        StackSets' own ``stacksets-exec-*``. Default: the CDK deployment role.
    :param control_tower: AWS Control Tower already runs the organization trail into its own log
        archive (bucket ``aws-controltower-logs-<log archive>-<home Region>``; set ``s3_key_prefix``
        to the trail's prefix, the organization id): create no second trail, log bucket or key, only
        what Control Tower lacks (alarms, forwarding, readers, guardrails). Default: False.
    :param control_tower_log_group_name: Name of Control Tower's CloudTrail log group in the
        management account (``aws-controltower/CloudTrailLogs...``, read it from ``aws cloudtrail
        describe-trails``), for the metric-filter alarms. Default: no metric-filter alarms.
    :param event_bus_count: Accounts layout: central event buses to spread the accounts over (each
        bus policy lists its accounts and holds at most 10,240 characters, about 650 accounts).
        An account uses bus ``crc32(account id) % event_bus_count``; at most 2 (each bus has its own alert
        rules on the central topic, whose policy admits 50). Default: 1.
    :param delegated_administrator_account: Not supported; present so that setting it gets an
        explanation instead of being ignored.
    """

    layout: Layout
    home_region: str
    log_archive_account: str
    security_account: str
    management_account: str | None = None
    organization_id: str | None = None
    member_organizational_units: tuple[str, ...] = ()
    member_regions: tuple[str, ...] = ()
    trail_accounts: tuple[str, ...] = ()
    trail_name: str = "audit-trail"
    s3_key_prefix: str | None = None
    trail_key_arn: str | None = None
    cloud_watch_logs_retention_days: int = 365
    log_readers: tuple[str, ...] = ()
    organization_reads_logs: bool = False
    log_reader_accounts: tuple[str, ...] = ()
    query_accounts: tuple[str, ...] = ()
    queries_in: str = "log-archive"
    alerts: tuple[str, ...] | None = None
    alert_emails: tuple[str, ...] = ()
    guardrails: bool = True
    exempt_role_names: tuple[str, ...] = DEFAULT_EXEMPT_ROLE_NAMES
    control_tower: bool = False
    control_tower_log_group_name: str | None = None
    event_bus_count: int = 1
    delegated_administrator_account: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping, *, source: str = "the configuration") -> "LayoutConfig":
        """A configuration from plain data (``cdk.json`` context, a JSON file): lists become tuples."""
        if not isinstance(data, Mapping):
            raise ConfigurationError(
                f"{source} is {type(data).__name__}, not a mapping of settings. Give an object such as "
                f'{{"layout": "organization", "home_region": "us-east-1", ...}}.'
            )
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known, key=str)
        if unknown:
            raise ConfigurationError(
                f"{source} has unknown setting(s) {', '.join(map(repr, unknown))}. Allowed: "
                f"{', '.join(sorted(known))}."
            )
        missing = [name for name in REQUIRED_SETTINGS if name not in data]
        if missing:
            raise ConfigurationError(
                f"{source} lacks the required setting(s) {', '.join(missing)}. Add them, for example "
                f'"layout": "organization", "home_region": "us-east-1", "log_archive_account": '
                f'"111122223333", "security_account": "444455556666".'
            )
        values = {name: tuple(value) if isinstance(value, list) else value for name, value in data.items()}
        layout = values["layout"]
        if not isinstance(layout, str) or layout not in {member.value for member in Layout}:
            raise ConfigurationError(
                f"{source}: layout {layout!r} is not a layout (allowed: "
                f"{', '.join(repr(member.value) for member in Layout)}). Set \"layout\": \"organization\" (one "
                f'organization trail) or "accounts" (a trail per account).'
            )
        values["layout"] = Layout(layout)
        return cls(**values)

    def __post_init__(self) -> None:
        if not isinstance(self.layout, Layout):
            raise ConfigurationError(
                f"layout is {self.layout!r}, but it must be Layout.ORGANIZATION or Layout.ACCOUNTS. Pass the "
                f"member itself, for example layout=Layout.ORGANIZATION (from_mapping takes the string "
                f"'organization' or 'accounts')."
            )
        self._check_types()
        if not self.member_regions:
            object.__setattr__(self, "member_regions", (self.home_region,))
        self._check_accounts()
        self._check_regions()
        self._check_trail()
        self._check_readers_and_alerts()
        if self.layout is Layout.ORGANIZATION:
            self._check_organization()
        else:
            self._check_accounts_layout()

    # -- validation ------------------------------------------------------------------------

    def _check_types(self) -> None:
        """Each setting has its type (lists become tuples of strings without repeats), so that the
        checks below and the stacks never meet a TypeError."""
        check_instance(self.home_region, str, parameter="home_region", example="'us-east-1'")
        check_instance(self.trail_name, str, parameter="trail_name", example="'audit-trail'")
        for name, example in (("s3_key_prefix", "'cloudtrail'"), ("trail_key_arn", "'arn:aws:kms:...'"),
                              ("management_account", "'111122223333'"), ("organization_id", "'o-a1b2c3d4e5'")):
            if getattr(self, name) is not None:
                check_instance(getattr(self, name), str, parameter=name, example=example)
        for name, example in _LIST_SETTINGS.items():
            value = getattr(self, name)
            if value is None and name == "alerts":  # None: every catalogue alert
                continue
            items = tuple(as_list(value, parameter=name, example=example))
            for item in items:
                if not isinstance(item, str):
                    raise ConfigurationError(
                        f"{name} contains {item!r} of type {type(item).__name__}, but every item must be a "
                        f"string. Pass, for example, {name}={example}."
                    )
            repeated = sorted(item for item, times in Counter(items).items() if times > 1)
            if repeated:
                raise ConfigurationError(
                    f"{name} lists {', '.join(map(repr, repeated))} more than once. List each once."
                )
            object.__setattr__(self, name, items)
        for name in ("guardrails", "control_tower", "organization_reads_logs"):
            check_bool(getattr(self, name), parameter=name)
        for name, example in (("cloud_watch_logs_retention_days", "365"), ("event_bus_count", "2")):
            check_instance(getattr(self, name), int, parameter=name, example=example)

    def _check_accounts(self) -> None:
        if self.delegated_administrator_account is not None:
            raise ConfigurationError(
                "delegated_administrator_account is set, but the organization trail must be deployed "
                "from the management account: CloudFormation cannot create an organization trail from "
                "a CloudTrail delegated administrator account (it starts logging by name and fails). "
                "Remove delegated_administrator_account; the management stack deploys the trail."
            )
        check_account_id(self.log_archive_account, parameter="log_archive_account")
        check_account_id(self.security_account, parameter="security_account")
        if self.management_account is not None:
            check_account_id(self.management_account, parameter="management_account")
        for name in ("trail_accounts", "log_reader_accounts", "query_accounts"):
            check_account_ids(getattr(self, name), parameter=name)

    def _check_regions(self) -> None:
        for name, regions in (("home_region", (self.home_region,)), ("member_regions", self.member_regions)):
            for region in regions:
                if region not in known_regions():
                    raise ConfigurationError(
                        f"{name} {region!r} is not an AWS Region (expected a name such as 'us-east-1' or "
                        f"'eu-west-1'; known: {len(known_regions())} Regions from aws-cdk-lib's RegionInfo). "
                        f"Fix the name, or upgrade aws-cdk-lib if the Region is new."
                    )
        partitions = {self.partition_of(region) for region in (self.home_region, *self.member_regions)}
        if len(partitions) > 1:
            raise ConfigurationError(
                f"home_region and member_regions span partitions {sorted(partitions)}: a trail and its "
                f"accounts live in one partition. Make one layout per partition."
            )

    def _check_trail(self) -> None:
        check_trail_name(self.trail_name)
        if self.s3_key_prefix is not None:
            check_s3_key_prefix(self.s3_key_prefix)
        if self.cloud_watch_logs_retention_days not in CLOUDWATCH_LOGS_RETENTION_DAYS:
            raise ConfigurationError(
                f"cloud_watch_logs_retention_days {self.cloud_watch_logs_retention_days} is not a retention "
                f"CloudWatch Logs accepts (allowed: {', '.join(map(str, sorted(CLOUDWATCH_LOGS_RETENTION_DAYS)))})."
            )
        if self.trail_key_arn is not None:
            match = _KEY_ARN.fullmatch(self.trail_key_arn) if isinstance(self.trail_key_arn, str) else None
            if match is None:
                raise ConfigurationError(
                    f"trail_key_arn {self.trail_key_arn!r} is not a KMS key ARN (expected arn:aws:kms:"
                    f"<region>:<account>:key/<key id>). A trail key in another account must be named by its "
                    f"full key ARN, not an alias: copy the log-archive stack's output TrailKeyArn."
                )
            where = (match["partition"], match["account"], match["region"])
            if where != (self.partition, self.log_archive_account, self.home_region):
                raise ConfigurationError(
                    f"trail_key_arn {self.trail_key_arn!r} is in partition {match['partition']}, account "
                    f"{match['account']} and Region {match['region']}, but the trail key lives in the "
                    f"log-archive account {self.log_archive_account} in the home Region {self.home_region} "
                    f"(partition {self.partition}). Copy the log-archive stack's output TrailKeyArn."
                )

    def _check_readers_and_alerts(self) -> None:
        if self.queries_in not in QUERY_ACCOUNTS:
            raise ConfigurationError(
                f"queries_in {self.queries_in!r} is not where queries can live (allowed: "
                f"{', '.join(map(repr, QUERY_ACCOUNTS))}). Use 'log-archive' to keep reads in the account of the logs."
            )
        for reader in self.log_readers:
            match = _ROLE_ARN.fullmatch(reader)
            if match is None:
                raise ConfigurationError(
                    f"log_readers {reader!r} is not an IAM role ARN (expected arn:{self.partition}:iam::<12 "
                    f"digits>:role/<name>). Give the role's ARN, for example "
                    f"'arn:{self.partition}:iam::111122223333:role/log-reader'."
                )
            if match["partition"] != self.partition:
                raise ConfigurationError(
                    f"log_readers {reader!r} is in partition {match['partition']}, but the log bucket is in "
                    f"{self.partition} (home_region {self.home_region}). Name roles of the {self.partition} partition."
                )
        check_email_addresses(list(self.alert_emails), parameter="alert_emails")
        if self.alerts is not None:
            known = catalogue()
            if not self.alerts:
                raise ConfigurationError(
                    "alerts is empty, so no alert would be created. Name catalogue alerts, for example "
                    "alerts=['root-account-usage'], or leave alerts unset for all of them."
                )
            unknown = [alert for alert in self.alerts if alert not in known]
            if unknown:
                raise ConfigurationError(
                    f"alerts {list(self.alerts)!r} must name catalogue alerts; unknown: {unknown!r}. Known: "
                    f"{', '.join(known)}. Leave alerts unset for all of them."
                )
        for name in self.exempt_role_names:
            if not _ROLE_NAME_PATTERN.fullmatch(name):
                raise ConfigurationError(
                    f"exempt_role_names {name!r} is not an IAM role name (1 to 64 of letters, digits and "
                    f"+=,.@_- with * as a wildcard), for example 'cdk-hnb659fds-cfn-exec-role-*'."
                )

    def _check_organization(self) -> None:
        if self.management_account is None or self.organization_id is None:
            raise ConfigurationError(
                "The organization layout needs management_account and organization_id (o-...): the "
                "organization trail lives in the management account and writes AWSLogs/<organization id>/. "
                "Find both with 'aws organizations describe-organization'."
            )
        check_organization_id(self.organization_id, parameter="organization_id")
        for role in ("log_archive_account", "security_account"):
            if getattr(self, role) == self.management_account:
                raise ConfigurationError(
                    f"{role} {self.management_account} is also the management account. Keep the log archive "
                    f"and security tooling out of the management account: service control policies do not "
                    f"apply to it, and StackSets never deploy to it. Use separate member accounts."
                )
        if not self.member_organizational_units:
            raise ConfigurationError(
                "member_organizational_units is empty, so no member account would forward its events. "
                "Name the root (r-...) for the whole organization, or the OUs (ou-...) to cover."
            )
        for unit in self.member_organizational_units:
            if isinstance(unit, str) and unit.startswith("o-"):
                raise ConfigurationError(
                    f"member_organizational_units {unit!r} is the organization id; StackSets target roots and "
                    f"OUs only. Use the root id (r-..., from 'aws organizations list-roots') for the whole "
                    f"organization."
                )
            if not isinstance(unit, str) or not _OU_ID.fullmatch(unit):
                raise ConfigurationError(
                    f"member_organizational_units {unit!r} is not a root or OU id (expected r- followed by 4 "
                    f"to 32 lowercase letters or digits, or ou-<4 to 32>-<8 to 32>, for example 'ou-ab12-cd34ef56')."
                )
        if len(self.member_organizational_units) > MAX_ORGANIZATIONAL_UNITS:
            raise ConfigurationError(
                f"member_organizational_units names {len(self.member_organizational_units)} OUs, but one "
                f"StackSet operation takes at most {MAX_ORGANIZATIONAL_UNITS}. Name a parent OU or the root "
                f"instead of its children."
            )
        accounts_only = [name for name in ("trail_accounts", "log_reader_accounts") if getattr(self, name)] + (
            ["event_bus_count"] if self.event_bus_count != 1 else []
        )
        if accounts_only:
            raise ConfigurationError(
                f"{', '.join(accounts_only)} belong to the accounts layout; the organization trail covers every "
                f"account with policies that do not list accounts. Remove them, or set layout='accounts'."
            )
        if self.control_tower_log_group_name is not None:
            if not self.control_tower:
                raise ConfigurationError(
                    "control_tower_log_group_name is set but control_tower is False. Set control_tower=True when "
                    "AWS Control Tower runs the organization trail, or remove control_tower_log_group_name."
                )
            check_log_group_name(self.control_tower_log_group_name, parameter="control_tower_log_group_name")

    def _check_accounts_layout(self) -> None:
        if not self.trail_accounts:
            raise ConfigurationError(
                "The accounts layout needs trail_accounts: the 12-digit ids of the accounts that run a "
                "trail into the central bucket."
            )
        organization_only = [
            name for name in ("management_account", "organization_id", "control_tower_log_group_name")
            if getattr(self, name) is not None
        ] + [name for name in ("member_organizational_units",) if getattr(self, name)] + [
            name for name in ("control_tower", "organization_reads_logs") if getattr(self, name)
        ]
        if organization_only:
            raise ConfigurationError(
                f"{', '.join(organization_only)} belong to the organization layout. Remove them, or set "
                f"layout='organization'."
            )
        unknown_readers = sorted(set(self.log_reader_accounts) - set(self.trail_accounts))
        if unknown_readers:
            raise ConfigurationError(
                f"log_reader_accounts {unknown_readers} are not in trail_accounts, so they have no logs to read. "
                f"Add them to trail_accounts, or remove them from log_reader_accounts."
            )
        if not 1 <= self.event_bus_count <= MAX_EVENT_BUSES:
            raise ConfigurationError(
                f"event_bus_count {self.event_bus_count} must be between 1 and {MAX_EVENT_BUSES}: each central bus "
                f"has its own alert rules on the central alert topic, whose policy admits 50 rules. Set "
                f"event_bus_count to 1, or to {MAX_EVENT_BUSES} for more than about {ACCOUNTS_PER_EVENT_BUS} accounts."
            )
        busiest = self._busiest_event_bus(self.event_bus_count)
        if busiest > ACCOUNTS_PER_EVENT_BUS:
            fits = [count for count in range(self.event_bus_count + 1, MAX_EVENT_BUSES + 1)
                    if self._busiest_event_bus(count) <= ACCOUNTS_PER_EVENT_BUS]
            fix = (
                f"Set event_bus_count to {fits[0]}." if fits else
                f"No event_bus_count up to {MAX_EVENT_BUSES} spreads these {len(self.trail_accounts)} accounts "
                f"(an account uses bus crc32(account id) % event_bus_count): split the accounts across two layouts with "
                f"their own security account, or move to the organization layout, whose bus policy does not "
                f"list accounts."
            )
            raise ConfigurationError(
                f"event_bus_count {self.event_bus_count} puts {busiest} accounts on one central event bus, but "
                f"a bus policy of {MAX_EVENT_BUS_POLICY_LENGTH} characters lists at most about "
                f"{ACCOUNTS_PER_EVENT_BUS}. {fix}"
            )

    def _busiest_event_bus(self, count: int) -> int:
        """The most trail accounts on one bus when they are spread over ``count`` buses."""
        return max(Counter(_bus_index(account, count) for account in self.trail_accounts).values())

    # -- derived names -------------------------------------------------------------------------

    @staticmethod
    def partition_of(region: str) -> str:
        """The partition of a Region (``aws``, ``aws-cn``, ``aws-us-gov``...)."""
        return _partition_of(region)

    @property
    def partition(self) -> str:
        """The partition of the home Region."""
        return self.partition_of(self.home_region)

    @property
    def log_bucket_name(self) -> str:
        """The central log bucket: ``cloudtrail-logs-<log-archive account>-<home Region>``, or
        beside AWS Control Tower its bucket, ``aws-controltower-logs-<log-archive account>-<home Region>``."""
        owner = "aws-controltower-logs" if self.control_tower else "cloudtrail-logs"
        return f"{owner}-{self.log_archive_account}-{self.home_region}"

    @property
    def trail_key_alias(self) -> str:
        """The trail key's alias in the log-archive account."""
        return f"alias/cloudtrail/{self.trail_name.replace('.', '-')}"

    def trail_arn(self, account: str) -> str:
        """The ARN of the trail of ``account`` (the organization trail: the management account)."""
        return f"arn:{self.partition}:cloudtrail:{self.home_region}:{account}:trail/{self.trail_name}"

    @property
    def trail_owner_accounts(self) -> tuple[str, ...]:
        """Accounts whose trails write into the central bucket."""
        return (self.management_account,) if self.layout is Layout.ORGANIZATION else self.trail_accounts

    @property
    def queried_accounts(self) -> tuple[str, ...]:
        """Accounts the Athena table reads: ``query_accounts``, else the trail accounts (accounts layout)."""
        if self.query_accounts or self.layout is Layout.ORGANIZATION:
            return self.query_accounts
        return self.trail_accounts

    @property
    def queried_regions(self) -> tuple[str, ...]:
        """Regions the Athena table reads: the member Regions and the home Region, and us-east-1 in
        the aws partition (multi-Region trails record global-service events there)."""
        regions = {self.home_region, *self.member_regions}
        if self.partition == "aws":
            regions.add("us-east-1")
        return tuple(sorted(regions))

    @property
    def alert_topic_name(self) -> str:
        """The central alert topic in the security account."""
        return "security-alerts"

    def event_bus_index(self, account: str) -> int:
        """Which central bus ``account`` forwards to (stable when other accounts come and go)."""
        return _bus_index(account, self.event_bus_count)

    def event_bus_name(self, index: int = 0) -> str:
        """The name of central bus ``index`` (0 to ``event_bus_count - 1``)."""
        self.check_event_bus_index(index)
        return "security-events" if self.event_bus_count == 1 else f"security-events-{index}"

    def check_layout(self, layout: Layout, *, what: str) -> None:
        """``what`` belongs to ``layout``: a ``ConfigurationError`` for a configuration of the other."""
        if self.layout is not layout:
            raise ConfigurationError(
                f"{what} belongs to the {layout.value} layout, but this configuration has layout="
                f"{self.layout.value!r}. Set layout to {layout.value!r}, or use add_layout(app, config), "
                f"which adds the stacks of config.layout."
            )

    def check_event_bus_index(self, index: int) -> None:
        """``index`` names one of the central buses (a ``ConfigurationError`` otherwise)."""
        check_instance(index, int, parameter="event_bus_index", example="config.event_bus_index(account)")
        if not 0 <= index < self.event_bus_count:
            raise ConfigurationError(
                f"event_bus_index {index} names no central event bus: this layout has {self.event_bus_count} "
                f"(indexes 0 to {self.event_bus_count - 1}). Use config.event_bus_index(account), the bus "
                f"the security account's policy lists the account on."
            )

    def event_bus_arn(self, index: int = 0) -> str:
        """The ARN of central bus ``index`` in the security account's home Region."""
        return (
            f"arn:{self.partition}:events:{self.home_region}:{self.security_account}:event-bus/"
            f"{self.event_bus_name(index)}"
        )

    def event_bus_accounts(self, index: int) -> tuple[str, ...]:
        """Accounts layout: the accounts that forward to bus ``index``."""
        return tuple(account for account in self.trail_accounts if self.event_bus_index(account) == index)

    @property
    def alert_ids(self) -> list[str] | None:
        """The configured alerts as ``SecurityAlerts`` takes them (None: the whole catalogue)."""
        return None if self.alerts is None else list(self.alerts)

    @property
    def trail_key_arns(self) -> list[str]:
        """The trail key's ARN as the alerts take it (the key's own events are alerted on); none until
        ``trail_key_arn`` is set."""
        return [self.trail_key_arn] if self.trail_key_arn else []

    @property
    def scp_exempt_role_names(self) -> tuple[str, ...]:
        """Roles the guardrail SCP lets through: the configured ones and StackSets' execution role."""
        return (*self.exempt_role_names, STACKSETS_EXECUTION_ROLE_PATTERN)
