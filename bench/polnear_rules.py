"""Measure the rules engine on the PolNeAR dev split (attribution recall and precision).

Runs the `rules` engine over every article text of PolNeAR's `dev.jsonl` (no metadata:
publication and date unknown), writes the claims as JSON Lines to OUTPUT (default under
/tmp: the texts are copyrighted news, so neither they nor derived claims belong in the
repository), then runs the corpus's own `score.py` and prints its line and the speed.

    .venv/bin/python bench/polnear_rules.py [--polnear DIR] [--out FILE] [--min-recall R]
                                            [--limit N] [--no-own-voice]

Exit status: score.py's (1 when source-matched recall is below --min-recall).

Reference (rules-1, en_core_web_sm 3.8.0): content recall 0.556, source-matched recall
0.342, precision 0.911 (without own-voice claims: 0.488 / 0.343 / 0.982). After the
other-topics rules (dev set `eval/gold/dev-other-topics.jsonl`): 0.557 / 0.342 / 0.910
(without own-voice claims: 0.490 / 0.342 / 0.981). About a fifth of
PolNeAR's sources are bare pronouns ("he said"); the engine resolves them to names as
CLAIMS.md asks, which score.py's word-overlap test counts as a source mismatch.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from extraction.engines.base import EngineSettings
from extraction.engines.rules.engine import create_engine, load_model
from extraction.schema import Article

DEFAULT_POLNEAR = Path("/work/shared/benchmarks/polnear")


def _default_out() -> Path:
    return Path(tempfile.gettempdir()) / "claimdesk-polnear-rules-claims.jsonl"


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR, help="PolNeAR folder")
    parser.add_argument("--out", type=Path, default=_default_out(), help="claims JSONL to write")
    parser.add_argument(
        "--min-recall",
        type=float,
        default=0.33,
        help="score.py's source-matched recall floor (a regression gate; rules-1 reaches 0.34)",
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument(
        "--no-own-voice", action="store_true", help="skip claims in the outlet's own voice"
    )
    parser.add_argument(
        "--single", action="store_true", help="extract one article at a time (no batching)"
    )
    return parser.parse_args(argv)


def _refuse_repo_path(path: Path) -> None:
    """Never write derived copyrighted data inside the repository."""
    repo = Path(__file__).resolve().parents[1]
    resolved = path.resolve()
    if resolved == repo or repo in resolved.parents:
        raise SystemExit(f"refusing to write PolNeAR-derived claims inside the repo: {path}")


def main(argv: list[str] | None = None) -> int:
    """Run the engine over dev.jsonl, score, and print the results."""
    args = _parse_args(argv)
    _refuse_repo_path(args.out)
    dev = args.polnear / "dev.jsonl"
    rows = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines() if line]
    if args.limit:
        rows = rows[: args.limit]
    engine = create_engine(EngineSettings(options={"own_voice": not args.no_own_voice}))
    load_model()  # keep model loading out of the timing
    started = time.perf_counter()
    n_claims = 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    articles = [
        Article(id=Article.id_for_text(row["text"]), text=row["text"], external_id=row["id"])
        for row in rows
    ]
    n_chars = sum(len(article.text) for article in articles)
    if args.single:
        results = [engine.extract(article) for article in articles]
    else:
        results = engine.extract_many(articles)
    elapsed = time.perf_counter() - started
    with args.out.open("w", encoding="utf-8") as handle:
        for row, result in zip(rows, results, strict=True):
            for claim in result.claims:
                record = claim.model_dump(mode="json")
                record["article_id"] = row["id"]
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                n_claims += 1
    score = subprocess.run(
        [
            sys.executable,
            str(args.polnear / "score.py"),
            str(dev),
            str(args.out),
            str(args.min_recall),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    print(score.stdout.strip() or score.stderr.strip())
    print(
        f"rules engine {engine.model} {engine.prompt_version}: {len(rows)} articles, "
        f"{n_claims} claims, {elapsed:.1f}s, {len(rows) / elapsed:.1f} articles/s, "
        f"{n_chars / elapsed / 1000:.1f} kchars/s; claims at {args.out}"
    )
    return score.returncode


if __name__ == "__main__":
    raise SystemExit(main())
