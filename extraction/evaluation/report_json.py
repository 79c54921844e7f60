"""The JSON evaluation report.

Top-level keys fixed by CLAIMS.md: `n_articles`, `n_gold`, `n_pred`,
`claims{precision,recall,f1}`, `all_correct{precision,recall,f1}`,
`fields{claimant,claimant_type,quantity,claim_date,certainty}`, `grounding_rate`,
`engine`, `model`, `prompt_version`. Added keys: `intervals` (bootstrap, see
bootstrap.py), `per_article` (every matched pair, missed gold claim and false positive
with its reason), `timestamp` (UTC, ISO 8601), and `n_matched`, `n_all_correct`,
`n_grounded`, `prompt_hash`, `gold_path`, `gold_hash`, `label`, `errors` (engine failures
per article), `seconds`, `tokens`, `scoring` (the matching and tolerance parameters).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from extraction.evaluation.bootstrap import Intervals
from extraction.evaluation.fields import ALL_CORRECT_FIELDS, QUANTITY_TOLERANCE, format_quantity
from extraction.evaluation.matching import MIN_SIMILARITY, SPAN_WEIGHT
from extraction.evaluation.runner import EvalRun
from extraction.evaluation.scoring import ArticleScore, EvalScore
from extraction.schema import Claim

#: The keys CLAIMS.md requires, in its order.
REQUIRED_KEYS: tuple[str, ...] = (
    "n_articles",
    "n_gold",
    "n_pred",
    "claims",
    "all_correct",
    "fields",
    "grounding_rate",
    "engine",
    "model",
    "prompt_version",
)


def scoring_parameters() -> dict[str, Any]:
    """The parameters the scorer ran with, recorded in every report."""
    return {
        "min_similarity": MIN_SIMILARITY,
        "span_weight": SPAN_WEIGHT,
        "quantity_tolerance": QUANTITY_TOLERANCE,
        "all_correct_fields": list(ALL_CORRECT_FIELDS),
    }


def _claim_summary(claim: Claim) -> dict[str, Any]:
    return {
        "statement": claim.statement,
        "claimant": claim.claimant,
        "claimant_type": claim.claimant_type.value,
        "quantity": format_quantity(claim.quantity),
        "claim_date": claim.claim_date.isoformat() if claim.claim_date else None,
        "certainty": claim.certainty.value,
        "evidence": claim.evidence,
    }


def article_details(article: ArticleScore, error: str | None = None) -> dict[str, Any]:
    """One article's counts, scores and itemised results (with reasons)."""
    gold, preds = article.gold.claims, article.predictions
    return {
        "id": article.article_id,
        "title": article.gold.title,
        "n_gold": article.n_gold,
        "n_pred": article.n_pred,
        "n_matched": article.n_matched,
        "n_all_correct": article.n_all_correct,
        "n_grounded": article.n_grounded,
        "claims": article.claims.as_dict(),
        "all_correct": article.all_correct.as_dict(),
        "error": error,
        "matched": [
            {
                "gold_index": item.gold_index,
                "pred_index": item.pred_index,
                "similarity": round(item.similarity, 4),
                "span_overlap": round(item.span_overlap, 4),
                "statement_similarity": round(item.statement_similarity, 4),
                "all_correct": item.all_correct,
                "fields": {
                    name: {
                        "correct": check.correct,
                        "gold": check.gold,
                        "pred": check.pred,
                        "reason": check.reason,
                    }
                    for name, check in item.fields.items()
                },
                "gold": _claim_summary(gold[item.gold_index]),
                "pred": _claim_summary(preds[item.pred_index].claim),
                "explanation": item.explanation,
            }
            for item in article.matched
        ],
        "missed": [
            {
                "gold_index": item.gold_index,
                "gold": _claim_summary(gold[item.gold_index]),
                "explanation": item.explanation,
            }
            for item in article.missed
        ],
        "false_positives": [
            {
                "pred_index": item.pred_index,
                "grounded": item.grounded,
                "alignment": preds[item.pred_index].grounding.status.value,
                "pred": _claim_summary(preds[item.pred_index].claim),
                "explanation": item.explanation,
            }
            for item in article.false_positives
        ],
    }


def build_report(
    score: EvalScore,
    *,
    engine: str,
    model: str,
    prompt_version: str,
    intervals: Intervals | None = None,
    errors: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
    timestamp: dt.datetime | None = None,
) -> dict[str, Any]:
    """The report as a JSON-ready dict: CLAIMS.md's keys first, then the added ones."""
    failures = dict(errors or {})
    report: dict[str, Any] = {
        "n_articles": score.n_articles,
        "n_gold": score.n_gold,
        "n_pred": score.n_pred,
        "claims": score.claims.as_dict(),
        "all_correct": score.all_correct.as_dict(),
        "fields": dict(score.fields),
        "grounding_rate": score.grounding_rate,
        "engine": engine,
        "model": model,
        "prompt_version": prompt_version,
        "n_matched": score.n_matched,
        "n_all_correct": score.n_all_correct,
        "n_grounded": score.n_grounded,
        "intervals": intervals.as_dict() if intervals is not None else None,
        "scoring": scoring_parameters(),
        "errors": failures,
        "timestamp": (timestamp or dt.datetime.now(dt.UTC)).isoformat(),
        "per_article": [
            article_details(article, failures.get(article.article_id)) for article in score.articles
        ],
    }
    for key, value in (extra or {}).items():
        report.setdefault(key, value)
    return report


def report_for_run(
    run: EvalRun,
    intervals: Intervals | None,
    *,
    gold_path: str | None = None,
    gold_hash: str | None = None,
    label: str | None = None,
) -> dict[str, Any]:
    """The report of a runner result, with the run's identity and costs."""
    return build_report(
        run.score,
        engine=run.engine,
        model=run.model,
        prompt_version=run.prompt_version,
        intervals=intervals,
        errors=run.errors,
        extra={
            "prompt_hash": run.prompt_hash,
            "parameters": run.parameters,
            "gold_path": gold_path,
            "gold_hash": gold_hash,
            "label": label,
            "seconds": round(run.seconds, 3),
            "tokens": {"prompt": run.prompt_tokens, "completion": run.completion_tokens},
            "cost": run.cost,
        },
    )


def metrics_of(report: Mapping[str, Any]) -> dict[str, Any]:
    """The headline metrics of a report (CLAIMS.md keys plus intervals), no per-article detail."""
    keys = (*REQUIRED_KEYS, "n_matched", "n_all_correct", "intervals")
    return {key: report.get(key) for key in keys}


def write_json_report(report: Mapping[str, Any], path: str | Path) -> Path:
    """Write the report as indented UTF-8 JSON; return the path."""
    target = Path(path)
    if target.parent and not target.parent.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    return target
