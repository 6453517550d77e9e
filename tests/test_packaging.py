"""What a user installing the package gets: every subpackage, one version, the license, the links."""

import re
import tomllib

from setuptools import find_packages

import constructs_lib
from tests.helpers import PROJECT_ROOT

PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())


def test_the_version_has_one_source_the_package():
    assert "version" not in PYPROJECT["project"] and "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "constructs_lib.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", constructs_lib.__version__)


def test_the_changelog_has_the_version_and_an_unreleased_section():
    changelog = (PROJECT_ROOT / "CHANGELOG.md").read_text()
    assert "## [Unreleased]" in changelog
    assert f"## [{constructs_lib.__version__}]" in changelog


def test_every_subpackage_is_installed():
    on_disk = sorted(
        ".".join(path.parent.relative_to(PROJECT_ROOT).parts)
        for path in (PROJECT_ROOT / "constructs_lib").rglob("__init__.py")
        if "__pycache__" not in path.parts
    )
    include = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    assert sorted(find_packages(where=str(PROJECT_ROOT), include=include)) == on_disk


def test_license_and_project_urls():
    assert (PROJECT_ROOT / "LICENSE").read_text().split()[:4] == ["Apache", "License", "Version", "2.0,"]
    assert PYPROJECT["project"]["license"] == {"text": "Apache-2.0"}
    assert {"Homepage", "Documentation", "Changelog", "Issues"} <= set(PYPROJECT["project"]["urls"])
