"""End to end on the seed articles: the rules engine's claims, stored, grouped with MiniLM.

The troop-count figures of every outlet land in one contested group with the Pentagon's
"cannot confirm" and North Korea's denial, and without the 2,600 sent to Kursk or the 18
soldiers detained.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extraction.pipeline import run_batch
from extraction.store.connection import Store
from extraction.text.ingest import ingest_paths
from extraction.tracker.embeddings import Embedder
from extraction.tracker.service import load_groups, recompute_groups

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "articles"
COUNT_CLAIMS = (
    "North Korea has sent 10,000 soldiers",
    "Close to 11,000 North Korean troops are in Russia",
    "decided to deploy 12,000",
    "around 12,000",
)
OTHER_PROPOSITIONS = ("2,600", "detained 18")


@pytest.mark.slow
def test_rules_claims_of_the_seeds_group_the_troop_counts_with_their_doubters(
    tmp_path: Path, minilm: Embedder
) -> None:
    base = pytest.importorskip("extraction.engines.base")
    if "rules" not in base.engine_names():
        pytest.skip("the rules engine is not registered yet")
    store = Store(tmp_path / "seeds.duckdb")
    run_batch(store, base.create_engine("rules"), ingest_paths([SEEDS]).articles)
    recompute_groups(store, embedder=minilm)
    views = load_groups(store)

    def holding(text: str) -> set[str]:
        return {v.id for v in views for c in v.claims if text in c.statement}

    count_groups = set().union(*(holding(text) for text in COUNT_CLAIMS))
    assert len(count_groups) == 1
    (count_id,) = count_groups
    count = next(v for v in views if v.id == count_id)
    assert count.contested
    stances = count.timeline.stances
    assert "Pat Ryder" in stances.get("unconfirmed", [])
    assert "North Korea" in stances.get("denied", [])
    for text in OTHER_PROPOSITIONS:
        assert holding(text), text
        assert count_id not in holding(text), text
