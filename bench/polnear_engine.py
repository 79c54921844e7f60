"""Measure any engine on the PolNeAR dev split (attribution recall and precision).

Like `polnear_rules.py`, for `--engine learned` (and others): runs the engine over every
article text of PolNeAR's `dev.jsonl` (in batches when the engine has `extract_batch`),
writes the claims under /tmp (the texts are copyrighted news: neither they nor derived
claims belong in the repository), and runs the corpus's own `score.py`.

    .venv/bin/python bench/polnear_engine.py --engine learned [--model-path DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from polnear_rules import DEFAULT_POLNEAR, _refuse_repo_path

from extraction.engines.base import EngineSettings, create_engine
from extraction.schema import Article


def main(argv: list[str] | None = None) -> int:
    """Run the engine over dev.jsonl, score, and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", default="learned")
    parser.add_argument("--model-path", default=None)
    parser.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR)
    parser.add_argument("--min-recall", type=float, default=0.5)
    args = parser.parse_args(argv)
    out = Path(tempfile.gettempdir()) / f"claimdesk-polnear-{args.engine}-claims.jsonl"
    _refuse_repo_path(out)
    dev = args.polnear / "dev.jsonl"
    rows = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines() if line]
    articles = [
        Article(id=Article.id_for_text(row["text"]), text=row["text"], external_id=row["id"])
        for row in rows
    ]
    options = {"model_path": args.model_path} if args.model_path else {}
    engine = create_engine(args.engine, EngineSettings(options=options))
    started = time.perf_counter()
    batch = getattr(engine, "extract_batch", None)
    results = batch(articles) if batch else [engine.extract(article) for article in articles]
    elapsed = time.perf_counter() - started
    n_claims = 0
    with out.open("w", encoding="utf-8") as handle:
        for row, result in zip(rows, results, strict=True):
            for claim in getattr(result, "claims", []):
                record = claim.model_dump(mode="json")
                record["article_id"] = row["id"]
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                n_claims += 1
    close = getattr(engine, "close", None)
    if close is not None:
        close()
    score = subprocess.run(
        [sys.executable, str(args.polnear / "score.py"), str(dev), str(out), str(args.min_recall)],
        capture_output=True,
        text=True,
        check=False,
    )
    print(score.stdout.strip() or score.stderr.strip())
    print(
        f"{args.engine} engine {engine.model}: {len(rows)} articles, {n_claims} claims,"
        f" {elapsed:.1f}s, {len(rows) / elapsed:.1f} articles/s; claims at {out}"
    )
    return score.returncode


if __name__ == "__main__":
    raise SystemExit(main())
