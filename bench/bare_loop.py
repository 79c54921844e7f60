"""The bare instructor + openai loop the pipeline's overhead is measured against.

One process, `--concurrency` threads, each sending ClaimDesk's own request for an article
(the prompt rendered before the clock starts) with `instructor.from_openai(OpenAI(...))`
and the same response model in tools mode, nothing else: no ingestion (articles are read
before timing), no cache, no call log, no grounding, no database. Prints one JSON line:
articles, seconds, articles_per_second, and CPU seconds of the loop.

    .venv/bin/python bench/bare_loop.py /tmp/claimdesk-bench/articles-1000-seed0.jsonl \
        --base-url http://127.0.0.1:8765/v1 --concurrency 4
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import instructor
import openai

from extraction.engines.llm.response_model import ArticleClaims
from extraction.engines.prompts import load_prompt
from extraction.text.ingest import IngestError, iter_ingest


def main(argv: list[str] | None = None) -> int:
    """Run the loop over a corpus and print what it measured."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)

    prompt = load_prompt()
    articles = [item for item in iter_ingest([args.corpus]) if not isinstance(item, IngestError)]
    articles = articles[: args.limit] if args.limit is not None else articles
    requests = [prompt.render(article) for article in articles]
    client = instructor.from_openai(
        openai.OpenAI(base_url=args.base_url, api_key="not-needed", max_retries=0),
        mode=instructor.Mode.TOOLS,
    )
    response_model = instructor.openai_schema(ArticleClaims)

    def one(messages: list[dict[str, str]]) -> int:
        answer: Any = client.chat.completions.create(
            model="fake",
            messages=messages,  # type: ignore[arg-type]
            response_model=response_model,
            max_retries=0,
            temperature=0,
        )
        return len(answer.claims)

    cpu = os.times()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        claims = sum(pool.map(one, requests))
    seconds = time.perf_counter() - started
    after = os.times()
    result = {
        "articles": len(requests),
        "claims": claims,
        "seconds": seconds,
        "articles_per_second": len(requests) / seconds,
        "cpu_seconds": (after.user - cpu.user) + (after.system - cpu.system),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
