"""Agreement: blind double review and Cohen's kappa on a fixture where kappa is known."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest
from typer.testing import CliRunner

from extraction.cli import app
from extraction.review import actions, agreement
from extraction.review.form import form_values
from extraction.review.gold_export import gold_articles
from extraction.review.queue import load_queue
from extraction.review.state import ClaimState
from extraction.schema import Certainty, ClaimantType
from extraction.store.connection import Store

A, H = Certainty.asserted.value, Certainty.hedged.value
GOV, MIL = ClaimantType.government.value, ClaimantType.military.value


def test_cohen_kappa_on_known_tables() -> None:
    assert agreement.cohen_kappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]) == 1.0
    assert agreement.cohen_kappa(["a", "a", "h", "h"], ["a", "h", "a", "h"]) == 0.0
    assert agreement.cohen_kappa(["a", "a", "a", "h"], ["a", "a", "h", "h"]) == pytest.approx(0.5)
    assert agreement.cohen_kappa(["a", "b"], ["b", "a"]) == pytest.approx(-1.0)
    assert agreement.cohen_kappa(["a", "a"], ["a", "a"]) == 1.0  # one label, full agreement
    assert agreement.cohen_kappa(["a", "a"], ["b", "b"]) == 0.0  # never agree, chance is 0
    assert agreement.cohen_kappa([], []) is None


def test_the_sample_rule_is_the_same_in_python_and_sql(store: Store) -> None:
    from extraction.store.blind_reviews import sample_sql
    from extraction.store.reviews import STATE_SQL

    with store.connect() as con:
        ids = [row[0] for row in con.execute(f"SELECT claim_id FROM ({STATE_SQL})").fetchall()]
        in_sql = {
            row[0]
            for row in con.execute(
                f"SELECT claim_id FROM ({STATE_SQL}) WHERE {sample_sql(0.5)}"
            ).fetchall()
        }
    assert in_sql == {claim_id for claim_id in ids if agreement.in_sample(claim_id, 0.5)}
    assert 0 < len(in_sql) < len(ids)


def _first(store: Store, state: ClaimState, reviewer: str, certainty: str, kind: str) -> None:
    values = {**form_values(state.claim), "certainty": certainty, "claimant_type": kind}
    outcome = actions.correct(
        store, state.claim_id, values, reviewer=reviewer, opened=state.version
    )
    assert isinstance(outcome, actions.Saved), outcome


def _second(store: Store, state: ClaimState, reviewer: str, certainty: str, kind: str) -> None:
    claim = state.claim.model_copy(
        update={"certainty": Certainty(certainty), "claimant_type": ClaimantType(kind)}
    )
    agreement.record_blind_review(store, state.claim_id, reviewer, "correct", claim)


def make_fixture(store: Store, claims: Sequence[ClaimState]) -> None:
    """Ann / Bob: certainty kappa 0.5, claimant type kappa 1. Ann / Cy: certainty kappa 0
    (chance), claimant type perfect with one label (kappa 1)."""
    bob = [(A, A, GOV, GOV), (A, A, MIL, MIL), (A, H, GOV, GOV), (H, H, MIL, MIL)]
    cy = [(A, A, GOV, GOV), (A, H, GOV, GOV), (H, A, GOV, GOV), (H, H, GOV, GOV)]
    for state, (c1, c2, k1, k2) in zip(claims[:4], bob, strict=True):
        _first(store, state, "Ann", c1, k1)
        _second(store, state, "Bob", c2, k2)
    for state, (c1, c2, k1, k2) in zip(claims[4:8], cy, strict=True):
        _first(store, state, "Ann", c1, k1)
        _second(store, state, "Cy", c2, k2)


def test_kappa_by_reviewer_pair_on_the_fixture(store: Store, claims: list[ClaimState]) -> None:
    make_fixture(store, claims)
    reports = {(r.first, r.second): r for r in agreement.agreement_report(store)}
    assert set(reports) == {("Ann", "Bob"), ("Ann", "Cy")}
    bob, cy = reports["Ann", "Bob"], reports["Ann", "Cy"]
    assert bob.claims == 4 and cy.claims == 4
    assert bob.kappa["certainty"] == pytest.approx(0.5)
    assert bob.kappa["claimant_type"] == pytest.approx(1.0)
    assert bob.agree["certainty"] == pytest.approx(0.75)
    assert cy.kappa["certainty"] == pytest.approx(0.0)
    assert cy.kappa["claimant_type"] == pytest.approx(1.0)
    assert [d["fields"] for d in bob.disagreements] == [["certainty"]]
    assert len(cy.disagreements) == 2


def test_the_cli_reports_the_same_numbers(store: Store, claims: list[ClaimState]) -> None:
    make_fixture(store, claims)
    result = CliRunner().invoke(app, ["agreement", "--json", "--db", str(store.path)])
    assert result.exit_code == 0, result.output
    pairs = {tuple(p["reviewers"]): p for p in json.loads(result.output)["pairs"]}
    assert pairs["Ann", "Bob"]["kappa"]["certainty"] == pytest.approx(0.5)
    assert pairs["Ann", "Cy"]["kappa"]["certainty"] == pytest.approx(0.0)
    table = CliRunner().invoke(app, ["agreement", "--db", str(store.path)])
    assert table.exit_code == 0
    assert "3 disagreements to adjudicate" in table.output


def test_a_blind_review_leaves_the_claim_state_and_gold_counts_it_once(
    store: Store, claims: list[ClaimState]
) -> None:
    make_fixture(store, claims)
    disputed = claims[2]
    state = actions.load_state(store, disputed.claim_id)
    assert state is not None and state.status.value == "corrected"  # Ann's, not Bob's
    adjudicated = actions.accept(store, disputed.claim_id, reviewer="Dee", opened=state.version)
    assert isinstance(adjudicated, actions.Saved)
    [bob] = [r for r in agreement.agreement_report(store) if r.second == "Bob"]
    assert bob.disagreements[0]["adjudicated"] is True
    for rest in load_queue(store).claims:
        if rest.pending:
            actions.reject(store, rest.claim_id, "test", reviewer="Dee", opened=rest.version)
    kept = [claim for article in gold_articles(store) for claim in article.claims]
    statements = [claim.statement for claim in kept]
    assert len(statements) == len(set(statements))
    assert disputed.claim.statement in statements


def test_second_review_candidates_exclude_the_first_reviewer(
    store: Store, claims: list[ClaimState]
) -> None:
    state = claims[0]
    actions.accept(store, state.claim_id, reviewer="Ann", opened=state.version)
    assert agreement.needs_blind_review(store, state.claim_id, "Bob", 1.0)
    assert not agreement.needs_blind_review(store, state.claim_id, "Ann", 1.0)
    assert not agreement.needs_blind_review(store, state.claim_id, "Bob", 0.0)
    agreement.record_blind_review(store, state.claim_id, "Bob", "accept", state.claim)
    assert not agreement.needs_blind_review(store, state.claim_id, "Cy", 1.0)
