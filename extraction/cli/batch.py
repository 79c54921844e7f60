"""`claimdesk batch`: provider batch files (OpenAI Batch API, `vllm run-batch`).

    claimdesk batch prepare PATH... --out requests.jsonl   # articles stored, requests written
    claimdesk batch submit requests.jsonl                  # upload + start: prints the batch id
    claimdesk batch status BATCH_ID
    claimdesk batch collect BATCH_ID                       # answers stored as one run
    claimdesk batch load results.jsonl                     # the same, for a file made offline

The logic lives in extraction/pipeline/batch_prepare.py, batch_load.py and
extraction/engines/llm/batch_api.py; see docs/batch.md.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from extraction.cli.app import DbOption, app, console, err_console, open_store
from extraction.cli.engine_options import engine_choice
from extraction.cli.extract import _items
from extraction.engines.base import EngineConfigError, Extractor
from extraction.engines.llm.batch_api import BatchAPI, BatchStatus
from extraction.engines.llm.pricing import load_price_table
from extraction.engines.openai_engine import OpenAIEngine
from extraction.pipeline.batch_load import BatchInputError, LoadOptions, LoadSummary, load_results
from extraction.pipeline.batch_prepare import prepare_batch
from extraction.pipeline.batch_results import custom_ids_of_requests, read_results
from extraction.text.ingest import iter_ingest

batch_app = typer.Typer(
    help="Provider batch files: prepare, submit, status, collect, load (docs/batch.md).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(batch_app, name="batch")

#: The engine a batch file is made for: an OpenAI-compatible chat-completions server.
ENGINE = "openai"
#: Given to the engine that only renders requests, so no API key is asked for.
PREPARE_ONLY_KEY = "prepare-only-no-key-needed"

BaseUrl = Annotated[
    str | None,
    typer.Option(help="OpenAI-compatible endpoint (env OPENAI_BASE_URL).", show_default=False),
]
ApiKey = Annotated[
    str | None, typer.Option(help="API key (env OPENAI_API_KEY); never stored.", show_default=False)
]
Prices = Annotated[
    Path | None,
    typer.Option(
        help="Price table (env CLAIMDESK_PRICES); batch price: batch_prompt/batch_completion,"
        " else half.",
        show_default=False,
    ),
]
ReaskLive = Annotated[
    bool,
    typer.Option("--reask-live", help="Re-ask failed articles live (openai engine, retries)."),
]
Followup = Annotated[
    Path | None,
    typer.Option(
        help="Write the failed articles' requests here for another batch.", metavar="FILE"
    ),
]
Timeout = Annotated[
    float | None, typer.Option(help="Per-call timeout, seconds.", show_default=False)
]
MaxRetries = Annotated[
    int | None, typer.Option(help="Live retries after the first attempt.", show_default=False)
]


@batch_app.command()
def prepare(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories, as for extract.")],
    out: Annotated[Path, typer.Option("--out", help="The request file (JSONL) to write.")],
    db: DbOption = None,
    model: Annotated[str | None, typer.Option(help="Model name (env CLAIMDESK_MODEL).")] = None,
    prompt: Annotated[str | None, typer.Option(help="Prompt version.")] = None,
    base_url: BaseUrl = None,
    mode: Annotated[
        str | None, typer.Option(help="tools (default), json_schema, json, md_json.")
    ] = None,
    temperature: Annotated[float | None, typer.Option(help="Sampling temperature.")] = None,
    max_completion_tokens: Annotated[
        int | None, typer.Option(help="Completion token limit.")
    ] = None,
    max_reasks: Annotated[
        int | None, typer.Option(help="0: keep an invalid answer's valid claims, as live.")
    ] = None,
    chunk_tokens: Annotated[int | None, typer.Option(help="Article tokens per request.")] = None,
    seed: Annotated[int | None, typer.Option(help="Sampling seed.")] = None,
    option: Annotated[
        list[str] | None,
        typer.Option("--option", "-o", metavar="KEY=VALUE", help="An engine option."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Include articles already extracted.")
    ] = False,
    limit: Annotated[int | None, typer.Option(help="At most N articles.")] = None,
    encoding: Annotated[
        str | None, typer.Option(help="Decode input files with this encoding.")
    ] = None,
) -> None:
    """Write one batch request per article (or chunk); the articles go into the database."""
    values = {
        "model": model,
        "prompt": prompt,
        "base_url": base_url,
        "mode": mode,
        "temperature": temperature,
        "max_completion_tokens": max_completion_tokens,
        "max_reasks": max_reasks,
        "chunk_tokens": chunk_tokens,
        "seed": seed,
    }
    if not os.environ.get("OPENAI_API_KEY"):
        values["api_key"] = PREPARE_ONLY_KEY  # nothing is sent: no key needed
    choice = engine_choice(ENGINE, values, option)
    engine = choice.create()
    if not isinstance(engine, OpenAIEngine):  # pragma: no cover - a plugin replacing openai
        raise EngineConfigError("batch files need the openai engine")
    store = open_store(db)
    try:
        summary = prepare_batch(
            store,
            engine,
            _items(iter_ingest(paths, encoding=encoding)),
            out,
            force=force,
            limit=limit,
        )
    finally:
        engine.close()
    skipped = (
        f"; {summary.n_skipped} already extracted (--force includes them)"
        if summary.n_skipped
        else ""
    )
    console.print(
        f"wrote {summary.n_requests} requests for {summary.n_articles} articles to {out}"
        f" (model {engine.model}, prompt {engine.prompt_version}){skipped}",
        markup=False,
        highlight=False,
    )
    if summary.input_errors:
        raise typer.Exit(1)


def _api(base_url: str | None, api_key: str | None, timeout: float | None = None) -> BatchAPI:
    return BatchAPI(base_url, api_key, timeout=timeout or 120.0)


@batch_app.command()
def submit(
    requests: Annotated[Path, typer.Argument(help="A request file from `batch prepare`.")],
    base_url: BaseUrl = None,
    api_key: ApiKey = None,
) -> None:
    """Upload a request file and start a batch; prints the batch id."""
    if not requests.is_file():
        raise BatchInputError(f"cannot read {requests}: no such file")
    api = _api(base_url, api_key)
    try:
        batch = api.submit(requests, metadata={"claimdesk_file": requests.name})
    finally:
        api.close()
    err_console.print(f"batch {batch.id}: {batch.status}", markup=False, highlight=False)
    print(batch.id)


def _print_status(batch: BatchStatus) -> None:
    console.print(
        f"batch {batch.id}: {batch.status}, {batch.completed} of {batch.total} done,"
        f" {batch.failed} failed",
        markup=False,
        highlight=False,
    )
    for line in batch.errors:
        err_console.print(f"error: {line}", markup=False, highlight=False)


@batch_app.command()
def status(
    batch_id: Annotated[str, typer.Argument(help="The batch id `batch submit` printed.")],
    base_url: BaseUrl = None,
    api_key: ApiKey = None,
) -> None:
    """Show a batch's status and counts."""
    api = _api(base_url, api_key)
    try:
        _print_status(api.status(batch_id))
    finally:
        api.close()


def _reask_factory(
    base_url: str | None, api_key: str | None, timeout: float | None, max_retries: int | None
) -> Callable[[dict[str, Any]], Extractor]:
    def build(settings: dict[str, Any]) -> Extractor:
        values = {
            "model": settings["model"],
            "prompt": settings["prompt_version"],
            "base_url": base_url,
            "api_key": api_key,
            "timeout": timeout,
            "max_retries": max_retries,
            **settings["options"],
        }
        return engine_choice(ENGINE, values).create()

    return build


def _options(
    prices: Path | None,
    reask_live: bool,
    followup: Path | None,
    live: tuple[str | None, str | None, float | None, int | None],
    expected: tuple[str, ...] = (),
) -> LoadOptions:
    return LoadOptions(
        prices=load_price_table(prices),
        reask=_reask_factory(*live) if reask_live else None,
        followup=followup,
        expected=expected,
    )


def _report(summary: LoadSummary) -> None:
    if summary.already_loaded:
        console.print(
            f"{summary.source} is already loaded as run {summary.run_id}: nothing added",
            markup=False,
            highlight=False,
        )
    else:
        totals = summary.totals
        table = Table(title=f"claimdesk batch — {escape(summary.source)}")
        for name in ("articles", "claims", "ungrounded", "failures", "re-asked live", "cost"):
            table.add_column(name, justify="right")
        cost = "" if totals.cost is None else f"{totals.cost:.6f}"
        table.add_row(
            str(totals.n_articles),
            str(totals.n_claims),
            str(totals.n_ungrounded),
            str(len(summary.failures)),
            str(summary.recovered),
            cost,
        )
        console.print(table)
        tokens = totals.prompt_tokens + totals.completion_tokens
        if tokens:
            console.print(
                f"tokens: {totals.prompt_tokens} prompt + {totals.completion_tokens} completion"
                f" = {tokens}" + (f", cost {cost} (batch price)" if cost else ""),
                markup=False,
                highlight=False,
            )
        if summary.followup_requests:
            console.print(f"follow-up: {summary.followup_requests} requests written", markup=False)
    for line in summary.failures:
        err_console.print(f"failed: {line}", markup=False, highlight=False, soft_wrap=True)
    if summary.run_id:
        console.print(f"run id: {summary.run_id}", markup=False, highlight=False)
    if summary.failed:
        raise typer.Exit(1)


@batch_app.command()
def collect(
    batch_id: Annotated[str, typer.Argument(help="The batch id `batch submit` printed.")],
    db: DbOption = None,
    base_url: BaseUrl = None,
    api_key: ApiKey = None,
    prices: Prices = None,
    reask_live: ReaskLive = False,
    followup: Followup = None,
    timeout: Timeout = None,
    max_retries: MaxRetries = None,
) -> None:
    """Download a batch's output and error files and store its claims as one run."""
    store = open_store(db, create=False)
    api = _api(base_url, api_key, timeout)
    try:
        batch = api.status(batch_id)
        if batch.output_file_id is None and batch.error_file_id is None:
            _print_status(batch)
            raise BatchInputError(f"batch {batch_id} is {batch.status}: no results to collect yet")
        text = "".join(
            api.content(file_id) + "\n"
            for file_id in (batch.output_file_id, batch.error_file_id)
            if file_id is not None
        )
        asked = api.content(batch.input_file_id) if batch.input_file_id else ""
    finally:
        api.close()
    answers, problems = read_results(text, f"batch {batch_id}")
    options = _options(
        prices,
        reask_live,
        followup,
        (base_url, api_key, timeout, max_retries),
        tuple(custom_ids_of_requests(asked)),
    )
    summary = load_results(
        store,
        answers,
        problems,
        source_key=f"batch:{batch_id}",
        source=f"batch {batch_id}",
        options=options,
    )
    _report(summary)


@batch_app.command()
def load(
    results: Annotated[Path, typer.Argument(help="A results file (OpenAI or vllm run-batch).")],
    db: DbOption = None,
    prices: Prices = None,
    reask_live: ReaskLive = False,
    followup: Followup = None,
    base_url: BaseUrl = None,
    api_key: ApiKey = None,
    timeout: Timeout = None,
    max_retries: MaxRetries = None,
) -> None:
    """Store the claims of a results file made offline (e.g. `vllm run-batch`) as one run."""
    try:
        data = results.read_bytes()
    except OSError as error:
        raise BatchInputError(f"cannot read {results}: {error.strerror}") from None
    text = data.decode("utf-8", errors="replace")
    store = open_store(db, create=False)
    answers, problems = read_results(text, str(results))
    options = _options(prices, reask_live, followup, (base_url, api_key, timeout, max_retries))
    summary = load_results(
        store,
        answers,
        problems,
        source_key="file:" + hashlib.sha256(data).hexdigest(),
        source=str(results),
        options=options,
    )
    _report(summary)
