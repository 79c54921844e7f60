"""The training corpus: built from its sources, none of it overlapping the hidden evaluation set."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"corpus_{name}", CORPUS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return _load("build")


@pytest.fixture(scope="module")
def records(build: ModuleType) -> list[dict[str, str]]:
    return [json.loads(line) for line in (CORPUS / "articles.jsonl").read_text().splitlines()]


def test_committed_jsonl_is_the_build_of_the_sources(
    build: ModuleType,
) -> None:
    """build_records runs the held-out guard on every article; the JSONL must equal its output."""
    built = build.build_records()
    assert build.render(built) == (CORPUS / "articles.jsonl").read_text(encoding="utf-8")


def test_every_article_is_checked_by_the_guard_itself(
    build: ModuleType, records: list[dict[str, str]]
) -> None:
    guard = build.load_guard()
    assert not [r["id"] for r in records if guard.is_blocked(r["text"], r.get("url"))]


def test_an_overlapping_article_stops_the_build(build: ModuleType, tmp_path: Path) -> None:
    part = tmp_path / "part9"
    part.mkdir()
    source = next(CORPUS.glob("src/part*/*.txt")).read_text(encoding="utf-8")
    (part / "001.txt").write_text(source, encoding="utf-8")

    class BlockEverything:
        @staticmethod
        def is_blocked(text: str, url: str | None = None) -> bool:
            return True

    with pytest.raises(build.CorpusError, match="overlaps an article of the hidden evaluation set"):
        build.build_records(tmp_path, guard=BlockEverything)


def test_a_bad_header_names_the_file(build: ModuleType, tmp_path: Path) -> None:
    bad = tmp_path / "001.txt"
    bad.write_text(
        "title: x\noutlet: y\npublished: May 5\ngenre: wire\ntopic: health\n---\n" + "x " * 800
    )
    with pytest.raises(build.CorpusError, match=r"001\.txt: published must be YYYY-MM-DD"):
        build.parse_source(bad)


def test_corpus_covers_the_genres_and_topics_the_issue_asks_for(
    records: list[dict[str, str]],
) -> None:
    assert len(records) >= 300
    genres = Counter(r["genre"] for r in records)
    topics = Counter(r["topic"] for r in records)
    assert set(topics) == {
        "conflict",
        "diplomacy",
        "politics",
        "courts",
        "disaster",
        "health",
        "science",
        "economy",
        "companies",
    }
    assert len(genres) >= 9 and min(genres.values()) >= 5
    one_paragraph = [r for r in records if "\n" not in r["text"].strip()]
    assert len(one_paragraph) >= 10


def test_silver_labels_are_valid_gold_of_corpus_articles_with_their_source() -> None:
    """Strong-model labels load as gold (every evidence verbatim) and name their source."""
    from extraction.evaluation.gold import load_gold

    silver = load_gold(CORPUS / "silver" / "claims-v1.jsonl")
    corpus_ids = {
        json.loads(line)["id"] for line in (CORPUS / "articles.jsonl").read_text().splitlines()
    }
    assert len(silver) >= 290
    assert {article.id for article in silver} <= corpus_ids
    assert sum(len(article.claims) for article in silver) >= 3000
    for article in silver:
        source = article.label_source or {}
        assert source["kind"] == "strong-model labels"
        assert source["prompt_version"] == "claims-v1"
        assert len(source["prompt_hash"]) == 64
    assert len(list((CORPUS / "silver" / "answers").glob("part*/*.json"))) == len(silver)
