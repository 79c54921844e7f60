"""AppTest fixtures: a seeded database per test, the app pointed at it through the env."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from extraction.review.auth import PASSWORD_ENV
from extraction.store.connection import DB_ENV, Store
from tests.review.conftest import seeded_template  # noqa: F401  (a shared fixture)

APP = Path(__file__).resolve().parents[2] / "review_app" / "app.py"
TIMEOUT = 30


@pytest.fixture
def store(
    tmp_path: Path,
    seeded_template: Path,  # noqa: F811  (the fixture imported above)
    monkeypatch: pytest.MonkeyPatch,
) -> Store:
    """A fresh copy of the seeded database; the app finds it through $CLAIMDESK_DB."""
    path = tmp_path / "app.duckdb"
    shutil.copy(seeded_template, path)
    monkeypatch.setenv(DB_ENV, str(path))
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    return Store(path)


@pytest.fixture
def new_app(store: Store) -> Callable[[], AppTest]:
    """Make a simulated session of the app (one per reviewer)."""
    return lambda: AppTest.from_file(str(APP), default_timeout=TIMEOUT)


@pytest.fixture(autouse=True)
def no_linger(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app closes the database file as soon as a run is done with it, so a test can
    read the file its own way (read-only too) right after `at.run()`."""
    from extraction.review import app_store

    monkeypatch.setattr(app_store, "APP_LINGER", 0.0)
