"""The Glue database and table over the trail's log files in S3, with partition projection."""

import datetime
import re
from collections.abc import Sequence

import aws_cdk as cdk
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from .._shared import policies
from .._shared.errors import ConfigurationError
from .._shared.resource_policy import add_statements_or_report
from .._shared.signatures import visible_signature
from .._shared.validation import (
    as_list,
    check_account_id,
    check_interface,
    check_organization_id,
    check_s3_key_prefix,
    is_token,
)
from ._days import DAY_FORMAT, format_day, parse_day
from ._grants import grant_statements

# The data columns of AWS's table for CloudTrail logs, as Glue stores their types (lower case, no
# spaces). Athena User Guide, "Create the table for CloudTrail logs in Athena using partition
# projection": https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html
# The JSON objects whose shape varies by event (requestparameters, responseelements,
# additionaleventdata, serviceeventdetails, ...) stay strings: read them with json_extract_scalar.
COLUMNS: dict[str, str] = {
    "eventversion": "string",
    "useridentity": (
        "struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,"
        "accesskeyid:string,username:string,onbehalfof:struct<userid:string,identitystorearn:string>,"
        "sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>,"
        "sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>,"
        "ec2roledelivery:string,webidfederationdata:struct<federatedprovider:string,"
        "attributes:map<string,string>>>>"
    ),
    "eventtime": "string",
    "eventsource": "string",
    "eventname": "string",
    "awsregion": "string",
    "sourceipaddress": "string",
    "useragent": "string",
    "errorcode": "string",
    "errormessage": "string",
    "requestparameters": "string",
    "responseelements": "string",
    "additionaleventdata": "string",
    "requestid": "string",
    "eventid": "string",
    "readonly": "string",
    "resources": "array<struct<arn:string,accountid:string,type:string>>",
    "eventtype": "string",
    "apiversion": "string",
    "recipientaccountid": "string",
    "serviceeventdetails": "string",
    "sharedeventid": "string",
    "vpcendpointid": "string",
    "vpcendpointaccountid": "string",
    "eventcategory": "string",
    "addendum": "struct<reason:string,updatedfields:string,originalrequestid:string,originaleventid:string>",
    "sessioncredentialfromconsole": "string",
    "edgedevicedetails": "string",
    "tlsdetails": "struct<tlsversion:string,ciphersuite:string,clientprovidedhostheader:string>",
}
# The partition columns, projected from the log files' keys: .../<account>/CloudTrail/<region>/<yyyy/MM/dd>/.
# ``timestamp`` is the name AWS's table uses, so AWS's published queries run unchanged.
ACCOUNT_PARTITION = "account"
REGION_PARTITION = "region"
DAY_PARTITION = "timestamp"
PARTITION_KEYS = (ACCOUNT_PARTITION, REGION_PARTITION, DAY_PARTITION)

# AWS's current recipe: CloudTrail's input format (one row per element of "Records") with the Hive
# JSON SerDe, which replaced com.amazon.emr.hive.serde.CloudTrailSerde in AWS's DDL in November 2022.
DATA_FORMAT_INPUT = "com.amazon.emr.cloudtrail.CloudTrailInputFormat"
DATA_FORMAT_SERDE = "org.apache.hive.hcatalog.data.JsonSerDe"

DEFAULT_FIRST_DAY = "2020/01/01"
DEFAULT_DATABASE_NAME = "cloudtrail"
DEFAULT_TABLE_NAME = "cloudtrail_logs"
# IAM, STS (global endpoint), CloudFront, Organizations and console sign-in events are recorded in us-east-1.
GLOBAL_EVENTS_REGION = "us-east-1"
NO_GLOBAL_EVENTS_REGION_WARNING = "constructs-lib:query-regions-without-us-east-1"

# Glue and Athena: lower-case letters, digits and underscores, at most 255 characters.
_CATALOG_NAME = re.compile(r"[a-z0-9_]{1,255}")
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d{1,2}")


def check_catalog_name(value: str, *, parameter: str) -> None:
    """A Glue database or table name Athena can query without quoting."""
    if is_token(value):
        return
    if not isinstance(value, str) or not _CATALOG_NAME.fullmatch(value):
        raise ConfigurationError(
            f"{parameter} {value!r} is not a name Athena accepts for databases and tables (allowed: 1 to "
            f"255 lower-case letters, digits and underscores). Use, for example, 'cloudtrail_logs'."
        )


def check_accounts(accounts: Sequence[str]) -> list[str]:
    """At least one account id, each once; they become the ``account`` partition's enum values."""
    values = as_list(accounts, parameter="accounts", example="['111122223333']")
    if not values:
        raise ConfigurationError(
            "accounts is empty, so the table would have no partition to read. Name every account whose "
            "log files the trail writes, for example accounts=['111122223333']."
        )
    for account in values:
        if is_token(account):
            raise ConfigurationError(
                f"accounts holds {account!r}, a value known only at deploy time, but partition projection "
                f"needs the account ids at synth time. Pass the account ids as strings."
            )
        check_account_id(account, parameter="accounts")
    _check_unique(values, parameter="accounts")
    return values


def check_regions(regions: Sequence[str]) -> list[str]:
    """At least one Region name, each once; they become the ``region`` partition's enum values."""
    values = as_list(regions, parameter="regions", example="['us-east-1', 'eu-west-1']")
    if not values:
        raise ConfigurationError(
            "regions is empty, so the table would have no partition to read. Name every Region the trail "
            "records, for example regions=['us-east-1', 'eu-west-1']."
        )
    for region in values:
        if not isinstance(region, str) or is_token(region) or not _REGION.fullmatch(region):
            raise ConfigurationError(
                f"regions holds {region!r}, which is not an AWS Region name (expected, for example, "
                f"'us-east-1' or 'eu-central-2', as a string known at synth time). Fix the Region name."
            )
    _check_unique(values, parameter="regions")
    return values


def _check_unique(values: list[str], *, parameter: str) -> None:
    repeated = sorted({value for value in values if values.count(value) > 1})
    if repeated:
        raise ConfigurationError(
            f"{parameter} names {', '.join(repeated)} more than once; Athena would read those partitions "
            f"twice and count every event double. Name each once."
        )


def check_first_day(first_day) -> str:
    """The first day of the date partition's range: a real day, not in the future."""
    day = parse_day(first_day, parameter="first_day")
    today = datetime.datetime.now(datetime.timezone.utc).date()
    if day > today:
        raise ConfigurationError(
            f"first_day {format_day(day)} is in the future (today is {format_day(today)} UTC), so the "
            f"table's day partitions would be empty. Pass the day the trail started logging, or earlier."
        )
    return format_day(day)


@visible_signature
class CloudTrailTable(Construct):
    """The Glue database and table that let Athena query the trail's log files in place.

    Defines an ``AWS::Glue::Database`` and an ``AWS::Glue::Table`` (aws-cdk-lib's ``glue.S3Table``)
    with AWS's columns for CloudTrail records (``COLUMNS``, nested ``useridentity`` with its
    ``sessioncontext``, the ``resources`` array, ``tlsdetails``, ``addendum``), CloudTrail's input
    format with the Hive JSON SerDe, and partition projection on three partition columns:
    ``account`` (enum of ``accounts``), ``region`` (enum of ``regions``) and ``timestamp`` (the day,
    ``yyyy/MM/dd``, from ``first_day`` to today). Athena computes the partitions from the query's
    predicates, so a query that names its days, accounts and Regions reads only those folders, and
    no crawler or ``ALTER TABLE ADD PARTITION`` is ever needed.

    Log file layouts (``storage.location.template``):
    single and multi-account trails ``s3://<bucket>/[<prefix>/]AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/``;
    organization trails ``s3://<bucket>/[<prefix>/]AWSLogs/<organization id>/<account>/CloudTrail/...``.

    :param bucket: The bucket the trail writes to.
    :param key: The KMS key that encrypts the log files (for ``grant_read_logs``).
    :param accounts: The accounts whose log files the table reads (the ``account`` enum).
    :param regions: The Regions the trail records (the ``region`` enum). Include us-east-1: events
        of global services such as IAM and console sign-in are recorded there.
    :param organization_id: For an organization trail, the organization's id (its files are under
        ``AWSLogs/<organization id>/``). Default: not an organization trail.
    :param s3_key_prefix: The trail's S3 key prefix. Default: none (``AWSLogs/`` at the bucket's root).
    :param first_day: First day of the date projection, ``yyyy/MM/dd`` or a ``datetime.date``.
        Default: 2020/01/01 (as in AWS's example; days without files cost nothing).
    :param database_name: Glue database name. Default: ``cloudtrail``.
    :param table_name: Glue table name. Default: ``cloudtrail_logs``.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        bucket: s3.IBucket,
        key: kms.IKey,
        accounts: Sequence[str],
        regions: Sequence[str],
        organization_id: str | None = None,
        s3_key_prefix: str | None = None,
        first_day: str | datetime.date = DEFAULT_FIRST_DAY,
        database_name: str = DEFAULT_DATABASE_NAME,
        table_name: str = DEFAULT_TABLE_NAME,
    ) -> None:
        check_interface(bucket, parameter="bucket", interface="s3.IBucket", attribute="bucket_arn", example="trail.bucket")
        check_interface(key, parameter="key", interface="kms.IKey", attribute="key_arn", example="trail.key")
        self.accounts = check_accounts(accounts)
        self.regions = check_regions(regions)
        if organization_id is not None:
            check_organization_id(organization_id, parameter="organization_id")
        if s3_key_prefix is not None:
            check_s3_key_prefix(s3_key_prefix)
        self.first_day = check_first_day(first_day)
        check_catalog_name(database_name, parameter="database_name")
        check_catalog_name(table_name, parameter="table_name")
        super().__init__(scope, construct_id)
        self.bucket = bucket
        self.key = key
        self.organization_id = organization_id

        aws_logs = f"{s3_key_prefix}/AWSLogs" if s3_key_prefix else "AWSLogs"
        self.log_prefix = f"{aws_logs}/{organization_id}/" if organization_id else f"{aws_logs}/"
        """Key prefix under which every account's ``<account>/CloudTrail/`` folder is."""
        self.location_template = (
            f"s3://{bucket.bucket_name}/{self.log_prefix}${{{ACCOUNT_PARTITION}}}/CloudTrail/"
            f"${{{REGION_PARTITION}}}/${{{DAY_PARTITION}}}/"
        )
        """The ``storage.location.template``: where the files of one account, Region and day are."""

        self.database = glue.Database(self, "Database", database_name=database_name)
        self.table = glue.S3Table(
            self,
            "Resource",
            database=self.database,
            table_name=table_name,
            description="AWS CloudTrail log files, partitioned by account, Region and day (partition projection)",
            storage=glue.S3TableStorage.from_bucket(bucket),
            s3_prefix=self.log_prefix,
            columns=[glue.Column(name=name, type=_glue_type(type_string)) for name, type_string in COLUMNS.items()],
            partition_keys=[glue.Column(name=name, type=glue.Schema.STRING) for name in PARTITION_KEYS],
            data_format=glue.DataFormat(
                input_format=glue.InputFormat.CLOUDTRAIL,
                output_format=glue.OutputFormat.HIVE_IGNORE_KEY_TEXT,
                serialization_library=glue.SerializationLibrary.HIVE_JSON,
            ),
            # SSE-KMS needs no flag; has_encrypted_data=true means client-side encryption (CSE-KMS) to Athena.
            has_encrypted_data=False,
            partition_projection={
                ACCOUNT_PARTITION: glue.PartitionProjectionConfiguration.enum(values=self.accounts),
                REGION_PARTITION: glue.PartitionProjectionConfiguration.enum(values=self.regions),
                DAY_PARTITION: glue.PartitionProjectionConfiguration.date(
                    min=self.first_day,
                    max="NOW",
                    format=DAY_FORMAT,
                    step=glue.DateProjectionStep(interval=1, interval_unit=glue.DateIntervalUnit.DAYS),
                ),
            },
            parameters={"EXTERNAL": "TRUE", "storage.location.template": self.location_template},
        )
        self.database_name = database_name
        self.table_name = table_name
        if GLOBAL_EVENTS_REGION not in self.regions:
            cdk.Annotations.of(self).add_warning_v2(
                NO_GLOBAL_EVENTS_REGION_WARNING,
                f"regions {self.regions} leaves out {GLOBAL_EVENTS_REGION}, where CloudTrail records the "
                f"events of global services (IAM, STS, console sign-in, Organizations, CloudFront): queries "
                f"for root activity, sign-ins or IAM changes will not see them. Add '{GLOBAL_EVENTS_REGION}'.",
            )

    @property
    def qualified_name(self) -> str:
        """``"<database>"."<table>"``, as queries name the table."""
        return f'"{self.database_name}"."{self.table_name}"'

    @property
    def table_arn(self) -> str:
        """The ARN of the Glue table."""
        return self.table.table_arn

    def log_statements(self) -> list[iam.PolicyStatement]:
        """What a principal running a query needs on the log files and the table.

        Reading the log files of every account (not the digest files) and listing only under the
        log folders; decrypting through S3 only, only CloudTrail log files; and the Glue catalog,
        database and table (Athena checks a table and each of its parents).

        When the key belongs to another account, its owner must also let this account decrypt: the
        construct warns and writes that statement to a stack output.
        """
        self._allow_this_account_on_foreign_key()
        stack = cdk.Stack.of(self)
        log_objects = f"{self.log_prefix}*/CloudTrail/*"
        return [
            iam.PolicyStatement(actions=["s3:GetObject"], resources=[self.bucket.arn_for_objects(log_objects)]),
            iam.PolicyStatement(
                actions=["s3:ListBucket"],
                resources=[self.bucket.bucket_arn],
                conditions={"StringLike": {"s3:prefix": [log_objects]}},
            ),
            iam.PolicyStatement(actions=["s3:GetBucketLocation"], resources=[self.bucket.bucket_arn]),
            iam.PolicyStatement(
                actions=["kms:Decrypt"],
                resources=[self.key.key_arn],
                conditions={
                    "StringEquals": {"kms:ViaService": f"s3.{self.bucket.env.region}.amazonaws.com"},
                    "StringLike": {
                        "kms:EncryptionContext:aws:cloudtrail:arn": policies.trail_arns_of(stack.partition)
                    },
                },
            ),
            iam.PolicyStatement(
                actions=["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"],
                resources=[
                    stack.format_arn(service="glue", resource="catalog", arn_format=cdk.ArnFormat.NO_RESOURCE_NAME),
                    self.database.database_arn,
                    self.table.table_arn,
                ],
            ),
        ]

    def grant_read_logs(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let ``grantee`` read the table and the log files it points to (see ``log_statements``)."""
        return grant_statements(grantee, self.log_statements())

    def _allow_this_account_on_foreign_key(self) -> None:
        stack = cdk.Stack.of(self)
        key_account = self.key.env.account
        if self.node.try_find_child("RequiredPolicyForTrailKey") or cdk.Token.is_unresolved(key_account):
            return
        if key_account == stack.account:
            return
        add_statements_or_report(
            self,
            self.key,
            [policies.log_reader_key_statement(account=stack.account, trail_owner_accounts=["*"], partition=stack.partition)],
            what=f"the policy of trail key {self.key.key_arn}",
            output_id="RequiredPolicyForTrailKey",
            consequence="queries fail with AccessDenied on the log files until its owner adds them",
        )


def _glue_type(type_string: str) -> glue.Type:
    """The ``glue.Schema`` type of a Glue type string such as ``struct<arn:string,tags:map<string,string>>``."""
    glue_type, rest = _parse_type(type_string)
    assert not rest, type_string
    return glue_type


def _parse_type(text: str) -> tuple[glue.Type, str]:
    if text.startswith("string"):
        return glue.Schema.STRING, text[len("string"):]
    if text.startswith("array<"):
        item, rest = _parse_type(text[len("array<"):])
        return glue.Schema.array(item), rest[1:]
    if text.startswith("map<"):
        key, rest = _parse_type(text[len("map<"):])
        value, rest = _parse_type(rest[1:])
        return glue.Schema.map(key, value), rest[1:]
    if text.startswith("struct<"):
        fields, rest = [], text[len("struct<"):]
        while True:
            name, rest = rest.split(":", 1)
            field_type, rest = _parse_type(rest)
            fields.append(glue.Column(name=name, type=field_type))
            separator, rest = rest[0], rest[1:]
            if separator == ">":
                return glue.Schema.struct(fields), rest
    raise ValueError(f"unsupported Glue type {text!r}")
