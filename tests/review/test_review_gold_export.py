"""`claimdesk gold export`: fully reviewed articles as gold lines in the CLAIMS.md format."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from extraction.cli import app
from extraction.review import actions, form
from extraction.review.actions import Saved
from extraction.review.gold_export import gold_articles, gold_line, write_gold
from extraction.review.state import ClaimState
from extraction.schema import GoldArticle
from extraction.store.connection import Store


def _review_article(store: Store, states: list[ClaimState]) -> dict[str, str]:
    """Accept the first claim, correct the second, reject the rest; add one claim."""
    first, second, *rest = states
    assert isinstance(
        actions.accept(store, first.claim_id, reviewer="ann", opened=first.version), Saved
    )
    values = {
        **form.form_values(second.claim),
        "statement": "A corrected statement about the troops.",
        "claimant": "Kyrylo Budanov",
        "claimant_type": "intelligence",
    }
    assert isinstance(
        actions.correct(store, second.claim_id, values, reviewer="ann", opened=second.version),
        Saved,
    )
    for state in rest:
        assert isinstance(
            actions.reject(
                store, state.claim_id, "not a claim", reviewer="ann", opened=state.version
            ),
            Saved,
        )
    added = actions.add_claim(
        store,
        first.article_id,
        {
            "statement": "About 11,000 North Korean troops are in Russia.",
            "claimant": "Kyrylo Budanov",
            "claimant_type": "intelligence",
            "quantity_value": 11000.0,
            "quantity_unit": "troops",
            "quantity_qualifier": "about",
            "certainty": "asserted",
            "evidence": "close to 11,000 North Korean troops are in Russia",
        },
        reviewer="ann",
    )
    assert isinstance(added, Saved)
    return {"accepted": first.claim.statement, "added": added.state.claim.statement}


def test_only_fully_reviewed_articles_are_exported(store: Store, claims: list[ClaimState]) -> None:
    article_id = claims[0].article_id
    states = [c for c in claims if c.article_id == article_id]
    assert gold_articles(store) == []
    expected = _review_article(store, states)
    [article] = gold_articles(store)
    statements = [claim.statement for claim in article.claims]
    assert expected["accepted"] in statements
    assert expected["added"] in statements
    assert "A corrected statement about the troops." in statements
    assert len(statements) == 3
    corrected = next(c for c in article.claims if c.statement.startswith("A corrected"))
    assert corrected.claimant == "Kyrylo Budanov"


def test_gold_evidence_is_an_exact_substring_and_lines_parse_as_gold(
    store: Store, claims: list[ClaimState]
) -> None:
    states = [c for c in claims if c.article_id == claims[0].article_id]
    _review_article(store, states)
    [article] = gold_articles(store)
    line = gold_line(article)
    record = json.loads(line)
    assert list(record) == ["id", "title", "publication", "published", "url", "text", "claims"]
    assert "group" not in record["claims"][0]
    parsed = GoldArticle.model_validate(record)
    assert all(claim.evidence in parsed.text for claim in parsed.claims)
    assert record["id"] == "000_d65c855926b220c1"


def test_reopening_a_claim_takes_its_article_out_of_the_gold_set(
    store: Store, claims: list[ClaimState]
) -> None:
    states = [c for c in claims if c.article_id == claims[0].article_id]
    _review_article(store, states)
    assert len(gold_articles(store)) == 1
    state = actions.load_state(store, states[0].claim_id)
    assert state is not None
    assert isinstance(
        actions.reopen(store, state.claim_id, reviewer="bob", opened=state.version), Saved
    )
    assert gold_articles(store) == []


def test_claimdesk_gold_export(store: Store, claims: list[ClaimState], tmp_path: Path) -> None:
    _review_article(store, [c for c in claims if c.article_id == claims[0].article_id])
    output = tmp_path / "gold.jsonl"
    assert write_gold(store, tmp_path / "direct.jsonl") == 1
    result = CliRunner().invoke(app, ["gold", "export", str(output), "--db", str(store.path)])
    assert result.exit_code == 0, result.output
    assert "1 fully reviewed article" in result.output
    [line] = output.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["claims"]
