"""`eval compare --html`: the claims that changed between two runs, article by article.

One section per article with a change: on the left what only run A had (gold claims it
matched and B missed, false positives B no longer makes), on the right what only B has
(gold claims it newly matches, its new false positives), and below both the field
changes on claims matched in both. Every value is HTML-escaped (article text and claims
are untrusted).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path

from extraction.evaluation.history import ClaimChange, Comparison

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:1200px;color:#222}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.cols>div{background:#fafafa;padding:.5rem}
li{margin:.25rem 0}.lost{color:#a00}.gained{color:#070}.better{color:#070}.worse{color:#a00}
"""


def _items(changes: Iterable[ClaimChange], css: str) -> str:
    rows = [
        f'<li class="{css}">{escape(change.change)}: {escape(change.statement)}'
        + (f" <small>({escape(change.detail)})</small>" if change.detail else "")
        + "</li>"
        for change in changes
    ]
    return "<ul>" + "".join(rows) + "</ul>" if rows else "<p>—</p>"


def _metrics_table(comparison: Comparison) -> str:
    rows = []
    for metric in comparison.metrics:
        delta = "—" if metric.delta is None else f"{metric.delta:+.3f}"
        a = "—" if metric.a is None else f"{metric.a:.3f}"
        b = "—" if metric.b is None else f"{metric.b:.3f}"
        rows.append(
            f"<tr><td>{escape(metric.name)}</td><td>{a}</td><td>{b}</td><td>{delta}</td></tr>"
        )
    table = "<table><tr><th>metric</th><th>A</th><th>B</th><th>B - A</th></tr>" + "".join(rows)
    table += "</table>"
    if comparison.paired:
        paired = []
        for item in comparison.paired:
            css = {"B better": "better", "B worse": "worse"}.get(item.verdict, "")
            paired.append(
                f"<tr><td>{escape(item.name)}</td><td>{item.delta:+.3f}</td>"
                f"<td>[{item.low:+.3f}, {item.high:+.3f}]</td>"
                f'<td class="{css}">{escape(item.verdict)}</td></tr>'
            )
        table += (
            "<h3>Paired bootstrap of B - A (articles resampled together)</h3><table>"
            "<tr><th>metric</th><th>B - A</th><th>95% interval</th><th>verdict</th></tr>"
            + "".join(paired)
            + "</table>"
        )
    return table


def render_comparison_html(comparison: Comparison) -> str:
    """The side-by-side page of two runs' changed claims."""
    articles: dict[str, dict[str, list[ClaimChange]]] = {}

    def add(side: str, changes: Iterable[ClaimChange]) -> None:
        for change in changes:
            articles.setdefault(change.article_key, {"a": [], "b": [], "fields": []})[side].append(
                change
            )

    add("a", comparison.lost)
    add("a", comparison.gone_false_positives)
    add("b", comparison.gained)
    add("b", comparison.new_false_positives)
    add("fields", comparison.field_changes)
    sections = []
    for key in sorted(articles):
        parts = articles[key]
        sections.append(
            f"<section><h2>{escape(key)}</h2><div class=cols>"
            f"<div><h3>only in A ({escape(comparison.a_id[:12])})</h3>"
            f"{_items(parts['a'], 'lost')}</div>"
            f"<div><h3>only in B ({escape(comparison.b_id[:12])})</h3>"
            f"{_items(parts['b'], 'gained')}</div></div>"
            f"<h3>field changes on claims matched in both</h3>{_items(parts['fields'], '')}"
            "</section>"
        )
    a_id, b_id = escape(comparison.a_id[:12]), escape(comparison.b_id[:12])
    warning = (
        ""
        if comparison.same_gold
        else "<p><b>The runs scored different gold files; gold claims matched by statement.</b></p>"
    )
    return (
        "<!doctype html><html><head><meta charset=utf-8>"
        f"<title>eval compare {a_id} vs {b_id}</title><style>{_STYLE}</style></head><body>"
        f"<h1>eval compare: A {a_id} → B {b_id}</h1>"
        f"{warning}{_metrics_table(comparison)}"
        f"<p>{len(articles)} articles with changed claims.</p>{''.join(sections)}</body></html>"
    )


def write_comparison_html(comparison: Comparison, path: str | Path) -> Path:
    """Write the page; return its path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_comparison_html(comparison), encoding="utf-8")
    return target
