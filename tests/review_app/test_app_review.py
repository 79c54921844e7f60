"""Review page flows: accept, correct (invalid then valid), reject, skip, reopen, reload."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from extraction.review.queue import load_queue
from extraction.store.connection import Store
from tests.review_app.helpers import (
    REVIEW,
    html,
    identify,
    next_element,
    no_exception,
    open_page,
    reviews,
    texts,
)


@pytest.fixture
def at(new_app: Callable[[], AppTest]) -> AppTest:
    """Ann on the review page."""
    session = open_page(new_app(), REVIEW)
    return identify(session, "Ann")


def test_the_first_pending_claim_opens_with_its_article(at: AppTest, store: Store) -> None:
    no_exception(at)
    first = load_queue(store).claims[0]
    assert at.session_state["claim_id"] == first.claim_id
    assert at.query_params["claim"] == first.claim_id
    bodies = html(at)
    assert any('class="cd-article"' in body and "ev-selected" in body for body in bodies)
    assert at.radio(key=f"claims-{first.claim_id}").value == first.claim_id


def test_accept_is_one_click_and_the_next_pending_claim_opens(at: AppTest, store: Store) -> None:
    first, second = load_queue(store).claims[:2]
    at.button(key="accept").click().run()
    no_exception(at)
    [row] = reviews(store)
    assert (row["claim_id"], row["action"], row["reviewer"]) == (first.claim_id, "accept", "Ann")
    assert at.session_state["claim_id"] == second.claim_id
    assert any(text.startswith("Accepted:") for text in texts(at.success))


def test_correct_shows_the_error_beside_the_field_then_saves(at: AppTest, store: Store) -> None:
    claim_id = at.session_state["claim_id"]
    prefix = f"ed-{claim_id}-0-"
    at.text_area(key=f"{prefix}statement").input("no")
    at.text_input(key=f"{prefix}claimant").input("Kyrylo Budanov")
    at.button(key="save-correction").click().run()
    no_exception(at)
    assert reviews(store) == []
    assert at.session_state["claim_id"] == claim_id
    error = next_element(at, f"{prefix}statement")
    assert type(error).__name__ == "Error"
    assert error.value == "too short: at least 3 characters"
    assert at.text_input(key=f"{prefix}claimant").value == "Kyrylo Budanov"

    at.text_area(key=f"{prefix}statement").input("About 11,000 North Korean troops are in Russia.")
    at.selectbox(key=f"{prefix}claimant_type").select("intelligence")
    at.selectbox(key=f"{prefix}quantity_qualifier").select("about")
    at.date_input(key=f"{prefix}claim_date").set_value(dt.date(2024, 10, 15))
    at.button(key="save-correction").click().run()
    no_exception(at)
    [row] = reviews(store)
    after = json.loads(row["after"])
    assert row["action"] == "correct"
    assert after["statement"] == "About 11,000 North Korean troops are in Russia."
    assert after["claimant"] == "Kyrylo Budanov"
    assert after["claimant_type"] == "intelligence"
    assert after["quantity"]["qualifier"] == "about"
    assert after["claim_date"] == "2024-10-15"
    assert at.session_state["claim_id"] != claim_id
    [shown] = [text for text in texts(at.success) if text.startswith("Corrected")]
    message = re.sub(r"\\(.)", r"\1", shown)  # as rendered (Markdown escapes removed)
    assert "Claimant type: " in message and " → intelligence" in message
    assert "Date: — → 2024-10-15" in message


def test_a_correction_that_changed_nothing_says_so(at: AppTest, store: Store) -> None:
    """A reviewer whose edit did not take (a select box that kept its old option) is told
    at once; the review is stored as they sent it."""
    at.button(key="save-correction").click().run()
    no_exception(at)
    [row] = reviews(store)
    assert row["action"] == "correct"
    assert any(
        text.startswith("Saved as corrected, but no field changed") for text in texts(at.success)
    )


def test_reject_is_one_labelled_button_per_reason(at: AppTest, store: Store) -> None:
    claim_id = at.session_state["claim_id"]
    button = at.button(key="reject-2")
    assert button.label == "Reject: Furniture"
    prefix = f"rj-{claim_id}-"
    at.text_input(key=f"{prefix}note").input("newsletter box")
    at.button(key="reject-2").click().run()
    no_exception(at)
    [row] = reviews(store)
    assert row["action"] == "reject"
    assert row["reason"] == "Page furniture (newsletter, caption, teaser) — newsletter box"


def test_other_needs_a_note(at: AppTest, store: Store) -> None:
    prefix = f"rj-{at.session_state['claim_id']}-"
    at.button(key="reject-6").click().run()
    assert reviews(store) == []
    assert "say why in the note, then press Other" in texts(at.error)
    at.text_input(key=f"{prefix}note").input("a caption")
    at.button(key="reject-6").click().run()
    [row] = reviews(store)
    assert row["reason"] == "Other (say why in the note) — a caption"


def test_skip_moves_on_without_saving_and_reopen_undoes(at: AppTest, store: Store) -> None:
    first, second = load_queue(store).claims[:2]
    at.button(key="skip").click().run()
    assert at.session_state["claim_id"] == second.claim_id
    assert reviews(store) == []
    at.radio(key=f"claims-{second.claim_id}").set_value(first.claim_id).run()
    assert at.session_state["claim_id"] == first.claim_id
    assert at.button(key="reopen").disabled
    at.button(key="accept").click().run()
    at.radio(key=f"claims-{at.session_state['claim_id']}").set_value(first.claim_id).run()
    assert not at.button(key="reopen").disabled
    at.button(key="reopen").click().run()
    no_exception(at)
    assert [row["action"] for row in reviews(store)] == ["accept", "reopen"]
    assert load_queue(store).claims[0].claim_id == first.claim_id


def test_a_new_session_reopens_the_claim_in_the_url(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    third = load_queue(store).claims[2]
    at = new_app()
    at.query_params["claim"] = third.claim_id
    open_page(at, REVIEW)
    no_exception(at)
    assert at.session_state["claim_id"] == third.claim_id


def test_when_nothing_is_pending_the_page_says_so(at: AppTest, store: Store) -> None:
    for _ in range(len(load_queue(store).claims)):
        at.button(key="accept").click().run()
    no_exception(at)
    assert "Nothing pending under the current filters." in texts(at.success)
    assert load_queue(store).counts["pending"] == 0


def test_a_click_on_a_claim_another_reviewer_just_decided_opens_that_claim(
    at: AppTest, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The claim list reports the label it showed. Once Ben decided claim 2, its status
    icon changed, and Streamlit hands the callback a label drawn before that as raw text
    instead of a claim id: that opened a claim called '○ 2. ...' ('That claim is not
    under review', the three-reviewer browser test's stall)."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState
    from streamlit.testing.v1.element_tree import Radio

    from extraction.review import actions

    first = at.session_state["claim_id"]
    radio = at.radio(key=f"claims-{first}")
    ids = [state.claim_id for state in load_queue(store).claims[:2]]
    assert ids[0] == first
    shown = list(radio.proto.options)
    second = ids[1]
    opened = actions.load_state(store, second)
    assert opened is not None
    outcome = actions.accept(store, second, reviewer="Ben", opened=opened.version)
    assert isinstance(outcome, actions.Saved)
    at.run()  # a rerun of Ann's page (she typed a note...) draws claim 2's new icon, and
    # she clicks claim 2 in the list before that rerun reached her browser.
    state = WidgetState(id=radio.id, string_value=shown[1])
    original = Radio._widget_state
    monkeypatch.setattr(
        Radio,
        "_widget_state",
        property(lambda self: state if self.id == radio.id else original.fget(self)),
    )
    radio.set_value(first)
    at.run()
    no_exception(at)
    assert at.session_state["claim_id"] == second
    assert at.query_params["claim"] == second
    assert not any("not under review" in text for text in texts(at.warning))
