"""Every ```python block of README.md runs as written and synthesizes without a warning or error.

The blocks run in this process (jsii starts once), each in a fresh namespace; ``cdk.App`` gets the
feature flags of cdk.json, as ``cdk synth`` passes them to an app in a project that copied them.
"""

import json
import re
from types import SimpleNamespace

import aws_cdk as cdk
import pytest

from tests.helpers import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text()
BLOCKS = [
    SimpleNamespace(code=match.group(1), line=README.count("\n", 0, match.start()) + 2)
    for match in re.finditer(r"^```python\n(.*?)^```$", README, re.DOTALL | re.MULTILINE)
]
FEATURE_FLAGS = json.loads((PROJECT_ROOT / "cdk.json").read_text())["context"]


def _run(block) -> SimpleNamespace:
    apps: list[cdk.App] = []
    real_app = cdk.App

    class ProjectApp(real_app):
        """cdk.App as `cdk synth` gives it to a project with this repository's cdk.json."""

        def __init__(self, **kwargs):
            super().__init__(**{**kwargs, "context": {**FEATURE_FLAGS, **(kwargs.get("context") or {})}})
            apps.append(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cdk, "App", ProjectApp)
        namespace = {"__name__": "readme_block"}
        try:
            exec(compile(block.code, f"README.md:{block.line}", "exec"), namespace)  # noqa: S102
        except Exception as error:  # noqa: BLE001 - reported per block below
            return SimpleNamespace(error=f"{type(error).__name__}: {error}", apps=apps, messages=[])
    messages = [
        f"{stack.stack_name}: {message.level.name} {message.entry.data}"
        for app in apps
        for stack in app.synth().stacks
        for message in stack.messages
        if message.level.name in ("WARNING", "ERROR")
    ]
    return SimpleNamespace(error=None, apps=apps, messages=messages)


@pytest.fixture(scope="module")
def results():
    return [_run(block) for block in BLOCKS]


def test_the_readme_has_python_blocks():
    assert len(BLOCKS) >= 6


@pytest.mark.parametrize("index", range(len(BLOCKS)), ids=[f"line{block.line}" for block in BLOCKS])
def test_block_runs_and_synthesizes_without_warnings(results, index):
    result = results[index]
    assert result.error is None, f"README.md block at line {BLOCKS[index].line} failed: {result.error}"
    assert result.apps, f"README.md block at line {BLOCKS[index].line} builds no cdk.App"
    assert result.messages == []


def test_without_the_cross_stack_flag_the_two_stack_block_warns(monkeypatch):
    """What the README says of @aws-cdk/core:defaultCrossStackReferences."""
    (block,) = [block for block in BLOCKS if "alerts_stack" in block.code]
    flags = {key: value for key, value in FEATURE_FLAGS.items() if key != "@aws-cdk/core:defaultCrossStackReferences"}
    monkeypatch.setitem(globals(), "FEATURE_FLAGS", flags)
    (message,) = _run(block).messages
    assert "No cross-stack-reference strength configured" in message
