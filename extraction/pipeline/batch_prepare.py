"""`claimdesk batch prepare`: articles in, one provider batch request line per article chunk.

Each line is an OpenAI Batch API request (`vllm run-batch` reads the same format):

    {"custom_id": "<article id>-<chunk>of<chunks>-<settings id>", "method": "POST",
     "url": "/v1/chat/completions", "body": {...}}

The body is exactly what the live `openai` engine sends for that chunk (the engine builds
it: `OpenAIEngine.chunk_requests`). The articles, every request line and the
settings they were made with are stored in the database, so `batch collect` / `batch
load` need only the results: they know each answer's article, chunk and request.
Articles the same engine, model and prompt already extracted are skipped unless `force`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from extraction.engines.llm.batch_api import CHAT_ENDPOINT
from extraction.engines.llm.cache import canonical_json
from extraction.engines.openai_engine import OpenAIEngine
from extraction.pipeline.batch import run_info_for
from extraction.schema import Article
from extraction.store.articles import insert_new_articles
from extraction.store.batch_files import StoredRequest, save_batch_requests, save_batch_settings
from extraction.store.connection import Store
from extraction.store.runs import done_article_ids

#: Articles written to the store per transaction.
FLUSH_EVERY = 256


@dataclass
class PrepareSummary:
    """What `prepare_batch` wrote."""

    out: Path
    settings_id: str
    n_articles: int = 0
    n_requests: int = 0
    n_skipped: int = 0
    input_errors: list[str] = field(default_factory=list)


def batch_settings_of(engine: OpenAIEngine) -> dict[str, Any]:
    """What a batch file's answers are parsed and stored with: the run identity of the
    engine and the options that rebuild it for live re-asks (no secrets)."""
    info = run_info_for(engine)
    settings = engine.settings
    options = {
        "mode": settings.mode,
        "temperature": settings.temperature,
        "max_completion_tokens": settings.max_completion_tokens,
        "seed": settings.seed,
        "max_reasks": settings.max_reasks,
        "chunk_tokens": settings.chunk_tokens,
    }
    return {
        "engine": info.engine,
        "model": info.model,
        "prompt_version": info.prompt_version,
        "prompt_hash": info.prompt_hash,
        "parameters": info.parameters,
        "options": {key: value for key, value in options.items() if value is not None},
    }


def settings_id_of(settings: dict[str, Any]) -> str:
    """A short hash of the settings: part of every custom_id made with them."""
    return hashlib.sha256(canonical_json(settings).encode("utf-8")).hexdigest()[:8]


def custom_id(article_id: str, index: int, count: int, settings_id: str) -> str:
    """The custom_id of chunk `index` (0-based) of `count` of an article."""
    return f"{article_id}-{index + 1}of{count}-{settings_id}"


def request_line(custom: str, body: str) -> str:
    """One line of a batch request file; `body` is the request's JSON text."""
    head = json.dumps({"custom_id": custom, "method": "POST", "url": CHAT_ENDPOINT})
    return f'{head[:-1]}, "body": {body}}}'


def _requests(engine: OpenAIEngine, article: Article, settings_id: str) -> Iterator[StoredRequest]:
    for request in engine.chunk_requests(article):
        yield StoredRequest(
            custom_id=custom_id(article.id, request.index, request.count, settings_id),
            settings_id=settings_id,
            article_id=article.id,
            chunk_index=request.index,
            n_chunks=request.count,
            cache_key=request.cache_key,
            body=json.dumps(request.body, ensure_ascii=False),
        )


def prepare_batch(
    store: Store,
    engine: OpenAIEngine,
    items: Iterable[Article | str],
    out: Path,
    *,
    force: bool = False,
    limit: int | None = None,
) -> PrepareSummary:
    """Write the request file `out` for the articles of `items` (strings are input errors)
    and store the articles and requests. The file appears whole or not at all."""
    settings = batch_settings_of(engine)
    summary = PrepareSummary(out=out, settings_id=settings_id_of(settings))
    with store.transaction() as con:
        save_batch_settings(con, summary.settings_id, json.dumps(settings, sort_keys=True))
        done = set() if force else done_article_ids(con, run_info_for(engine).run_key)
    partial = out.with_name(out.name + ".partial")
    out.parent.mkdir(parents=True, exist_ok=True)
    with partial.open("w", encoding="utf-8") as handle:
        _write(store, engine, items, handle, summary, done, limit)
    partial.replace(out)
    return summary


def _write(
    store: Store,
    engine: OpenAIEngine,
    items: Iterable[Article | str],
    handle: IO[str],
    summary: PrepareSummary,
    done: set[str],
    limit: int | None,
) -> None:
    seen: set[str] = set()
    articles: list[Article] = []
    requests: list[StoredRequest] = []

    def flush() -> None:
        with store.transaction() as con:
            insert_new_articles(con, articles)
            save_batch_requests(con, requests)
        articles.clear()
        requests.clear()

    for item in items:
        if isinstance(item, str):
            summary.input_errors.append(item)
            continue
        if item.id in seen or item.id in done:
            summary.n_skipped += item.id not in seen
            seen.add(item.id)
            continue
        if limit is not None and summary.n_articles >= limit:
            break
        seen.add(item.id)
        summary.n_articles += 1
        articles.append(item)
        for request in _requests(engine, item, summary.settings_id):
            handle.write(request_line(request.custom_id, request.body) + "\n")
            requests.append(request)
            summary.n_requests += 1
        if len(articles) >= FLUSH_EVERY:
            flush()
    flush()
