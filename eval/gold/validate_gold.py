"""Validate a ClaimDesk gold file (JSON Lines, one article per line; see ../../shared CLAIMS.md).

Usage: python eval/gold/validate_gold.py [PATH]   (default: seeds.jsonl next to this script)

Checks every line loads as `extraction.schema.GoldArticle`, every claim's evidence is an exact
substring of the article text, every date is a real `YYYY-MM-DD` date, and the CLAIMS.md rules a
machine can check (claimant null -> media and the publication date; no duplicate claim). Prints
counts by article, certainty and claimant_type. Exits 1, naming line and claim, on any problem.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from extraction.schema import ClaimantType, GoldArticle

DEFAULT_PATH = Path(__file__).with_name("seeds.jsonl")


def _iso_date_problem(value: Any) -> str | None:
    """Return why `value` is not null or a `YYYY-MM-DD` string naming a real date, else None."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != 10:
        return f"not a YYYY-MM-DD string: {value!r}"
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return f"not a valid date: {value!r}"
    return None


def _claim_label(index: int, claim: Any) -> str:
    """A short human label for claim `index` (0-based) of a line."""
    statement = claim.get("statement", "?") if isinstance(claim, dict) else "?"
    return f"claim {index + 1} ({str(statement)[:60]!r})"


def _raw_claim_problems(raw: dict[str, Any], index: int, claim: Any) -> Iterator[str]:
    """Problems with one raw claim: its date, evidence and the claimant-null rules."""
    label = _claim_label(index, claim)
    if not isinstance(claim, dict):
        yield f"{label}: not a JSON object"
        return
    problem = _iso_date_problem(claim.get("claim_date"))
    if problem:
        yield f"{label}: claim_date {problem}"
    text, evidence = raw.get("text"), claim.get("evidence")
    if isinstance(text, str) and isinstance(evidence, str) and evidence not in text:
        yield f"{label}: evidence is not an exact substring of text: {evidence[:80]!r}"
    if claim.get("claimant") is None:
        if claim.get("claimant_type") != ClaimantType.media.value:
            yield f"{label}: claimant is null but claimant_type is {claim.get('claimant_type')!r}"
        published, claim_date = raw.get("published"), claim.get("claim_date")
        if published is not None and claim_date != published:
            yield f"{label}: claimant is null but claim_date {claim_date!r} != {published!r}"


def _raw_problems(raw: dict[str, Any]) -> Iterator[str]:
    """Problems visible in the raw JSON, so that one bad field does not hide the others."""
    problem = _iso_date_problem(raw.get("published"))
    if problem:
        yield f"published: {problem}"
    claims = raw.get("claims") or []
    if not isinstance(claims, list):
        yield "claims: not a list"
        return
    seen: dict[tuple[str, Any, Any], int] = {}
    for index, claim in enumerate(claims):
        yield from _raw_claim_problems(raw, index, claim)
        if isinstance(claim, dict):
            statement = str(claim.get("statement", "")).strip().lower()
            key = (statement, claim.get("claimant"), claim.get("certainty"))
            if key in seen:
                label = _claim_label(index, claim)
                yield f"{label}: duplicates claim {seen[key] + 1} (same statement and claimant)"
            seen.setdefault(key, index)


def _pydantic_problems(raw: dict[str, Any], exc: ValidationError) -> Iterator[str]:
    """Schema errors, each naming its claim when it lies inside one."""
    claims = raw.get("claims") if isinstance(raw.get("claims"), list) else []
    for error in exc.errors():
        loc = error["loc"]
        where = ".".join(str(part) for part in loc)
        if len(loc) >= 2 and loc[0] == "claims" and isinstance(loc[1], int) and claims:
            where = f"{_claim_label(loc[1], claims[loc[1]])}: {'.'.join(map(str, loc[2:]))}"
        yield f"{where}: {error['msg']}"


def _warnings(article: GoldArticle) -> Iterator[str]:
    """Things worth a look that are not errors: evidence found more than once in the text."""
    for index, claim in enumerate(article.claims):
        count = article.text.count(claim.evidence)
        if count > 1:
            label = _claim_label(index, claim.model_dump())
            yield f"{label}: evidence occurs {count} times in text"


def _load_line(number: int, line: str) -> tuple[GoldArticle | None, list[str]]:
    """Parse and validate one line; return the article (None on failure) and its problems."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, [f"line {number}: invalid JSON: {exc}"]
    if not isinstance(raw, dict):
        return None, [f"line {number}: not a JSON object"]
    name = f"line {number} ({raw.get('id')})"
    problems = [f"{name}: {p}" for p in _raw_problems(raw)]
    try:
        article = GoldArticle.model_validate(raw)
    except ValidationError as exc:
        problems.extend(f"{name}: {p}" for p in _pydantic_problems(raw, exc))
        return None, problems
    return article, problems


def validate(path: Path) -> tuple[list[GoldArticle], list[str], list[str]]:
    """Validate the gold file at `path`; return (articles, problems, warnings)."""
    articles: list[GoldArticle] = []
    problems: list[str] = []
    warnings: list[str] = []
    ids: set[str] = set()
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        article, line_problems = _load_line(number, line)
        problems.extend(line_problems)
        if article is None:
            continue
        if article.id in ids:
            problems.append(f"line {number}: duplicate article id {article.id!r}")
        ids.add(article.id)
        warnings.extend(f"line {number} ({article.id}): {w}" for w in _warnings(article))
        articles.append(article)
    if not articles and not problems:
        problems.append(f"{path}: no articles")
    return articles, problems, warnings


def _print_counts(articles: list[GoldArticle]) -> None:
    """Print claim counts by article, certainty and claimant_type."""
    claims = [claim for article in articles for claim in article.claims]
    print(f"{len(articles)} articles, {len(claims)} claims")
    print("by article:")
    for article in articles:
        print(f"  {article.id:<36} {len(article.claims):>3}")
    for field in ("certainty", "claimant_type"):
        counts = Counter(getattr(claim, field).value for claim in claims)
        print(f"by {field}:")
        for value, count in counts.most_common():
            print(f"  {value:<36} {count:>3}")
    groups = Counter(claim.group for claim in claims if claim.group)
    print(f"groups: {len(groups)} ({sum(1 for n in groups.values() if n > 1)} with >1 claim)")


def main(argv: list[str] | None = None) -> int:
    """Validate a gold file, print counts; return 0 when clean, 1 on any problem."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args(argv)
    articles, problems, warnings = validate(args.path)
    _print_counts(articles)
    for warning in warnings:
        print(f"warning: {warning}")
    for problem in problems:
        print(f"ERROR: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {args.path}", file=sys.stderr)
        return 1
    print(f"OK: {args.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
