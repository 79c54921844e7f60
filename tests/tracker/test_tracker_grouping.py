"""Grouping: constraints, anchors (stable groups), labels, and the seeds' troop counts."""

from __future__ import annotations

import numpy as np
import pytest

from extraction.schema import GoldArticle
from extraction.tracker.embeddings import Embedder
from extraction.tracker.features import canonical_text
from extraction.tracker.grouping import (
    ClaimFeatures,
    GroupingParams,
    cluster,
    describe,
    group_claims,
    pair_similarity,
    params_for,
)
from extraction.tracker.models import TrackedClaim
from extraction.tracker.quality import gold_tracked_claims
from tests.tracker.tracker_factories import tracked

PARAMS = GroupingParams(threshold=0.7, quantity_bonus=0.2, entity_penalty=0.0)


def _vectors(*angles: float) -> np.ndarray:
    """Unit vectors in the plane: cos(a - b) is the similarity of two claims."""
    return np.array([[np.cos(a), np.sin(a)] for a in angles], dtype=np.float32)


def _groups_of(claims: list[TrackedClaim], vectors: np.ndarray, params: GroupingParams) -> set:
    return {
        frozenset(claims[i].id for i in members)
        for members in group_claims(claims, vectors, params)
    }


def test_close_claims_group_and_distant_ones_do_not() -> None:
    claims = [tracked(f"c{i}", f"Statement {i}.") for i in range(4)]
    vectors = _vectors(0.0, 0.1, 1.5, 1.6)
    assert _groups_of(claims, vectors, PARAMS) == {
        frozenset({"c0", "c1"}),
        frozenset({"c2", "c3"}),
    }


def test_figures_of_different_unit_families_never_share_a_group() -> None:
    claims = [
        tracked("soldiers", "The deployed soldiers include many.", value=12000, unit="soldiers"),
        tracked("officers", "The deployed soldiers include many.", value=500, unit="officers"),
        tracked("troops", "The deployed soldiers include many.", value=11000, unit="troops"),
    ]
    vectors = _vectors(0.0, 0.0, 0.0)
    assert _groups_of(claims, vectors, PARAMS) == {
        frozenset({"soldiers", "troops"}),
        frozenset({"officers"}),
    }


def test_figures_of_one_family_and_magnitude_get_a_bonus() -> None:
    similar = np.arccos(0.55)  # cos 0.55: below the threshold without the bonus
    claims = [
        tracked("a", "First.", value=10000, unit="troops"),
        tracked("b", "Second.", value=12000, unit="soldiers"),
    ]
    assert len(group_claims(claims, _vectors(0.0, similar), PARAMS)) == 1
    far_apart = [
        tracked("a", "First.", value=10000, unit="troops"),
        tracked("b", "Second.", value=18, unit="soldiers"),
    ]
    assert len(group_claims(far_apart, _vectors(0.0, similar), PARAMS)) == 2


def test_a_rare_entity_one_claim_lacks_pushes_claims_apart() -> None:
    claims = [
        tracked("russia", "North Korean soldiers will go to Russia."),
        tracked("kursk", "North Korean soldiers will go to Russia's Kursk Oblast."),
        *(tracked(f"other{i}", "North Korea and Russia met.") for i in range(4)),
    ]
    vectors = _vectors(0.0, 0.2, 1.5, 1.5, 1.5, 1.5)
    features = ClaimFeatures.of(claims)
    plain = pair_similarity(vectors, features, [0], PARAMS)[0, 1]
    penalised = pair_similarity(
        vectors, features, [0], GroupingParams(threshold=0.7, entity_penalty=0.3)
    )[0, 1]
    assert penalised < plain - 0.1


def test_anchored_groups_keep_their_members_and_never_merge() -> None:
    claims = [tracked(f"c{i}", f"Statement {i}.") for i in range(4)]
    vectors = _vectors(0.0, 0.0, 0.05, 0.02)
    found = cluster(claims, vectors, PARAMS, anchors={"g1": [0], "g2": [1]})
    by_anchor = {c.anchor: sorted(c.members) for c in found}
    assert set(by_anchor) == {"g1", "g2"}
    assert 0 in by_anchor["g1"] and 1 in by_anchor["g2"]
    assert sorted(i for members in by_anchor.values() for i in members) == [0, 1, 2, 3]


def test_a_new_claim_joins_the_nearest_existing_group_with_a_score() -> None:
    claims = [tracked(f"c{i}", f"Statement {i}.") for i in range(3)]
    vectors = _vectors(0.0, 1.5, 0.1)
    found = cluster(claims, vectors, PARAMS, anchors={"near": [0], "far": [1]})
    near = next(c for c in found if c.anchor == "near")
    assert sorted(near.members) == [0, 2]
    assert near.scores[2] == pytest.approx(float(np.cos(0.1)), abs=1e-5)
    assert 0 not in near.scores  # anchored members are not re-scored


def test_a_new_claim_below_the_threshold_starts_its_own_group() -> None:
    claims = [tracked("old", "Old."), tracked("new", "New.")]
    found = cluster(claims, _vectors(0.0, 1.5), PARAMS, anchors={"g": [0]})
    assert [(c.anchor, c.members) for c in found] == [("g", [0]), (None, [1])]
    assert found[1].scores == {1: None}


def test_describe_labels_a_group_by_its_central_figure_with_figures_masked() -> None:
    claims = [
        tracked("a", "North Korea has denied sending troops.", value=None),
        tracked("b", "About 11,000 North Korean troops are in Russia.", value=11000),
        tracked("c", "North Korea has sent 10,000 soldiers to Russia.", value=10000, unit="men"),
    ]
    # the figureless claim is the most central one, but a figure-bearing claim labels
    text = describe(claims, _vectors(0.1, 0.05, 0.25))
    assert text.label == "North Korean troops are in Russia"
    assert text.unit == "troops"
    assert text.subject is not None and "Korea" in text.subject


def test_describe_without_vectors_or_claims() -> None:
    assert describe([]).label == "(empty)"
    assert describe([tracked("a", "The pact was signed in 2024.")]).label == (
        "The pact was signed in 2024"
    )


def test_each_backend_has_its_own_parameters() -> None:
    assert params_for("all-MiniLM-L6-v2").threshold != params_for("lexical-hash-v1").threshold
    assert params_for("something-else") == params_for("all-MiniLM-L6-v2")


def _gold_groups(gold: list[GoldArticle], embedder: Embedder) -> tuple[list, list[list[int]]]:
    claims = gold_tracked_claims(gold)
    vectors = embedder.encode([canonical_text(c) for c in claims])
    return claims, group_claims(claims, vectors, params_for(embedder.name))


def _group_holding(claims: list[TrackedClaim], groups: list[list[int]], text: str) -> int:
    matches = [g for g, found in enumerate(groups) for i in found if text in claims[i].statement]
    assert matches, text
    return matches[0]


@pytest.mark.slow
def test_the_seeds_troop_counts_form_one_group_without_other_propositions(
    gold: list[GoldArticle], minilm: Embedder
) -> None:
    claims, groups = _gold_groups(gold, minilm)
    count = _group_holding(claims, groups, "North Korea has sent 10,000 soldiers to Russia.")
    members = [claims[i] for i in groups[count]]
    in_count = {(c.claimant, c.value, c.certainty) for c in members}
    assert ("a Western diplomat", 10000.0, "asserted") in in_count
    assert ("Kyrylo Budanov", 11000.0, "asserted") in in_count
    assert ("South Korea's National Intelligence Service", 12000.0, "asserted") in in_count
    assert ("South Korean intelligence", 3000.0, "asserted") in in_count
    assert ("Ukraine's Main Directorate of Intelligence", 12000.0, "hedged") in in_count
    assert ("Pat Ryder", None, "unconfirmed") in in_count
    assert ("North Korea", None, "denied") in in_count
    for other in (
        "The first group of 2,600 North Korean soldiers",
        "detained 18 North Korean soldiers",
        "include 500 officers",
        "include three generals",
    ):
        assert _group_holding(claims, groups, other) != count, other
    labelled = [g.group for a in gold for g in a.claims]
    in_gold_group = [labelled[i] == "nk-troops-in-russia-count" for i in groups[count]]
    assert sum(in_gold_group) / len(in_gold_group) >= 0.8


def test_the_lexical_fallback_still_groups_the_gold_count_figures(
    gold: list[GoldArticle], lexical: Embedder
) -> None:
    claims, groups = _gold_groups(gold, lexical)
    first = _group_holding(claims, groups, "North Korea has sent 10,000 soldiers to Russia.")
    second = _group_holding(claims, groups, "North Korea has sent 10,000 soldiers to Russia to")
    assert first == second
    assert _group_holding(claims, groups, "The first group of 2,600") != first


def _naive_average_linkage(sim: np.ndarray, threshold: float) -> set[frozenset[int]]:
    """Reference: merge the pair of clusters with the highest mean pairwise similarity."""
    groups = [[i] for i in range(len(sim))]
    while len(groups) > 1:
        pairs = [
            (float(np.mean(sim[np.ix_(a, b)])), x, y)
            for x, a in enumerate(groups)
            for y, b in enumerate(groups)
            if x < y
        ]
        score, x, y = max(pairs)
        if score < threshold:
            break
        groups[x] = groups[x] + groups[y]
        del groups[y]
    return {frozenset(g) for g in groups}


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_clustering_matches_a_naive_average_linkage(seed: int) -> None:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(4, 8))
    raw = np.vstack([centres[i % 4] + rng.normal(scale=0.6, size=8) for i in range(30)])
    vectors = (raw / np.linalg.norm(raw, axis=1, keepdims=True)).astype(np.float32)
    claims = [tracked(f"c{i}", f"Statement {i}.") for i in range(30)]
    params = GroupingParams(threshold=0.5, quantity_bonus=0.0, entity_penalty=0.0)
    found = {frozenset(members) for members in group_claims(claims, vectors, params)}
    expected = _naive_average_linkage((vectors @ vectors.T).astype(np.float64), 0.5)
    assert found == expected
    assert 1 < len(found) < 30
