"""A newcomer's first hour with the CLI: no database created by reading, one-line errors,
claimdesk.toml, read-only files, machine-readable output, 80-column tables, progress,
`claimdesk logs`, eval failures.

Real parts: the rules engine, a DuckDB file, the CLI entry point (`extraction.cli.errors.run`,
what the console script calls) and, for the broken-HTML-reader and read-only cases, a
separate Python process.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from extraction.cli.errors import run
from extraction.engines import base
from extraction.schema import LLMCall
from extraction.store.connection import Store
from extraction.store.llm_calls import insert_llm_calls
from tests.evaluation import eval_samples
from tests.evaluation.eval_samples import ScriptedEngine, gold_article

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "articles"
READ_COMMANDS = [
    ["claims"],
    ["runs"],
    ["export", "out.csv"],
    ["track", "--no-update"],
    ["logs"],
    ["eval", "history"],
    ["gold", "export", "gold.jsonl"],
]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CLAIMDESK_DB", "CLAIMDESK_ENGINE", "CLAIMDESK_MODEL", "CLAIMDESK_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five sample articles extracted by the rules engine into a DuckDB file."""
    db = tmp_path_factory.mktemp("seeded") / "claims.duckdb"
    assert run(["extract", str(EXAMPLES), "--db", str(db), "--engine", "rules"]) == 0
    return db


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


# ------------------------------------------------------------------ no database by reading


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: " ".join(c))
def test_a_read_command_in_an_empty_directory_creates_nothing(
    command: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    code = run(command)
    captured = capsys.readouterr()
    assert code == 1
    assert list(tmp_path.iterdir()) == []
    (line,) = _lines(captured.err)
    assert line.startswith("error: claimdesk.duckdb: no such database")
    assert "CLAIMDESK_DB" in line
    assert "Traceback" not in captured.err + captured.out


def test_the_error_lists_databases_nearby(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(seeded, tmp_path / "data" / "claims.duckdb")
    shutil.copy(seeded, tmp_path / "other.duckdb")
    monkeypatch.chdir(tmp_path)
    assert run(["claims"]) == 1
    (line,) = _lines(capsys.readouterr().err)
    assert "found nearby: data/claims.duckdb, other.duckdb" in line
    assert not (tmp_path / "claimdesk.duckdb").exists()


def test_a_write_command_in_a_missing_directory_still_creates_the_database(
    tmp_path: Path,
) -> None:
    db = tmp_path / "new" / "c.duckdb"
    (tmp_path / "a.txt").write_text(
        "Floods killed 12 people in Italy on Friday, officials said.", encoding="utf-8"
    )
    assert run(["extract", str(tmp_path / "a.txt"), "--db", str(db)]) == 0
    assert db.exists()


# ------------------------------------------------------------------ claimdesk.toml


def test_claimdesk_toml_in_a_parent_sets_the_database(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    shutil.copy(seeded, tmp_path / "project.duckdb")
    (tmp_path / "claimdesk.toml").write_text('db = "project.duckdb"\n', encoding="utf-8")
    (tmp_path / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "a" / "b")
    assert run(["runs", "--format", "jsonl"]) == 0
    (row,) = [json.loads(line) for line in _lines(capsys.readouterr().out)]
    assert row["n_claims"] > 40
    # the command line wins over the file, and the environment too
    assert run(["runs", "--db", "missing.duckdb"]) == 1
    monkeypatch.setenv("CLAIMDESK_DB", "missing.duckdb")
    assert run(["runs"]) == 1
    assert "missing.duckdb: no such database" in capsys.readouterr().err


def test_claimdesk_toml_sets_engine_and_model_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    (tmp_path / "claimdesk.toml").write_text(
        'engine = "openai"\nmodel = "from-toml"\nbase_url = "http://127.0.0.1:9/v1"\n'
        'db = "x.duckdb"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    (tmp_path / "a.txt").write_text("Officials said 12 people died.", encoding="utf-8")
    run(["extract", "a.txt", "--max-retries", "0", "--timeout", "1", "--limit", "0"])
    assert "engine: openai (model from-toml)" in capsys.readouterr().out


def test_a_bad_claimdesk_toml_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    (tmp_path / "claimdesk.toml").write_text("dbb = 'x'\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(["claims"]) == 1
    (line,) = _lines(capsys.readouterr().err)
    assert line == (
        f"error: {tmp_path / 'claimdesk.toml'}: unknown setting(s) dbb"
        " (known: db, engine, model, base_url, prompt)"
    )


# ------------------------------------------------------------------ read-only files


def _as_nobody() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot drop write permission")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def _cli(
    args: list[str], cwd: Path, prefix: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    code = "import sys; from extraction.cli.errors import run; sys.exit(run(sys.argv[1:]))"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "80", "HOME": str(cwd)}
    return subprocess.run(
        [*(prefix or []), sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def read_only_copy(seeded: Path) -> Iterator[Path]:
    """A copy of the seeded database, file and folder read-only, in a folder of its own
    under /tmp (pytest's own tmp root is 0700, and concurrent pytest runs reset it)."""
    folder = Path(tempfile.mkdtemp(prefix="claimdesk-ro-"))
    folder.chmod(0o755)
    db = folder / "claims.duckdb"
    shutil.copy(seeded, db)
    db.chmod(0o444)
    folder.chmod(0o555)
    yield db
    folder.chmod(0o755)
    shutil.rmtree(folder)


def test_a_read_only_database_is_listed_by_claims(read_only_copy: Path) -> None:
    prefix = _as_nobody()
    folder = read_only_copy.parent
    result = _cli(["claims", "--db", str(read_only_copy), "--format", "csv"], folder, prefix)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) > 40
    assert sorted(path.name for path in folder.iterdir()) == ["claims.duckdb"]


def test_writing_to_a_read_only_database_fails_in_one_line(read_only_copy: Path) -> None:
    prefix = _as_nobody()
    folder = read_only_copy.parent
    result = _cli(["extract", str(EXAMPLES), "--db", str(read_only_copy)], folder, prefix)
    assert result.returncode == 1
    (line,) = _lines(result.stderr)
    assert line.startswith(f"error: {read_only_copy}: read-only")
    new_db = folder / "new.duckdb"
    result = _cli(["extract", str(EXAMPLES), "--db", str(new_db)], folder, prefix)
    assert result.returncode == 1
    (line,) = _lines(result.stderr)
    assert line == f"error: {new_db}: cannot create the database, {folder} is read-only"
    result = _cli(["track", "--db", str(read_only_copy)], folder, prefix)
    assert result.returncode == 0, result.stderr
    assert "read-only; showing the stored groups without updating" in result.stderr


# ------------------------------------------------------------------ readers


def test_a_broken_html_reader_does_not_stop_the_batch(tmp_path: Path) -> None:
    """The README venv with pip 23 never installed lxml_html_clean: HTML import fails."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Floods killed 12 people in northern Italy on Friday, officials said.", encoding="utf-8"
    )
    (folder / "b.html").write_text(
        "<html><body><article><p>"
        + "The minister said 300 people were evacuated. " * 5
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    (folder / "c.txt").write_text(
        "The army sent 150 soldiers to the valley, a spokesman said on Saturday.",
        encoding="utf-8",
    )
    db = tmp_path / "c.duckdb"
    code = (
        "import sys; sys.modules['lxml.html.clean'] = None; sys.modules['lxml_html_clean'] = None;"
        " from extraction.cli.errors import run; sys.exit(run(sys.argv[1:]))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    result = subprocess.run(
        [sys.executable, "-c", code, "extract", str(folder), "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert errors == [
        f"error {folder / 'b.html'}: cannot read this format, lxml.html.clean is not"
        " importable: import of lxml.html.clean halted; None in sys.modules"
        " (pip install lxml_html_clean)"
    ]
    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = con.execute("SELECT source_path FROM articles ORDER BY 1").fetchall()
        status = con.execute("SELECT status FROM runs").fetchall()
    finally:
        con.close()
    assert [Path(row[0]).name for row in stored] == ["a.txt", "c.txt"]
    assert status == [("done",)]


def test_the_detected_encoding_is_stored(tmp_path: Path) -> None:
    text = (
        "Министерство обороны России заявило в пятницу, что войска отразили атаку на город. "
        "По словам официальных лиц, погибли двенадцать человек."
    )
    (tmp_path / "ru.txt").write_bytes(text.encode("cp1251"))
    db = tmp_path / "c.duckdb"
    run(["extract", str(tmp_path / "ru.txt"), "--db", str(db)])
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT encoding, text FROM articles").fetchall() == [("cp1251", text)]
    finally:
        con.close()


# ------------------------------------------------------------------ output


def test_claims_as_json_on_stdout(seeded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["claims", "--db", str(seeded), "--json", "-"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) > 40
    assert {"statement", "claimant", "certainty", "evidence", "figure"} <= set(rows[0])
    assert not Path("-").exists()


@pytest.mark.parametrize(
    "command",
    [["claims"], ["runs"], ["logs"], ["eval", "history"], ["track", "--no-update"]],
    ids=lambda c: " ".join(c),
)
def test_every_listing_speaks_csv_and_jsonl(
    seeded: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([*command, "--db", str(seeded), "--format", "csv"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert "," in header
    assert run([*command, "--db", str(seeded), "--format", "jsonl"]) == 0
    for line in _lines(capsys.readouterr().out):
        assert isinstance(json.loads(line), dict)
    assert run([*command, "--db", str(seeded), "--json", "-"]) == 0
    json.loads(capsys.readouterr().out)


def test_tables_stay_readable_at_80_columns(
    seeded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["claims", "--db", str(seeded)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    n_claims = int(lines[-1].split()[0])
    assert len(lines) < 8 * n_claims  # was 807 lines for 64 claims
    assert "claimant: Kyrylo Budanov" in out  # names whole, not folded into 2-char columns
    assert run(["runs", "--db", str(seeded)]) == 0
    out = capsys.readouterr().out
    assert "engine: rules" in out and "articles: 5" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_every_help_fits_80_columns(capsys: pytest.CaptureFixture[str]) -> None:
    commands = [
        [],
        ["extract"],
        ["claims"],
        ["runs"],
        ["logs"],
        ["track"],
        ["eval"],
        ["eval", "history"],
        ["eval", "compare"],
        ["export"],
        ["review"],
        ["batch"],
        ["batch", "prepare"],
        ["batch", "submit"],
        ["batch", "status"],
        ["batch", "collect"],
        ["batch", "load"],
    ]
    for command in commands:
        assert run([*command, "--help"]) == 0
        out = capsys.readouterr().out
        too_long = [line for line in out.splitlines() if len(line) > 80]
        assert too_long == [], command
        assert "…" not in out, command
    assert run(["extract", "--help"]) == 0
    assert "--max-completion-tokens" in capsys.readouterr().out


def test_progress_prints_plain_lines_with_total_when_not_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CLAIMDESK_PROGRESS_SECONDS", "0")
    records = [
        json.dumps({"id": str(i), "text": f"Officials said {i + 2} people died on Friday."})
        for i in range(3)
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The mayor said 40 homes burned.", encoding="utf-8")
    assert run(["extract", str(tmp_path), "--db", str(tmp_path / "c.duckdb")]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("extracting:")]
    assert lines[0].startswith("extracting: 1/4 (25%)")
    assert "left" in lines[0]
    assert lines[-1].startswith("extracting: 4/4 (100%)")


# ------------------------------------------------------------------ logs


@pytest.fixture
def logged(tmp_path: Path) -> Path:
    db = tmp_path / "c.duckdb"
    store = Store(db)
    with store.transaction() as con:
        insert_llm_calls(
            con,
            "run-aaaa1111",
            "art-1",
            [
                LLMCall(attempt=1, model="m", error="HTTP 500", request='{"q": 1}'),
                LLMCall(attempt=2, model="m", response='{"claims": []}', parsed=True),
            ],
        )
        insert_llm_calls(con, "run-bbbb2222", "art-2", [LLMCall(model="m", response="nope")])
    return db


def test_logs_list_and_filter(logged: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["logs", "--db", str(logged), "--json", "-"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(row["status"] for row in rows) == ["error", "ok", "unparsed"]
    assert all("request" not in row for row in rows)
    assert run(["logs", "--db", str(logged), "--run", "run-aaaa", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in _lines(capsys.readouterr().out)]
    assert sorted(row["attempt"] for row in rows) == [1, 2]
    assert run(["logs", "--db", str(logged), "--status", "error", "--json", "-"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["error"] == "HTTP 500"
    assert run(["logs", "--db", str(logged), "--article", "art-2", "--json", "-"]) == 0
    (other,) = json.loads(capsys.readouterr().out)
    assert other["status"] == "unparsed"
    assert run(["logs", "--db", str(logged), "--status", "weird"]) == 2


def test_logs_show_one_call_in_full(logged: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["logs", "--db", str(logged), "--status", "error", "--json", "-"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert run(["logs", row["id"][:10], "--db", str(logged)]) == 0
    out = capsys.readouterr().out
    assert "error: HTTP 500" in out
    assert '"q": 1' in out
    assert run(["logs", "zzz", "--db", str(logged)]) == 1


# ------------------------------------------------------------------ eval failures


def create_failing_engine(settings: base.EngineSettings) -> ScriptedEngine:
    """Echoes the gold answers but fails on article a2."""

    def claims_for(article: object) -> list:
        gold = eval_samples.GOLD_ANSWERS[str(article.external_id)]  # type: ignore[attr-defined]
        return [eval_samples.as_claim(claim) for claim in gold.claims]

    return ScriptedEngine(claims_for, fail_on={"a2"})


def test_eval_exits_1_when_the_engine_failed_unless_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = [gold_article("a1"), gold_article("a2")]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(a.model_dump_json() for a in articles) + "\n", encoding="utf-8")
    monkeypatch.setattr(eval_samples, "GOLD_ANSWERS", {a.id: a for a in articles})
    monkeypatch.setitem(
        base.ENGINE_FACTORIES, "failing", "tests.cli.test_cli_first_hour:create_failing_engine"
    )
    args = ["eval", "--gold", str(gold), "--engine", "failing", "--no-store"]
    assert run(args) == 1
    assert "the engine failed on 1 article(s)" in capsys.readouterr().err
    assert run([*args, "--allow-failures", "--json", "-"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert list(report["errors"]) == ["a2"] or len(report["errors"]) == 1


# ------------------------------------------------------------------ track's messages


def test_track_explains_its_counts_and_warns_once_without_a_path(
    seeded: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from extraction.tracker import embeddings

    monkeypatch.setattr(embeddings, "minilm_available", lambda: False)
    monkeypatch.setattr(embeddings, "_CACHE", {})
    monkeypatch.delenv("CLAIMDESK_TRACKER_BACKEND", raising=False)
    db = tmp_path / "c.duckdb"
    shutil.copy(seeded, db)
    assert run(["track", "--db", str(db)]) == 0
    captured = capsys.readouterr()
    warnings = [line for line in captured.err.splitlines() if "not installed" in line]
    assert len(warnings) == 1
    assert ".py:" not in warnings[0]
    last = captured.out.splitlines()[-1]
    assert "groups stored" in last
    assert "hidden (--min-claims)" in last
    assert "groups in all" in captured.err


def test_an_unknown_encoding_is_a_usage_error_before_anything_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "c.duckdb"
    assert run(["extract", str(EXAMPLES), "--encoding", "klingon", "--db", str(db)]) == 2
    assert "unknown encoding 'klingon'" in capsys.readouterr().err
    assert not db.exists()


def test_eval_history_and_compare_speak_json_csv_and_jsonl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = [gold_article("a1"), gold_article("a2")]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(a.model_dump_json() for a in articles) + "\n", encoding="utf-8")
    monkeypatch.setattr(eval_samples, "GOLD_ANSWERS", {a.id: a for a in articles})
    monkeypatch.setitem(
        base.ENGINE_FACTORIES, "failing", "tests.cli.test_cli_first_hour:create_failing_engine"
    )
    db = str(tmp_path / "c.duckdb")
    for label in ("one", "two"):
        args = ["eval", "--gold", str(gold), "--engine", "failing", "--db", db]
        assert run([*args, "--label", label, "--allow-failures", "--no-grouping"]) == 0
    capsys.readouterr()
    assert run(["eval", "history", "--db", db, "--json", "-"]) == 0
    assert [row["label"] for row in json.loads(capsys.readouterr().out)] == ["two", "one"]
    assert run(["eval", "compare", "one", "two", "--db", db, "--json", "-"]) == 0
    comparison = json.loads(capsys.readouterr().out)
    assert {"a_id", "b_id", "metrics"} <= set(comparison)
    assert run(["eval", "compare", "one", "two", "--db", db, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {"name", "a", "b", "delta"} <= set(rows[0])
    assert run(["eval", "compare", "one", "two", "--db", db, "--format", "jsonl"]) == 0
    assert all(json.loads(line)["name"] for line in _lines(capsys.readouterr().out))
