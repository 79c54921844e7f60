"""HTML of an article with its claims' evidence highlighted; the article text is escaped.

Article text is untrusted: every piece of it is HTML-escaped, segment by segment between
highlight offsets, and only our own `<mark>` and `<div>` tags are added.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from extraction.schema import Claim, Qualifier


@dataclass(frozen=True)
class Span:
    """A highlighted range of the text: one claim's evidence."""

    start: int
    end: int
    key: str
    label: str = ""
    status: str = ""


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _clip(spans: Sequence[Span], length: int) -> list[Span]:
    """Spans inside the text, non-empty."""
    clipped = []
    for span in spans:
        start, end = max(0, span.start), min(length, span.end)
        if start < end:
            clipped.append(Span(start, end, span.key, span.label, span.status))
    return clipped


def _mark(piece: str, covering: list[Span], selected: str | None, anchor: bool) -> str:
    classes = ["ev"]
    if any(span.key == selected for span in covering):
        classes.append("ev-selected")
    if len(covering) > 1:
        classes.append("ev-multi")
    classes.extend(sorted({f"ev-{span.status}" for span in covering if span.status}))
    labels = ", ".join(span.label for span in covering if span.label)
    title = f' title="{_escape(labels)}"' if labels else ""
    ident = ' id="ev-selected"' if anchor else ""
    keys = _escape(" ".join(span.key for span in covering))
    return (
        f'<mark class="{_escape(" ".join(classes))}" data-claims="{keys}"{ident}{title}>'
        f"{_escape(piece)}</mark>"
    )


def highlight_html(text: str, spans: Sequence[Span], selected: str | None = None) -> str:
    """The article as HTML: escaped text with `<mark class="ev">` around every evidence span
    (overlaps split into segments) and `ev-selected` on the selected claim's span."""
    kept = _clip(spans, len(text))
    bounds = sorted({0, len(text), *(s.start for s in kept), *(s.end for s in kept)})
    parts: list[str] = []
    anchored = False
    for start, end in pairwise(bounds):
        piece = text[start:end]
        covering = [span for span in kept if span.start <= start and span.end >= end]
        if not covering:
            parts.append(_escape(piece))
            continue
        is_selected = any(span.key == selected for span in covering)
        parts.append(_mark(piece, covering, selected, is_selected and not anchored))
        anchored = anchored or is_selected
    return f'<div class="cd-article">{"".join(parts)}</div>'


def _one_line(text: str, *, keep_end: bool) -> str:
    """Context on one line: whitespace runs (line breaks too) become single spaces, the
    space beside the evidence kept."""
    folded = " ".join(text.split())
    if not folded:
        return " " if text else ""
    if keep_end and text[-1].isspace():
        return folded + " "
    if not keep_end and text[0].isspace():
        return " " + folded
    return folded


def context_html(text: str, start: int, end: int, radius: int = 160) -> str:
    """The evidence with up to `radius` characters of context on each side, escaped,
    the evidence marked as selected."""
    start, end = max(0, start), min(len(text), end)
    left, right = max(0, start - radius), min(len(text), end + radius)
    before = ("…" if left > 0 else "") + _one_line(text[left:start], keep_end=True)
    after = _one_line(text[end:right], keep_end=False) + ("…" if right < len(text) else "")
    return (
        f'<div class="cd-context">{_escape(before)}'
        f'<mark class="ev ev-selected">{_escape(text[start:end])}</mark>{_escape(after)}</div>'
    )


_MARKDOWN_SPECIAL = set("\\`*_{}[]()<>#+-.!|~:$=/")


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown syntax so untrusted text (a statement in a button label)
    renders literally: no links, images, formatting, LaTeX or `:material/...:` icons (the
    slash is escaped too: Streamlit finds icons before Markdown reads the escapes)."""
    return "".join(f"\\{char}" if char in _MARKDOWN_SPECIAL else char for char in text)


def figure_text(claim: Claim) -> str:
    """A claim's figure as a reviewer reads it: 'about 11,000 troops', or '—'."""
    quantity = claim.quantity
    if quantity is None:
        return "—"
    value = quantity.value
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    prefix = "" if quantity.qualifier is Qualifier.exact else f"{quantity.qualifier.value} "
    return f"{prefix}{number} {quantity.unit}"


def claim_fields(claim: Claim) -> list[tuple[str, str, str]]:
    """(field, label, value) rows describing a claim, in CLAIMS.md order."""
    return [
        ("statement", "Statement", claim.statement),
        ("claimant", "Claimant", claim.claimant or "— (the publication)"),
        ("claimant_type", "Claimant type", claim.claimant_type.value),
        ("via", "Via", claim.via or "—"),
        ("quantity", "Figure", figure_text(claim)),
        ("claim_date", "Date", claim.claim_date.isoformat() if claim.claim_date else "—"),
        ("certainty", "Certainty", claim.certainty.value),
        ("evidence", "Evidence", claim.evidence),
    ]


def _differences(before: Claim, after: Claim) -> list[tuple[str, str, str, str]]:
    """(field, label, old value, new value) of the fields (as in `claim_fields`) whose
    values differ between two claims."""
    old = {name: value for name, _, value in claim_fields(before)}
    return [
        (name, label, old[name], value)
        for name, label, value in claim_fields(after)
        if old[name] != value
    ]


def changed_fields(before: Claim, after: Claim) -> set[str]:
    """Names of the fields (as in `claim_fields`) whose values differ between two claims."""
    return {name for name, _, _, _ in _differences(before, after)}


def change_summary(before: Claim, after: Claim, width: int = 60) -> str:
    """What a correction changed, as a reviewer reads it: 'Claimant type: military →
    intelligence; Via: — → The War Zone' ('' when no field changed); each value cut to
    `width` characters. Plain text: escape it before it is rendered as Markdown."""
    return "; ".join(
        f"{label}: {_cut(old, width)} → {_cut(new, width)}"
        for _, label, old, new in _differences(before, after)
    )


def correction_message(before: Claim | None, after: Claim) -> str:
    """The opening of a saved correction's message, Markdown-safe: what it changed, or
    that it changed nothing (a reviewer whose edit did not take sees it at once)."""
    changes = change_summary(before, after) if before is not None else ""
    if not changes:
        return "Saved as corrected, but no field changed"
    return f"Corrected and accepted ({escape_markdown(changes)})"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def claim_card_html(
    claim: Claim,
    changed: set[str] | None = None,
    title: str = "",
    omit: frozenset[str] = frozenset(),
) -> str:
    """A claim as an escaped HTML table; rows in `changed` get the class `changed`, fields in
    `omit` are left out (the evidence, when it is shown in context beside the card)."""
    rows = []
    for name, label, value in claim_fields(claim):
        if name in omit:
            continue
        css = ' class="changed"' if changed and name in changed else ""
        rows.append(f"<tr{css}><th>{_escape(label)}</th><td>{_escape(value)}</td></tr>")
    caption = f"<caption>{_escape(title)}</caption>" if title else ""
    return f'<table class="cd-claim">{caption}{"".join(rows)}</table>'
