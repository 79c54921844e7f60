"""Streamlit rendering of escaped HTML: the article with highlighted evidence, claim cards.

All HTML comes from `extraction.review.highlight`, which escapes every piece of article
and claim text; nothing untrusted reaches `st.html` unescaped.
"""

from __future__ import annotations

import streamlit as st

from extraction.review.article import claim_spans
from extraction.review.highlight import (
    claim_card_html,
    context_html,
    escape_markdown,
    highlight_html,
)
from extraction.review.state import ClaimState, ReviewStatus
from extraction.schema import Claim

STATUS_ICONS = {
    ReviewStatus.pending: "○",
    ReviewStatus.accepted: "✓",
    ReviewStatus.corrected: "✎",
    ReviewStatus.rejected: "✗",
    ReviewStatus.added: "+",
}

CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
.cd-article { white-space: pre-wrap; font-family: Georgia, 'Times New Roman', serif;
  font-size: 1.02rem; line-height: 1.6; color: inherit; }
.cd-article mark.ev { background: #fff3b0; color: #222; padding: 0 1px; border-radius: 2px; }
.cd-article mark.ev-accepted, .cd-article mark.ev-added { background: #d5f5d5; }
.cd-article mark.ev-corrected { background: #d8e8ff; }
.cd-article mark.ev-rejected { background: #eeeeee; color: #777; text-decoration: line-through; }
.cd-article mark.ev-multi { border-bottom: 2px dotted #a07000; }
mark.ev-selected, .cd-article mark.ev-selected { background: #ffb347; color: #111;
  outline: 2px solid #d9480f; font-weight: 600; }
.cd-context { white-space: pre-wrap; font-size: 0.95rem; line-height: 1.5;
  border-left: 3px solid #d9480f; padding: 0.3rem 0.6rem; margin: 0.2rem 0 0.6rem 0; }
table.cd-claim { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
table.cd-claim th { text-align: left; vertical-align: top; width: 8.5rem; padding: 2px 6px;
  color: #666; font-weight: 500; }
table.cd-claim td { padding: 2px 6px; vertical-align: top; }
table.cd-claim tr.changed td { background: #fff0c2; font-weight: 600; }
table.cd-claim caption { text-align: left; font-weight: 600; padding: 2px 6px; }
</style>
"""


def article(text: str, claims: list[ClaimState], selected: str | None) -> None:
    """The article text with every claim's evidence marked; the selected one stands out."""
    st.html(CSS + highlight_html(text, claim_spans(claims), selected))


def evidence_context(text: str, state: ClaimState) -> None:
    """The selected claim's evidence in its surrounding text, or a warning if ungrounded."""
    start, end = state.grounding.start, state.grounding.end
    if start is None or end is None:
        st.warning("Evidence not found in the article text (ungrounded): correct or reject.")
        return
    st.html(CSS + context_html(text, start, end))


def claim_card(
    claim: Claim,
    changed: set[str] | None = None,
    title: str = "",
    omit: frozenset[str] = frozenset(),
) -> None:
    """A claim's fields as an escaped table; changed rows highlighted, `omit` left out."""
    st.html(CSS + claim_card_html(claim, changed, title, omit))


def plain_label(text: str) -> str:
    """Untrusted text for an element that renders Markdown (titles, alerts, button and
    option labels): every Markdown, LaTeX and icon sign escaped, so it shows literally."""
    return escape_markdown(text)


def claim_evidence(text: str) -> None:
    """A passage of article text, escaped and marked."""
    st.html(CSS + context_html(text, 0, len(text), radius=0))
