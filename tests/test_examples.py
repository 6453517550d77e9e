"""Every example runs as `python examples/<name>.py` and synthesizes into $CDK_OUTDIR."""

import runpy

import pytest

from tests.test_compliance import EXAMPLES


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_example_synthesizes_into_cdk_outdir(example, tmp_path, monkeypatch):
    monkeypatch.setenv("CDK_OUTDIR", str(tmp_path))
    runpy.run_path(str(example), run_name="__main__")
    assert list(tmp_path.glob("*.template.json")), f"{example.name} wrote no template to $CDK_OUTDIR"
