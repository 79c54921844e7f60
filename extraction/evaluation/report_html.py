"""The HTML evaluation report: one self-contained file a person reads to improve a prompt.

For each article it shows the article text with evidence highlighted (<mark>: missed
gold claims red, false positives orange, matched claims green), the missed gold claims
and the false positives with the reason each counted as it did, and matched pairs with
wrong fields side by side; above, the overall metrics with their intervals and
confusion tables for `certainty` and `claimant_type` over matched pairs.

Article text is untrusted: every piece of article, claim, metadata and reason text goes
through `html.escape` before it reaches the page. Inline CSS, no JavaScript.
"""

from __future__ import annotations

import html
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extraction.evaluation.fields import FIELD_NAMES
from extraction.evaluation.matching import Span
from extraction.evaluation.scoring import ArticleScore, EvalScore, MatchedItem
from extraction.schema import Certainty, Claim, ClaimantType

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:72rem;
color:#1d1d1f;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.5rem;border-top:2px solid #ddd;
padding-top:1rem}h3{font-size:1.05rem;margin-top:1.5rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;
text-align:left;vertical-align:top}th{background:#f3f3f3}td.num{text-align:right;
font-variant-numeric:tabular-nums}
.text{white-space:pre-wrap;background:#fafafa;border:1px solid #e3e3e3;padding:1rem;
max-height:40rem;overflow:auto;font-size:14px}
mark{padding:0 .1rem;border-radius:2px}mark.missed{background:#ffc9c9}mark.fp{background:#ffd8a8}
mark.ok{background:#d3f9d8}sup.tag{font-size:.7rem;color:#555;font-weight:600}
.wrong{background:#fff0f0}.right{color:#2b8a3e}.diag{background:#e6fcf5;font-weight:600}
.reason{color:#555;font-size:.9rem}.claim{margin:.5rem 0 1rem}.meta{color:#555}
.legend mark{margin-right:1rem}.error{color:#c92a2a;font-weight:600}
"""


def esc(value: object) -> str:
    """HTML-escape any value (None shows as an em dash)."""
    return "\u2014" if value is None else html.escape(str(value), quote=True)


def _pct(value: float | None) -> str:
    return "\u2014" if value is None else f"{value:.3f}"


@dataclass(frozen=True)
class Highlight:
    """One evidence span to mark: its kind (missed, fp, ok) and label (G3, P5)."""

    span: Span
    kind: str
    label: str


_PRIORITY = {"missed": 0, "fp": 1, "ok": 2}


def highlight_text(text: str, highlights: Sequence[Highlight]) -> str:
    """The escaped text with each highlight wrapped in <mark>, labels as superscripts.

    Overlapping spans are cut at every boundary; a piece covered by several spans takes
    the most important kind (missed, then false positive, then matched) and lists every
    label in its title.
    """
    cuts = {0, len(text)}
    for item in highlights:
        cuts.update(
            {max(0, min(item.span.start, len(text))), max(0, min(item.span.end, len(text)))}
        )
    bounds = sorted(cuts)
    starts: dict[int, list[str]] = {}
    for item in highlights:
        starts.setdefault(item.span.start, []).append(item.label)
    parts: list[str] = []
    for left, right in itertools.pairwise(bounds):
        for label in starts.get(left, []):
            parts.append(f'<sup class="tag">{esc(label)}</sup>')
        covering = [h for h in highlights if h.span.start <= left and right <= h.span.end]
        piece = esc(text[left:right])
        if not covering:
            parts.append(piece)
            continue
        kind = min((h.kind for h in covering), key=lambda k: _PRIORITY.get(k, 9))
        title = ", ".join(h.label for h in covering)
        parts.append(f'<mark class="{esc(kind)}" title="{esc(title)}">{piece}</mark>')
    return "".join(parts)


def _highlights(article: ArticleScore) -> list[Highlight]:
    items: list[Highlight] = []
    for missed in article.missed:
        span = article.gold_spans[missed.gold_index]
        if span is not None:
            items.append(Highlight(span, "missed", f"G{missed.gold_index} missed"))
    for fp in article.false_positives:
        span = article.pred_spans[fp.pred_index]
        if span is not None:
            items.append(Highlight(span, "fp", f"P{fp.pred_index} false positive"))
    for pair in article.matched:
        span = article.gold_spans[pair.gold_index]
        if span is not None:
            items.append(Highlight(span, "ok", f"G{pair.gold_index}=P{pair.pred_index}"))
    return items


def _claim_block(label: str, claim: Claim, reason: str, extra: str = "") -> str:
    quantity = claim.quantity
    figure = f"{quantity.qualifier.value} {quantity.value:g} {quantity.unit}" if quantity else None
    return (
        f'<div class="claim"><strong>{esc(label)}</strong> {esc(claim.statement)}<br>'
        f'<span class="meta">claimant: {esc(claim.claimant)} ({esc(claim.claimant_type.value)})'
        f" · certainty: {esc(claim.certainty.value)} · quantity: {esc(figure)}"
        f" · date: {esc(claim.claim_date)}{extra}</span><br>"
        f"<q>{esc(claim.evidence)}</q><br>"
        f'<span class="reason">{esc(reason)}</span></div>'
    )


def _pair_table(article: ArticleScore, pair: MatchedItem) -> str:
    gold = article.gold.claims[pair.gold_index]
    pred = article.predictions[pair.pred_index].claim
    rows = [
        "<tr><th>field</th><th>gold</th><th>predicted</th><th>why</th></tr>",
        f"<tr><td>statement</td><td>{esc(gold.statement)}</td><td>{esc(pred.statement)}</td>"
        f'<td class="num">{pair.statement_similarity:.2f}</td></tr>',
    ]
    for name in FIELD_NAMES:
        check = pair.fields[name]
        css = "" if check.correct else ' class="wrong"'
        rows.append(
            f"<tr{css}><td>{esc(name)}</td><td>{esc(check.gold)}</td><td>{esc(check.pred)}</td>"
            f"<td>{esc(check.reason)}</td></tr>"
        )
    heading = f"G{pair.gold_index} = P{pair.pred_index}"
    return f"<h4>{esc(heading)}</h4><table>{''.join(rows)}</table>"


def _confusion_table(title: str, pairs: Iterable[tuple[str, str]], labels: Sequence[str]) -> str:
    counts = Counter(pairs)
    used = [label for label in labels if any(label in key for key in counts)]
    if not used:
        return f"<h3>{esc(title)}</h3><p>No matched pairs.</p>"
    head = "".join(f"<th>{esc(label)}</th>" for label in used)
    rows = [f"<tr><th>gold \\ predicted</th>{head}</tr>"]
    for gold_label in used:
        cells = []
        for pred_label in used:
            count = counts.get((gold_label, pred_label), 0)
            css = "num diag" if gold_label == pred_label else "num"
            cells.append(f'<td class="{css}">{count or ""}</td>')
        rows.append(f"<tr><th>{esc(gold_label)}</th>{''.join(cells)}</tr>")
    return f"<h3>{esc(title)}</h3><table>{''.join(rows)}</table>"


def confusion_pairs(score: EvalScore, field: str) -> list[tuple[str, str]]:
    """(gold, predicted) values of `certainty` or `claimant_type` over all matched pairs."""
    pairs: list[tuple[str, str]] = []
    for article in score.articles:
        for item in article.matched:
            check = item.fields[field]
            pairs.append((str(check.gold), str(check.pred)))
    return pairs


def _interval(report: Mapping[str, Any], group: str, name: str) -> str:
    intervals = report.get("intervals") or {}
    bounds = (intervals.get(group) or {}).get(name)
    if not bounds:
        return "\u2014"
    return f"[{bounds[0]:.3f}, {bounds[1]:.3f}]"


def _summary(report: Mapping[str, Any]) -> str:
    rows = [
        "<tr><th>metric</th><th>precision</th><th>recall</th><th>F1</th>"
        "<th>F1 95% interval</th></tr>"
    ]
    for group, title in (("all_correct", "all-correct (headline)"), ("claims", "claims")):
        values = report[group]
        rows.append(
            f"<tr><td>{esc(title)}</td><td class='num'>{_pct(values['precision'])}</td>"
            f"<td class='num'>{_pct(values['recall'])}</td>"
            f"<td class='num'>{_pct(values['f1'])}</td>"
            f"<td class='num'>{esc(_interval(report, group, 'f1'))}</td></tr>"
        )
    fields = "".join(
        f"<tr><td>{esc(name)}</td><td class='num'>{_pct(value)}</td></tr>"
        for name, value in report["fields"].items()
    )
    counts = (
        f"<p>{esc(report['n_articles'])} articles · {esc(report['n_gold'])} gold claims ·"
        f" {esc(report['n_pred'])} predicted · {esc(report.get('n_matched'))} matched ·"
        f" {esc(report.get('n_all_correct'))} all-correct · grounding rate"
        f" {_pct(report['grounding_rate'])}</p>"
    )
    return (
        f"{counts}<table>{''.join(rows)}</table>"
        f"<h3>Field accuracy on matched pairs</h3><table><tr><th>field</th><th>accuracy</th></tr>"
        f"{fields}</table>"
    )


def _article_index(score: EvalScore) -> str:
    rows = [
        "<tr><th>article</th><th>gold</th><th>pred</th><th>matched</th><th>missed</th>"
        "<th>false pos.</th><th>claim F1</th><th>all-correct F1</th></tr>"
    ]
    for number, article in enumerate(score.articles):
        rows.append(
            f'<tr><td><a href="#a{number}">{esc(article.gold.title or article.article_id)}</a></td>'
            f"<td class='num'>{article.n_gold}</td><td class='num'>{article.n_pred}</td>"
            f"<td class='num'>{article.n_matched}</td><td class='num'>{len(article.missed)}</td>"
            f"<td class='num'>{len(article.false_positives)}</td>"
            f"<td class='num'>{_pct(article.claims.f1)}</td>"
            f"<td class='num'>{_pct(article.all_correct.f1)}</td></tr>"
        )
    return f"<table>{''.join(rows)}</table>"


def _article_section(number: int, article: ArticleScore, error: str | None) -> str:
    gold, preds = article.gold.claims, article.predictions
    parts = [
        f'<h2 id="a{number}">{esc(article.gold.title or article.article_id)}</h2>',
        f'<p class="meta">id {esc(article.article_id)} · {esc(article.gold.publication)} ·'
        f" {esc(article.gold.published)} · claim F1 {_pct(article.claims.f1)} ·"
        f" all-correct F1 {_pct(article.all_correct.f1)}</p>",
    ]
    if error:
        parts.append(f'<p class="error">engine error: {esc(error)}</p>')
    parts.append(
        '<p class="legend"><mark class="missed">missed gold</mark>'
        '<mark class="fp">false positive</mark><mark class="ok">matched</mark></p>'
    )
    parts.append(
        f'<div class="text">{highlight_text(article.gold.text, _highlights(article))}</div>'
    )
    parts.append(f"<h3>Missed gold claims ({len(article.missed)})</h3>")
    parts.extend(
        _claim_block(f"G{item.gold_index}", gold[item.gold_index], item.explanation)
        for item in article.missed
    )
    parts.append(f"<h3>False positives ({len(article.false_positives)})</h3>")
    parts.extend(
        _claim_block(
            f"P{item.pred_index}",
            preds[item.pred_index].claim,
            item.explanation,
            f" · evidence: {esc(preds[item.pred_index].grounding.status.value)}",
        )
        for item in article.false_positives
    )
    wrong = [pair for pair in article.matched if not all(c.correct for c in pair.fields.values())]
    parts.append(f"<h3>Matched pairs with wrong fields ({len(wrong)})</h3>")
    parts.extend(_pair_table(article, pair) for pair in wrong)
    right = [pair for pair in article.matched if pair not in wrong]
    if right:
        items = "".join(
            f"<li>G{pair.gold_index} = P{pair.pred_index}: {esc(gold[pair.gold_index].statement)}"
            f" / predicted: {esc(preds[pair.pred_index].claim.statement)}"
            f' <span class="right">(similarity {pair.similarity:.2f})</span></li>'
            for pair in right
        )
        parts.append(
            f"<details><summary>Matched pairs with every field right ({len(right)})</summary>"
            f"<ul>{items}</ul></details>"
        )
    return "\n".join(parts)


def render_html(score: EvalScore, report: Mapping[str, Any]) -> str:
    """The whole report page as one string (self-contained: inline CSS, no scripts)."""
    errors: Mapping[str, str] = report.get("errors") or {}
    label = report.get("label")
    heading = f"ClaimDesk evaluation — {report['engine']} ({report['model']})"
    meta = (
        f"prompt version {esc(report['prompt_version'])} · gold {esc(report.get('gold_path'))}"
        f" · {esc(report.get('timestamp'))}" + (f" · label {esc(label)}" if label else "")
    )
    sections = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(heading)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(heading)}</h1><p class='meta'>{meta}</p>",
        _summary(report),
        _confusion_table(
            "Certainty (matched pairs)",
            confusion_pairs(score, "certainty"),
            [item.value for item in Certainty],
        ),
        _confusion_table(
            "Claimant type (matched pairs)",
            confusion_pairs(score, "claimant_type"),
            [item.value for item in ClaimantType],
        ),
        "<h2>Articles</h2>",
        _article_index(score),
    ]
    sections.extend(
        _article_section(number, article, errors.get(article.article_id))
        for number, article in enumerate(score.articles)
    )
    sections.append("</body></html>")
    return "\n".join(sections) + "\n"


def write_html_report(score: EvalScore, report: Mapping[str, Any], path: str | Path) -> Path:
    """Write the HTML report to `path`; return it."""
    target = Path(path)
    if target.parent and not target.parent.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_html(score, report), encoding="utf-8")
    return target
