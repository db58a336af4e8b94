"""The catalogue is complete and every entry says how it is enforced."""

from __future__ import annotations

import pytest

from flask_bastion import catalog
from flask_bastion.settings import BY_KEY

ENTRIES = list(catalog.load().values())


def test_catalogue_has_every_entry_in_order() -> None:
    assert [e.id for e in ENTRIES] == [f"M{n:02d}" for n in range(1, 24)]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_entry_names_enforcement_or_why_not(entry: catalog.Entry) -> None:
    assert entry.title and entry.summary and entry.why and entry.threats
    assert entry.cwe, "every entry cites at least one CWE"
    if entry.guard_enforced:
        assert entry.guard_settings or entry.guard_api, (
            "an enforced entry names its settings or API"
        )
        assert entry.guard_why_not is None
    else:
        assert entry.guard_why_not, "an audit-only entry says why the guard cannot enforce it"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_guard_settings_exist(entry: catalog.Entry) -> None:
    for key in entry.guard_settings:
        assert key in BY_KEY, f"{entry.id} names unknown setting {key}"
