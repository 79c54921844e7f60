"""Load and validate a gold file (CLAIMS.md "Gold file format": JSON Lines).

One article per line, parsed into `GoldArticle`. Blank lines are skipped. Errors name
the line (1-based) and, for a claim, its index (0-based) within the line's `claims`:
bad JSON, a line that is not an object, a field that fails the schema, a duplicate
article id, and an evidence that is not an exact substring of `text`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from extraction.errors import ClaimDeskError
from extraction.schema import GoldArticle


class GoldFileError(ClaimDeskError, ValueError):
    """A gold file is malformed; the message names the file, line and claim."""


def _describe_validation(error: ValidationError) -> str:
    """One line per schema error: 'claims.2.certainty: Input should be ...'."""
    parts = []
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"]) or "(line)"
        parts.append(f"{location}: {item['msg']}")
    return "; ".join(parts)


def _claim_index(error: ValidationError) -> int | None:
    """Index of the first failing claim in a validation error, when a claim failed."""
    for item in error.errors():
        location = item["loc"]
        if len(location) >= 2 and location[0] == "claims" and isinstance(location[1], int):
            return location[1]
    return None


def _parse_line(raw: str, where: str) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as error:
        raise GoldFileError(f"{where}: invalid JSON: {error.msg} (column {error.colno})") from error
    if not isinstance(value, dict):
        raise GoldFileError(f"{where}: expected a JSON object, got {type(value).__name__}")
    return value


def _check_evidence(article: GoldArticle, where: str) -> None:
    for index, claim in enumerate(article.claims):
        if claim.evidence not in article.text:
            excerpt = claim.evidence if len(claim.evidence) <= 80 else claim.evidence[:77] + "..."
            raise GoldFileError(
                f"{where}, claim {index}: evidence is not an exact substring of the article"
                f" text: {excerpt!r}"
            )


def parse_gold_lines(lines: Iterable[str], source: str = "<gold>") -> list[GoldArticle]:
    """Parse gold JSON lines into articles, validating every line; raise GoldFileError."""
    articles: list[GoldArticle] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{source}: line {number}"
        data = _parse_line(raw, where)
        try:
            article = GoldArticle.model_validate(data)
        except ValidationError as error:
            claim = _claim_index(error)
            prefix = f"{where}, claim {claim}" if claim is not None else where
            raise GoldFileError(f"{prefix}: {_describe_validation(error)}") from error
        if article.id in seen:
            raise GoldFileError(
                f"{where}: duplicate article id {article.id!r} (first on line {seen[article.id]})"
            )
        seen[article.id] = number
        _check_evidence(article, where)
        articles.append(article)
    return articles


def load_gold(path: str | Path) -> list[GoldArticle]:
    """Load and validate a gold JSONL file; raise GoldFileError naming line and claim."""
    target = Path(path)
    try:
        content = target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise GoldFileError(f"{target}: cannot read: {error}") from error
    # split on "\n" only: str.splitlines would also split on U+2028 inside JSON strings
    articles = parse_gold_lines(content.split("\n"), str(target))
    if not articles:
        raise GoldFileError(f"{target}: no articles")
    return articles


def gold_hash(path: str | Path) -> str:
    """SHA-256 (first 16 hex digits) of the gold file's bytes: which gold a run scored."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
