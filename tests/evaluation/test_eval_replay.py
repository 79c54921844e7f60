"""An LLM engine's eval replays from recorded responses and gives the recorded live numbers.

`eval/recordings/record_bundled_model.sh` ran `claimdesk eval` live against llama-cpp-python's
server with the bundled SmolLM2-135M model, recording every HTTP exchange to a cassette and
the report to JSON. Here the same eval runs from the cassette, with no server (the network
kill-switch would fail the test on any connection), and must give the same numbers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extraction.cli import app
from extraction.evaluation.report_json import REQUIRED_KEYS

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = ROOT / "eval" / "recordings"
CASSETTE = RECORDINGS / "seeds-smollm2.cassette.jsonl"
LIVE = RECORDINGS / "seeds-smollm2.live.json"
GOLD = ROOT / "eval" / "gold" / "seeds.jsonl"

SAME_KEYS = (*REQUIRED_KEYS, "per_article")


def test_replayed_eval_gives_the_recorded_live_numbers(tmp_path: Path) -> None:
    if not CASSETTE.exists() or not LIVE.exists():
        pytest.fail("run eval/recordings/record_bundled_model.sh to record the live eval")
    out = tmp_path / "replayed.json"
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "--gold",
            str(GOLD),
            "--engine",
            "openai",
            "--base-url",
            "http://127.0.0.1:9/v1",
            "--model",
            "smollm2-135m",
            "--prompt",
            "claims-compact-v1",
            "--max-reasks",
            "0",
            "--max-completion-tokens",
            "256",
            "--replay",
            str(CASSETTE),
            "--json",
            str(out),
            "--no-store",
            "--no-grouping",
            "--allow-failures",  # one recorded answer is cut off: that article fails
        ],
    )
    assert result.exit_code == 0, result.output
    live = json.loads(LIVE.read_text(encoding="utf-8"))
    replayed = json.loads(out.read_text(encoding="utf-8"))
    for key in SAME_KEYS:
        assert replayed[key] == live[key], key
