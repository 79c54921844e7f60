"""Untrusted article text renders as text: no script or img element reaches the page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from extraction.review.highlight import escape_markdown
from extraction.schema import Claim
from extraction.store.connection import DB_ENV, Store
from tests.review.factories import FixedExtractor, fill_store, make_article
from tests.review_app.helpers import REVIEW, html, no_exception, open_page

HOSTILE = (
    "Troops moved.\n\nOfficials said <script>alert(1)</script> 500 troops crossed"
    " <img src=x onerror=alert(1)> the border on Monday.\n\nMore text follows here."
)


@pytest.fixture
def hostile_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    evidence = "Officials said <script>alert(1)</script> 500 troops crossed"
    claim = Claim(
        statement="![pixel](http://127.0.0.1:9/x.png) <img src=x onerror=alert(1)> crossed.",
        claimant="<script>alert(2)</script>",
        evidence=evidence,
    )
    store = fill_store(
        Store(tmp_path / "hostile.duckdb"),
        [make_article(HOSTILE, title="<img src=x onerror=alert(3)>")],
        FixedExtractor(lambda _: [claim]),
    )
    monkeypatch.setenv(DB_ENV, str(store.path))
    return store


def _tags(markup: str) -> set[str]:
    return {tag.lower() for tag in re.findall(r"<\s*([a-zA-Z]+)", markup)}


def test_script_and_img_in_an_article_render_as_text(
    new_app: Callable[[], AppTest], hostile_db: Store
) -> None:
    at = open_page(new_app(), REVIEW)
    no_exception(at)
    bodies = html(at)
    assert bodies
    for body in bodies:
        assert not _tags(body) & {"script", "img", "iframe", "svg"}
    article = next(body for body in bodies if '<div class="cd-article">' in body)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=alert(1)&gt;" in article
    card = next(body for body in bodies if '<table class="cd-claim">' in body)
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in card
    [radio] = at.radio
    label = radio.format_func(radio.value)
    assert "![" not in label and "](" not in label
    assert at.subheader[0].value == escape_markdown("<img src=x onerror=alert(3)>")
