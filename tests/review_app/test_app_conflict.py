"""Two reviewers on the same claim: the second save is refused with both versions shown."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from extraction.review.agreement import SHARE_ENV
from extraction.store.connection import Store
from tests.review_app.helpers import REVIEW, html, identify, no_exception, open_page, reviews, texts


@pytest.fixture(autouse=True)
def no_double_review(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about two reviewers colliding, not about blind double review: the
    seeded claim ids are random per test session, and when the claim both open falls in the
    blind sample (10 % by default, a hash of its id), Bob's save is his blind second review
    instead of a conflict. That made all four tests fail in about one session in ten."""
    monkeypatch.setenv(SHARE_ENV, "0")


def _two_reviewers(new_app: Callable[[], AppTest]) -> tuple[AppTest, AppTest, str]:
    ann = identify(open_page(new_app(), REVIEW), "Ann")
    # Next never hands Bob the claim Ann holds: he opens it on purpose (a link).
    bob = new_app()
    bob.query_params["claim"] = str(ann.session_state["claim_id"])
    bob = identify(open_page(bob, REVIEW), "Bob")
    assert ann.session_state["claim_id"] == bob.session_state["claim_id"]
    assert any("held by Ann" in text for text in texts(bob.info))
    return ann, bob, str(ann.session_state["claim_id"])


def _bob_corrects(bob: AppTest, claim_id: str) -> None:
    prefix = f"ed-{claim_id}-0-"
    bob.text_input(key=f"{prefix}claimant").input("Kyrylo Budanov")
    bob.button(key="save-correction").click().run()


def test_the_second_save_is_refused_and_shows_both_versions(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    ann, bob, claim_id = _two_reviewers(new_app)
    ann.button(key="accept").click().run()
    _bob_corrects(bob, claim_id)
    no_exception(bob)
    assert [row["reviewer"] for row in reviews(store)] == ["Ann"]
    [message] = texts(bob.error)
    assert "changed this claim since you opened it" in message
    assert "Nothing of yours was saved" in message
    cards = [body for body in html(bob) if '<table class="cd-claim">' in body]
    assert any("Theirs (stored): accepted" in body for body in cards)
    yours = next(body for body in cards if "Yours (not saved): correct" in body)
    assert '<tr class="changed"><th>Claimant</th><td>Kyrylo Budanov</td></tr>' in yours
    assert bob.session_state["claim_id"] == claim_id


def test_saving_mine_over_theirs_is_an_explicit_second_review(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    ann, bob, claim_id = _two_reviewers(new_app)
    ann.button(key="accept").click().run()
    _bob_corrects(bob, claim_id)
    bob.button(key="conflict-apply").click().run()
    no_exception(bob)
    rows = reviews(store)
    assert [(row["reviewer"], row["action"], row["version"]) for row in rows] == [
        ("Ann", "accept", 1),
        ("Bob", "correct", 2),
    ]
    assert json.loads(rows[1]["after"])["claimant"] == "Kyrylo Budanov"


def test_keeping_theirs_saves_nothing_and_reloads_the_editor(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    ann, bob, claim_id = _two_reviewers(new_app)
    ann.button(key="reject-3").click().run()
    _bob_corrects(bob, claim_id)
    bob.button(key="conflict-keep").click().run()
    no_exception(bob)
    assert [row["reviewer"] for row in reviews(store)] == ["Ann"]
    assert not bob.error
    assert bob.text_input(key=f"ed-{claim_id}-1-claimant").value == ""


def test_a_change_by_someone_else_is_announced_before_saving(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    ann, bob, _ = _two_reviewers(new_app)
    ann.button(key="accept").click().run()
    bob.run()
    [warning] = texts(bob.warning)
    assert "Ann changed this claim since you opened it" in warning
    bob.button(key="load-latest").click().run()
    assert not bob.warning
    assert len(reviews(store)) == 1
