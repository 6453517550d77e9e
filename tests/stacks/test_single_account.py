"""The single-account layout and the default app."""

import json
import runpy

import aws_cdk as cdk
import pytest

from stacks.single_account import SingleAccountTrailStack
from tests.helpers import TEST_ENV, new_app, template_of
from tests.snapshot import assert_matches_snapshot


@pytest.fixture(scope="module")
def template():
    app = new_app()
    stack = SingleAccountTrailStack(
        app, "SingleAccount", env=TEST_ENV, synthesizer=cdk.DefaultStackSynthesizer(generate_bootstrap_version_rule=False)
    )
    return template_of(stack)


def test_matches_snapshot(template):
    assert_matches_snapshot("single_account", template.to_json())


def test_one_trail_one_key_two_buckets_one_log_group(template):
    template.resource_count_is("AWS::CloudTrail::Trail", 1)
    template.resource_count_is("AWS::KMS::Key", 1)
    template.resource_count_is("AWS::S3::Bucket", 2)
    template.resource_count_is("AWS::Logs::LogGroup", 1)


def test_default_app_synthesizes_without_credentials_or_configuration(tmp_path, monkeypatch):
    monkeypatch.setenv("CDK_OUTDIR", str(tmp_path))
    for variable in ("CDK_DEFAULT_ACCOUNT", "CDK_DEFAULT_REGION", "AWS_PROFILE", "AWS_ACCESS_KEY_ID"):
        monkeypatch.delenv(variable, raising=False)
    runpy.run_path("app.py", run_name="__main__")
    assert (tmp_path / "CloudTrailSingleAccount.template.json").exists()


def test_default_app_takes_its_settings_from_cdk_context(tmp_path, monkeypatch):
    monkeypatch.setenv("CDK_OUTDIR", str(tmp_path))
    settings = runpy.run_path("app.py", run_name="app")["single_account_settings"]
    app = new_app(trail_name="audit", s3_key_prefix="trails", log_retention_days="731")  # -c values are strings
    assert settings(app) == {"trail_name": "audit", "s3_key_prefix": "trails", "cloud_watch_logs_retention": 731}
    template = template_of(SingleAccountTrailStack(app, "Configured", **settings(app)))
    template.has_resource_properties("AWS::CloudTrail::Trail", {"TrailName": "audit", "S3KeyPrefix": "trails"})
    template.has_resource_properties("AWS::Logs::LogGroup", {"LogGroupName": "/aws/cloudtrail/audit", "RetentionInDays": 731})
    assert settings(new_app()) == {}


def test_a_retention_that_is_not_a_number_of_days():
    from constructs_lib import ConfigurationError

    settings = runpy.run_path("app.py", run_name="app")["single_account_settings"]
    with pytest.raises(ConfigurationError, match=r"context log_retention_days 'two years' is not a number of days.*-c log_retention_days=365"):
        settings(new_app(log_retention_days="two years"))


def test_the_default_app_has_no_alarms_metric_filters_or_rules_as_its_diagram_says(template):
    for resource_type in ("AWS::Logs::MetricFilter", "AWS::CloudWatch::Alarm", "AWS::Events::Rule", "AWS::SNS::Topic"):
        template.resource_count_is(resource_type, 0)


# -- the app's multi-account layouts ---------------------------------------------------------------


def _layout_file(tmp_path, **settings) -> str:
    estate = {
        "layout": "accounts",
        "home_region": "us-east-1",
        "log_archive_account": "310987654398",
        "security_account": "310987654399",
        "trail_accounts": ["310987654301"],
        **settings,
    }
    path = tmp_path / "estate.json"
    path.write_text(json.dumps(estate))
    return str(path)


def test_the_app_synthesizes_a_layout_from_a_configuration_file(tmp_path):
    add_stacks = runpy.run_path("app.py", run_name="app")["add_stacks"]
    app = new_app(layout_config=_layout_file(tmp_path))  # as -c layout_config=estate.json gives it
    add_stacks(app)
    assert sorted(stack.stack_name for stack in app.synth().stacks) == ["CloudTrailLogArchive", "CloudTrailSecurity"]


@pytest.mark.parametrize(
    "context, message",
    [
        ({"layout_config": "missing.json"}, r"context layout_config 'missing.json' names no file"),
        ({"layout_config": "README.md"}, r"context layout_config 'README.md' is not valid JSON: .* Fix the file"),
        ({"layout_config": "tests"}, r"context layout_config 'tests' cannot be read as a text file"),
    ],
)
def test_a_layout_configuration_that_cannot_be_read(context, message):
    from constructs_lib import ConfigurationError

    layout_config = runpy.run_path("app.py", run_name="app")["layout_config"]
    with pytest.raises(ConfigurationError, match=message):
        layout_config(new_app(**context))


def test_a_layout_configuration_with_a_mistake_names_the_file_and_the_setting(tmp_path):
    from constructs_lib import ConfigurationError

    layout_config = runpy.run_path("app.py", run_name="app")["layout_config"]
    with pytest.raises(ConfigurationError, match=r"estate.json' has unknown setting\(s\) 'trail_acounts'"):
        layout_config(new_app(layout_config=_layout_file(tmp_path, trail_acounts=["310987654302"])))


def test_stack_set_context_must_be_true_or_false():
    from constructs_lib import ConfigurationError

    stack_set_setting = runpy.run_path("app.py", run_name="app")["stack_set_setting"]
    assert stack_set_setting(new_app(stack_set="true")) is True
    assert stack_set_setting(new_app()) is False
    with pytest.raises(ConfigurationError, match="context stack_set 'yes' must be true or false"):
        stack_set_setting(new_app(stack_set="yes"))
