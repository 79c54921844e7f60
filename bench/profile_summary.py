"""Summarise a py-spy `--format raw` profile (collapsed stacks): top frames by self and total.

    .venv/bin/py-spy record --format raw -o prof.raw -- <command>
    .venv/bin/python bench/profile_summary.py prof.raw [--top 25] [--json out.json]

Self: samples whose innermost frame is the function; total: samples with the function
anywhere on the stack (counted once per sample). py-spy samples only active threads
unless `--idle`, so percentages are of CPU-busy samples.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>.*?)(?::(?P<line>\d+))?\)$")


def _name(frame: str) -> str:
    match = _FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    path = match.group("file")
    for marker in ("site-packages/", "/work/main/", "lib/python3.11/"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{match.group('func')} ({path})"


def summarise(path: Path) -> dict[str, object]:
    """Self and total sample counts per function."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    samples = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [_name(f) for f in stack.split(";") if f and not f.startswith("thread")]
        frames = [f for f in frames if not f.startswith("process ")]
        if not frames:
            continue
        samples += count
        own[frames[-1]] += count
        for name in set(frames):
            total[name] += count
    return {"samples": samples, "self": own, "total": total}


def main(argv: list[str] | None = None) -> int:
    """Print the top frames."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("raw", type=Path)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--json", type=Path, default=None, help="write the top frames here")
    args = parser.parse_args(argv)
    summary = summarise(args.raw)
    samples = int(summary["samples"]) or 1  # type: ignore[call-overload]
    report: dict[str, list[tuple[str, float]]] = {}
    for kind in ("self", "total"):
        counter: Counter[str] = summary[kind]  # type: ignore[assignment]
        top = [(name, round(100 * n / samples, 1)) for name, n in counter.most_common(args.top)]
        report[kind] = top
        print(f"\n== top {args.top} by {kind} ({samples} busy samples) ==")
        for name, share in top:
            print(f"{share:5.1f}%  {name}")
    if args.json is not None:
        args.json.write_text(json.dumps({"samples": samples, **report}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
