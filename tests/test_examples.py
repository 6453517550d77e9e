"""Every example runs as a script, from any directory: into $CDK_OUTDIR when set (as the CDK CLI sets
it), else into ./cdk.out, and says where. `make example NAME=<name>` is the documented way to run one.

The examples run as scripts (``__main__``, their own ``sys.path`` set-up, ``sys.argv``, $CDK_OUTDIR) all
in ONE Python process, so that the suite pays the interpreter's and the jsii runtime's start-up
(seconds each) once, not once per example; single_account.py also runs as `python
examples/single_account.py` in a process of its own, without $CDK_OUTDIR. Both processes start as soon
as the tests are collected (tests/conftest.py) and run on the other core while the suite goes on.
Their stacks' contents are checked in test_compliance.py.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO

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


def _start(arguments, cwd: Path, **environment) -> tuple[subprocess.Popen, IO[str]]:
    """Start ``python <arguments>`` in ``cwd``; return the process and the temporary file its stderr goes
    to (read only once it ends: a pipe that nobody reads would block the process once full, ~64 KB)."""
    env = {key: value for key, value in os.environ.items() if key != "CDK_OUTDIR"}
    env["PATH"] = f"{PROJECT_ROOT / 'node_modules' / '.bin'}{os.pathsep}{env.get('PATH', '')}"  # Node 22, as make does
    cwd.mkdir(parents=True, exist_ok=True)
    stderr = tempfile.TemporaryFile("w+")
    process = subprocess.Popen(
        [sys.executable, *map(str, arguments)],
        cwd=cwd,
        env={**env, **environment},
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )
    return process, stderr


class ScriptRuns:
    """The two processes that run the examples as scripts, in ``directory``."""

    def __init__(self, directory: Path):
        self.batch_directory = directory / "with-cdk-outdir"
        self.alone_directory = directory / "without-cdk-outdir"
        self.outdirs = {example: self.batch_directory / f"{example.stem}.out" for example in EXAMPLES}
        arguments = [argument for example, outdir in self.outdirs.items() for argument in (example, outdir)]
        self._batch = _start(["-c", _RUN_EXAMPLES_AS_SCRIPTS, *arguments], self.batch_directory)
        self._alone = _start([PROJECT_ROOT / "examples" / "single_account.py"], self.alone_directory)

    @staticmethod
    def _stdout(run: tuple[subprocess.Popen, IO[str]]) -> str:
        process, stderr = run
        stdout, _ = process.communicate(timeout=300)
        stderr.seek(0)
        assert process.returncode == 0, stderr.read()
        return stdout

    def printed(self) -> dict[Path, str]:
        """What each example printed when run with $CDK_OUTDIR."""
        lines = map(json.loads, self._stdout(self._batch).splitlines())
        return {Path(line["example"]): line["stdout"] for line in lines}

    def printed_alone(self) -> str:
        """What single_account.py printed when run without $CDK_OUTDIR."""
        return self._stdout(self._alone)

    def stop(self) -> None:
        for process, stderr in (self._batch, self._alone):
            if process.poll() is None:
                process.kill()
                process.communicate()
            stderr.close()


# Started by tests/conftest.py once the session has collected this module's tests.
started: ScriptRuns | None = None


@pytest.fixture(scope="module")
def script_runs(tmp_path_factory) -> ScriptRuns:
    runs = started or ScriptRuns(tmp_path_factory.mktemp("examples"))
    yield runs
    runs.stop()


@pytest.fixture(scope="module")
def printed(script_runs) -> dict[Path, str]:
    return script_runs.printed()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_example_runs_as_a_script_into_cdk_outdir(example, script_runs, printed):
    outdir = script_runs.outdirs[example]
    assert example in printed, f"{example.name} did not run"
    assert list(outdir.glob("*.template.json")), f"{example.name} wrote no template to $CDK_OUTDIR"
    assert f"into {outdir}" in printed[example]


def test_without_cdk_outdir_an_example_writes_to_cdk_out_in_the_current_directory(script_runs):
    stdout = script_runs.printed_alone()
    cdk_out = script_runs.alone_directory / "cdk.out"
    assert (cdk_out / "ExampleSingleAccountTrail.template.json").exists()
    assert stdout.strip() == f"Synthesized ExampleSingleAccountTrail into {cdk_out}"


def _make_dry_run(*arguments: str) -> subprocess.CompletedProcess:
    """``make -n`` as a user types it, also when the tests themselves run under ``make test`` (whose
    MAKELEVEL and MAKEFLAGS would make the inner make print "Entering/Leaving directory")."""
    env = {name: value for name, value in os.environ.items() if name not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    return subprocess.run(["make", "-n", *arguments], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)


def test_make_example_runs_the_named_example():
    if shutil.which("make") is None:
        pytest.skip("make is not installed: `make example NAME=<name>` cannot run here")
    dry_run = _make_dry_run("example", "NAME=alerts")
    assert dry_run.returncode == 0, dry_run.stderr
    assert dry_run.stdout.strip().splitlines()[-1] == "python examples/alerts.py"
    unknown = _make_dry_run("example", "NAME=nope")
    assert unknown.returncode != 0 and "NAME must be one of: alerts" in unknown.stderr
