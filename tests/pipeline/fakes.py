"""A scripted Extractor for pipeline tests: the test is about the pipeline, not an engine."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from extraction.engines.base import BudgetExhaustedError, EngineError
from extraction.engines.budget import current_budget
from extraction.schema import Article, Claim, ExtractionResult, LLMCall


def first_sentence_claims(article: Article) -> list[Claim]:
    """One claim per line of the article, its evidence the line itself."""
    lines = [line for line in article.text.splitlines() if line.strip()]
    return [Claim(statement=line, evidence=line) for line in lines]


class ScriptedEngine:
    """Returns claims from a function; fails for chosen article texts."""

    name = "scripted"

    def __init__(
        self,
        claims_for: Callable[[Article], list[Claim]] = first_sentence_claims,
        fail_on: set[str] | None = None,
        crash_on: set[str] | None = None,
        tokens: int = 0,
    ) -> None:
        self.claims_for = claims_for
        self.fail_on = fail_on or set()
        self.crash_on = crash_on or set()
        self.tokens = tokens
        self.calls: list[str] = []
        self._lock = threading.Lock()

    model = "scripted-1"
    prompt_version = "p1"
    prompt_hash = "h1"

    @property
    def parameters(self) -> dict[str, Any]:
        return {"kind": "test"}

    def extract(self, article: Article) -> ExtractionResult:
        with self._lock:
            self.calls.append(article.id)
        if article.text in self.crash_on:
            raise KeyboardInterrupt("simulated crash")
        if article.text in self.fail_on:
            raise EngineError("server said no", calls=[LLMCall(attempt=1, error="HTTP 500")])
        return ExtractionResult(
            claims=self.claims_for(article),
            prompt_tokens=self.tokens,
            completion_tokens=self.tokens,
        )


def make_article(text: str, **meta: Any) -> Article:
    """An article whose id is the hash of its text, as ingestion makes it."""
    return Article(id=Article.id_for_text(text), text=text, **meta)


class ExitingEngine(ScriptedEngine):
    """A ScriptedEngine whose process dies (os._exit) on the texts in `exit_on`: a
    worker process killed mid-article (out of memory, a crash in native code)."""

    def __init__(self, exit_on: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.exit_on = exit_on

    def extract(self, article: Article) -> ExtractionResult:
        if article.text in self.exit_on:
            os._exit(3)
        return super().extract(article)


class BudgetedEngine(ScriptedEngine):
    """A ScriptedEngine that asks the batch's token budget before each article, as the
    LLM engines do before each request, and spends `tokens` on it."""

    def __init__(self, tokens: int = 100) -> None:
        super().__init__(tokens=tokens // 2)
        self.cost = tokens

    def extract(self, article: Article) -> ExtractionResult:
        budget = current_budget()
        if budget is not None:
            if not budget.can_afford(self.cost):
                raise BudgetExhaustedError("token budget spent")
            budget.spend(self.cost)
        return super().extract(article)
