"""A self-contained HTML report for an editor who will never install ClaimDesk.

One file, no network: each article's text with its claims highlighted by review status, a
claim table filterable by claimant, certainty, figure and reviewed state (a few lines of
inline JavaScript), and the tracker's contested groups. Every piece of article, claim and
group text is HTML-escaped; the JavaScript reads only our own data attributes.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from extraction.review.highlight import Span, figure_text, highlight_html
from extraction.review.state import ClaimState, state_from_row
from extraction.store.articles import get_article
from extraction.store.connection import Store
from extraction.store.records import fetch_dicts
from extraction.store.reviews import QUEUE_KEY, STATE_SQL


@dataclass(frozen=True)
class ContestedGroup:
    """A tracker group whose sources disagree, as the report lists it."""

    label: str
    reasons: list[str]
    claims: list[tuple[str, str, str]]  # (claimant, figure or stance, publication)


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; }
.cd-article { white-space: pre-wrap; font-family: Georgia, serif; line-height: 1.55;
  border-left: 3px solid #ddd; padding-left: 1rem; }
mark.ev { background: #fff3b0; } mark.ev-accepted, mark.ev-added { background: #d5f5d5; }
mark.ev-corrected { background: #d8e8ff; }
mark.ev-rejected { background: #eee; color: #777; text-decoration: line-through; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
.filters input, .filters select { margin-right: 0.8rem; }
.legend span { padding: 0 0.4rem; margin-right: 0.5rem; }
"""

_SCRIPT = """
(function () {
  var inputs = document.querySelectorAll('.filters [data-filter]');
  function apply() {
    var wanted = {};
    inputs.forEach(function (input) { wanted[input.dataset.filter] = input.value.toLowerCase(); });
    document.querySelectorAll('#claims tbody tr').forEach(function (row) {
      var show = Object.keys(wanted).every(function (key) {
        var want = wanted[key];
        if (!want) { return true; }
        var have = (row.dataset[key] || '').toLowerCase();
        return key === 'claimant' || key === 'figure' ? have.indexOf(want) >= 0 : have === want;
      });
      row.style.display = show ? '' : 'none';
    });
  }
  inputs.forEach(function (input) { input.addEventListener('input', apply); });
})();
"""


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _article_section(title: str, meta: str, text: str, states: Sequence[ClaimState]) -> str:
    spans = [
        Span(s.grounding.start, s.grounding.end, s.claim_id, s.status.value, s.status.value)
        for s in states
        if s.grounding.start is not None and s.grounding.end is not None
    ]
    return (
        f"<section class='article'><h2>{_e(title)}</h2><p>{_e(meta)}</p>"
        f"{highlight_html(text, spans)}</section>"
    )


def _row(state: ClaimState, title: str) -> str:
    claim = state.claim
    reviewed = "pending" if state.pending else "reviewed"
    attrs = {
        "claimant": claim.claimant or "",
        "certainty": claim.certainty.value,
        "figure": figure_text(claim),
        "state": state.status.value,
        "reviewed": reviewed,
    }
    data = " ".join(f'data-{key}="{_e(value)}"' for key, value in attrs.items())
    cells = [
        title,
        claim.statement,
        claim.claimant or "— (the publication)",
        claim.claimant_type.value,
        claim.certainty.value,
        figure_text(claim),
        state.status.value,
    ]
    return f"<tr {data}>" + "".join(f"<td>{_e(cell)}</td>" for cell in cells) + "</tr>"


def _options(values: Sequence[str]) -> str:
    return "<option value=''>(any)</option>" + "".join(
        f"<option value='{_e(v)}'>{_e(v)}</option>" for v in values
    )


def _groups_section(groups: Sequence[ContestedGroup]) -> str:
    if not groups:
        return "<h2>Contested groups</h2><p>No contested groups.</p>"
    parts = ["<h2>Contested groups</h2>"]
    for group in groups:
        reasons = "".join(f"<li>{_e(reason)}</li>" for reason in group.reasons)
        rows = "".join(
            f"<tr><td>{_e(a)}</td><td>{_e(b)}</td><td>{_e(c)}</td></tr>" for a, b, c in group.claims
        )
        parts.append(
            f"<section class='group'><h3>{_e(group.label)}</h3><ul>{reasons}</ul>"
            f"<table><thead><tr><th>Claimant</th><th>Says</th><th>Publication</th></tr>"
            f"</thead><tbody>{rows}</tbody></table></section>"
        )
    return "".join(parts)


def build_report(
    store: Store, groups: Sequence[ContestedGroup] = (), now: dt.datetime | None = None
) -> str:
    """The report as one HTML document (no external resources)."""
    with store.connect() as con:
        rows = fetch_dicts(con.execute(f"SELECT * FROM ({STATE_SQL}) ORDER BY {QUEUE_KEY}"))
        sections: list[str] = []
        table_rows: list[str] = []
        for article_id, group in groupby(rows, key=lambda row: row["article_id"]):
            states = [state_from_row(row) for row in group]
            article = get_article(con, str(article_id))
            if article is None:
                continue
            title = article.title or article.id
            meta = " · ".join(
                str(part) for part in (article.publication, article.published, article.url) if part
            )
            sections.append(_article_section(title, meta, article.text, states))
            table_rows.extend(_row(state, title) for state in states)
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    filters = (
        "<div class='filters'>"
        "<label>Claimant <input data-filter='claimant' type='search'></label>"
        f"<label>Certainty <select data-filter='certainty'>"
        f"{_options(['asserted', 'hedged', 'unconfirmed', 'denied'])}</select></label>"
        "<label>Figure <input data-filter='figure' type='search'></label>"
        f"<label>Reviewed <select data-filter='reviewed'>"
        f"{_options(['reviewed', 'pending'])}</select></label></div>"
    )
    table = (
        "<table id='claims'><thead><tr><th>Article</th><th>Statement</th><th>Claimant</th>"
        "<th>Type</th><th>Certainty</th><th>Figure</th><th>Status</th></tr></thead>"
        f"<tbody>{''.join(table_rows)}</tbody></table>"
    )
    legend = (
        "<p class='legend'><mark class='ev'>pending</mark> "
        "<mark class='ev ev-accepted'>accepted or added</mark> "
        "<mark class='ev ev-corrected'>corrected</mark> "
        "<mark class='ev ev-rejected'>rejected</mark></p>"
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none';"
        " style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
        f"<title>ClaimDesk report</title><style>{_STYLE}</style></head><body>"
        f"<h1>ClaimDesk report</h1><p>Made {_e(stamp)} · {len(rows)} claims in"
        f" {len(sections)} articles.</p>"
        f"<h2>Claims</h2>{filters}{table}{_groups_section(groups)}"
        f"<h2>Articles</h2>{legend}{''.join(sections)}"
        f"<script>{_SCRIPT}</script></body></html>"
    )


def report_claim_count(store: Store) -> int:
    """How many claims the report lists (every claim under review)."""
    with store.connect() as con:
        row = con.execute(f"SELECT count(*) FROM ({STATE_SQL})").fetchone()
    return int(row[0]) if row else 0
