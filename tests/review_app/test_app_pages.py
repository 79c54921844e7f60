"""Queue, Audit and Export pages."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from extraction.review.queue import load_queue
from extraction.store.connection import DB_ENV, Store
from tests.review.factories import bulk_fill
from tests.review_app.helpers import (
    REVIEW,
    component_data,
    identify,
    no_exception,
    open_page,
    texts,
)


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


def test_audit_picks_a_claim_and_shows_each_review_as_a_diff(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    at = identify(open_page(new_app(), REVIEW), "Ann")
    claim_id = at.session_state["claim_id"]
    at.button(key="accept").click().run()
    at.radio(key=f"claims-{at.session_state['claim_id']}").set_value(claim_id).run()
    prefix = f"ed-{claim_id}-1-"
    at.text_input(key=f"{prefix}claimant").input("Kyrylo Budanov")
    at.selectbox(key=f"{prefix}claimant_type").select("intelligence")
    at.button(key="save-correction").click().run()
    no_exception(at)
    at.switch_page("views/audit.py").run()
    no_exception(at)
    # A picker (no pasted id): the open claim comes first, the reviewed ones follow.
    picker = at.selectbox(key="audit_claim")
    assert picker.value == at.session_state["claim_id"]
    assert picker.options[0].endswith("· open claim")
    assert picker.options[1].endswith("· corrected · Ann")
    at.selectbox(key="audit_claim").set_value(claim_id).run()
    no_exception(at)
    assert not [t for t in at.text_input if t.key == "audit_claim"]
    texts_shown = [t.value for t in at.text]
    assert any(t.startswith("v1 · ") and "Ann · accept" in t for t in texts_shown)
    assert any(t.startswith("v2 · ") and "Ann · correct" in t for t in texts_shown)
    assert "No field changed." in [c.value for c in at.caption]
    diff = at.dataframe[-1].value
    assert list(diff.columns) == ["field", "before", "after"]
    changed = dict(zip(diff["field"], zip(diff["before"], diff["after"], strict=True), strict=True))
    assert changed["Claimant"][1] == "Kyrylo Budanov"
    assert changed["Claimant type"][1] == "intelligence"
    assert "Statement" not in changed
    assert not at.json
    at.text_input(key="audit_search").input("no-such-claim").run()
    assert "No claim matches." in texts(at.info)


def test_export_builds_files_in_the_session_and_never_an_empty_gold_set(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    at = open_page(new_app(), "views/export.py")
    no_exception(at)
    assert not at.get("download_button")  # nothing served from /media/
    assert any("No article is fully reviewed yet" in text for text in texts(at.info))
    assert not [b for b in at.button if b.key == "prepare-gold"]
    at.button(key="prepare-csv").click().run()
    no_exception(at)
    [download] = component_data(at, "claimdesk_download")
    assert download["filename"] == "reviewed-claims.csv"
    assert base64.b64decode(download["b64"]).decode().startswith("claim_id,")
