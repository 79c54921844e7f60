"""`claimdesk train` and `--engine learned` end to end, on a tiny training run.

Real parts: the rules engine's parse, spaCy's trainer, the model directory on disk, a
DuckDB file, reviews saved through the review actions, the CLI. The runs are a few
optimizer steps on the five seed articles, so they take seconds on two cores.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner, Result

from extraction.cli import app
from extraction.review.actions import accept, reject
from extraction.review.state import state_from_row
from extraction.store.connection import Store
from extraction.store.reviews import article_states

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "eval" / "gold" / "seeds.jsonl"
OTHER = ROOT / "eval" / "gold" / "dev-other-topics.jsonl"
EXAMPLES = ROOT / "examples" / "articles"
TINY = ("--epochs", "1", "--max-steps", "4", "--heldout", "0.2", "--seed", "3")


def _run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"CLAIMDESK_ENGINE": ""})


def _has(result: Result, text: str) -> bool:
    """True when the output holds `text` (rich wraps long lines anywhere)."""
    return "".join(text.split()) in "".join(result.output.split())


def _count(db: Path, sql: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(sql).fetchone()
    finally:
        con.close()
    assert row is not None
    return int(row[0])


def _one_article(source: Path, target: Path, line: int = 0) -> Path:
    lines = [item for item in source.read_text(encoding="utf-8").split("\n") if item.strip()]
    target.write_text(lines[line] + "\n", encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("train")
    dev = _one_article(OTHER, base / "dev.jsonl")
    out = base / "model"
    result = _run("train", str(SEEDS), "--out", str(out), "--dev", str(dev), *TINY)
    assert result.exit_code == 0, result.output
    assert "written to" in result.output
    return out


def test_training_off_a_terminal_prints_plain_progress_lines(tmp_path: Path) -> None:
    """A training run in a log (CI, nohup) is never silent: each phase gets plain lines
    with its total, and a final one at 100%."""
    result = CliRunner().invoke(
        app,
        ["train", str(SEEDS), "--out", str(tmp_path / "model"), *TINY],
        env={"CLAIMDESK_ENGINE": "", "CLAIMDESK_PROGRESS_SECONDS": "0"},
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("analysing articles: 5/5 (100%)") for line in lines)
    assert any(line.startswith("training: 4/4 (100%)") for line in lines)
    assert any(line.startswith("tuning thresholds: 1/1 (100%)") for line in lines)


def test_a_tiny_training_run_writes_a_versioned_model_directory(tiny_model: Path) -> None:
    manifest = json.loads((tiny_model / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "claimdesk-learned-model"
    assert manifest["label_scheme"] == "claimdesk-sentence-v3"
    assert manifest["labels"][:3] == ["OWN", "RULES", "INHERIT"]
    assert len(manifest["version"]) == 12
    assert manifest["training"]["max_steps"] == 4
    assert manifest["seed"] == 3
    [source] = manifest["inputs"]
    import hashlib

    assert source["sha256"] == hashlib.sha256(SEEDS.read_bytes()).hexdigest()
    assert source["n_articles"] == 5 and source["n_claims"] == 78
    assert manifest["metrics"]["n_articles"] == 1
    assert manifest["metrics"]["grounding_rate"] == 1.0
    assert set(manifest["thresholds"]) == {"OWN", "RULES", "INHERIT", "HEDGED", "MULTI", "QUANTITY"}
    assert (tiny_model / "pipeline" / "config.cfg").is_file()
    assert not list(tiny_model.parent.glob(".model-*")), "the staging directory is left behind"


def test_the_same_seed_gives_the_same_model(tiny_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    result = _run("train", str(SEEDS), "--out", str(out), *TINY)
    assert result.exit_code == 0, result.output
    first = json.loads((tiny_model / "manifest.json").read_text(encoding="utf-8"))
    second = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert first["version"] == second["version"]
    assert first["thresholds"] == second["thresholds"]


def test_the_trained_model_extracts_through_the_cli(tiny_model: Path, tmp_path: Path) -> None:
    db = tmp_path / "claims.duckdb"
    result = _run(
        "extract",
        str(EXAMPLES),
        "--engine",
        "learned",
        "--model-path",
        str(tiny_model),
        "--db",
        str(db),
    )
    assert result.exit_code == 0, result.output
    assert "engine: learned" in result.output
    assert _count(db, "SELECT count(DISTINCT article_id) FROM claims") == 5
    assert _count(db, "SELECT count(*) FROM claims WHERE alignment_status = 'not_found'") == 0
    assert _count(db, "SELECT count(*) FROM claims WHERE engine = 'learned'") >= 10


def test_the_trained_model_is_scored_by_eval(tiny_model: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = _run(
        "eval", "--gold", str(SEEDS), "--engine", "learned", "--model-path", str(tiny_model),
        "--no-store", "--no-grouping", "--json", str(report),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["engine"] == "learned"
    assert data["grounding_rate"] == 1.0
    assert data["claims"]["f1"] > 0.3


def test_training_refuses_articles_of_the_dev_set(tmp_path: Path) -> None:
    out = tmp_path / "model"
    result = _run("train", str(SEEDS), str(OTHER), "--out", str(out), "--dev", str(SEEDS), *TINY)
    assert result.exit_code == 2, result.output
    assert _has(result, "refusing to train: 5 training article(s)")
    assert str(SEEDS) in "".join(result.output.split())
    assert not out.exists()
    assert not list(tmp_path.iterdir())


def test_training_refuses_an_excluded_article_even_rewrapped(tmp_path: Path) -> None:
    first = json.loads(SEEDS.read_text(encoding="utf-8").split("\n")[0])
    rewrapped = tmp_path / "held-out.txt"
    rewrapped.write_text("  " + "\n".join(first["text"].split(" ")) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    result = _run("train", str(SEEDS), "--out", str(out), "--exclude", str(rewrapped), *TINY)
    assert result.exit_code == 2, result.output
    assert _has(result, "refusing to train: 1 training article(s)")
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the training set is empty"),
        (json.dumps({"id": "a", "text": "Officials said 12 people died.", "claims": []}) + "\n",
         "the training set has no labels"),
    ],
)  # fmt: skip
def test_an_empty_or_label_free_training_set_is_refused(
    tmp_path: Path, content: str, message: str
) -> None:
    source = tmp_path / "train.jsonl"
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "model"
    result = _run("train", str(source), "--out", str(out), *TINY)
    assert result.exit_code == 2, result.output
    assert _has(result, message)
    assert "Traceback" not in result.output
    assert not out.exists()


def _broken(tiny_model: Path, target: Path, kind: str) -> Path:
    shutil.copytree(tiny_model, target)
    manifest_path = target / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if kind == "no manifest":
        manifest_path.unlink()
    elif kind == "foreign":
        manifest["format"] = "some-other-tool"
    elif kind == "scheme":
        manifest["label_scheme"] = "claimdesk-sentence-v0"
    elif kind == "weights":
        weights = target / "pipeline" / "textcat_multilabel" / "model"
        weights.write_bytes(weights.read_bytes()[:100])
    elif kind == "manifest json":
        manifest_path.write_text("{not json", encoding="utf-8")
    if manifest_path.exists() and kind not in {"manifest json"}:
        manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("no manifest", "not a ClaimDesk learned model"),
        ("manifest json", "corrupt model manifest"),
        ("foreign", "foreign model directory"),
        ("scheme", "trained with label scheme 'claimdesk-sentence-v0'"),
        ("weights", "corrupt model directory"),
    ],
)
def test_a_bad_model_directory_is_one_line_exit_2_and_nothing_written(
    tiny_model: Path, tmp_path: Path, kind: str, message: str
) -> None:
    model = _broken(tiny_model, tmp_path / "model", kind)
    db = tmp_path / "claims.duckdb"
    for command in (
        ["extract", str(EXAMPLES), "--db", str(db)],
        ["eval", "--gold", str(SEEDS), "--db", str(db)],
    ):
        result = _run(*command, "--engine", "learned", "--model-path", str(model))
        assert result.exit_code == 2, result.output
        flat = "".join(result.output.split())  # rich wraps long lines anywhere
        assert "".join(message.split()) in flat
        assert str(model) in flat
        assert "Traceback" not in result.output
        assert not db.exists()


def _reviewed_store(tmp_path: Path) -> Path:
    db = tmp_path / "reviews.duckdb"
    result = _run("extract", str(EXAMPLES), "--db", str(db), "--limit", "2")
    assert result.exit_code == 0, result.output
    store = Store(db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        article_ids = [
            row[0] for row in con.execute("SELECT id FROM articles ORDER BY id").fetchall()
        ]
    finally:
        con.close()
    for position, article_id in enumerate(article_ids):
        with store.connect() as connection:
            states = [state_from_row(row) for row in article_states(connection, article_id)]
        for index, state in enumerate(states):
            if position == 1 and index > 1:
                break  # the second article is only partly reviewed
            if index == 0:
                outcome = reject(
                    store, state.claim_id, "not a claim", reviewer="ana", opened=state.version
                )
            else:
                outcome = accept(store, state.claim_id, reviewer="ana", opened=state.version)
            assert type(outcome).__name__ == "Saved", outcome
    return db


def test_training_from_reviews_and_from_a_run(tmp_path: Path) -> None:
    db = _reviewed_store(tmp_path)
    out = tmp_path / "from-reviews"
    result = _run("train", "--from-reviews", "--db", str(db), "--out", str(out), *TINY)
    assert result.exit_code == 0, result.output
    [reviews] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    assert reviews["kind"] == "reviews"
    assert reviews["n_articles"] == 2
    assert reviews["n_rejected"] == 1  # the partly reviewed article's rejected claim
    run_id = _first_run(db)
    out = tmp_path / "from-run"
    result = _run("train", "--from-run", run_id[:8], "--db", str(db), "--out", str(out), *TINY)
    assert result.exit_code == 0, result.output
    [run] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    assert run["kind"] == "run" and run["n_articles"] == 2 and run["n_claims"] > 5


def _first_run(db: Path) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("SELECT id FROM runs").fetchone()
    finally:
        con.close()
    assert row is not None
    return str(row[0])


def test_an_unknown_run_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "claims.duckdb"
    assert _run("extract", str(EXAMPLES), "--db", str(db), "--limit", "1").exit_code == 0
    result = _run("train", "--from-run", "nope", "--db", str(db), "--out", str(tmp_path / "m"))
    assert result.exit_code == 2, result.output
    assert _has(result, "no extraction run 'nope'")
    assert not (tmp_path / "m").exists()


def test_extract_batch_in_two_worker_processes_equals_one_by_one(tiny_model: Path) -> None:
    from extraction.engines.learned.engine import CHUNK, LearnedEngine
    from extraction.evaluation.gold import load_gold
    from extraction.evaluation.runner import article_for

    articles = [article_for(gold) for gold in load_gold(OTHER) + load_gold(SEEDS)]
    articles = (articles * 3)[: 2 * CHUNK]
    engine = LearnedEngine(model_path=tiny_model, workers=2)
    try:
        batched = engine.extract_batch(articles)
        assert engine._learned_pool is not None  # the batch went to the worker processes
    finally:
        engine.close()
    single = [engine.extract(article) for article in articles]
    assert [item.claims for item in batched] == [item.claims for item in single]  # type: ignore[union-attr]


def test_the_packaged_default_model_loads_through_importlib_resources() -> None:
    from extraction.engines.learned.engine import LearnedEngine
    from extraction.engines.learned.model_dir import default_model_path

    engine = LearnedEngine(workers=1)
    assert engine.info.path == default_model_path()
    assert engine.info.path.parts[-3:] == ("engines", "learned", "default_model")
    manifest = json.loads((engine.info.path / "manifest.json").read_text(encoding="utf-8"))
    assert engine.model == f"learned-{manifest['version']}"
    size = sum(item.stat().st_size for item in engine.info.path.rglob("*") if item.is_file())
    assert size <= 30 * 1024 * 1024
