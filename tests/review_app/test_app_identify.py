"""No change is possible before the reviewer gives a name."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.errors import AppTestError

from extraction.store.connection import Store
from tests.review_app.helpers import REVIEW, identify, no_exception, open_page, reviews, texts


def test_actions_are_disabled_and_refused_until_a_name_is_given(
    new_app: Callable[[], AppTest], store: Store
) -> None:
    at = open_page(new_app(), REVIEW)
    no_exception(at)
    assert at.button(key="accept").disabled
    assert at.button(key="reject-1").disabled
    assert any("Enter your name" in text for text in texts(at.info))

    with pytest.raises(AppTestError, match="disabled"):
        at.button(key="accept").click()
    assert reviews(store) == []

    identify(at, "  Ann  ")
    assert not at.button(key="accept").disabled
    at.button(key="accept").click().run()
    no_exception(at)
    [row] = reviews(store)
    assert row["reviewer"] == "Ann"
    assert row["action"] == "accept"
