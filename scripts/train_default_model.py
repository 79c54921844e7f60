"""Reproduce the `learned` engine's default model (extraction/engines/learned/default_model).

    python scripts/train_default_model.py            # writes the packaged model
    python scripts/train_default_model.py --out DIR  # elsewhere, to compare

It runs `claimdesk train` on the committed training data (TRAINING_FILES that exist) with
the fixed seed and settings below. Evaluation-only sets are passed with --exclude (and
--dev, when present) so training refuses any of their articles.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGED = ROOT / "extraction" / "engines" / "learned" / "default_model"
#: Committed training data: the silver-labelled corpus (strong-model labels of the
#: team's own articles).
TRAINING_FILES = ("corpus/silver/claims-v1.jsonl",)
#: Evaluation-only gold sets: never trained on.
EXCLUDED = (
    "eval/gold/seeds.jsonl",
    "eval/gold/dev-other-topics.jsonl",
    "../shared/dev-real/gold.jsonl",
    "../shared/benchmarks/polnear/dev.jsonl",
)
DEV = "../shared/dev-real/gold.jsonl"
SETTINGS = ("--seed", "0", "--epochs", "10", "--arch", "bow", "--heldout", "0.15")


def command(out: Path, files: list[str]) -> list[str]:
    """The `claimdesk train` command line that builds the default model."""
    launcher = "from extraction.cli import main; main()"
    args = [sys.executable, "-c", launcher, "train", *files, "--out", str(out)]
    for path in EXCLUDED:  # relative to ROOT (the command runs there): the manifest names them so
        if (ROOT / path).exists():
            args += ["--exclude", path]
    if (ROOT / DEV).exists():
        args += ["--dev", DEV]
    return [*args, *SETTINGS, "--overwrite"]


def main() -> int:
    """Train and write the model; the exit status is claimdesk train's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PACKAGED)
    parser.add_argument("files", nargs="*", help="training files (default: TRAINING_FILES)")
    args = parser.parse_args()
    files = args.files or [name for name in TRAINING_FILES if (ROOT / name).exists()]
    if not files:
        print(f"no training data: none of {', '.join(TRAINING_FILES)} exists", file=sys.stderr)
        return 2
    return subprocess.call(command(args.out, files), cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
