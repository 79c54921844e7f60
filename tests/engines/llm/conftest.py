"""Fixtures for the LLM engine tests (helpers live in llm_fakes.py)."""

from __future__ import annotations

from typing import Any

import pytest
from llm_fakes import BASE_URL, EngineFactory, MockServer, SleepRecorder

from extraction.engines.base import EngineSettings
from extraction.engines.openai_engine import OpenAIEngine, create_engine


@pytest.fixture
def sleeps() -> SleepRecorder:
    """The fake sleep the engines are built with."""
    return SleepRecorder()


@pytest.fixture
def make_engine(sleeps: SleepRecorder, monkeypatch: pytest.MonkeyPatch) -> EngineFactory:
    """Build an openai engine over a MockServer: make_engine(server, **options)."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CLAIMDESK_MODEL", "CLAIMDESK_PRICES"):
        monkeypatch.delenv(name, raising=False)

    def build(
        server: MockServer, cache: Any = None, model: str = "gpt-4o-mini", **options: Any
    ) -> OpenAIEngine:
        settings = EngineSettings(
            model=model,
            prompt_version="claims-v1",
            options={"base_url": BASE_URL, **options},
            cache=cache,
        )
        return create_engine(settings, transport=server.transport, sleep=sleeps)

    return build
