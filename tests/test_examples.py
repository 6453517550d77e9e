"""Every example runs as a script, from any directory: into $CDK_OUTDIR when set (as the CDK CLI sets
it), else into ./cdk.out, and says where. `make example NAME=<name>` is the documented way to run one."""

import os
import subprocess
import sys

import pytest

from tests.helpers import PROJECT_ROOT
from tests.test_compliance import EXAMPLES


def _run(example, cwd, **environment):
    env = {key: value for key, value in os.environ.items() if key != "CDK_OUTDIR"}
    env["PATH"] = f"{PROJECT_ROOT / 'node_modules' / '.bin'}{os.pathsep}{env.get('PATH', '')}"  # Node 22, as make does
    completed = subprocess.run(
        [sys.executable, str(example)], check=True, cwd=cwd, env={**env, **environment}, capture_output=True, text=True, timeout=300
    )
    return completed.stdout


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_example_runs_as_a_script_into_cdk_outdir(example, tmp_path):
    stdout = _run(example, tmp_path, CDK_OUTDIR=str(tmp_path / "out"))
    assert list((tmp_path / "out").glob("*.template.json")), f"{example.name} wrote no template to $CDK_OUTDIR"
    assert f"into {tmp_path / 'out'}" in stdout


def test_without_cdk_outdir_an_example_writes_to_cdk_out_in_the_current_directory(tmp_path):
    stdout = _run(PROJECT_ROOT / "examples" / "single_account.py", tmp_path)
    assert (tmp_path / "cdk.out" / "ExampleSingleAccountTrail.template.json").exists()
    assert stdout.strip() == f"Synthesized ExampleSingleAccountTrail into {tmp_path / 'cdk.out'}"


def test_make_example_runs_the_named_example():
    dry_run = subprocess.run(
        ["make", "-n", "example", "NAME=alerts"], cwd=PROJECT_ROOT, check=True, capture_output=True, text=True
    )
    assert dry_run.stdout.strip().splitlines()[-1] == "python examples/alerts.py"
    unknown = subprocess.run(["make", "-n", "example", "NAME=nope"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert unknown.returncode != 0 and "NAME must be one of: alerts" in unknown.stderr
