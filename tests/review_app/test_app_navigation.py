"""Every page of the app is reachable from its navigation and renders without error."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from extraction.store.connection import Store
from tests.review_app.helpers import identify, no_exception, open_page


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("views/queue.py", "Review queue"),
        ("views/tracker.py", "Tracker"),
        ("views/audit.py", "Audit"),
        ("views/export.py", "Export"),
        ("views/agreement.py", "Agreement"),
        ("views/throughput.py", "Throughput"),
    ],
)
def test_page_renders_from_the_navigation(
    new_app: Callable[[], AppTest],
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    page: str,
    title: str,
) -> None:
    monkeypatch.setenv("CLAIMDESK_TRACKER_BACKEND", "lexical")
    at = open_page(new_app(), page)
    identify(at, "Ann")
    no_exception(at)
    assert any(title in str(element.value) for element in at.title)
