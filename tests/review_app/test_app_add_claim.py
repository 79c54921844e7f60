"""Add claim page: evidence must be found in the article; the match is shown."""

from __future__ import annotations

import json
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from extraction.store.connection import Store
from tests.review_app.helpers import html, identify, no_exception, open_page, reviews, texts

PAGE = "views/add_claim.py"


def _prefix(at: AppTest) -> str:
    """Widget keys of the add form now shown (a new generation after each save)."""
    state = at.session_state
    generation = state["add_generation"] if "add_generation" in state else 0  # noqa: SIM401
    return f"add-{int(generation)}-"


def _fill(at: AppTest, evidence: str, prefix: str = "add-0-") -> AppTest:
    at.text_area(key=f"{prefix}statement").input("About 11,000 North Korean troops are in Russia.")
    at.text_input(key=f"{prefix}claimant").input("Kyrylo Budanov")
    at.selectbox(key=f"{prefix}claimant_type").select("intelligence")
    at.number_input(key=f"{prefix}quantity_value").set_value(11000)
    at.text_input(key=f"{prefix}quantity_unit").input("troops")
    at.selectbox(key=f"{prefix}quantity_qualifier").select("about")
    at.text_area(key=f"{prefix}evidence").input(evidence)
    return at


def _open(new_app: Callable[[], AppTest]) -> AppTest:
    at = identify(open_page(new_app(), PAGE), "Ann")
    no_exception(at)
    return at


def test_evidence_not_in_the_article_is_refused(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    at = _fill(_open(new_app), "North Korea sent 50,000 troops to the moon.")
    at.button(key="check-evidence").click().run()
    assert "Evidence not found in the article: it cannot be added as it is." in texts(at.error)
    at.button(key="add-claim").click().run()
    no_exception(at)
    assert reviews(store) == []
    assert "not found in the article text: copy the passage verbatim" in texts(at.error)


def test_found_evidence_is_shown_with_its_status_and_the_claim_is_stored(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    at = _open(new_app)
    at.text_input(key="add_search").input("Budanov says close to 11,000").run()
    article_id = at.selectbox(key="add_article").value
    assert "Budanov says" in at.selectbox(key="add_article").format_func(article_id)
    at = _fill(at, "close to 11,000 north korean troops are in russia")
    at.button(key="check-evidence").click().run()
    assert "Evidence found: normalized match (score 100)." in texts(at.success)
    assert any(
        '<mark class="ev ev-selected">Close to 11,000 North Korean troops are in Russia</mark>'
        in body
        for body in html(at)
    )
    at.button(key="add-claim").click().run()
    no_exception(at)
    [row] = reviews(store)
    after = json.loads(row["after"])
    assert row["action"] == "add" and row["reviewer"] == "Ann"
    assert after["evidence"] == "Close to 11,000 North Korean troops are in Russia"
    assert after["grounding"]["status"] == "exact"
    assert after["quantity"] == {"value": 11000.0, "unit": "troops", "qualifier": "about"}
    assert any(text.startswith("Added:") for text in texts(at.success))
    with store.connect() as con:
        stored = con.execute("SELECT article_id FROM reviews").fetchone()
    assert stored == (article_id,)


def test_a_new_claim_starts_empty_with_no_preset_type_or_date(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    at = _open(new_app)
    prefix = _prefix(at)
    assert at.selectbox(key=f"{prefix}claimant_type").value is None
    assert at.date_input(key=f"{prefix}claim_date").value is None
    assert not [c for c in at.checkbox if str(c.key).endswith("no_date")]
    at.text_area(key=f"{prefix}statement").input("About 11,000 North Korean troops are in Russia.")
    at.text_area(key=f"{prefix}evidence").input("Close to 11,000 North Korean troops are in Russia")
    at.button(key="add-claim").click().run()
    assert reviews(store) == []
    assert "claimant_type" in at.session_state["add_errors"]


def test_saving_clears_the_form_and_a_second_click_adds_nothing(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    at = _open(new_app)
    at.text_input(key="add_search").input("Budanov says close to 11,000").run()
    first = _prefix(at)
    _fill(at, "close to 11,000 north korean troops are in russia", first)
    at.button(key="add-claim").click().run()
    no_exception(at)
    assert len(reviews(store)) == 1
    fresh = _prefix(at)
    assert at.text_area(key=f"{fresh}statement").value == ""
    assert at.text_area(key=f"{fresh}evidence").value == ""
    assert at.text_input(key=f"{fresh}claimant").value == ""
    at.button(key="add-claim").click().run()  # the impatient second click
    no_exception(at)
    assert len(reviews(store)) == 1
