"""Session set-up: the slowest checks that need no result of the suite start in the background as soon
as the tests are collected, so that they run on the other core while the suite goes on."""

import shutil
import sys
import tempfile
from pathlib import Path


def pytest_collection_finish(session):
    """Start running the examples as scripts (tests/test_examples.py) when any of its tests will run."""
    test_examples = sys.modules.get("tests.test_examples")
    if test_examples and any(getattr(item, "module", None) is test_examples for item in session.items):
        test_examples.started = test_examples.ScriptRuns(Path(tempfile.mkdtemp(prefix="examples-")))


def pytest_sessionfinish(session):
    test_examples = sys.modules.get("tests.test_examples")
    if test_examples and test_examples.started is not None:
        test_examples.started.stop()
        shutil.rmtree(test_examples.started.batch_directory.parent, ignore_errors=True)
        test_examples.started = None
