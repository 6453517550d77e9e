"""Wrong input to the layouts' constructs and stack builders: each case is a ConfigurationError
that names what is wrong and how to fix it, raised while the app is built (no synthesis)."""

import cdk_stacksets as stacksets
import pytest

from constructs_lib import (
    AccountTrail,
    CentralLogArchive,
    ConfigurationError,
    MemberEventForwarding,
    MemberStackSet,
    TrailGuardrailPolicy,
)
from constructs_lib.layouts.log_archive import MAX_LOG_READER_ACCOUNTS
from stacks.account_trail import AccountTrailStack
from stacks.layouts import add_accounts_layout, add_layout, add_organization_layout
from stacks.stack_sets import AccountStackSetsStack
from tests.helpers import new_app, new_stack
from tests.layouts.test_config import KEY_ARN, MEMBER, accounts, numbered_accounts, organization

ORGANIZATION = organization(trail_key_arn=KEY_ARN)
ACCOUNTS = accounts(trail_key_arn=KEY_ARN)
# Ten long exempt role names: each appears in every statement of the guardrail SCP.
LONG_EXEMPTIONS = tuple(f"{index}-{'deployment-role-' * 3}"[:64] for index in range(10))


def _member_stack_set(config=ORGANIZATION, **kwargs):
    def build(stack):
        kwargs.setdefault("template_stack", stacksets.StackSetStack(stack, "Template"))
        MemberStackSet(stack, "Members", config=config, **kwargs)

    return build


# (case id, what the user does with a fresh stack, a fragment of the message)
CASES = [
    ("archive-config-string", lambda s: CentralLogArchive(s, "Archive", config="estate.json"),
     r"config is 'estate\.json' of type str, but it must be of type LayoutConfig"),
    ("archive-too-many-reader-accounts",
     lambda s: CentralLogArchive(s, "Archive", config=accounts(
         trail_accounts=numbered_accounts(MAX_LOG_READER_ACCOUNTS + 1),
         log_reader_accounts=numbered_accounts(MAX_LOG_READER_ACCOUNTS + 1))),
     rf"log_reader_accounts names {MAX_LOG_READER_ACCOUNTS + 1} accounts.*at most {MAX_LOG_READER_ACCOUNTS} "
     r"reader roles.*cloudtrail-log-reader role instead"),
    ("account-trail-organization-config", lambda s: AccountTrail(s, "Trail", config=ORGANIZATION, event_bus_index=0),
     r"AccountTrail belongs to the accounts layout, but this configuration has layout='organization'\. "
     r"Set layout to 'accounts', or use add_layout"),
    ("account-trail-without-key", lambda s: AccountTrail(s, "Trail", config=accounts(), event_bus_index=0),
     r"AccountTrail needs config\.trail_key_arn: deploy the log-archive stack first"),
    ("account-trail-bus-index-string", lambda s: AccountTrail(s, "Trail", config=ACCOUNTS, event_bus_index="0"),
     r"event_bus_index is '0' of type str, but it must be of type int.*config\.event_bus_index\(account\)"),
    ("forwarding-bus-index-out-of-range",
     lambda s: MemberEventForwarding(s, "Forwarding", config=ACCOUNTS, event_bus_index=1),
     r"event_bus_index 1 names no central event bus: this layout has 1 \(indexes 0 to 0\)\. "
     r"Use config\.event_bus_index\(account\)"),
    ("forwarding-bus-index-none", lambda s: MemberEventForwarding(s, "Forwarding", config=ACCOUNTS, event_bus_index=None),
     r"event_bus_index is None of type NoneType, but it must be of type int"),
    ("stack-set-accounts-config", _member_stack_set(ACCOUNTS),
     r"MemberStackSet belongs to the organization layout, but this configuration has layout='accounts'"),
    ("stack-set-template-string", _member_stack_set(template_stack="member.json"),
     r"template_stack is 'member\.json' of type str, but it must be of type StackSetStack"),
    ("stack-set-name-int", _member_stack_set(stack_set_name=5),
     r"stack_set_name is 5 of type int, but it must be of type str"),
    ("stack-set-name-empty", _member_stack_set(stack_set_name=""),
     r"stack_set_name '' is not a StackSet name CloudFormation accepts.*Pass a name such as"),
    ("stack-set-name-underscore", _member_stack_set(stack_set_name="member_forwarding"),
     r"stack_set_name 'member_forwarding' is not a StackSet name CloudFormation accepts \(a letter, then"),
    ("stack-set-name-from-trail-name", _member_stack_set(organization(trail_key_arn=KEY_ARN, trail_name="1-audit")),
     r"trail_name '1-audit' gives the StackSet name '1-audit-member-forwarding', which CloudFormation rejects.*"
     r"Choose a trail_name that starts with a letter and has at most 110 characters"),
    ("guardrails-stack-set-name-none",
     lambda s: TrailGuardrailPolicy(s, "Guardrails", config=ORGANIZATION, stack_set_name=None),
     r"stack_set_name is None of type NoneType, but it must be of type str"),
    ("guardrails-accounts-config", lambda s: TrailGuardrailPolicy(s, "Guardrails", config=ACCOUNTS, stack_set_name="x"),
     r"TrailGuardrailPolicy belongs to the organization layout"),
    ("guardrails-too-long",
     lambda s: TrailGuardrailPolicy(
         s, "Guardrails", config=organization(exempt_role_names=LONG_EXEMPTIONS), stack_set_name="members"),
     r"The guardrail SCP would be \d+ characters, over AWS Organizations' limit of 5120\. Shorten exempt_role_names"),
]


@pytest.mark.parametrize("build, message", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_layout_constructs_refuse_wrong_input(build, message):
    with pytest.raises(ConfigurationError, match=message):
        build(new_stack())


APP_CASES = [
    ("layout-config-dict", lambda app: add_layout(app, {"layout": "organization"}),
     r"config is \{'layout': 'organization'\} of type dict, but it must be of type LayoutConfig.*from_mapping"),
    ("stack-set-string", lambda app: add_layout(app, ACCOUNTS, stack_set="false"),
     r"stack_set is 'false' of type str, but it must be of type bool"),
    ("accounts-stack-set-string", lambda app: add_accounts_layout(app, ACCOUNTS, stack_set="true"),
     r"stack_set is 'true' of type str, but it must be of type bool"),
    ("organization-stack-set", lambda app: add_layout(app, ORGANIZATION, stack_set=True),
     r"stack_set applies to the accounts layout.*Remove stack_set=True \(or -c stack_set=true\), or set layout"),
    ("organization-builder-accounts-config", lambda app: add_organization_layout(app, ACCOUNTS),
     r"add_organization_layout belongs to the organization layout, but this configuration has layout='accounts'"),
    ("accounts-builder-organization-config", lambda app: add_accounts_layout(app, ORGANIZATION),
     r"add_accounts_layout belongs to the accounts layout, but this configuration has layout='organization'"),
    ("prefix-digit", lambda app: add_layout(app, ORGANIZATION, prefix="1Trail"),
     r"prefix '1Trail' cannot start a stack name.*prefix='CloudTrail'"),
    ("prefix-none", lambda app: add_layout(app, ORGANIZATION, prefix=None),
     r"prefix is None of type NoneType, but it must be of type str"),
    ("account-stack-unlisted-account",
     lambda app: AccountTrailStack(app, "Account", config=ACCOUNTS, account="999999999999"),
     r"account '999999999999' is not in trail_accounts.*Add it to trail_accounts"),
    ("stack-sets-organization-config", lambda app: AccountStackSetsStack(app, "StackSets", config=ORGANIZATION),
     r"AccountStackSetsStack belongs to the accounts layout"),
    ("stack-set-name-of-a-long-trail-name",
     lambda app: add_accounts_layout(app, accounts(trail_key_arn=KEY_ARN, trail_name="t" * 120), stack_set=True),
     r"trail_name 't{120}' gives the StackSet name 't{120}-account-trail-0', which CloudFormation rejects.*"
     r"at most 112 characters"),
]


@pytest.mark.parametrize("build, message", [case[1:] for case in APP_CASES], ids=[case[0] for case in APP_CASES])
def test_layout_builders_refuse_wrong_input(build, message):
    with pytest.raises(ConfigurationError, match=message):
        build(new_app())


def test_a_listed_account_and_its_bus_are_accepted():
    stack = AccountTrailStack(new_app(), "Account", config=ACCOUNTS, account=MEMBER)
    assert stack.account_trail.trail.trail_name == ACCOUNTS.trail_name
