"""The JSON report carries CLAIMS.md's keys; the HTML report escapes untrusted text."""

from __future__ import annotations

import json
from pathlib import Path

from extraction.evaluation.bootstrap import bootstrap
from extraction.evaluation.matching import Span
from extraction.evaluation.report_html import Highlight, highlight_text, render_html
from extraction.evaluation.report_json import REQUIRED_KEYS, build_report, write_json_report
from extraction.evaluation.scoring import EvalScore, score
from extraction.schema import Certainty, ClaimantType
from tests.evaluation.eval_samples import TEXT, as_claim, gold_article, grounded


def scored(text: str = TEXT) -> EvalScore:
    article = gold_article(text=text)
    gold = article.claims
    preds = [
        as_claim(gold[0]),
        as_claim(gold[1], certainty=Certainty.hedged, claimant_type=ClaimantType.military),
        as_claim(
            gold[3],
            statement="North Korea decided to deploy <b>12,000</b> soldiers to support Russia.",
            claim_date=None,
        ),
        as_claim(
            gold[4], statement="Ryder said <script>alert(1)</script> nothing.", evidence="no such"
        ),
    ]
    return score([article], {article.id: grounded(text, preds)})


def report_of(result: EvalScore) -> dict[str, object]:
    return build_report(
        result,
        engine="rules",
        model="rules-v1",
        prompt_version="r1",
        intervals=bootstrap(result.articles, n_resamples=50),
    )


def test_json_report_has_claims_md_keys(tmp_path: Path) -> None:
    report = report_of(scored())
    path = write_json_report(report, tmp_path / "out" / "report.json")
    loaded = json.loads(path.read_text(encoding="utf-8"))
    assert set(REQUIRED_KEYS) <= set(loaded)
    assert {"intervals", "per_article", "timestamp"} <= set(loaded)
    assert set(loaded["claims"]) == {"precision", "recall", "f1"}
    assert set(loaded["all_correct"]) == {"precision", "recall", "f1"}
    assert set(loaded["fields"]) == {
        "claimant",
        "claimant_type",
        "quantity",
        "claim_date",
        "certainty",
    }
    assert (loaded["n_articles"], loaded["n_gold"], loaded["n_pred"]) == (1, 6, 4)
    assert (loaded["engine"], loaded["model"], loaded["prompt_version"]) == (
        "rules",
        "rules-v1",
        "r1",
    )
    assert loaded["grounding_rate"] == 0.75
    assert set(loaded["intervals"]["claims"]) == {"precision", "recall", "f1"}
    article = loaded["per_article"][0]
    assert len(article["matched"]) == 3
    assert len(article["missed"]) == 3
    assert article["false_positives"][0]["alignment"] == "not_found"
    assert article["matched"][1]["fields"]["certainty"] == {
        "correct": False,
        "gold": "asserted",
        "pred": "hedged",
        "reason": "different stance",
    }


def test_html_escapes_script_in_article_and_claim_text() -> None:
    hostile = TEXT + '\n\n<script>alert("x")</script> <img src=x onerror=alert(2)>'
    page = render_html(scored(hostile), report_of(scored(hostile)))
    assert "<script>" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;b&gt;12,000&lt;/b&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_html_shows_misses_false_positives_pairs_and_confusions() -> None:
    page = render_html(scored(), report_of(scored()))
    assert page.startswith("<!DOCTYPE html>")
    assert '<mark class="missed"' in page
    assert '<mark class="ok"' in page
    assert "Missed gold claims (3)" in page
    assert "False positives (1)" in page
    assert "Matched pairs with wrong fields (2)" in page
    assert "Certainty (matched pairs)" in page
    assert "Claimant type (matched pairs)" in page
    assert "<script" not in page  # no JavaScript at all


def test_highlights_cut_overlaps_and_escape_pieces() -> None:
    text = "a <b> c d"
    marked = highlight_text(
        text,
        [Highlight(Span(0, 5), "ok", "G0=P0"), Highlight(Span(2, 9), "missed", "G1 missed")],
    )
    assert marked.count("<mark") == 3
    assert '<mark class="missed" title="G0=P0, G1 missed">&lt;b&gt;</mark>' in marked
    assert "<b>" not in marked
