"""The Review page's article pane: the article with every claim's evidence highlighted;
a click on a highlight opens its claim, selected text becomes the correction's evidence."""

from __future__ import annotations

import streamlit as st

from extraction.review.article import ArticleView, claim_spans
from extraction.review.highlight import highlight_html
from extraction.review.state import StateVersion
from review_app import browser, common, render


def _selection_as_evidence(view: ArticleView, opened: StateVersion, text: str) -> None:
    """Text selected in the article becomes the correction's evidence."""
    prefix = f"ed-{view.selected.claim_id}-{opened.version}-"
    st.session_state[f"{prefix}evidence"] = text
    st.session_state[f"{prefix}open"] = True


def article_pane(view: ArticleView) -> None:
    """Draw the article of `view` and act on a click on a highlight or a text selection."""
    spans = claim_spans(view.claims)
    html = render.CSS + highlight_html(view.article.text, spans, view.selected.claim_id)
    result = browser.article_pane(html, view.selected.claim_id, key="article-pane")
    picked = getattr(result, "pick", None)
    ids = [state.claim_id for state in view.claims]
    if picked and picked != view.selected.claim_id and picked in ids:
        common.open_claim(str(picked))
        st.rerun()
    selection = getattr(result, "selection", None)
    if selection:
        opened = common.opened_version(view.selected)
        _selection_as_evidence(view, opened, str(selection))
        common.flash("The selected text is now the evidence in Correct & accept.", "info")
        st.rerun()
