"""A catalogue of CloudTrail alerts as data: what to watch, how bad it is, and how to match it.

Each ``AlertDefinition`` carries the same alert in the two forms the library deploys:

- ``filter_pattern``: a CloudWatch Logs metric filter pattern over the trail's log group (the form
  CIS and Security Hub audit), and
- ``event_pattern``: the equivalent EventBridge event pattern over the CloudTrail events that
  EventBridge receives in each Region (no log group needed, seconds instead of minutes).

Nothing here creates a construct; the alert constructs read this data.

What the catalogue covers
-------------------------
- The CIS AWS Foundations Benchmark monitoring controls, v3.0 4.1 to 4.15 (the same numbers in
  v4.0 and v5.0, 5.1 to 5.15 in v6.0). 4.1 to 4.14 are the events of Security Hub CSPM controls
  CloudWatch.1 to CloudWatch.14 (which cite CIS v1.2.0 3.x and v1.4.0 4.x). 4.16 (Security Hub
  enabled) is not an event and is not here.
- CloudTrail self-protection: logging stopped, trail deleted or updated, event selectors changed;
  the log bucket's policy, ACL or public access block changed; the trail key disabled or scheduled
  for deletion. The last two are templates: ``catalogue(trail_bucket_names=..., trail_key_arns=...)``
  scopes them to the concrete bucket and key; without them they match any bucket or key.
- Root user console sign-in.
- Delivery heartbeats (``HEALTH_CHECKS``, ``kind`` = ``AlertKind.HEALTH``): not events someone
  caused but the trail's own health. CloudTrail that cannot deliver (a broken bucket, key or
  delivery-role policy, a quota) stops silently; these alarms fire when no log data arrived in the
  log group, or no log or digest file in the bucket, for a whole window. Every ``AlertDefinition``
  has ``kind`` = ``AlertKind.MISUSE``, so a table can list both and say which is which.

Where the filter pattern texts come from
----------------------------------------
``filter_pattern`` is the CIS text, character for character:

- CIS v3.0.0 remediation text for 4.1, 4.2 (the variant CIS offers "to reduce false positives in
  case Single Sign-On (SSO) is used", which is also Security Hub's CloudWatch.3 text), 4.3, 4.5 to
  4.8 and 4.11 to 4.15;
- CIS v4.0.0/v5.0.0 text for 4.4 and 4.9 (same patterns as v3.0.0, whose PDF text carries
  line-break artefacts inside event names and one extra space);
- CIS v5.0.0 4.10 / v6.0.0 5.10 for security groups, which adds ``ModifySecurityGroupRules``.

CIS PDFs: https://www.cisecurity.org/benchmark/amazon_web_services (texts read through
https://github.com/turbot/steampipe-mod-aws-compliance, ``cis_v300/docs/cis_v300_4_*.md``,
``cis_v500/docs/cis_v500_4_*.md``, ``cis_v600/docs/cis_v600_5_*.md``).
Security Hub's texts are in ``SECURITY_HUB_FILTER_PATTERNS``:
https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html. They differ from
CIS in spacing everywhere, and in substance for CloudWatch.2 (Security Hub keeps the CIS v1.2.0
3.1 pattern, without the exclusions of ``delivery.logs.amazonaws.com`` and ``HeadBucket``) and
CloudWatch.10 (no ``ModifySecurityGroupRules``). Security Hub says its check "fails if the exact
metric filters prescribed by CIS are not used": users who are scored by Security Hub can build an
alert with ``dataclasses.replace(alert, filter_pattern=SECURITY_HUB_FILTER_PATTERNS[alert_id])``.

How the event patterns are written
----------------------------------
One condition per filter condition, on the CloudTrail record under ``detail``:
``$.f = v`` becomes ``"f": ["v"]``; ``||`` between conditions on one field becomes a list of values;
``*`` at the start or end of a value becomes ``suffix``/``prefix``; ``!=`` becomes ``anything-but``;
``NOT EXISTS`` becomes ``"exists": false``. ``source`` is added where the filter pins
``$.eventSource`` and ``detail-type`` says which CloudTrail events EventBridge carries them in
("AWS API Call via CloudTrail" or "AWS Console Sign In via CloudTrail"):
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html.
Known differences: CloudWatch Logs evaluates ``!=`` against a missing field as its own rule decides,
EventBridge's ``anything-but`` never matches a missing field; the fields used here are always
present in the records concerned. CIS 4.1 mixes ``||`` and ``&&`` without parentheses; the event
pattern applies both exclusions to both error codes, which is the evident intent and differs only
for ``*UnauthorizedOperation`` errors of ``HeadBucket`` or of ``delivery.logs.amazonaws.com``.

Where and how the rules must run
--------------------------------
- ``global_service_region``: events of global services (IAM, Organizations, Account Management)
  and console sign-ins through the global endpoint reach EventBridge only in us-east-1
  (https://repost.aws/knowledge-center/eventbridge-rule-triggers-iam-single-region). STS events
  are logged in the Region that was called. Sign-ins through a Regional sign-in endpoint arrive in
  that Region (CloudTrail User Guide, "AWS Management Console sign-in events"), so a sign-in alert
  deployed in us-east-1 only covers the global endpoint. ``None`` means "every Region you watch".
- ``needs_read_only_events``: a rule in the ``ENABLED`` state does not receive read-only management
  events (``Describe*``, ``Get*``, ``List*`` and the others EventBridge lists); it must use
  ``ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS``
  (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail-management.html).
  Console sign-in events are not read-only management events and reach ``ENABLED`` rules.

Limits checked here (API references): a metric filter pattern has at most 1024 characters and a
metric name at most 255 without ``:``, ``*`` or ``$`` (CloudWatch Logs ``PutMetricFilter``); an
event pattern has at most 4096 characters (EventBridge ``PutRule``). Values that are unresolved
CDK tokens are not checked.
"""

from __future__ import annotations

import copy
import difflib
import functools
import ipaddress
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any, ClassVar

from .._shared.errors import ConfigurationError
from .._shared.validation import is_token

API_CALL = "AWS API Call via CloudTrail"
CONSOLE_SIGN_IN = "AWS Console Sign In via CloudTrail"
US_EAST_1 = "us-east-1"

# CloudWatch Logs PutMetricFilter: filterPattern 0..1024 characters; metricName up to 255
# characters matching [^:*$]*. EventBridge PutRule: EventPattern up to 4096 characters, rule
# Description up to 512 characters, rule Name up to 64 characters.
MAX_FILTER_PATTERN_LENGTH = 1024
MAX_EVENT_PATTERN_LENGTH = 4096
MAX_METRIC_NAME_LENGTH = 255
MAX_TITLE_LENGTH = 512
MAX_ALERT_ID_LENGTH = 64

_ALERT_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d+")
# Current S3 rules allow 3 to 63 lowercase characters; legacy us-east-1 buckets may have up to 255
# characters with capitals and underscores, and may hold a trail's logs.
_BUCKET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]")
_KMS_KEY_ARN = re.compile(r"arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/(?:mrk-)?[a-zA-Z0-9-]+")
_EXAMPLE_FILTER = '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'
_EXAMPLE_EVENT = '{"detail-type": ["AWS API Call via CloudTrail"], "detail": {"eventName": ["StopLogging"]}}'


class Severity(StrEnum):
    """How urgently someone must look at an alert."""

    CRITICAL = "CRITICAL"
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"


class AlertKind(StrEnum):
    """What an alert tells: that someone did something, or that the trail stopped working."""

    MISUSE = "misuse"
    """Events someone caused (``AlertDefinition``): a matching CloudTrail event raises it."""
    HEALTH = "health"
    """The trail's own delivery (``HealthCheckDefinition``): the absence of log data raises it."""


@dataclass(frozen=True, kw_only=True)
class AlertDefinition:
    """One alert: the events to watch, as a metric filter pattern and as an EventBridge pattern.

    Validated when built (``ConfigurationError`` names the field, the value and the fix), so an
    alert users write themselves is checked like the catalogue's.

    :param alert_id: stable kebab-case id, at most 64 characters; construct ids derive from it.
    :param title: one line for humans (alarm and rule descriptions), at most 512 characters.
    :param severity: how urgently someone must look.
    :param filter_pattern: CloudWatch Logs JSON filter pattern (``validate_filter_pattern``).
    :param event_pattern: the equivalent EventBridge event pattern (``validate_event_pattern``).
      Stored as a copy made of plain dicts and lists, ready for ``json.dumps`` and CDK.
    :param needs_read_only_events: the rule must be in the
      ``ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`` state, because the events include
      read-only management events.
    :param global_service_region: the only Region whose EventBridge receives the events
      (``"us-east-1"`` for IAM, Organizations and console sign-ins through the global endpoint),
      or ``None`` for every Region. Sign-ins through a Regional sign-in endpoint arrive in that
      Region instead: see the module documentation.
    :param controls: benchmark controls the alert satisfies, e.g. ``("CIS 3.0 4.3",
      "Security Hub CloudWatch.1")``. Default: none.
    :param metric_name: CloudWatch metric the metric filter emits (1 to 255 characters, no
      ``:``, ``*`` or ``$``).
    """

    alert_id: str
    title: str
    severity: Severity
    filter_pattern: str
    event_pattern: Mapping[str, Any] = field(hash=False)
    needs_read_only_events: bool
    global_service_region: str | None
    controls: tuple[str, ...] = ()
    metric_name: str
    kind: ClassVar[AlertKind] = AlertKind.MISUSE

    def __post_init__(self) -> None:
        _check_alert_id(self.alert_id)
        where = f"of alert {self.alert_id!r}"
        _check_title(self.title, where)
        if not isinstance(self.severity, Severity):
            raise ConfigurationError(
                f"severity {where} is {self.severity!r}, not a Severity (allowed: "
                f"{', '.join('Severity.' + s.name for s in Severity)}). Pass a Severity member, "
                f"for example Severity.HIGH."
            )
        validate_filter_pattern(self.filter_pattern, parameter=f"filter_pattern {where}")
        validate_event_pattern(self.event_pattern, parameter=f"event_pattern {where}")
        object.__setattr__(self, "event_pattern", _plain(self.event_pattern))
        if not isinstance(self.needs_read_only_events, bool):
            raise ConfigurationError(
                f"needs_read_only_events {where} is {self.needs_read_only_events!r}, not a bool. "
                f"Pass True when the alert matches read-only (Describe*, Get*, List*) management "
                f"events, else False."
            )
        _check_region(self.global_service_region, where)
        object.__setattr__(self, "controls", _check_controls(self.controls, where))
        _check_metric_name(self.metric_name, where)


# ---------------------------------------------------------------------------------------------
# Validation of the fields
# ---------------------------------------------------------------------------------------------


def _preview(value: object, limit: int = 160) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_alert_id(alert_id: object) -> None:
    if (
        not isinstance(alert_id, str)
        or not _ALERT_ID.fullmatch(alert_id)
        or len(alert_id) > MAX_ALERT_ID_LENGTH
    ):
        raise ConfigurationError(
            f"alert_id {alert_id!r} is not a kebab-case id (expected 1 to {MAX_ALERT_ID_LENGTH} "
            f"lowercase letters and digits in words joined by single hyphens, for example "
            f"'root-account-usage'). Rename the alert; the id becomes part of construct ids."
        )


def _check_title(title: object, where: str) -> None:
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE_LENGTH:
        raise ConfigurationError(
            f"title {where} is {_preview(title)}; expected a non-empty one-line text of at most "
            f"{MAX_TITLE_LENGTH} characters (the EventBridge rule description limit). Describe "
            f"what happened, for example 'CloudTrail logging stopped'."
        )


def _check_region(region: object, where: str) -> None:
    if region is not None and (not isinstance(region, str) or not _REGION.fullmatch(region)):
        raise ConfigurationError(
            f"global_service_region {where} is {region!r}; expected None (events arrive in every "
            f"Region) or a Region name such as 'us-east-1' (the only Region that receives events "
            f"of global services such as IAM and Organizations)."
        )


def _check_controls(controls: object, where: str) -> tuple[str, ...]:
    if isinstance(controls, str) or not isinstance(controls, Iterable):
        raise ConfigurationError(
            f"controls {where} is {controls!r}; expected a tuple of control references such as "
            f"('CIS 3.0 4.3', 'Security Hub CloudWatch.1'). Wrap a single reference in a tuple."
        )
    result = tuple(controls)
    for control in result:
        if not isinstance(control, str) or not control.strip():
            raise ConfigurationError(
                f"controls {where} contains {control!r}; every control reference must be a "
                f"non-empty string such as 'CIS 3.0 4.3'."
            )
    return result


def _check_metric_name(name: object, where: str) -> None:
    if (
        not isinstance(name, str)
        or not name.strip()
        or len(name) > MAX_METRIC_NAME_LENGTH
        or any(char in name for char in ":*$")
    ):
        raise ConfigurationError(
            f"metric_name {where} is {name!r}; CloudWatch Logs accepts 1 to "
            f"{MAX_METRIC_NAME_LENGTH} characters without ':', '*' or '$'. Use a name such as "
            f"'RootAccountUsage'."
        )


def _plain(value: Any) -> Any:
    """A deep copy made of dicts and lists, so the pattern is JSON-serializable and unshared."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return copy.copy(value)


# ---------------------------------------------------------------------------------------------
# CloudWatch Logs filter patterns
# ---------------------------------------------------------------------------------------------

_FILTER_TOKENS = re.compile(
    r"""
    (?P<space>\s+)
    | (?P<string>"(?:\\.|[^"\\])*")
    | (?P<regex>%(?:\\.|[^%\\])*%)
    | (?P<logical>&&|\|\|)
    | (?P<comparison>!=|<=|>=|=|<|>)
    | (?P<paren>[()])
    | (?P<brace>[{}])
    | (?P<selector>\$(?:\.[A-Za-z0-9_@-]+|\[\d+\])+)
    | (?P<word>[^\s(){}&|=!<>"%$]+)
    """,
    re.VERBOSE,
)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_FILTER_SYNTAX = (
    f"Expected a JSON filter pattern such as {_EXAMPLE_FILTER!r}: conditions '$.field <op> value' "
    f"(op one of =, !=, <, <=, >, >=, or 'IS TRUE|FALSE|NULL', 'NOT EXISTS'), joined with && or || "
    f"and grouped with parentheses, all inside one pair of braces"
)


class _FilterSyntaxError(Exception):
    pass


def validate_filter_pattern(pattern: str, *, parameter: str) -> None:
    """Check that ``pattern`` is a CloudWatch Logs JSON filter pattern, or raise ConfigurationError.

    What is checked (a reasonable subset of
    https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html, the part
    that CloudTrail records need): one pair of braces around the whole pattern; balanced
    parentheses; every condition is a selector (``$.field``, ``$.list[0].field``) followed by a
    comparison and a value (quoted string, bare word with optional ``*`` wildcards, number, or
    ``%regex%``), or by ``IS TRUE``/``IS FALSE``/``IS NULL``/``NOT EXISTS``; ``<``, ``<=``, ``>``,
    ``>=`` compare numbers; conditions are joined with ``&&`` or ``||``; at most 1024 characters.
    Text and space-delimited patterns are not accepted: CloudTrail records are JSON. A pattern that
    contains an unresolved CDK token is not checked.
    """
    if is_token(pattern):
        return
    if not isinstance(pattern, str) or not pattern.strip():
        raise ConfigurationError(
            f"{parameter} {pattern!r} is not a CloudWatch Logs filter pattern: it is empty or not "
            f"a string. {_FILTER_SYNTAX}."
        )
    if len(pattern) > MAX_FILTER_PATTERN_LENGTH:
        raise ConfigurationError(
            f"{parameter} {_preview(pattern)} has {len(pattern)} characters; CloudWatch Logs "
            f"accepts at most {MAX_FILTER_PATTERN_LENGTH}. Split the alert in two or match fewer "
            f"values (for example fewer bucket names or key ARNs)."
        )
    try:
        _FilterParser(pattern).parse()
    except _FilterSyntaxError as error:
        raise ConfigurationError(
            f"{parameter} {_preview(pattern)} is not a valid CloudWatch Logs filter pattern: "
            f"{error}. {_FILTER_SYNTAX}."
        ) from None


class _FilterParser:
    """Recursive descent over the tokens: pattern := '{' expr '}'; expr := term (op term)*."""

    def __init__(self, pattern: str) -> None:
        self.tokens: list[tuple[str, str, int]] = []
        position = 0
        while position < len(pattern):
            match = _FILTER_TOKENS.match(pattern, position)
            if match is None:
                self._bad_character(pattern, position)
            kind = match.lastgroup or ""
            if kind != "space":
                self.tokens.append((kind, match.group(), position + 1))
            position = match.end()
        self.index = 0

    @staticmethod
    def _bad_character(pattern: str, position: int) -> None:
        char = pattern[position]
        at = f"at character {position + 1}"
        if char == '"':
            raise _FilterSyntaxError(f"the quoted string starting {at} is not closed")
        if char == "%":
            raise _FilterSyntaxError(f"the regular expression starting {at} is not closed with %")
        if char in "&|":
            raise _FilterSyntaxError(f"single {char!r} {at}; use {char * 2!r}")
        if char == "$":
            raise _FilterSyntaxError(f"selector {at} must be '$.' followed by a field name")
        raise _FilterSyntaxError(f"unexpected {char!r} {at}")

    def parse(self) -> None:
        self._check_balance()
        kinds = [kind for kind, _, _ in self.tokens]
        if not self.tokens or self.tokens[0][1] != "{" or self.tokens[-1][1] != "}":
            raise _FilterSyntaxError("it must start with '{' and end with '}'")
        if kinds.count("brace") != 2:
            raise _FilterSyntaxError("braces may only enclose the whole pattern, once")
        self.tokens = self.tokens[1:-1]
        if not self.tokens:
            raise _FilterSyntaxError("there is no condition between the braces")
        self._expression()
        if self.index < len(self.tokens):
            _, text, position = self.tokens[self.index]
            raise _FilterSyntaxError(
                f"unexpected {text!r} at character {position}; join conditions with && or ||"
            )

    def _check_balance(self) -> None:
        for opening, closing, name in (("{", "}", "braces"), ("(", ")", "parentheses")):
            depth = 0
            for _, text, position in self.tokens:
                depth += (text == opening) - (text == closing)
                if depth < 0:
                    raise _FilterSyntaxError(
                        f"unbalanced {name}: {closing!r} at character {position} closes nothing"
                    )
            if depth:
                raise _FilterSyntaxError(f"unbalanced {name}: {depth} {opening!r} not closed")

    def _peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _next(self, expected: str) -> tuple[str, str, int]:
        token = self._peek()
        if token is None:
            raise _FilterSyntaxError(f"{expected} is missing before the closing brace")
        self.index += 1
        return token

    def _expression(self) -> None:
        self._term()
        while (token := self._peek()) is not None and token[0] == "logical":
            self.index += 1
            if self._peek() is None or self._peek()[1] == ")":
                raise _FilterSyntaxError(
                    f"{token[1]!r} at character {token[2]} is not followed by a condition"
                )
            self._term()

    def _term(self) -> None:
        kind, text, position = self._next("a condition")
        if text == "(":
            self._expression()
            self._next("')'")
            return
        if kind != "selector":
            raise _FilterSyntaxError(
                f"expected a selector such as $.eventName at character {position}, found {text!r}"
            )
        self._condition(text, position)

    def _condition(self, selector: str, position: int) -> None:
        kind, text, at = self._next(f"a comparison after {selector}")
        if kind == "comparison":
            value_kind, value, value_at = self._next(f"a value after '{selector} {text}'")
            if value_kind not in ("string", "regex", "word"):
                raise _FilterSyntaxError(
                    f"expected a value after '{selector} {text}' at character {value_at}, "
                    f"found {value!r}"
                )
            if text in ("<", "<=", ">", ">=") and not _NUMBER.fullmatch(value):
                raise _FilterSyntaxError(
                    f"'{selector} {text}' compares numbers, but {value!r} at character {value_at} "
                    f"is not a number"
                )
            return
        keyword = text.upper()
        if keyword == "IS":
            _, value, value_at = self._next(f"TRUE, FALSE or NULL after '{selector} IS'")
            if value.upper() not in ("TRUE", "FALSE", "NULL"):
                raise _FilterSyntaxError(
                    f"expected TRUE, FALSE or NULL after '{selector} IS' at character {value_at}, "
                    f"found {value!r}"
                )
            return
        if keyword == "NOT":
            _, value, value_at = self._next(f"EXISTS after '{selector} NOT'")
            if value.upper() != "EXISTS":
                raise _FilterSyntaxError(
                    f"expected EXISTS after '{selector} NOT' at character {value_at}, "
                    f"found {value!r}"
                )
            return
        raise _FilterSyntaxError(
            f"expected a comparison (=, !=, <, <=, >, >=, IS, NOT EXISTS) after {selector} at "
            f"character {at}, found {text!r}"
        )


# ---------------------------------------------------------------------------------------------
# EventBridge event patterns
# ---------------------------------------------------------------------------------------------

# Content filters EventBridge accepts inside a field's list of values:
# https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
CONTENT_FILTERS = (
    "anything-but", "cidr", "equals-ignore-case", "exists", "numeric", "prefix", "suffix", "wildcard",
)
_ANYTHING_BUT_FILTERS = ("equals-ignore-case", "prefix", "suffix", "wildcard")
_NUMERIC_OPERATORS = ("<", "<=", "=", ">", ">=")
_EVENT_SYNTAX = (
    f"Expected an EventBridge event pattern such as {_EXAMPLE_EVENT}: every field maps to a "
    f"non-empty object or to a non-empty list of values (strings, numbers, booleans, null) and "
    f"content filters ({', '.join(CONTENT_FILTERS)})"
)


def validate_event_pattern(pattern: Mapping[str, Any], *, parameter: str) -> None:
    """Check that ``pattern`` is an EventBridge event pattern, or raise ConfigurationError.

    What is checked (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html):
    the pattern is a non-empty dict; keys are non-empty strings; every value is a non-empty dict
    (nested fields) or a non-empty list; list items are strings, numbers, booleans, None or a
    content filter with exactly one operator among ``CONTENT_FILTERS`` and an argument of the
    right shape; ``$or`` holds a non-empty list of non-empty patterns; the JSON text has at most
    4096 characters (skipped when the pattern contains an unresolved CDK token).
    """
    if not isinstance(pattern, Mapping) or not pattern:
        raise ConfigurationError(
            f"{parameter} {_preview(pattern)} is not an EventBridge event pattern: it must be a "
            f"non-empty dict. {_EVENT_SYNTAX}."
        )
    _check_event_object(pattern, "", parameter)
    _check_cloudtrail_detail_types(pattern, parameter)
    text = json.dumps(_plain(pattern), separators=(",", ":"))
    if not is_token(text) and len(text) > MAX_EVENT_PATTERN_LENGTH:
        raise ConfigurationError(
            f"{parameter} has {len(text)} characters as JSON; EventBridge accepts at most "
            f"{MAX_EVENT_PATTERN_LENGTH}. Split the alert in two or match fewer values."
        )


# The detail-type values of the events CloudTrail sends to EventBridge
# (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html; sign-in
# events carry "AWS Console Sign In via CloudTrail", the spelling the page's event examples use).
CLOUDTRAIL_DETAIL_TYPES = (
    API_CALL,
    CONSOLE_SIGN_IN,
    "AWS Console Action via CloudTrail",
    "AWS Service Event via CloudTrail",
    "AWS Insight via CloudTrail",
)


def _check_cloudtrail_detail_types(pattern: Mapping[str, Any], parameter: str) -> None:
    """A ``detail-type`` that mentions CloudTrail must be one CloudTrail sends: a misspelled one
    matches no event, and the alert stays silent forever."""
    options = [pattern, *(pattern.get("$or") or ())]
    for option in options:
        for value in option.get("detail-type", ()) if isinstance(option, Mapping) else ():
            if not isinstance(value, str) or is_token(value) or value in CLOUDTRAIL_DETAIL_TYPES:
                continue
            if "cloudtrail" in value.lower() or difflib.get_close_matches(value, CLOUDTRAIL_DETAIL_TYPES, n=1, cutoff=0.8):
                close = difflib.get_close_matches(value, CLOUDTRAIL_DETAIL_TYPES, n=1, cutoff=0.5)
                hint = f"Did you mean {close[0]!r}? " if close else ""
                raise ConfigurationError(
                    f"{parameter} has detail-type {value!r}, which CloudTrail never sends, so the alert would "
                    f"never fire. {hint}CloudTrail's detail-types are: {', '.join(map(repr, CLOUDTRAIL_DETAIL_TYPES))}."
                )


def _event_error(parameter: str, path: str, value: Any, problem: str) -> ConfigurationError:
    where = f" at {path}" if path else ""
    return ConfigurationError(
        f"{parameter} has {_preview(value)}{where}: {problem}. {_EVENT_SYNTAX}."
    )


def _check_event_object(node: Mapping[str, Any], path: str, parameter: str) -> None:
    for key, value in node.items():
        if not isinstance(key, str) or not key:
            raise _event_error(parameter, path, key, "field names must be non-empty strings")
        here = f"{path}.{key}" if path else key
        if key == "$or":
            if (
                not isinstance(value, (list, tuple))
                or not value
                or not all(isinstance(option, Mapping) and option for option in value)
            ):
                raise _event_error(
                    parameter, here, value, "'$or' takes a non-empty list of non-empty patterns"
                )
            for number, option in enumerate(value):
                _check_event_object(option, f"{here}[{number}]", parameter)
        elif isinstance(value, Mapping):
            if not value:
                raise _event_error(
                    parameter, here, value, "an empty object matches nothing; remove the field"
                )
            _check_event_object(value, here, parameter)
        elif isinstance(value, (list, tuple)):
            if not value:
                raise _event_error(
                    parameter, here, value, "an empty list matches nothing; list the values to match"
                )
            for number, item in enumerate(value):
                _check_event_value(item, f"{here}[{number}]", parameter)
        elif isinstance(value, (set, frozenset)):
            raise _event_error(
                parameter, here, value, f"a set has no order and is not JSON; write a list, "
                f"{sorted(value, key=repr)!r}"
            )
        else:
            shown = json.dumps(value) if isinstance(value, (str, int, float, bool)) or value is None else repr(value)
            raise _event_error(
                parameter,
                here,
                value,
                f"a field must map to a list of values (write [{shown}]) or to an "
                f"object of nested fields",
            )


def _check_event_value(item: Any, path: str, parameter: str) -> None:
    if item is None or isinstance(item, (str, bool, int, float)):
        return
    if not isinstance(item, Mapping):
        raise _event_error(
            parameter, path, item, "list items must be strings, numbers, booleans, null or a "
            "content filter object"
        )
    if len(item) != 1:
        raise _event_error(
            parameter, path, item, "a content filter object has exactly one operator; put "
            "several filters as separate list items"
        )
    operator, argument = next(iter(item.items()))
    if operator not in CONTENT_FILTERS:
        raise _event_error(
            parameter, path, item, f"{operator!r} is not an EventBridge content filter"
        )
    problem = _CONTENT_FILTER_CHECKS[operator](argument)
    if problem:
        raise _event_error(parameter, path, item, f"{operator!r} {problem}")


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_prefix_or_suffix(argument: Any) -> str | None:
    if _is_text(argument):
        return None
    if (
        isinstance(argument, Mapping)
        and list(argument) == ["equals-ignore-case"]
        and _is_text(argument["equals-ignore-case"])
    ):
        return None
    return "takes a non-empty string or {'equals-ignore-case': <string>}"


def _check_text(argument: Any) -> str | None:
    return None if _is_text(argument) else "takes a non-empty string"


def _check_exists(argument: Any) -> str | None:
    return None if isinstance(argument, bool) else "takes true or false"


def _check_cidr(argument: Any) -> str | None:
    if isinstance(argument, str):
        try:
            ipaddress.ip_network(argument, strict=False)
            return None
        except ValueError:
            pass
    return "takes an IPv4 or IPv6 CIDR block such as '10.0.0.0/24'"


def _check_numeric(argument: Any) -> str | None:
    if (
        isinstance(argument, (list, tuple))
        and len(argument) in (2, 4)
        and all(op in _NUMERIC_OPERATORS for op in argument[::2])
        and all(_is_number(number) for number in argument[1::2])
    ):
        return None
    return (
        "takes one or two comparisons such as ['>', 0, '<=', 5] (operators "
        f"{', '.join(_NUMERIC_OPERATORS)})"
    )


def _check_anything_but(argument: Any) -> str | None:
    if _is_text(argument) or _is_number(argument):
        return None
    if isinstance(argument, (list, tuple)) and argument and (
        all(_is_text(value) for value in argument) or all(_is_number(value) for value in argument)
    ):
        return None
    if isinstance(argument, Mapping) and len(argument) == 1:
        operator, value = next(iter(argument.items()))
        if operator in _ANYTHING_BUT_FILTERS and (
            _is_text(value)
            or (
                operator in ("equals-ignore-case", "wildcard")
                and isinstance(value, (list, tuple))
                and value
                and all(_is_text(text) for text in value)
            )
        ):
            return None
    return (
        "takes a string, a number, a non-empty list of strings or of numbers, or one of "
        f"{', '.join(_ANYTHING_BUT_FILTERS)} with a string"
    )


_CONTENT_FILTER_CHECKS = {
    "anything-but": _check_anything_but,
    "cidr": _check_cidr,
    "equals-ignore-case": _check_text,
    "exists": _check_exists,
    "numeric": _check_numeric,
    "prefix": _check_prefix_or_suffix,
    "suffix": _check_prefix_or_suffix,
    "wildcard": _check_text,
}


# ---------------------------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------------------------

_IAM_POLICY_EVENTS = (
    "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy",
    "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion",
    "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy",
    "AttachGroupPolicy", "DetachGroupPolicy",
)
_TRAIL_EVENTS = ("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging")
_KEY_EVENTS = ("DisableKey", "ScheduleKeyDeletion")
_BUCKET_POLICY_EVENTS = (
    "PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication",
    "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication",
)
_CONFIG_EVENTS = (
    "StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel",
    "PutConfigurationRecorder",
)
_SECURITY_GROUP_EVENTS = (
    "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
    "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup",
    "ModifySecurityGroupRules",
)
_NACL_EVENTS = (
    "CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry",
    "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation",
)
_GATEWAY_EVENTS = (
    "CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway",
    "CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway",
)
_ROUTE_TABLE_EVENTS = (
    "CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation",
    "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable",
)
_VPC_EVENTS = (
    "CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection",
    "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection",
    "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink",
)
_ORGANIZATIONS_EVENTS = (
    "AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit", "CreatePolicy",
    "DeclineHandshake", "DeleteOrganization", "DeleteOrganizationalUnit", "DeletePolicy",
    "DetachPolicy", "DisablePolicyType", "EnablePolicyType", "InviteAccountToOrganization",
    "LeaveOrganization", "MoveAccount", "RemoveAccountFromOrganization", "UpdatePolicy",
    "UpdateOrganizationalUnit",
)
# CloudTrail self-protection: what stops or narrows the trail's recording.
_TRAIL_TAMPERING_EVENTS = ("StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors")
# What changes who can read, write or delete the log bucket's objects.
_TRAIL_BUCKET_POLICY_EVENTS = (
    "PutBucketPolicy", "DeleteBucketPolicy", "PutBucketAcl", "PutBucketPublicAccessBlock",
    "DeleteBucketPublicAccessBlock",
)


def _cis(number: int) -> tuple[str, ...]:
    """The references of CIS monitoring control 4.<number> (5.<number> in v6.0)."""
    return (
        f"CIS 3.0 4.{number}", f"CIS 4.0 4.{number}", f"CIS 5.0 4.{number}", f"CIS 6.0 5.{number}",
    )


def _api_call(detail: Mapping[str, Any], *, source: str | None = None) -> dict[str, Any]:
    pattern: dict[str, Any] = {"detail-type": [API_CALL], "detail": dict(detail)}
    if source:
        pattern = {"source": [source], **pattern}
    return pattern


def _event_names(names: Iterable[str]) -> str:
    return " || ".join(f"($.eventName = {name})" for name in names)


def _any_of(selector: str, values: Iterable[str]) -> str:
    return " || ".join(f'({selector} = "{value}")' for value in values)


@functools.cache
def _fixed_alerts() -> tuple[AlertDefinition, ...]:
    """The alerts that take no parameters, built and validated once per process (``catalogue``
    hands out copies: it runs for every stack with alerts)."""
    return (
        AlertDefinition(
            alert_id="unauthorized-api-calls",
            title="API calls denied for lack of permissions (UnauthorizedOperation, AccessDenied)",
            severity=Severity.LOW,
            filter_pattern=(
                '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && '
                '($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }'
            ),
            event_pattern=_api_call({
                "errorCode": [{"suffix": "UnauthorizedOperation"}, {"prefix": "AccessDenied"}],
                "sourceIPAddress": [{"anything-but": "delivery.logs.amazonaws.com"}],
                "eventName": [{"anything-but": "HeadBucket"}],
            }),
            # Denied Describe*/Get*/List* calls are read-only management events.
            needs_read_only_events=True,
            global_service_region=None,
            controls=(*_cis(1), "Security Hub CloudWatch.2"),
            metric_name="UnauthorizedApiCalls",
        ),
        AlertDefinition(
            alert_id="console-sign-in-without-mfa",
            title="IAM user signed in to the console without MFA",
            severity=Severity.HIGH,
            filter_pattern=(
                '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && '
                '($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }'
            ),
            event_pattern={
                "detail-type": [CONSOLE_SIGN_IN],
                "detail": {
                    "eventName": ["ConsoleLogin"],
                    "additionalEventData": {"MFAUsed": [{"anything-but": "Yes"}]},
                    "userIdentity": {"type": ["IAMUser"]},
                    "responseElements": {"ConsoleLogin": ["Success"]},
                },
            },
            needs_read_only_events=False,
            global_service_region=US_EAST_1,
            controls=(*_cis(2), "Security Hub CloudWatch.3"),
            metric_name="ConsoleSignInWithoutMfa",
        ),
        AlertDefinition(
            alert_id="root-account-usage",
            title="The root user was used",
            severity=Severity.HIGH,
            filter_pattern=(
                '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && '
                '$.eventType != "AwsServiceEvent" }'
            ),
            event_pattern={
                "detail-type": [API_CALL, CONSOLE_SIGN_IN],
                "detail": {
                    "userIdentity": {"type": ["Root"], "invokedBy": [{"exists": False}]},
                    "eventType": [{"anything-but": "AwsServiceEvent"}],
                },
            },
            # The root user's Describe*/Get*/List* calls are read-only management events.
            needs_read_only_events=True,
            global_service_region=None,
            controls=(*_cis(3), "Security Hub CloudWatch.1"),
            metric_name="RootAccountUsage",
        ),
        AlertDefinition(
            alert_id="iam-policy-changes",
            title="IAM policy created, changed, attached or detached",
            severity=Severity.MEDIUM,
            filter_pattern="{" + "||".join(f"($.eventName={name})" for name in _IAM_POLICY_EVENTS) + "}",
            # No eventSource in CIS's pattern: CreatePolicy, DeletePolicy ... of other services
            # (Organizations, IoT) match too. The IAM events arrive in us-east-1 only.
            event_pattern=_api_call({"eventName": list(_IAM_POLICY_EVENTS)}),
            needs_read_only_events=False,
            global_service_region=US_EAST_1,
            controls=(*_cis(4), "Security Hub CloudWatch.4"),
            metric_name="IamPolicyChanges",
        ),
        AlertDefinition(
            alert_id="cloudtrail-configuration-changes",
            title="CloudTrail trail created, updated, deleted, started or stopped",
            severity=Severity.HIGH,
            filter_pattern="{ " + _event_names(_TRAIL_EVENTS) + " }",
            event_pattern=_api_call({"eventName": list(_TRAIL_EVENTS)}),
            needs_read_only_events=False,
            global_service_region=None,
            controls=(*_cis(5), "Security Hub CloudWatch.5"),
            metric_name="CloudTrailConfigurationChanges",
        ),
        AlertDefinition(
            alert_id="console-authentication-failures",
            title="Console sign-in failed authentication",
            severity=Severity.MEDIUM,
            filter_pattern='{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
            event_pattern={
                "detail-type": [CONSOLE_SIGN_IN],
                "detail": {"eventName": ["ConsoleLogin"], "errorMessage": ["Failed authentication"]},
            },
            needs_read_only_events=False,
            global_service_region=US_EAST_1,
            controls=(*_cis(6), "Security Hub CloudWatch.6"),
            metric_name="ConsoleAuthenticationFailures",
        ),
        AlertDefinition(
            alert_id="kms-key-disabled-or-deletion-scheduled",
            title="KMS customer managed key disabled or scheduled for deletion",
            severity=Severity.HIGH,
            filter_pattern=(
                "{($.eventSource = kms.amazonaws.com) && "
                "(($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }"
            ),
            event_pattern=_api_call(
                {"eventSource": ["kms.amazonaws.com"], "eventName": list(_KEY_EVENTS)},
                source="aws.kms",
            ),
            needs_read_only_events=False,
            global_service_region=None,
            controls=(*_cis(7), "Security Hub CloudWatch.7"),
            metric_name="KmsKeyDisabledOrDeletionScheduled",
        ),
        AlertDefinition(
            alert_id="s3-bucket-policy-changes",
            title="S3 bucket policy, ACL, CORS, lifecycle or replication changed",
            severity=Severity.MEDIUM,
            filter_pattern=(
                "{ ($.eventSource = s3.amazonaws.com) && ("
                + " || ".join(f"($.eventName = {name})" for name in _BUCKET_POLICY_EVENTS)
                + ") }"
            ),
            event_pattern=_api_call(
                {"eventSource": ["s3.amazonaws.com"], "eventName": list(_BUCKET_POLICY_EVENTS)},
                source="aws.s3",
            ),
            needs_read_only_events=False,
            global_service_region=None,
            controls=(*_cis(8), "Security Hub CloudWatch.8"),
            metric_name="S3BucketPolicyChanges",
        ),
        AlertDefinition(
            alert_id="aws-config-changes",
            title="AWS Config recorder or delivery channel stopped, changed or deleted",
            severity=Severity.HIGH,
            filter_pattern=(
                "{ ($.eventSource = config.amazonaws.com) && ("
                + "||".join(f"($.eventName={name})" for name in _CONFIG_EVENTS)
                + ") }"
            ),
            event_pattern=_api_call(
                {"eventSource": ["config.amazonaws.com"], "eventName": list(_CONFIG_EVENTS)},
                source="aws.config",
            ),
            needs_read_only_events=False,
            global_service_region=None,
            controls=(*_cis(9), "Security Hub CloudWatch.9"),
            metric_name="AwsConfigChanges",
        ),
        AlertDefinition(
            alert_id="security-group-changes",
            title="Security group created, deleted or its rules changed",
            severity=Severity.LOW,
            # CIS v5.0.0 4.10 / v6.0.0 5.10: v3.0.0 4.10 plus ModifySecurityGroupRules.
            filter_pattern="{ " + _event_names(_SECURITY_GROUP_EVENTS) + " }",
            event_pattern=_api_call({"eventName": list(_SECURITY_GROUP_EVENTS)}),
            needs_read_only_events=False,
            global_service_region=None,
            controls=(*_cis(10), "Security Hub CloudWatch.10"),
            metric_name="SecurityGroupChanges",
        ),
        AlertDefinition(
            alert_id="nacl-changes",
            title="Network ACL or its entries created, replaced or deleted",
            severity=Severity.MEDIUM,
            filter_pattern="{ " + _event_names(_NACL_EVENTS) + " }",
            event_pattern=_api_call({"eventName": list(_NACL_EVENTS)}),
            needs_read_only_events=False,
            global_service_region=None,
            controls=(*_cis(11), "Security Hub CloudWatch.11"),
            metric_name="NaclChanges",
        ),
        AlertDefinition(
            alert_id="network-gateway-changes",
            title="Internet or customer gateway created, attached, detached or deleted",
            severity=Severity.MEDIUM,
            filter_pattern="{ " + _event_names(_GATEWAY_EVENTS) + " }",
            event_pattern=_api_call({"eventName": list(_GATEWAY_EVENTS)}),
            needs_read_only_events=False,
            global_service_region=None,
            controls=(*_cis(12), "Security Hub CloudWatch.12"),
            metric_name="NetworkGatewayChanges",
        ),
        AlertDefinition(
            alert_id="route-table-changes",
            title="Route table or route created, replaced, disassociated or deleted",
            severity=Severity.MEDIUM,
            filter_pattern="{ " + _event_names(_ROUTE_TABLE_EVENTS) + " }",
            event_pattern=_api_call({"eventName": list(_ROUTE_TABLE_EVENTS)}),
            needs_read_only_events=False,
            global_service_region=None,
            controls=(*_cis(13), "Security Hub CloudWatch.13"),
            metric_name="RouteTableChanges",
        ),
        AlertDefinition(
            alert_id="vpc-changes",
            title="VPC, VPC peering or ClassicLink created, changed or deleted",
            severity=Severity.MEDIUM,
            filter_pattern="{ " + _event_names(_VPC_EVENTS) + " }",
            event_pattern=_api_call({"eventName": list(_VPC_EVENTS)}),
            needs_read_only_events=False,
            global_service_region=None,
            controls=(*_cis(14), "Security Hub CloudWatch.14"),
            metric_name="VpcChanges",
        ),
        AlertDefinition(
            alert_id="organizations-changes",
            title="AWS Organizations structure, membership or policies changed",
            severity=Severity.HIGH,
            filter_pattern=(
                "{ ($.eventSource = organizations.amazonaws.com) && ("
                + " || ".join(f'($.eventName = "{name}")' for name in _ORGANIZATIONS_EVENTS)
                + ") }"
            ),
            event_pattern=_api_call(
                {
                    "eventSource": ["organizations.amazonaws.com"],
                    "eventName": list(_ORGANIZATIONS_EVENTS),
                },
                source="aws.organizations",
            ),
            needs_read_only_events=False,
            global_service_region=US_EAST_1,
            controls=_cis(15),
            metric_name="OrganizationsChanges",
        ),
        AlertDefinition(
            alert_id="cloudtrail-tampering",
            title="CloudTrail logging stopped, trail deleted or updated, or event selectors changed",
            severity=Severity.CRITICAL,
            filter_pattern=(
                "{ ($.eventSource = cloudtrail.amazonaws.com) && ("
                + _event_names(_TRAIL_TAMPERING_EVENTS)
                + ") }"
            ),
            event_pattern=_api_call(
                {
                    "eventSource": ["cloudtrail.amazonaws.com"],
                    "eventName": list(_TRAIL_TAMPERING_EVENTS),
                },
                source="aws.cloudtrail",
            ),
            needs_read_only_events=False,
            global_service_region=None,
            metric_name="CloudTrailTampering",
        ),
        AlertDefinition(
            alert_id="root-console-sign-in",
            title="The root user signed in, or tried to sign in, to the console",
            severity=Severity.CRITICAL,
            filter_pattern='{ ($.eventName = "ConsoleLogin") && ($.userIdentity.type = "Root") }',
            event_pattern={
                "detail-type": [CONSOLE_SIGN_IN],
                "detail": {"eventName": ["ConsoleLogin"], "userIdentity": {"type": ["Root"]}},
            },
            needs_read_only_events=False,
            global_service_region=US_EAST_1,
            metric_name="RootConsoleSignIn",
        ),
    )


def trail_bucket_policy_changes(bucket_names: Iterable[str] = ()) -> AlertDefinition:
    """The log bucket's policy, ACL or public access block changed (template).

    With ``bucket_names``, only those buckets (``requestParameters.bucketName``); without, any
    bucket, which overlaps ``s3-bucket-policy-changes`` with a higher severity.
    """
    names = _check_bucket_names(bucket_names)
    filter_pattern = (
        "{ ($.eventSource = s3.amazonaws.com) && (" + _event_names(_TRAIL_BUCKET_POLICY_EVENTS) + ")"
    )
    detail: dict[str, Any] = {
        "eventSource": ["s3.amazonaws.com"],
        "eventName": list(_TRAIL_BUCKET_POLICY_EVENTS),
    }
    if names:
        filter_pattern += " && (" + _any_of("$.requestParameters.bucketName", names) + ")"
        detail["requestParameters"] = {"bucketName": list(names)}
    return AlertDefinition(
        alert_id="trail-bucket-policy-changes",
        title="CloudTrail log bucket policy, ACL or public access block changed",
        severity=Severity.CRITICAL,
        filter_pattern=filter_pattern + " }",
        event_pattern=_api_call(detail, source="aws.s3"),
        needs_read_only_events=False,
        global_service_region=None,
        metric_name="TrailBucketPolicyChanges",
    )


def trail_key_disabled_or_deletion_scheduled(key_arns: Iterable[str] = ()) -> AlertDefinition:
    """The trail's KMS key disabled or scheduled for deletion (template).

    With ``key_arns``, only those keys, matched on ``responseElements.keyId``, which holds the key
    ARN for DisableKey (records since December 2022) and ScheduleKeyDeletion
    (https://docs.aws.amazon.com/kms/latest/developerguide/ct-disablekey.html). Without, any key:
    the same events as ``kms-key-disabled-or-deletion-scheduled``, with a higher severity.
    """
    arns = _check_key_arns(key_arns)
    filter_pattern = (
        "{ ($.eventSource = kms.amazonaws.com) && (" + _event_names(_KEY_EVENTS) + ")"
    )
    detail: dict[str, Any] = {"eventSource": ["kms.amazonaws.com"], "eventName": list(_KEY_EVENTS)}
    if arns:
        filter_pattern += " && (" + _any_of("$.responseElements.keyId", arns) + ")"
        detail["responseElements"] = {"keyId": list(arns)}
    return AlertDefinition(
        alert_id="trail-key-disabled-or-deletion-scheduled",
        title="CloudTrail KMS key disabled or scheduled for deletion",
        severity=Severity.CRITICAL,
        filter_pattern=filter_pattern + " }",
        event_pattern=_api_call(detail, source="aws.kms"),
        needs_read_only_events=False,
        global_service_region=None,
        metric_name="TrailKeyDisabledOrDeletionScheduled",
    )


def _unique_strings(values: Iterable[str], parameter: str, example: str) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise ConfigurationError(
            f"{parameter} {values!r} is not a list of strings. Pass a list, for example "
            f"{parameter}=[{example!r}]."
        )
    return tuple(dict.fromkeys(values))


def _check_bucket_names(bucket_names: Iterable[str]) -> tuple[str, ...]:
    names = _unique_strings(bucket_names, "trail_bucket_names", "my-trail-logs")
    for name in names:
        if is_token(name):
            continue
        if not isinstance(name, str) or not _BUCKET_NAME.fullmatch(name) or ".." in name:
            raise ConfigurationError(
                f"trail_bucket_names contains {name!r}, which is not an S3 bucket name (letters, "
                f"digits, dots, hyphens and underscores, starting and ending with a letter or "
                f"digit). Pass the bucket name, not its ARN or URL (bucket.bucket_name)."
            )
    return names


def _check_key_arns(key_arns: Iterable[str]) -> tuple[str, ...]:
    example = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    arns = _unique_strings(key_arns, "trail_key_arns", example)
    for arn in arns:
        if is_token(arn):
            continue
        if not isinstance(arn, str) or not _KMS_KEY_ARN.fullmatch(arn):
            raise ConfigurationError(
                f"trail_key_arns contains {arn!r}, which is not a KMS key ARN (expected "
                f"arn:<partition>:kms:<region>:<account>:key/<key id>; CloudTrail records the key "
                f"ARN, not an alias or a bare key id). Pass key.key_arn."
            )
    return arns


def catalogue(
    *, trail_bucket_names: Iterable[str] = (), trail_key_arns: Iterable[str] = ()
) -> dict[str, AlertDefinition]:
    """Every alert of the catalogue by id, in catalogue order, validated.

    :param trail_bucket_names: names of the trail's log buckets; scopes
      ``trail-bucket-policy-changes`` to them. Default: any bucket.
    :param trail_key_arns: ARNs of the trail's KMS keys; scopes
      ``trail-key-disabled-or-deletion-scheduled`` to them. Default: any key.
    """
    alerts = [
        *copy.deepcopy(_fixed_alerts()),
        trail_bucket_policy_changes(trail_bucket_names),
        trail_key_disabled_or_deletion_scheduled(trail_key_arns),
    ]
    return {alert.alert_id: alert for alert in alerts}


def get_alert(
    alert_id: str, *, trail_bucket_names: Iterable[str] = (), trail_key_arns: Iterable[str] = ()
) -> AlertDefinition:
    """The catalogue's alert with this id; ``ConfigurationError`` listing the known ids if none."""
    alerts = catalogue(trail_bucket_names=trail_bucket_names, trail_key_arns=trail_key_arns)
    if alert_id in alerts:
        return alerts[alert_id]
    close = difflib.get_close_matches(str(alert_id), alerts, n=1)
    hint = f"Did you mean {close[0]!r}? " if close else ""
    raise ConfigurationError(
        f"alert_id {alert_id!r} is not in the alert catalogue. {hint}Known ids: "
        f"{', '.join(alerts)}. To watch other events, build your own AlertDefinition."
    )


ALERT_IDS = (
    "unauthorized-api-calls",
    "console-sign-in-without-mfa",
    "root-account-usage",
    "iam-policy-changes",
    "cloudtrail-configuration-changes",
    "console-authentication-failures",
    "kms-key-disabled-or-deletion-scheduled",
    "s3-bucket-policy-changes",
    "aws-config-changes",
    "security-group-changes",
    "nacl-changes",
    "network-gateway-changes",
    "route-table-changes",
    "vpc-changes",
    "organizations-changes",
    "cloudtrail-tampering",
    "root-console-sign-in",
    "trail-bucket-policy-changes",
    "trail-key-disabled-or-deletion-scheduled",
)
"""The ids ``catalogue()`` returns, in its order."""

# Security Hub CSPM's texts for CloudWatch.1 to CloudWatch.14, as its remediation steps give them
# (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html; read from
# awsdocs/aws-security-hub-user-guide doc_source/cloudwatch-controls.md, March 2023, the last
# published source). Security Hub checks the filter text, not what it matches.
SECURITY_HUB_FILTER_PATTERNS: Mapping[str, str] = MappingProxyType({
    "root-account-usage": (
        '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && '
        '$.eventType !="AwsServiceEvent"}'
    ),
    "unauthorized-api-calls": (
        '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}'
    ),
    "console-sign-in-without-mfa": (
        '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && '
        '($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }'
    ),
    "iam-policy-changes": "{" + " || ".join(f"($.eventName={name})" for name in _IAM_POLICY_EVENTS) + "}",
    "cloudtrail-configuration-changes": (
        "{" + " || ".join(f"($.eventName={name})" for name in _TRAIL_EVENTS) + "}"
    ),
    "console-authentication-failures": (
        '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}'
    ),
    "kms-key-disabled-or-deletion-scheduled": (
        "{($.eventSource=kms.amazonaws.com) && "
        "(($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}"
    ),
    "s3-bucket-policy-changes": (
        "{($.eventSource=s3.amazonaws.com) && ("
        + " || ".join(f"($.eventName={name})" for name in _BUCKET_POLICY_EVENTS)
        + ")}"
    ),
    "aws-config-changes": (
        "{($.eventSource=config.amazonaws.com) && ("
        + " || ".join(f"($.eventName={name})" for name in _CONFIG_EVENTS)
        + ")}"
    ),
    "security-group-changes": (
        "{" + " || ".join(f"($.eventName={name})" for name in _SECURITY_GROUP_EVENTS[:-1]) + "}"
    ),
    "nacl-changes": "{" + " || ".join(f"($.eventName={name})" for name in _NACL_EVENTS) + "}",
    "network-gateway-changes": "{" + " || ".join(f"($.eventName={name})" for name in _GATEWAY_EVENTS) + "}",
    "route-table-changes": "{" + " || ".join(f"($.eventName={name})" for name in _ROUTE_TABLE_EVENTS) + "}",
    "vpc-changes": "{" + " || ".join(f"($.eventName={name})" for name in _VPC_EVENTS) + "}",
})


# ---------------------------------------------------------------------------------------------
# Health checks: the trail's delivery, watched through the absence of data
# ---------------------------------------------------------------------------------------------

DEFAULT_HEARTBEAT_WINDOW_HOURS = 6
"""How long no log data may arrive before a heartbeat alarm fires (``TrailHeartbeat``'s default).

CloudTrail delivers log files about every 5 minutes while there are events, and with log file
validation on it delivers a digest file to S3 every hour even when there were none; CloudWatch
Logs receives events only. Six hours of silence is far outside both rhythms in any account with
activity, and is noticed the same working day."""

HEARTBEAT_PERIOD_SECONDS = 3600
"""Each heartbeat alarm sums its metric per hour and fires when every hour of the window is empty."""


@dataclass(frozen=True, kw_only=True)
class HealthCheckDefinition:
    """One delivery heartbeat: a CloudWatch metric that counts what the trail delivered, and the
    alarm that fires when it counted nothing for a whole window.

    The alarm sums ``metric_name`` per ``period_seconds``, compares each period with
    ``threshold`` using ``comparison_operator``, treats a period without data as
    ``treat_missing_data``, and fires when every period of the window breaches (window / period
    evaluation periods, all of them datapoints to alarm).

    :param alert_id: stable kebab-case id; construct ids and the README table use it.
    :param title: one line for humans.
    :param severity: how urgently someone must look.
    :param namespace: the metric's CloudWatch namespace (an AWS one: the service emits it).
    :param metric_name: the metric.
    :param dimension_names: the dimensions the alarm sets, in order.
    :param source: where the data comes from, for the README table.
    """

    alert_id: str
    title: str
    severity: Severity
    namespace: str
    metric_name: str
    dimension_names: tuple[str, ...]
    source: str
    statistic: str = "Sum"
    period_seconds: int = HEARTBEAT_PERIOD_SECONDS
    threshold: float = 1
    comparison_operator: str = "LessThanThreshold"
    treat_missing_data: str = "breaching"
    kind: ClassVar[AlertKind] = AlertKind.HEALTH

    def threshold_text(self, window_hours: int = DEFAULT_HEARTBEAT_WINDOW_HOURS) -> str:
        """The alarm condition in words, for alarm descriptions and the README table."""
        return (
            f"{self.statistic} of {self.namespace} {self.metric_name} < {self.threshold:g} in each "
            f"{self.period_seconds // 3600}-hour period for {window_hours} consecutive hours "
            f"(missing data breaching)"
        )


HEALTH_CHECKS: Mapping[str, HealthCheckDefinition] = MappingProxyType({
    check.alert_id: check
    for check in (
        HealthCheckDefinition(
            alert_id="trail-delivery-cloudwatch-logs",
            title="CloudTrail delivered no events to its CloudWatch Logs log group",
            severity=Severity.HIGH,
            namespace="AWS/Logs",
            metric_name="IncomingLogEvents",
            dimension_names=("LogGroupName",),
            source="the trail's log group",
        ),
        HealthCheckDefinition(
            alert_id="trail-delivery-s3",
            title="CloudTrail delivered no log or digest files to its S3 bucket",
            severity=Severity.HIGH,
            namespace="AWS/S3",
            metric_name="PutRequests",
            dimension_names=("BucketName", "FilterId"),
            source="S3 request metrics of the log bucket, filtered to [s3_key_prefix/]AWSLogs/",
        ),
    )
})
"""The delivery heartbeats ``TrailHeartbeat`` deploys, by id (``kind`` is ``AlertKind.HEALTH``)."""

HEALTH_CHECK_IDS = tuple(HEALTH_CHECKS)
"""The ids of ``HEALTH_CHECKS``, in order."""
