"""Numbered migrations: recorded, applied once, and an old file opens in a new version."""

from __future__ import annotations

from pathlib import Path

import duckdb

from extraction.store.connection import Store
from extraction.store.migrations import MIGRATIONS, applied_migrations, migrate


def test_a_new_file_gets_every_migration_recorded(tmp_path: Path) -> None:
    store = Store(tmp_path / "new.duckdb")
    store.ensure_schema()
    with store.connect(read_only=True) as con:
        assert applied_migrations(con) == [m.number for m in MIGRATIONS]
        tables = {
            row[0]
            for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
    assert {"articles", "runs", "extractions", "claims", "reviews", "llm_calls"} <= tables


def test_migrations_are_numbered_uniquely_and_in_order() -> None:
    numbers = [m.number for m in MIGRATIONS]
    assert numbers == sorted(set(numbers))
    assert numbers[0] == 1


def test_an_old_file_is_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, upto=1)
    con.execute(
        "INSERT INTO articles (id, text, n_chars, ingested_at) VALUES ('a1', 'old text', 8, now())"
    )
    con.close()

    store = Store(path)
    store.ensure_schema()
    with store.connect(read_only=True) as con:
        assert applied_migrations(con) == [m.number for m in MIGRATIONS]
        assert con.execute("SELECT text FROM articles WHERE id = 'a1'").fetchone() == ("old text",)


def test_migrating_twice_applies_nothing_the_second_time(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "twice.duckdb"))
    first = migrate(con)
    second = migrate(con)
    con.close()
    assert first == [m.number for m in MIGRATIONS]
    assert second == []
