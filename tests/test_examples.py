"""Every example runs as a script, from any directory: into $CDK_OUTDIR when set (as the CDK CLI sets
it), else into ./cdk.out, and says where. `make example NAME=<name>` is the documented way to run one.

The examples run as scripts (``__main__``, their own ``sys.path`` set-up, ``sys.argv``, $CDK_OUTDIR) all
in ONE Python process, so that the suite pays the interpreter's and the jsii runtime's start-up
(seconds each) once, not once per example; single_account.py also runs as `python
examples/single_account.py` in a process of its own, without $CDK_OUTDIR. Their stacks' contents are
checked in test_compliance.py.
"""

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import PROJECT_ROOT
from tests.test_compliance import EXAMPLES

# Runs each example given on the command line as `python <example>` would, one after the other, with
# $CDK_OUTDIR set to the directory given with it, and prints a JSON line per example: what it printed.
# Between examples it forgets the project's modules and the project root on sys.path, so that each
# example proves again that it finds the library by itself, from any directory.
_RUN_EXAMPLES_AS_SCRIPTS = """
import contextlib, io, json, os, runpy, sys

initial_path = list(sys.path)
for example, outdir in zip(sys.argv[1::2], sys.argv[2::2]):
    sys.path[:] = initial_path
    for name in [name for name in sys.modules if name.split(".")[0] in ("constructs_lib", "stacks", "examples")]:
        del sys.modules[name]
    sys.argv = [example]
    os.environ["CDK_OUTDIR"] = outdir
    with contextlib.redirect_stdout(io.StringIO()) as stdout:
        runpy.run_path(example, run_name="__main__")
    print(json.dumps({"example": example, "stdout": stdout.getvalue()}), flush=True)
"""


def _environment(**environment) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "CDK_OUTDIR"}
    env["PATH"] = f"{PROJECT_ROOT / 'node_modules' / '.bin'}{os.pathsep}{env.get('PATH', '')}"  # Node 22, as make does
    return {**env, **environment}


def _run(arguments, cwd, **environment) -> str:
    completed = subprocess.run(
        [sys.executable, *map(str, arguments)],
        cwd=cwd,
        env=_environment(**environment),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


@pytest.fixture(scope="module")
def scripts_run(tmp_path_factory):
    """{example: (its $CDK_OUTDIR, what it printed)} of every example, run as scripts in one process
    started outside the project."""
    cwd = tmp_path_factory.mktemp("examples")
    outdirs = {example: cwd / f"{example.stem}.out" for example in EXAMPLES}
    arguments = [argument for example, outdir in outdirs.items() for argument in (example, outdir)]
    printed = {
        line["example"]: line["stdout"]
        for line in map(json.loads, _run(["-c", _RUN_EXAMPLES_AS_SCRIPTS, *arguments], cwd).splitlines())
    }
    return {example: (outdir, printed.get(str(example))) for example, outdir in outdirs.items()}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_example_runs_as_a_script_into_cdk_outdir(example, scripts_run):
    outdir, stdout = scripts_run[example]
    assert stdout is not None, f"{example.name} did not run"
    assert list(outdir.glob("*.template.json")), f"{example.name} wrote no template to $CDK_OUTDIR"
    assert f"into {outdir}" in stdout


def test_without_cdk_outdir_an_example_writes_to_cdk_out_in_the_current_directory(tmp_path):
    stdout = _run([PROJECT_ROOT / "examples" / "single_account.py"], tmp_path)
    assert (tmp_path / "cdk.out" / "ExampleSingleAccountTrail.template.json").exists()
    assert stdout.strip() == f"Synthesized ExampleSingleAccountTrail into {tmp_path / 'cdk.out'}"


def test_make_example_runs_the_named_example():
    dry_run = subprocess.run(
        ["make", "-n", "example", "NAME=alerts"], cwd=PROJECT_ROOT, check=True, capture_output=True, text=True
    )
    assert dry_run.stdout.strip().splitlines()[-1] == "python examples/alerts.py"
    unknown = subprocess.run(["make", "-n", "example", "NAME=nope"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert unknown.returncode != 0 and "NAME must be one of: alerts" in unknown.stderr
