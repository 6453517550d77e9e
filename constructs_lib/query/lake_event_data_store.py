"""An opt-in CloudTrail Lake event data store, for organizations that already use CloudTrail Lake."""

from collections.abc import Sequence

import aws_cdk as cdk
from aws_cdk import aws_cloudtrail as cloudtrail
from aws_cdk import aws_kms as kms
from constructs import Construct

from .._shared import policies
from .._shared.errors import ConfigurationError
from .._shared.keys import customer_managed_key
from .._shared.resource_policy import add_statements_or_report
from .._shared.signatures import visible_signature
from .._shared.validation import as_list, check_bool, check_interface, check_positive_days

LAKE_AVAILABILITY_WARNING = "constructs-lib:cloudtrail-lake-availability"
DEFAULT_RETENTION = cdk.Duration.days(366)
# RetentionPeriod for the default EXTENDABLE_RETENTION_PRICING billing mode: 7 to 3653 days.
MIN_RETENTION_DAYS, MAX_RETENTION_DAYS = 7, 3653
# A Lake event data store accepts at most 5 advanced event selectors.
MAX_ADVANCED_EVENT_SELECTORS = 5


def all_management_events() -> list[cloudtrail.CfnEventDataStore.AdvancedEventSelectorProperty]:
    """Every management event (read and write), no data events."""
    return [
        cloudtrail.CfnEventDataStore.AdvancedEventSelectorProperty(
            name="All management events",
            field_selectors=[
                cloudtrail.CfnEventDataStore.AdvancedFieldSelectorProperty(field="eventCategory", equal_to=["Management"])
            ],
        )
    ]


@visible_signature
class LakeEventDataStore(Construct):
    """An AWS CloudTrail Lake event data store, encrypted with a customer managed key.

    CloudTrail Lake stopped accepting new customers on 31 May 2026; existing customers can keep using
    it. Use this construct only if the account already uses CloudTrail Lake; otherwise query the
    trail's S3 logs with ``CloudTrailQueries`` (or look at Amazon CloudWatch, which AWS names as the
    successor). Every use leaves the warning ``constructs-lib:cloudtrail-lake-availability``.

    Defines an ``AWS::CloudTrail::EventDataStore`` (multi-Region, termination protection on) and,
    unless a key is given, an ``AWS::KMS::Key`` of its own whose policy lets CloudTrail encrypt and
    decrypt events (AWS Control Tower CT.CLOUDTRAIL.PR.4). Lake bills per GB ingested and retained.

    :param event_data_store_name: Default: generated from the construct path.
    :param retention: How long events are kept, 7 to 3653 days. Default: 366 days.
    :param advanced_event_selectors: What the store records (at most 5). Default: all management events.
    :param organization_enabled: Collect the events of every account of the organization (deploy
        in the management account or a delegated administrator). Default: False.
    :param encryption_key: The key for the events; its policy must let CloudTrail use it.
        Default: a new key.
    :param termination_protection_enabled: Default: True.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        event_data_store_name: str | None = None,
        retention: cdk.Duration = DEFAULT_RETENTION,
        advanced_event_selectors: Sequence[cloudtrail.CfnEventDataStore.AdvancedEventSelectorProperty] | None = None,
        organization_enabled: bool = False,
        encryption_key: kms.IKey | None = None,
        termination_protection_enabled: bool = True,
    ) -> None:
        days = check_positive_days(retention, parameter="retention")
        if not MIN_RETENTION_DAYS <= days <= MAX_RETENTION_DAYS:
            raise ConfigurationError(
                f"retention {days} days is outside what CloudTrail Lake accepts ({MIN_RETENTION_DAYS} to "
                f"{MAX_RETENTION_DAYS} days). Pass cdk.Duration.days(n) within that range."
            )
        selectors = all_management_events() if advanced_event_selectors is None else as_list(
            advanced_event_selectors, parameter="advanced_event_selectors", example="all_management_events()"
        )
        if not 1 <= len(selectors) <= MAX_ADVANCED_EVENT_SELECTORS:
            raise ConfigurationError(
                f"advanced_event_selectors has {len(selectors)} selectors; an event data store takes 1 to "
                f"{MAX_ADVANCED_EVENT_SELECTORS}. Merge selectors, or omit the parameter for all management events."
            )
        check_bool(organization_enabled, parameter="organization_enabled")
        check_bool(termination_protection_enabled, parameter="termination_protection_enabled")
        if encryption_key is not None:
            check_interface(
                encryption_key, parameter="encryption_key", interface="kms.IKey", attribute="key_arn", example="key"
            )
        super().__init__(scope, construct_id)
        self.key = encryption_key or customer_managed_key(
            self, "Key", description="Encrypts the events of a CloudTrail Lake event data store"
        )
        add_statements_or_report(
            self,
            self.key,
            [policies.cloudtrail_event_data_store_key_statement()],
            what=f"the policy of key {self.key.key_arn}",
            output_id="RequiredPolicyForEventDataStoreKey",
        )
        self.event_data_store = cloudtrail.CfnEventDataStore(
            self,
            "Resource",
            name=event_data_store_name,
            kms_key_id=self.key.key_arn,
            retention_period=days,
            advanced_event_selectors=selectors,
            multi_region_enabled=True,
            organization_enabled=organization_enabled,
            termination_protection_enabled=termination_protection_enabled,
        )
        cdk.Annotations.of(self).add_warning_v2(
            LAKE_AVAILABILITY_WARNING,
            "AWS CloudTrail Lake stopped accepting new customers on 31 May 2026; only accounts that already "
            "used it can create event data stores. If this account is new to Lake, the deployment fails: query "
            "the trail's S3 logs with CloudTrailQueries (Athena) instead, or use Amazon CloudWatch.",
        )
