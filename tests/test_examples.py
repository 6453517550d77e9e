"""Every example runs as `python examples/<name>.py` and synthesizes into $CDK_OUTDIR."""

import json
import runpy

import pytest

from tests.test_compliance import EXAMPLES


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_example_synthesizes_into_cdk_outdir(example, tmp_path, monkeypatch):
    monkeypatch.setenv("CDK_OUTDIR", str(tmp_path))
    runpy.run_path(str(example), run_name="__main__")
    templates = list(tmp_path.glob("*.template.json"))
    assert templates, f"{example.name} wrote no template to $CDK_OUTDIR"
    for template in templates:
        resources = json.loads(template.read_text())["Resources"]
        assert any(r["Type"] == "AWS::CloudTrail::Trail" for r in resources.values()) or "Alert" in template.name
