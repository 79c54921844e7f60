"""Fixtures for the review logic tests: a store filled from two seed articles.

The filled file is built once per session and copied for each test (fast, isolated).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extraction.review.queue import load_queue
from extraction.review.state import ClaimState
from extraction.store.connection import Store
from tests.review.factories import seeded_store


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file holding two seed articles and their fixture claims."""
    path = tmp_path_factory.mktemp("template") / "seeded.duckdb"
    seeded_store(path, 2)
    return path


@pytest.fixture
def store(tmp_path: Path, seeded_template: Path) -> Store:
    """A fresh copy of the seeded database."""
    path = tmp_path / "review.duckdb"
    shutil.copy(seeded_template, path)
    return Store(path)


@pytest.fixture
def claims(store: Store) -> list[ClaimState]:
    """The claims under review, in queue order."""
    return load_queue(store).claims
