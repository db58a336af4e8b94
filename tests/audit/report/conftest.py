"""The ``frozen_catalogue`` fixture: golden output independent of ``catalog.toml`` edits."""

from __future__ import annotations

import pytest
from report_sample import FROZEN_CATALOGUE

from flask_bastion import catalog
from flask_bastion.catalog import Entry


@pytest.fixture
def frozen_catalogue(monkeypatch: pytest.MonkeyPatch) -> dict[str, Entry]:
    """Swap the catalogue data for the small frozen one of ``report_sample``."""
    monkeypatch.setattr(catalog, "load", lambda: FROZEN_CATALOGUE)
    return FROZEN_CATALOGUE
