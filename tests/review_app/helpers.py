"""Helpers for driving the review app in AppTest."""

from __future__ import annotations

import json
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
    """The bodies of every st.html element on the page, and the HTML the article pane
    component (review_app.browser) was given."""
    bodies = [element.proto.body for element in at.get("html")]
    return bodies + [data["html"] for data in component_data(at, "claimdesk_article_pane")]


def component_data(at: AppTest, name: str) -> list[dict[str, Any]]:
    """The `data` of every mounted st.components.v2 component called `name`."""
    found = []
    for root in (at.main, at.sidebar):
        for node in walk(root):
            proto = getattr(node, "proto", None)
            if getattr(node, "type", None) == "bidi_component" and proto.component_name == name:
                found.append(json.loads(proto.json) if proto.json else {})
    return found


def texts(elements: Any) -> list[str]:
    """The `value` of each element (errors, successes, warnings...)."""
    return [str(element.value) for element in elements]


def no_exception(at: AppTest) -> None:
    """Fail with the app's traceback if the script raised (the app turns an unexpected
    error into a short "Something went wrong" message: that fails too)."""
    assert not at.exception, [e.value for e in at.exception]
    wrong = [str(e.value) for e in at.error if "Something went wrong" in str(e.value)]
    assert not wrong, wrong


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
