"""help() on the public constructs shows their real parameters and the attributes users reach for."""

import inspect
import pydoc
import re

import pytest
from constructs import Construct

import constructs_lib
from constructs_lib import SecureTrail, SecurityAlerts

CONSTRUCTS = [
    getattr(constructs_lib, name)
    for name in constructs_lib.__all__
    if isinstance(getattr(constructs_lib, name), type) and issubclass(getattr(constructs_lib, name), Construct)
]


def _help(cls) -> str:
    return pydoc.render_doc(cls, renderer=pydoc.plaintext)


@pytest.mark.parametrize("cls", CONSTRUCTS, ids=lambda cls: cls.__name__)
def test_the_signature_is_the_constructors_not_jsiis_args_and_kwargs(cls):
    parameters = inspect.signature(cls).parameters
    assert list(parameters)[:2] == ["scope", "construct_id"], f"decorate {cls.__name__} with @visible_signature"
    assert f"{cls.__name__}(scope: constructs.Construct, construct_id: str, *," in _help(cls)


@pytest.mark.parametrize("cls", CONSTRUCTS, ids=lambda cls: cls.__name__)
def test_every_documented_parameter_is_a_real_one_and_every_keyword_is_documented(cls):
    keywords = [name for name, p in inspect.signature(cls).parameters.items() if p.kind is p.KEYWORD_ONLY]
    documented = re.findall(r":param (\w+):", cls.__doc__ or "")
    assert sorted(documented) == sorted(keywords)


@pytest.mark.parametrize(
    ("cls", "attributes"),
    [
        (SecureTrail, ["trail", "trail_arn", "trail_name", "key", "trail_key", "bucket", "log_bucket", "log_group", "trail_log_group", "topic"]),
        (SecurityAlerts, ["alerts", "alarms", "rules", "topic", "trail", "log_group", "event_bus"]),
    ],
    ids=["SecureTrail", "SecurityAlerts"],
)
def test_help_lists_the_attributes(cls, attributes):
    text = _help(cls)
    section = text[text.index("Attributes:"):]
    for attribute in attributes:
        assert f"``{attribute}``" in section, attribute
