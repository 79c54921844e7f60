"""The reviewer's name survives every way of reaching the Review page (issue 15)."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from extraction.store.connection import Store
from tests.review_app.helpers import identify, no_exception, reviews, texts

QUEUE = "views/queue.py"


def _named_on_queue(new_app: Callable[[], AppTest]) -> AppTest:
    at = new_app().run()
    identify(at, "Ann")
    no_exception(at)
    return at


def _can_review(at: AppTest) -> None:
    no_exception(at)
    assert at.session_state["reviewer"] == "Ann"
    assert not any("Enter your name" in text for text in texts(at.info))
    assert not at.button(key="accept").disabled
    assert at.sidebar.text_input(key="reviewer_name").value == "Ann"


def test_review_next_pending_keeps_the_name(new_app: Callable[[], AppTest], store: Store) -> None:
    at = _named_on_queue(new_app)
    at.button(key="start").click().run()
    _can_review(at)
    at.button(key="accept").click().run()
    no_exception(at)
    [row] = reviews(store)
    assert row["reviewer"] == "Ann"


def test_a_queue_row_click_keeps_the_name(new_app: Callable[[], AppTest], store: Store) -> None:
    at = _named_on_queue(new_app)
    # A click on a row: the selection event the dataframe sends, then the page switch.
    at.session_state[at.dataframe[0].key] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    at.run()
    _can_review(at)


def test_the_name_survives_switching_pages_back_and_forth(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    at = _named_on_queue(new_app)
    for page in ("views/review.py", "views/audit.py", QUEUE, "views/review.py"):
        at.switch_page(page).run()
        no_exception(at)
        assert at.session_state["reviewer"] == "Ann"
    _can_review(at)


def test_the_enter_key_on_the_queue_opens_the_row_under_the_cursor(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    at = _named_on_queue(new_app)
    at.button(key="queue-down").click().run()
    at.button(key="queue-down").click().run()
    at.button(key="queue-open").click().run()
    _can_review(at)
