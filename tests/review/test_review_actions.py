"""Review actions: append-only rows, validation as field errors, grounding, conflicts."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest

from extraction.review import actions, form
from extraction.review.actions import Conflict, Invalid, Saved
from extraction.review.state import ClaimState, ReviewAction, ReviewStatus
from extraction.schema import AlignmentStatus
from extraction.store.connection import Store
from extraction.store.reviews import claim_history
from tests.review.factories import review_rows


def _claims_table(store: Store) -> list[tuple[Any, ...]]:
    with store.connect() as con:
        return con.execute("SELECT * FROM claims ORDER BY id").fetchall()


def test_accept_appends_one_review_and_never_touches_the_extraction(
    store: Store, claims: list[ClaimState]
) -> None:
    before = _claims_table(store)
    target = claims[0]
    outcome = actions.accept(store, target.claim_id, reviewer=" Ann ", opened=target.version)
    assert isinstance(outcome, Saved)
    assert outcome.state.status is ReviewStatus.accepted
    assert _claims_table(store) == before
    [row] = review_rows(store)
    assert row["reviewer"] == "Ann"
    assert row["action"] == "accept"
    assert row["based_on"] is None
    assert row["version"] == 1
    assert json.loads(row["before"]) == json.loads(row["after"])
    assert json.loads(row["after"])["statement"] == target.claim.statement
    assert json.loads(row["after"])["grounding"]["status"] == "exact"


def test_every_later_review_is_based_on_the_one_before(
    store: Store, claims: list[ClaimState]
) -> None:
    target = claims[0]
    first = actions.accept(store, target.claim_id, reviewer="ann", opened=target.version)
    assert isinstance(first, Saved)
    second = actions.reopen(store, target.claim_id, reviewer="ann", opened=first.state.version)
    assert isinstance(second, Saved)
    assert second.state.status is ReviewStatus.pending
    with store.connect() as con:
        history = claim_history(con, target.claim_id)
    assert [row["action"] for row in history] == ["accept", "reopen"]
    assert history[1]["based_on"] == first.review_id
    assert [row["version"] for row in history] == [1, 2]


def test_no_change_without_a_reviewer_name(store: Store, claims: list[ClaimState]) -> None:
    target = claims[0]
    outcome = actions.accept(store, target.claim_id, reviewer="   ", opened=target.version)
    assert outcome == Invalid({"reviewer": "enter your name before reviewing"})
    assert review_rows(store) == []


def test_accepting_a_claim_whose_evidence_is_not_in_the_article_is_refused(
    tmp_path: Any,
) -> None:
    from extraction.schema import Claim
    from tests.review.factories import FixedExtractor, fill_store, make_article

    text = "Officials said 500 troops crossed the border on Monday."
    bogus = Claim(statement="Troops crossed.", evidence="nothing like this sentence at all")
    store = fill_store(
        Store(tmp_path / "u.duckdb"), [make_article(text)], FixedExtractor(lambda _: [bogus])
    )
    from extraction.review.queue import load_queue

    [state] = load_queue(store).claims
    assert not state.grounded
    outcome = actions.accept(store, state.claim_id, reviewer="ann", opened=state.version)
    assert isinstance(outcome, Invalid)
    assert "evidence" in outcome.errors


def test_correct_reports_field_errors_then_saves_a_valid_claim(
    store: Store, claims: list[ClaimState]
) -> None:
    target = claims[0]
    values = form.form_values(target.claim)
    bad = {**values, "statement": "no", "quantity_unit": "  ", "claimant_type": "wizard"}
    outcome = actions.correct(store, target.claim_id, bad, reviewer="ann", opened=target.version)
    assert isinstance(outcome, Invalid)
    assert outcome.errors["statement"].startswith("too short")
    assert outcome.errors["quantity_unit"] == "required"
    assert "claimant_type" in outcome.errors
    assert review_rows(store) == []

    good = {
        **values,
        "claimant": "Kyrylo Budanov",
        "claimant_type": "intelligence",
        "quantity_value": 11000.0,
        "quantity_unit": "troops",
        "quantity_qualifier": "about",
    }
    outcome = actions.correct(store, target.claim_id, good, reviewer="ann", opened=target.version)
    assert isinstance(outcome, Saved)
    state = outcome.state
    assert state.status is ReviewStatus.corrected
    assert state.claim.claimant == "Kyrylo Budanov"
    assert state.claim.quantity is not None and state.claim.quantity.qualifier.value == "about"
    [row] = review_rows(store)
    assert json.loads(row["before"])["claimant"] is None
    assert json.loads(row["after"])["claimant"] == "Kyrylo Budanov"


def test_a_figure_needs_a_qualifier_and_a_qualifier_needs_a_figure(
    store: Store, claims: list[ClaimState]
) -> None:
    target = claims[0]
    values = form.form_values(target.claim)
    no_qualifier = {**values, "quantity_value": 5.0, "quantity_qualifier": form.NO_FIGURE}
    outcome = actions.correct(
        store, target.claim_id, no_qualifier, reviewer="ann", opened=target.version
    )
    assert isinstance(outcome, Invalid) and "quantity_qualifier" in outcome.errors
    no_value = {**values, "quantity_value": None, "quantity_qualifier": "about"}
    outcome = actions.correct(
        store, target.claim_id, no_value, reviewer="ann", opened=target.version
    )
    assert isinstance(outcome, Invalid) and "quantity_value" in outcome.errors
    no_figure = {**values, "quantity_value": None, "quantity_qualifier": form.NO_FIGURE}
    outcome = actions.correct(
        store, target.claim_id, no_figure, reviewer="ann", opened=target.version
    )
    assert isinstance(outcome, Saved) and outcome.state.claim.quantity is None


def test_corrected_evidence_must_be_in_the_article(store: Store, claims: list[ClaimState]) -> None:
    target = claims[0]
    values = {**form.form_values(target.claim), "evidence": "Words nobody ever printed here."}
    outcome = actions.correct(store, target.claim_id, values, reviewer="ann", opened=target.version)
    assert isinstance(outcome, Invalid)
    assert outcome.errors["evidence"].startswith("not found in the article")


def test_evidence_found_after_normalising_is_stored_verbatim(
    store: Store, claims: list[ClaimState]
) -> None:
    target = claims[0]
    evidence = target.claim.evidence
    typed = "  " + evidence.replace("'", "\u2019").replace(" ", "   ", 1) + " "
    values = {**form.form_values(target.claim), "evidence": typed}
    outcome = actions.correct(store, target.claim_id, values, reviewer="ann", opened=target.version)
    assert isinstance(outcome, Saved)
    assert outcome.state.claim.evidence == evidence
    assert outcome.state.grounding.status is AlignmentStatus.exact


def test_reject_needs_a_reason(store: Store, claims: list[ClaimState]) -> None:
    target = claims[1]
    outcome = actions.reject(store, target.claim_id, "  ", reviewer="ann", opened=target.version)
    assert outcome == Invalid({"reason": "give a reason to reject the claim"})
    outcome = actions.reject(
        store, target.claim_id, "Page furniture", reviewer="ann", opened=target.version
    )
    assert isinstance(outcome, Saved)
    assert outcome.state.status is ReviewStatus.rejected
    assert outcome.state.reason == "Page furniture"


def test_reopening_a_pending_claim_is_refused(store: Store, claims: list[ClaimState]) -> None:
    target = claims[0]
    outcome = actions.reopen(store, target.claim_id, reviewer="ann", opened=target.version)
    assert isinstance(outcome, Invalid)


def test_adding_a_claim_refuses_evidence_that_is_not_in_the_article(
    store: Store, claims: list[ClaimState]
) -> None:
    article_id = claims[0].article_id
    values = {
        "statement": "Russia has 50,000 troops in Kursk.",
        "claimant_type": "government",
        "certainty": "asserted",
        "evidence": "Russia has amassed 50,000 troops in Kursk Oblast.",
    }
    outcome = actions.add_claim(store, article_id, values, reviewer="ann")
    assert isinstance(outcome, Invalid)
    assert "evidence" in outcome.errors
    assert review_rows(store) == []


def test_an_added_claim_is_stored_with_its_grounding(
    store: Store, claims: list[ClaimState]
) -> None:
    article_id = claims[0].article_id
    evidence = "Close to 11,000 North Korean troops are in Russia"
    values = {
        "statement": "About 11,000 North Korean troops are in Russia.",
        "claimant": "Kyrylo Budanov",
        "claimant_type": "intelligence",
        "via": "The War Zone",
        "quantity_value": 11000.0,
        "quantity_unit": "troops",
        "quantity_qualifier": "about",
        "certainty": "asserted",
        "evidence": evidence.replace(" ", "  "),
    }
    outcome = actions.add_claim(store, article_id, values, reviewer="ann")
    assert isinstance(outcome, Saved)
    state = outcome.state
    assert state.added and state.status is ReviewStatus.added
    assert state.claim.evidence == evidence
    assert state.grounding.status is AlignmentStatus.exact
    assert state.grounding.start is not None
    [row] = review_rows(store)
    assert row["action"] == "add" and row["before"] is None and row["version"] == 1


def test_a_save_based_on_an_old_version_is_refused_with_both_versions(
    store: Store, claims: list[ClaimState]
) -> None:
    target = claims[0]
    opened = target.version
    theirs = actions.reject(store, target.claim_id, "duplicate", reviewer="bob", opened=opened)
    assert isinstance(theirs, Saved)
    values = {**form.form_values(target.claim), "claimant": "Kyrylo Budanov"}
    outcome = actions.correct(store, target.claim_id, values, reviewer="ann", opened=opened)
    assert isinstance(outcome, Conflict)
    assert outcome.opened == opened
    assert outcome.theirs.status is ReviewStatus.rejected
    assert outcome.theirs.reviewer == "bob"
    assert outcome.yours.action is ReviewAction.correct
    assert outcome.yours.claim is not None and outcome.yours.claim.claimant == "Kyrylo Budanov"
    assert [row["reviewer"] for row in review_rows(store)] == ["bob"]

    again = actions.resubmit(store, outcome)
    assert isinstance(again, Saved)
    assert again.state.status is ReviewStatus.corrected
    history = review_rows(store)
    assert [row["reviewer"] for row in history] == ["bob", "ann"]
    assert history[1]["based_on"] == theirs.review_id


def test_two_saves_racing_on_the_same_version_store_one_and_report_a_conflict(
    store: Store, claims: list[ClaimState], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both saves read the same state before either writes: the unique (claim, version)
    index lets one commit and the other comes back as a Conflict."""
    target = claims[0]
    barrier = threading.Barrier(2, timeout=10)
    original = actions.claim_state
    calls = {"n": 0}
    lock = threading.Lock()

    def claim_state_then_wait(con: Any, claim_id: str) -> Any:
        row = original(con, claim_id)
        with lock:
            calls["n"] += 1
            first_reads = calls["n"] <= 2
        if first_reads:
            barrier.wait()
        return row

    monkeypatch.setattr(actions, "claim_state", claim_state_then_wait)
    outcomes: dict[str, Any] = {}

    def save(name: str) -> None:
        outcomes[name] = actions.accept(
            store, target.claim_id, reviewer=name, opened=target.version
        )

    threads = [threading.Thread(target=save, args=(name,)) for name in ("ann", "bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    kinds = sorted(type(outcome).__name__ for outcome in outcomes.values())
    assert kinds == ["Conflict", "Saved"]
    rows = review_rows(store)
    assert len(rows) == 1
    conflict = next(o for o in outcomes.values() if isinstance(o, Conflict))
    assert conflict.theirs.reviewer == rows[0]["reviewer"]


def test_the_same_add_sent_twice_stores_one_claim(store: Store) -> None:
    """A double click on Add claim sends the form twice: one claim, one review row."""
    from extraction.review import actions as review_actions
    from extraction.review.queue import load_queue

    state = load_queue(store).claims[0]
    values = {
        "statement": "Troops moved, officials said.",
        "claimant_type": "government",
        "certainty": "asserted",
        "evidence": state.claim.evidence,
    }
    first = review_actions.add_claim(store, state.article_id, values, reviewer="Ann")
    second = review_actions.add_claim(store, state.article_id, values, reviewer="Ann")
    assert isinstance(first, review_actions.Saved) and isinstance(second, review_actions.Saved)
    assert first.review_id == second.review_id
    other = review_actions.add_claim(store, state.article_id, values, reviewer="Bob")
    assert isinstance(other, review_actions.Saved) and other.review_id != first.review_id


def test_the_same_add_sent_twice_at_once_stores_one_claim(store: Store) -> None:
    from extraction.review import actions as review_actions
    from extraction.review.queue import load_queue

    state = load_queue(store).claims[0]
    values = {
        "statement": "Troops moved, officials said.",
        "claimant_type": "government",
        "certainty": "asserted",
        "evidence": state.claim.evidence,
    }
    barrier = threading.Barrier(2)

    def add() -> None:
        barrier.wait()
        review_actions.add_claim(store, state.article_id, values, reviewer="Ann")

    threads = [threading.Thread(target=add) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [row["action"] for row in review_rows(store)] == ["add"]
