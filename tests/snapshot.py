"""Snapshot comparison of synthesized templates, updated only on purpose.

Run ``UPDATE_SNAPSHOTS=1 make test`` to rewrite the snapshots; review the diff before committing.
"""

import json
import os
import re
from pathlib import Path

SNAPSHOT_DIR = Path(__file__).parent / "snapshots"
_ASSET_HASH = re.compile(r"[0-9a-f]{64}")


def normalized(template: dict) -> dict:
    """The template without what changes across CDK versions and machines (asset hashes, metadata)."""
    template = json.loads(_ASSET_HASH.sub("<asset-hash>", json.dumps(template)))
    for resource in template.get("Resources", {}).values():
        resource.pop("Metadata", None)
    template.get("Resources", {}).pop("CDKMetadata", None)
    template.pop("Conditions", None) if set(template.get("Conditions", {})) == {"CDKMetadataAvailable"} else None
    return template


def assert_matches_snapshot(name: str, template: dict) -> None:
    """Compare with ``snapshots/<name>.json``; write it instead when UPDATE_SNAPSHOTS=1."""
    path = SNAPSHOT_DIR / f"{name}.json"
    actual = json.dumps(normalized(template), indent=1, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_text(actual)
        return
    assert path.exists(), f"No snapshot {path.name}; run UPDATE_SNAPSHOTS=1 make test to create it."
    assert actual == path.read_text(), f"{name} differs from its snapshot; if intended, run UPDATE_SNAPSHOTS=1 make test and review the diff."
