"""The README's generated tables equal what the library holds (regenerate with `make docs`)."""

import dataclasses

import pytest

from constructs_lib.alerts import alert_catalogue
from tools import readme_tables
from tools.readme_tables import README, alert_catalogue_table, render, warning_ids, warnings_table


def test_the_committed_readme_tables_are_the_generated_ones():
    current = README.read_text()
    assert render(current) == current, "README.md's generated tables are stale: run `make docs`"


def test_every_catalogue_alert_has_a_row_with_its_controls_and_region():
    table = alert_catalogue_table()
    for definition in alert_catalogue.catalogue().values():
        (row,) = [line for line in table.splitlines() if line.startswith(f"| `{definition.alert_id}` |")]
        assert definition.title in row
        assert all(control in row for control in definition.controls)
        assert (definition.global_service_region or "any") in row


def test_a_new_catalogue_entry_appears_in_the_table(monkeypatch):
    original = alert_catalogue.catalogue()
    extra = dataclasses.replace(original["nacl-changes"], alert_id="health-heartbeat", title="Heartbeat missing", controls=())
    monkeypatch.setattr(readme_tables, "catalogue", lambda: {**original, extra.alert_id: extra})
    assert "| `health-heartbeat` | Heartbeat missing |" in alert_catalogue_table()


def test_the_warning_ids_are_read_from_every_add_warning_v2_call():
    ids = warning_ids()
    assert set(ids) == set(readme_tables.WARNING_DESCRIPTIONS)
    assert all(warning_id.startswith("constructs-lib:") for warning_id in ids)
    assert any(where.startswith("constructs_lib/trail/trail.py:") for where in ids["constructs-lib:single-region-trail"])


def test_a_warning_without_a_description_fails_with_what_to_add(monkeypatch):
    monkeypatch.setattr(readme_tables, "warning_ids", lambda: {"constructs-lib:new-thing": ["constructs_lib/x.py:1"]})
    with pytest.raises(ValueError, match=r"add constructs-lib:new-thing \(warned at constructs_lib/x.py:1\)"):
        warnings_table()
