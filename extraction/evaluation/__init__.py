"""Evaluation: score extraction against a gold set, report it, keep a history, gate on it.

Scoring rules: CLAIMS.md "How extraction is scored" and eval/SCORING.md. Modules:
`gold` (load and validate), `matching` (one-to-one pairing), `fields` (field rules),
`scoring` (metrics with explanations), `bootstrap` (intervals), `runner` (engine over a
gold set), `report_json` / `report_html`, `history` (DuckDB), `gate`.
"""

from __future__ import annotations

from extraction.evaluation.bootstrap import Intervals, bootstrap
from extraction.evaluation.gate import GateResult, check_gate
from extraction.evaluation.gold import GoldFileError, gold_hash, load_gold
from extraction.evaluation.history import compare_runs, history, load_run, save_run
from extraction.evaluation.report_html import render_html, write_html_report
from extraction.evaluation.report_json import build_report, report_for_run, write_json_report
from extraction.evaluation.runner import EvalRun, run_eval
from extraction.evaluation.scoring import ArticleScore, EvalScore, score, score_article

__all__ = [
    "ArticleScore",
    "EvalRun",
    "EvalScore",
    "GateResult",
    "GoldFileError",
    "Intervals",
    "bootstrap",
    "build_report",
    "check_gate",
    "compare_runs",
    "gold_hash",
    "history",
    "load_gold",
    "load_run",
    "render_html",
    "report_for_run",
    "run_eval",
    "save_run",
    "score",
    "score_article",
    "write_html_report",
    "write_json_report",
]
