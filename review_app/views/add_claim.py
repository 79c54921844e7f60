"""Add claim page: a claim the extraction missed, its evidence located in the article."""

from __future__ import annotations

import streamlit as st

from extraction.review import actions
from extraction.review.actions import Saved
from extraction.review.article import find_articles, load_article
from extraction.review.form import find_evidence
from extraction.review.highlight import Span, escape_markdown, highlight_html
from extraction.review.state import ClaimState
from review_app import browser, common, editor, render


def _prefix() -> str:
    """Widget keys of the current form; a new generation after each save clears it."""
    return f"add-{int(st.session_state.get('add_generation', 0))}-"


def _reviewing() -> str | None:
    """The article of the claim under review on the Review page, if any."""
    claim_id = st.session_state.get("claim_id")
    state = actions.load_state(common.store(), str(claim_id)) if claim_id else None
    return state.article_id if state else None


def _article_choice() -> str | None:
    """The article to add to: the one under review by default, or one found by search."""
    query = (st.text_input("Find an article (id or title)", key="add_search") or "").strip()
    found = find_articles(common.store(), query or None, limit=20)
    reviewing = None if query else _reviewing()
    if reviewing and reviewing not in [row["id"] for row in found]:
        found = find_articles(common.store(), reviewing, limit=1) + found
    if not found:
        st.info("No article matches.")
        return None
    titles = {
        row["id"]: f"{row['title'] or row['id']} ({row['publication'] or '?'})" for row in found
    }
    options = list(titles)
    chosen = st.selectbox(
        "Article",
        options,
        index=options.index(reviewing) if reviewing in options else 0,
        format_func=lambda article_id: titles[article_id],
        key="add_article",
    )
    return str(chosen) if chosen else None


@common.guarded
def _check(article_text: str, prefix: str) -> None:
    values = editor.read_editor(prefix)
    st.session_state["add_match"] = find_evidence(article_text, values["evidence"] or "")


@common.guarded
def _add(article_id: str, prefix: str) -> None:
    """Store the claim once: a second click on a form already saved (an older generation)
    does nothing, and the saved form is replaced by an empty one."""
    if prefix != _prefix():
        return
    outcome = actions.add_claim(
        common.store(), article_id, editor.read_editor(prefix), reviewer=common.reviewer() or ""
    )
    if isinstance(outcome, Saved):
        st.session_state["add_errors"] = {}
        st.session_state.pop("add_match", None)
        editor.clear_editor(prefix)
        st.session_state["add_generation"] = int(st.session_state.get("add_generation", 0)) + 1
        common.flash(f"Added: {escape_markdown(outcome.state.claim.statement[:90])}")
    elif isinstance(outcome, actions.Invalid):
        st.session_state["add_errors"] = outcome.errors


def _article_pane(article_text: str, claims: list[ClaimState], prefix: str) -> None:
    """The article; text selected in it becomes the new claim's evidence."""
    spans = [
        Span(s.grounding.start, s.grounding.end, s.claim_id, f"claim {n}", s.status.value)
        for n, s in enumerate(claims, start=1)
        if s.grounding.start is not None and s.grounding.end is not None
    ]
    result = browser.article_pane(
        render.CSS + highlight_html(article_text, spans, None), None, key="add-article-pane"
    )
    selection = getattr(result, "selection", None)
    if selection:
        st.session_state[f"{prefix}evidence"] = str(selection)
        st.session_state["add_match"] = find_evidence(article_text, str(selection))
        st.rerun()


def _match_report() -> None:
    match = st.session_state.get("add_match")
    if match is None:
        return
    grounding = match.grounding
    if not match.found:
        st.error("Evidence not found in the article: it cannot be added as it is.")
        return
    st.success(f"Evidence found: {grounding.status.value} match (score {grounding.score:.0f}).")
    if grounding.status.value != "exact":
        st.caption("The article's own text will be stored as the evidence:")
    render.claim_evidence(match.matched or "")


def main() -> None:
    """Draw the add-claim page."""
    common.show_flash()
    st.title("Add a missing claim", anchor=False)
    article_id = _article_choice()
    if article_id is None:
        return
    loaded = load_article(common.store(), article_id)
    if loaded is None:
        st.warning("That article is not in the database.")
        return
    article, claims = loaded
    errors: dict[str, str] = st.session_state.get("add_errors", {})
    prefix = _prefix()
    text_col, form_col = st.columns([3, 2], gap="medium")
    with text_col:
        _article_pane(article.text, claims, prefix)
    with form_col:
        st.text(f"{article.title or article.id} · {len(claims)} claims already")
        if common.reviewer() is None:
            st.info("Enter your name in the sidebar to add claims.")
        for field in ("reviewer", "article"):
            if field in errors:
                st.error(render.plain_label(errors[field]))
        st.caption("Select the evidence in the article, or paste it below.")
        with st.form(f"add-form-{prefix}", border=False):
            editor.claim_editor(prefix, {}, errors, default_date=article.published)
            check_col, add_col = st.columns(2)
            check_col.form_submit_button(
                "Find evidence",
                key="check-evidence",
                on_click=_check,
                args=(article.text, prefix),
            )
            add_col.form_submit_button(
                "Add claim",
                key="add-claim",
                type="primary",
                disabled=common.reviewer() is None,
                on_click=_add,
                args=(article.id, prefix),
            )
        _match_report()


main()
