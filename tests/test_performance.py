"""What keeps synthesis fast gives the same answers as before: the shortcuts of issue 11."""

import subprocess
import sys

import aws_cdk as cdk
import pytest

import constructs_lib
from constructs_lib import SecureTrail, catalogue
from constructs_lib._shared.validation import is_token, known_regions
from tests.helpers import PROJECT_ROOT, new_stack


def test_every_public_name_is_exported_and_loaded_on_first_use():
    assert sorted(constructs_lib._MODULE_OF) == sorted(constructs_lib.__all__)
    assert set(constructs_lib.__all__) <= set(dir(constructs_lib))
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchConstruct'"):
        constructs_lib.NoSuchConstruct  # noqa: B018


def test_importing_the_trail_does_not_load_the_other_areas():
    # A new interpreter: this one has imported everything already.
    code = (
        "import sys\nfrom constructs_lib import SecureTrail\n"
        "print(sorted(m for m in ('sqlglot', 'cdk_stacksets', 'constructs_lib.query', 'constructs_lib.layouts', "
        "'constructs_lib.alerts') if m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("audit-trail", False),
        ("arn:aws:s3:::bucket/AWSLogs/${aws:PrincipalAccount}", False),
        (cdk.Aws.ACCOUNT_ID, True),
        (cdk.Token.as_string(cdk.Fn.ref("Bucket")), True),
        (cdk.Fn.join(",", cdk.Token.as_list(cdk.Fn.ref("List"))), True),
        (12, False),
    ],
)
def test_is_token_answers_plain_strings_itself_and_asks_cdk_otherwise(value, expected):
    assert is_token(value) is expected


def test_known_regions_are_cdks():
    assert {"us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1"} <= known_regions()


def test_catalogue_hands_out_copies():
    first = catalogue()
    first["unauthorized-api-calls"].event_pattern["detail"]["errorCode"] = ["changed"]
    assert catalogue()["unauthorized-api-calls"].event_pattern["detail"]["errorCode"] != ["changed"]


def test_trails_of_different_apps_do_not_collide():
    env = cdk.Environment(account="111111111111", region="us-east-1")
    first, second = new_stack(env=env), new_stack(env=env)
    SecureTrail(first, "Trail", trail_name="audit")
    SecureTrail(second, "Trail", trail_name="audit")  # another App: no ConfigurationError
