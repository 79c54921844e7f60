"""Reviews follow the claim across re-extraction (force, another engine, a new prompt)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from extraction.cli import app
from extraction.pipeline import BatchOptions, run_batch
from extraction.review import actions, form
from extraction.review.actions import Saved
from extraction.review.audit import claim_audit
from extraction.review.export import reviewed_rows
from extraction.review.gold_export import gold_articles
from extraction.review.queue import QueueFilters, load_queue
from extraction.review.state import ClaimState, ReviewStatus
from extraction.schema import Article, Claim
from extraction.store.connection import Store
from tests.review.factories import FixedExtractor, seed_articles, sentence_claims


def _review_three(store: Store, claims: list[ClaimState]) -> dict[str, ReviewStatus]:
    """Accept the first claim, correct the second's claimant, reject the third."""
    first, second, third = claims[:3]
    assert isinstance(
        actions.accept(store, first.claim_id, reviewer="ann", opened=first.version), Saved
    )
    values = {**form.form_values(second.claim), "claimant": "Kyrylo Budanov"}
    saved = actions.correct(store, second.claim_id, values, reviewer="ann", opened=second.version)
    assert isinstance(saved, Saved)
    rejected = actions.reject(store, third.claim_id, "noise", reviewer="bob", opened=third.version)
    assert isinstance(rejected, Saved)
    return {
        first.claim.evidence: ReviewStatus.accepted,
        second.claim.evidence: ReviewStatus.corrected,
        third.claim.evidence: ReviewStatus.rejected,
    }


def _reviewed_by_evidence(store: Store) -> dict[str, ReviewStatus]:
    return {
        s.claim.evidence: s.status for s in load_queue(store, page_size=500).claims if not s.pending
    }


def test_forced_re_extraction_keeps_every_review_on_the_new_claims(
    store: Store, claims: list[ClaimState]
) -> None:
    expected = _review_three(store, claims)
    before_ids = {s.claim_id for s in claims}
    before_counts = load_queue(store).counts
    run_batch(store, FixedExtractor(), seed_articles(2), BatchOptions(force=True))

    page = load_queue(store, page_size=500)
    assert _reviewed_by_evidence(store) == expected
    assert page.counts == before_counts
    assert not {s.claim_id for s in page.claims} & before_ids  # the new extraction's claims
    assert not any(s.superseded for s in page.claims)
    corrected = next(s for s in page.claims if s.status is ReviewStatus.corrected)
    assert corrected.claim.claimant == "Kyrylo Budanov"
    assert corrected.reviewer == "ann"

    rows = reviewed_rows(store)
    assert {row["evidence"]: row["status"] for row in rows} == {
        evidence: status.value for evidence, status in expected.items()
    }
    # carried rows are not counted as new work of the reviewers
    assert {p.reviewer: p.total for p in page.progress} == {"ann": 2, "bob": 1}
    audit = claim_audit(store, corrected.claim_id)
    assert audit is not None and audit.reviews[-1]["carried_from"] in before_ids


def test_a_new_engine_with_paraphrased_statements_takes_the_reviews(
    store: Store, claims: list[ClaimState]
) -> None:
    expected = _review_three(store, claims)

    def paraphrased(article: Article) -> list[Claim]:
        return [
            claim.model_copy(update={"statement": "Reportedly, " + claim.statement.lower()})
            for claim in sentence_claims(article.text)
        ]

    other = FixedExtractor(paraphrased, name="other", model="other-1", prompt_version="p2")
    run_batch(store, other, seed_articles(2))
    assert _reviewed_by_evidence(store) == expected
    page = load_queue(store, page_size=500)
    assert {s.engine for s in page.claims} == {"other"}  # the latest run's claims only
    assert len(reviewed_rows(store)) == 3


def test_a_reviewed_claim_the_new_run_lacks_stays_as_a_superseded_review(
    store: Store, claims: list[ClaimState]
) -> None:
    expected = _review_three(store, claims)
    dropped = claims[0].claim.evidence

    def without_first(article: Article) -> list[Claim]:
        return [c for c in sentence_claims(article.text) if c.evidence != dropped]

    run_batch(store, FixedExtractor(without_first), seed_articles(2), BatchOptions(force=True))
    assert _reviewed_by_evidence(store) == expected
    superseded = [s for s in load_queue(store, page_size=500).claims if s.superseded]
    assert [s.claim_id for s in superseded] == [claims[0].claim_id]
    assert superseded[0].status_label == "accepted (review of a superseded claim)"
    reviewed = load_queue(store, QueueFilters(status="reviewed")).claims
    assert claims[0].claim_id in {s.claim_id for s in reviewed}
    rows = {row["claim_id"]: row for row in reviewed_rows(store)}
    assert rows[claims[0].claim_id]["superseded"] is True
    audit = claim_audit(store, claims[0].claim_id)
    assert audit is not None and audit.state is not None and audit.state.superseded


def test_reviews_follow_through_several_re_extractions(
    store: Store, claims: list[ClaimState]
) -> None:
    expected = _review_three(store, claims)
    for _ in range(3):
        run_batch(store, FixedExtractor(), seed_articles(2), BatchOptions(force=True))
    assert _reviewed_by_evidence(store) == expected
    assert len(reviewed_rows(store)) == 3


def test_gold_export_uses_the_reviewed_state_whatever_run_made_it(
    store: Store, claims: list[ClaimState]
) -> None:
    article_id = claims[0].article_id
    mine = [s for s in claims if s.article_id == article_id]
    for state in mine:
        assert isinstance(
            actions.accept(store, state.claim_id, reviewer="ann", opened=state.version), Saved
        )
    before = [a.model_dump() for a in gold_articles(store)]
    assert before and before[0]["claims"]
    run_batch(store, FixedExtractor(), seed_articles(2), BatchOptions(force=True))
    assert [a.model_dump() for a in gold_articles(store)] == before


def test_cli_force_re_extract_then_export_reviewed(
    store: Store, claims: list[ClaimState], tmp_path: Path
) -> None:
    """The reported failure: review, `extract --force`, `export --reviewed` gave 0 rows."""
    folder = tmp_path / "articles"
    folder.mkdir()
    text = "Officials said 500 troops crossed the border on Monday. The army said 20 died."
    (folder / "a.txt").write_text(text, encoding="utf-8")
    runner = CliRunner()
    db = str(store.path)
    result = runner.invoke(app, ["extract", str(folder), "-e", "rules", "--db", db])
    assert result.exit_code == 0, result.output
    rules = load_queue(store, QueueFilters(engine="rules")).claims
    assert rules
    for state in rules:
        assert isinstance(
            actions.accept(store, state.claim_id, reviewer="ann", opened=state.version), Saved
        )
    result = runner.invoke(app, ["extract", str(folder), "-e", "rules", "--db", db, "--force"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "reviewed.jsonl"
    result = runner.invoke(app, ["export", str(out), "--reviewed", "--db", db, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(rules)


def test_one_articles_state_is_the_whole_states_rows_of_that_article(
    store: Store, claims: list[ClaimState]
) -> None:
    """`claim_state` and `article_states` read one article only (fast at 100,000 claims):
    the same rows as the state of every claim, for superseded, carried, corrected,
    rejected and added claims alike."""
    from extraction.store.records import fetch_dicts
    from extraction.store.reviews import QUEUE_KEY, STATE_SQL, article_states, claim_state

    expected = _review_three(store, claims)
    dropped = claims[0].claim.evidence

    def without_first(article: Article) -> list[Claim]:
        return [c for c in sentence_claims(article.text) if c.evidence != dropped]

    run_batch(store, FixedExtractor(without_first), seed_articles(2), BatchOptions(force=True))
    article_id = claims[0].article_id
    added = actions.add_claim(
        store,
        article_id,
        {**form.form_values(claims[1].claim), "statement": "A claim a reviewer added."},
        reviewer="ann",
    )
    assert isinstance(added, Saved)
    with store.connect() as con:
        every = fetch_dicts(con.execute(f"SELECT * FROM ({STATE_SQL}) ORDER BY {QUEUE_KEY}"))
        assert len(every) > len(expected)
        for article in {row["article_id"] for row in every}:
            assert article_states(con, article) == [
                row for row in every if row["article_id"] == article
            ]
        for row in every:
            assert claim_state(con, row["claim_id"]) == row
        assert {row["superseded"] for row in every} == {True, False}
        assert {row["added"] for row in every} == {True, False}
        assert claim_state(con, "no-such-claim") is None
