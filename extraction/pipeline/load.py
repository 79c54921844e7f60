"""A run's results as files (Parquet + a manifest), and loading them into the store.

A run made away from the database (a Ray job, `extraction.pipeline.distributed`) writes
its outcomes to a directory:

    DIR/run.json              the run's identity: id, engine, model, prompt version and
                              hash, parameters, start and end, input errors
    DIR/outcomes/*.parquet    one row per article: run_id, run_key, engine, model,
                              prompt_version, article_id, n_claims, error ("" if none),
                              and `outcome`, the article, its grounded claims, its LLM
                              calls and tokens as JSON

`load_run_dir` stores such a directory in one transaction, with the writer of local
runs (`write_outcomes`), so the rows are those a local run writes. Loading is
idempotent: a run already stored adds nothing; an article already done under the same
run key (by another run) is skipped, unless the run was made with `force`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extraction.errors import ClaimDeskError
from extraction.pipeline.writer import ArticleOutcome, write_outcomes
from extraction.schema import AlignmentStatus, Article, GroundedClaim, LLMCall
from extraction.store.connection import Store
from extraction.store.runs import RunInfo, RunTotals, done_article_ids, finish_run, insert_run

MANIFEST = "run.json"
OUTCOMES = "outcomes"


class RunDirError(ClaimDeskError, ValueError):
    """A directory that is not a run's results (one line, naming what is wrong)."""


@dataclass
class LoadSummary:
    """What loading a run directory did."""

    run_id: str
    engine: str
    model: str
    already_loaded: bool = False
    totals: RunTotals = field(default_factory=RunTotals)
    input_errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True when an input or an article failed (the CLI exits non-zero)."""
        return bool(self.input_errors) or self.totals.n_failed > 0


def identity_columns(run_id: str, info: RunInfo) -> dict[str, str]:
    """The run's identity, repeated on every row of its Parquet files."""
    return {
        "run_id": run_id,
        "run_key": info.run_key,
        "engine": info.engine,
        "model": info.model,
        "prompt_version": info.prompt_version,
    }


def outcome_row(outcome: ArticleOutcome, identity: dict[str, str]) -> dict[str, Any]:
    """One Parquet row for an article's outcome."""
    payload = {
        "article": outcome.article.model_dump(mode="json"),
        "claims": [claim.model_dump(mode="json") for claim in outcome.claims],
        "calls": [call.model_dump(mode="json") for call in outcome.calls],
        "error": outcome.error,
        "prompt_tokens": outcome.prompt_tokens,
        "completion_tokens": outcome.completion_tokens,
        "cost": outcome.cost,
        "stopped": outcome.stopped,
    }
    return {
        **identity,
        "article_id": outcome.article.id,
        "n_claims": len(outcome.claims),
        "error": outcome.error or "",
        "outcome": json.dumps(payload, ensure_ascii=False),
    }


def outcome_from_row(row: dict[str, Any]) -> ArticleOutcome:
    """The ArticleOutcome a Parquet row holds."""
    payload = json.loads(row["outcome"])
    return ArticleOutcome(
        article=Article.model_validate(payload["article"]),
        claims=[GroundedClaim.model_validate(claim) for claim in payload["claims"]],
        calls=[LLMCall.model_validate(call) for call in payload["calls"]],
        error=payload["error"],
        prompt_tokens=int(payload["prompt_tokens"]),
        completion_tokens=int(payload["completion_tokens"]),
        cost=payload["cost"],
        stopped=bool(payload["stopped"]),
    )


def write_manifest(
    directory: Path,
    run_id: str,
    info: RunInfo,
    *,
    started_at: dt.datetime,
    finished_at: dt.datetime,
    force: bool,
    input_errors: list[str],
    skipped: int = 0,
) -> Path:
    """Write `DIR/run.json`, the run's identity (written last: a directory without it is
    an unfinished job)."""
    manifest = {
        "run_id": run_id,
        "engine": info.engine,
        "model": info.model,
        "prompt_version": info.prompt_version,
        "prompt_hash": info.prompt_hash,
        "run_key": info.run_key,
        "parameters": info.parameters,
        "started_at": started_at.isoformat(),
        "finished_at": finished_at.isoformat(),
        "force": force,
        "input_errors": input_errors,
        "skipped": skipped,
    }
    path = directory / MANIFEST
    path.write_text(json.dumps(manifest, indent=1, default=str) + "\n", encoding="utf-8")
    return path


def _read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    if not directory.is_dir():
        raise RunDirError(f"{directory}: not a directory")
    if not path.is_file():
        raise RunDirError(
            f"{directory}: no {MANIFEST} (not a run's results, or the job did not finish)"
        )
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        for key in ("run_id", "engine", "model", "prompt_version", "prompt_hash", "started_at"):
            if not isinstance(data.get(key), str):
                raise RunDirError(f"{path}: missing or bad {key!r}")
    except (OSError, ValueError) as error:
        if isinstance(error, RunDirError):
            raise
        raise RunDirError(f"{path}: cannot read ({error})") from error
    return data


def read_outcomes(directory: Path, run_id: str) -> list[ArticleOutcome]:
    """Every outcome in `DIR/outcomes/*.parquet` of run `run_id`, in file and row order."""
    import pyarrow.parquet as pq

    files = sorted((directory / OUTCOMES).glob("*.parquet"))
    outcomes: list[ArticleOutcome] = []
    for file in files:
        table = pq.read_table(file, columns=["run_id", "outcome"])
        for row in table.to_pylist():
            if row["run_id"] != run_id:
                raise RunDirError(f"{file}: a row of run {row['run_id']}, not of {run_id}")
            outcomes.append(outcome_from_row(row))
    return outcomes


def load_run_dir(store: Store, directory: Path) -> LoadSummary:
    """Store a run directory's outcomes in one transaction (see the module docstring)."""
    manifest = _read_manifest(directory)
    info = RunInfo(
        engine=manifest["engine"],
        model=manifest["model"],
        prompt_version=manifest["prompt_version"],
        prompt_hash=manifest["prompt_hash"],
        parameters=dict(manifest.get("parameters") or {}),
    )
    run_id = manifest["run_id"]
    summary = LoadSummary(
        run_id=run_id,
        engine=info.engine,
        model=info.model,
        input_errors=[str(error) for error in manifest.get("input_errors") or []],
    )
    outcomes = read_outcomes(directory, run_id)
    totals = summary.totals
    with store.transaction() as con:
        if not insert_run(con, run_id, info, dt.datetime.fromisoformat(manifest["started_at"])):
            summary.already_loaded = True
            return summary
        done = set() if manifest.get("force") else done_article_ids(con, info.run_key)
        fresh = [o for o in outcomes if o.article.id not in done and not o.stopped]
        totals.n_skipped = int(manifest.get("skipped") or 0) + len(outcomes) - len(fresh)
        for outcome in fresh:
            _count(totals, outcome)
        for error in summary.input_errors:
            totals.errors.append({"input": error})
        write_outcomes(con, run_id, info, fresh)
        finish_run(con, run_id, totals, "done")
    return summary


def _count(totals: RunTotals, outcome: ArticleOutcome) -> None:
    totals.prompt_tokens += outcome.prompt_tokens
    totals.completion_tokens += outcome.completion_tokens
    if outcome.cost is not None:
        totals.cost = (totals.cost or 0.0) + outcome.cost
    if outcome.error is not None:
        totals.n_failed += 1
        source = outcome.article.source_path or outcome.article.id
        totals.errors.append(
            {"article": outcome.article.id, "source": source, "error": outcome.error}
        )
        return
    totals.n_articles += 1
    totals.n_claims += len(outcome.claims)
    totals.n_ungrounded += sum(
        1 for claim in outcome.claims if claim.grounding.status is AlignmentStatus.not_found
    )
