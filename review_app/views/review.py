"""Review page: the article with evidence highlighted beside its claims and the editor.

This page picks the claim to show, keeps its lease and lays out the page; the pieces live
in `review_app.review_article_pane` (the article), `review_app.review_claim_panel` (the
claim, its controls and the claim list), `review_app.review_buttons` (the controls) and
`review_app.review_decisions` (what their clicks do).
"""

from __future__ import annotations

import logging

import streamlit as st

from extraction.review import agreement, work
from extraction.review.article import ArticleView, load_article_view
from review_app import blind, common, render
from review_app.review_article_pane import article_pane
from review_app.review_claim_panel import claim_panel
from review_app.review_decisions import REJECT_REASONS, SHORT_REASONS

LOG = logging.getLogger("claimdesk.review_app")

__all__ = ["REJECT_REASONS", "SHORT_REASONS", "main"]


def _current_claim_id() -> str | None:
    """The claim to show: ?claim= in the URL, the open claim, else the next free one."""
    wanted = st.query_params.get("claim")
    if wanted and wanted != st.session_state.get("claim_id"):
        common.open_claim(wanted)
    if st.session_state.get("claim_id") is None:
        common.advance(None)
    claim_id = st.session_state.get("claim_id")
    return str(claim_id) if claim_id else None


def _header(view: ArticleView) -> None:
    article = view.article
    meta = " · ".join(
        part for part in (article.publication, str(article.published or ""), article.id) if part
    )
    st.subheader(render.plain_label(article.title or "Untitled article"), anchor=False)
    st.text(f"{meta} · claim {view.position} of {len(view.claims)} in this article")


def _blind_panel(view: ArticleView) -> None:
    """A blind second review: the extraction as it was, decisions go to blind_reviews."""
    blind.blind_panel(view)


def _claim_to_show() -> tuple[str | None, work.Holder | None]:
    """The claim to show and who else holds it. A claim handed out before the reviewer gave
    a name that someone else holds now is passed over for the next free one."""
    claim_id = _current_claim_id()
    name = common.reviewer()
    if claim_id is None or not name:
        return claim_id, None
    holder = work.hold(common.store(), claim_id, name)
    if holder is not None and st.session_state.get("auto_opened") == claim_id:
        claim_id = common.advance(claim_id)
        holder = work.hold(common.store(), claim_id, name) if claim_id else None
    return claim_id, holder


@st.fragment(run_every=work.renew_every())
def _keep_lease(claim_id: str) -> None:
    """Renew the reviewer's lease on the open claim while this page stays open, though
    nothing is clicked (reading a long article takes longer than a lease)."""
    name = common.reviewer()
    if name and st.session_state.get("claim_id") == claim_id:
        work.hold(common.store(), claim_id, name)


def main() -> None:
    """Draw the review page."""
    common.show_flash()
    claim_id, holder = _claim_to_show()
    if claim_id is not None and holder is None:
        _keep_lease(claim_id)
    if claim_id is None:
        st.success("Nothing pending under the current filters.")
        st.page_link(common.QUEUE_PAGE, label="Back to the queue")
        return
    view = load_article_view(common.store(), claim_id)
    if view is None and st.session_state.get("auto_opened") == claim_id:
        claim_id = common.advance(claim_id)  # gone meanwhile: the next free one
        view = load_article_view(common.store(), claim_id) if claim_id else None
    if claim_id is None:
        st.success("Nothing pending under the current filters.")
        return
    if view is None:
        common.open_claim(None)
        st.warning("That claim is not under review (a newer extraction replaced it?).")
        return
    name = common.reviewer()
    second = agreement.needs_blind_review(common.store(), claim_id, name, common.double_share())
    _header(view)
    text_col, claims_col = st.columns([3, 2], gap="medium")
    with text_col:
        article_pane(view)
    with claims_col:
        if second:
            _blind_panel(view)
        else:
            claim_panel(view, holder)


main()
