"""Helpers for driving the review app in AppTest."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest

from tests.review.factories import review_rows as reviews  # noqa: F401  (re-exported)

REVIEW = "views/review.py"


def identify(at: AppTest, name: str) -> AppTest:
    """Type the reviewer's name in the sidebar."""
    return at.sidebar.text_input(key="reviewer_name").input(name).run()


def open_page(at: AppTest, page: str) -> AppTest:
    """Run the app once (to register pages), then switch to `page` and run it."""
    at.run()
    return at.switch_page(page).run()


def html(at: AppTest) -> list[str]:
    """The bodies of every st.html element on the page."""
    return [element.proto.body for element in at.get("html")]


def texts(elements: Any) -> list[str]:
    """The `value` of each element (errors, successes, warnings...)."""
    return [str(element.value) for element in elements]


def no_exception(at: AppTest) -> None:
    """Fail with the app's traceback if the script raised."""
    assert not at.exception, [e.value for e in at.exception]


def walk(node: Any) -> list[Any]:
    """Every node under `node` in page order (depth first)."""
    nodes = [node]
    for child in getattr(node, "children", {}).values():
        nodes.extend(walk(child))
    return nodes


def next_element(at: AppTest, key: str) -> Any:
    """The element drawn right after the widget with this key."""
    nodes = walk(at.main)
    keys = [getattr(node, "key", None) for node in nodes]
    return nodes[keys.index(key) + 1]
