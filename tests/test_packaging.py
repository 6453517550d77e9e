"""What a user installing the package gets: every subpackage, one version, the license, the links."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

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


def _normalized(name: str) -> str:
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _distribution(requirement: str) -> str:
    return _normalized(re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0])


def test_every_library_import_is_a_declared_dependency():
    """A module the library imports at run time is installed with it (pip install of the package),
    and pinned in requirements.txt for the app."""
    imported = set()
    for path in (PROJECT_ROOT / "constructs_lib").rglob("*.py"):
        for module in ast.walk(ast.parse(path.read_text())):
            if isinstance(module, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in module.names}
            elif isinstance(module, ast.ImportFrom) and module.level == 0:
                imported.add(module.module.split(".")[0])
    third_party = {name for name in imported - set(sys.stdlib_module_names) if name != "constructs_lib"}
    # Several distributions can provide one top-level module (aws_cdk: aws-cdk-lib and its asset
    # packages, in install order); the import is covered when any of them is declared.
    providers = packages_distributions()
    distributions = {name: {_normalized(dist) for dist in providers.get(name, ())} for name in third_party}
    declared = {_distribution(requirement) for requirement in PYPROJECT["project"]["dependencies"]}
    pinned = {
        _distribution(line) for line in (PROJECT_ROOT / "requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    }
    assert {name: dists for name, dists in distributions.items() if not dists & declared} == {}
    assert declared <= pinned
