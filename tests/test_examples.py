"""Every example runs as `python examples/<name>.py`, from any directory, into $CDK_OUTDIR."""

import os
import subprocess
import sys

import pytest

from tests.test_compliance import EXAMPLES


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_example_runs_as_a_script_into_cdk_outdir(example, tmp_path):
    environment = {**os.environ, "CDK_OUTDIR": str(tmp_path / "out")}
    subprocess.run([sys.executable, str(example)], check=True, cwd=tmp_path, env=environment, capture_output=True, timeout=300)
    assert list((tmp_path / "out").glob("*.template.json")), f"{example.name} wrote no template to $CDK_OUTDIR"
