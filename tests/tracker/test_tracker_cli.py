"""`claimdesk track`: groups with their figures as tables, `--contested`, `--export` JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extraction.cli import track
from extraction.cli.app import app
from extraction.store.connection import Store
from tests.tracker.tracker_factories import KeywordEmbedder, article_of, claim, store_article

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database with two articles: a contested troop count and an uncontested pact."""
    path = tmp_path / "track.duckdb"
    store = Store(path)
    first = [
        claim(
            "North Korea has sent 10,000 soldiers to Russia.",
            claimant="a Western diplomat",
            value=10000,
            unit="soldiers",
        ),
        claim("Russia and North Korea signed a defense pact.", claimant=None),
    ]
    second = [
        claim(
            "About 12,000 North Korean troops are in Russia.",
            claimant="NIS",
            value=12000,
            qualifier="about",
            claim_date=dt.date(2024, 10, 18),
        ),
        claim("Russia and North Korea ratified their defense pact.", claimant=None),
        claim("North Korea has sent troops to Russia.", claimant="North Korea", certainty="denied"),
    ]
    store_article(store, article_of(first, published=dt.date(2024, 10, 15)), first)
    store_article(
        store,
        article_of(second, publication="Kyiv Post", published=dt.date(2024, 10, 23)),
        second,
    )
    embedder = KeywordEmbedder()
    monkeypatch.setattr(track, "get_embedder", lambda backend=None: embedder)
    return path


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["track", *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_track_groups_new_claims_and_prints_each_group_with_its_figures(db: Path) -> None:
    code, output = _run("--db", str(db))
    assert code == 0, output
    assert "5 claims, 5 placed" in output
    assert "CONTESTED" in output
    assert "10,000 troops" in output and "about 12,000 troops" in output
    assert "denied" in output
    assert "first: a Western diplomat (2024-10-15" in output
    assert "2 groups (1 contested)" in output


def test_contested_shows_only_groups_that_disagree(db: Path) -> None:
    code, output = _run("--db", str(db), "--contested")
    assert code == 0, output
    assert "1 groups (1 contested)" in output
    assert "defense pact" not in output


def test_export_writes_the_groups_as_json(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "groups.json"
    code, output = _run("--db", str(db), "--export", str(target))
    assert code == 0, output
    assert "wrote 2 groups" in output
    groups = json.loads(target.read_text(encoding="utf-8"))["groups"]
    count = next(g for g in groups if g["contested"])
    assert count["unit"] == "troops"
    assert [p["claimant"] for p in count["points"]] == ["a Western diplomat", "NIS", "North Korea"]
    assert [p["value"] for p in count["points"]] == [10000, 12000, None]
    assert count["points"][2]["certainty"] == "denied"
    assert any(reason.startswith("stances disagree") for reason in count["reasons"])


def test_no_update_only_reads_what_is_stored(db: Path) -> None:
    code, output = _run("--db", str(db), "--no-update")
    assert code == 0, output
    assert "0 groups (0 contested)" in output
    assert "placed" not in output


def test_min_claims_hides_small_groups(db: Path) -> None:
    _run("--db", str(db))
    code, output = _run("--db", str(db), "--no-update", "--min-claims", "3")
    assert code == 0, output
    assert "1 groups (1 contested)" in output


def test_an_unknown_backend_is_an_error(tmp_path: Path) -> None:
    code, output = _run("--db", str(tmp_path / "x.duckdb"), "--backend", "word2vec")
    assert code == 2
    assert "unknown embedding backend" in output


def test_the_lexical_backend_runs_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "lexical.duckdb"
    claims = [
        claim("North Korea has sent 10,000 soldiers to Russia.", value=10000, unit="soldiers"),
        claim("North Korea has sent troops to Russia.", claimant="North Korea", certainty="denied"),
    ]
    store_article(Store(path), article_of(claims), claims)
    code, output = _run("--db", str(path), "--backend", "lexical")
    assert code == 0, output
    assert "lexical-hash-v1" in output
    assert "1 groups (1 contested)" in output
