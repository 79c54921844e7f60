"""Queue, Audit and Export pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from extraction.review.queue import load_queue
from extraction.store.connection import DB_ENV, Store
from tests.review.factories import bulk_fill
from tests.review_app.helpers import REVIEW, identify, no_exception, open_page, texts


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label.split(" ", 1)[1]: m.value for m in at.metric}


def test_queue_shows_counts_and_filters_the_table(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    at = new_app().run()
    no_exception(at)
    assert _metrics(at) == {
        "Pending": "15",
        "Accepted": "0",
        "Corrected": "0",
        "Rejected": "0",
        "Added": "0",
    }
    [table] = at.dataframe
    assert len(table.value) == 15
    at.selectbox(key="f_publication").select("Euromaidan Press").run()
    no_exception(at)
    [table] = at.dataframe
    assert set(table.value["publication"]) == {"Euromaidan Press"}
    assert len(table.value) == load_queue(store).counts["pending"] - 8
    assert _metrics(at)["Pending"] == str(len(table.value))


def test_review_next_pending_opens_the_review_page_under_the_filters(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    at = new_app().run()
    at.selectbox(key="f_publication").select("Euromaidan Press").run()
    at.button(key="start").click().run()
    no_exception(at)
    expected = next(c for c in load_queue(store).claims if c.publication == "Euromaidan Press")
    assert at.session_state["claim_id"] == expected.claim_id
    assert at.button(key="accept")
    identify(at, "Ann")
    at.button(key="accept").click().run()
    following = at.session_state["claim_id"]
    states = {c.claim_id: c for c in load_queue(store).claims}
    assert states[following].publication == "Euromaidan Press"


def test_the_queue_pages_through_many_claims(
    new_app: Callable[[], AppTest], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = Store(tmp_path / "big.duckdb")
    bulk_fill(big, 12, 10)
    monkeypatch.setenv(DB_ENV, str(big.path))
    at = new_app().run()
    assert "Page 1 of 3 · claims 1–50 of 120" in [c.value for c in at.caption]
    at.number_input(key="queue_page").set_value(3).run()
    no_exception(at)
    assert "Page 3 of 3 · claims 101–120 of 120" in [c.value for c in at.caption]
    assert len(at.dataframe[0].value) == 20


def test_audit_shows_the_extraction_and_every_review(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    at = identify(open_page(new_app(), REVIEW), "Ann")
    claim_id = at.session_state["claim_id"]
    at.button(key="accept").click().run()
    at.radio(key=f"claims-{at.session_state['claim_id']}").set_value(claim_id).run()
    at.button(key="reopen").click().run()
    at.switch_page("views/audit.py").run()
    no_exception(at)
    assert at.text_input(key="audit_claim").value == claim_id
    reviews_table = at.dataframe[-1].value
    assert list(reviews_table["action"]) == ["accept", "reopen"]
    assert list(reviews_table["reviewer"]) == ["Ann", "Ann"]
    assert list(reviews_table["version"]) == [1, 2]
    assert [s.value for s in at.subheader] == ["Original extraction", "Reviews (2)"]
    assert any(claim_id in j.value for j in at.json)
    at.text_input(key="audit_claim").input("no-such-claim").run()
    assert "No claim with that id." in texts(at.warning)


def test_export_offers_reviewed_claims_and_the_gold_set(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    at = open_page(new_app(), "views/export.py")
    no_exception(at)
    buttons = {b.key: b.label for b in at.get("download_button")}
    assert buttons == {
        "download-csv": "Reviewed claims (CSV)",
        "download-jsonl": "Reviewed claims (JSON Lines)",
        "download-gold": "Gold set (JSON Lines)",
    }
