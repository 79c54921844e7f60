"""Training inputs: labelled articles from gold/silver files, an extraction run and reviews.

Every source yields `LabelledArticle`s: an article, its positive claims, and, for
articles whose review is not complete, the claims reviewers rejected (negatives) with
`complete=False`: then only the sentences those claims rest on carry labels. Each source
also reports a `SourceRecord` (kind, name, sha256 of what was read, article and claim
counts) for the model manifest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

from extraction.errors import ClaimDeskError
from extraction.evaluation.gold import GoldFileError, parse_gold_lines
from extraction.review.gold_export import gold_articles
from extraction.review.state import ReviewStatus, state_from_row
from extraction.schema import Article, Claim, GoldArticle
from extraction.store.articles import get_article
from extraction.store.claims import ClaimFilter, list_claims
from extraction.store.connection import Store
from extraction.store.records import claim_from_columns
from extraction.store.reviews import reviewed_states
from extraction.store.runs import list_runs


class TrainingInputError(ClaimDeskError, ValueError):
    """A training input cannot be used; the message names the input and the problem."""


@dataclass(frozen=True)
class LabelledArticle:
    """An article with the claims it is known to make (and, when partial, not to make)."""

    article: Article
    claims: tuple[Claim, ...]
    source: str
    complete: bool = True
    rejected: tuple[Claim, ...] = ()

    @property
    def text_hash(self) -> str:
        """The article's id: the hash of its text."""
        return Article.id_for_text(self.article.text)


@dataclass
class SourceRecord:
    """What one input contributed, recorded in the model manifest."""

    kind: str
    name: str
    sha256: str
    n_articles: int = 0
    n_claims: int = 0
    n_rejected: int = 0
    skipped: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "kind": self.kind,
            "name": self.name,
            "sha256": self.sha256,
            "n_articles": self.n_articles,
            "n_claims": self.n_claims,
            "n_rejected": self.n_rejected,
            "skipped": list(self.skipped),
        }


def _digest(parts: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def load_labelled_file(path: Path) -> tuple[list[LabelledArticle], SourceRecord]:
    """A gold or silver JSONL file (CLAIMS.md format; extra article keys such as a silver
    file's `label_source` are ignored). A line that fails validation is skipped and named
    in the record; an unreadable file is a TrainingInputError."""
    try:
        raw = path.read_bytes()
        content = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TrainingInputError(f"{path}: cannot read: {error}") from error
    record = SourceRecord("file", str(path), hashlib.sha256(raw).hexdigest())
    articles: list[LabelledArticle] = []
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            parsed = parse_gold_lines([_known_keys(line)], str(path))
        except GoldFileError as error:
            record.skipped.append(str(error).replace("line 1", f"line {number}", 1))
            continue
        for gold in parsed:
            article = gold.as_article()
            claims = tuple(Claim(**claim.model_dump(exclude={"group"})) for claim in gold.claims)
            articles.append(LabelledArticle(article, claims, source=str(path)))
    record.n_articles = len(articles)
    record.n_claims = sum(len(item.claims) for item in articles)
    return articles, record


def _known_keys(line: str) -> str:
    """The line without the keys a gold line may carry beyond CLAIMS.md's (a silver file's
    `genre`, `topic`, `label_source`): they describe the article, not its claims."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return line  # parse_gold_lines names the error
    if not isinstance(value, dict):
        return line
    known = set(GoldArticle.model_fields)
    return json.dumps({key: item for key, item in value.items() if key in known})


def _resolve_run(store: Store, ref: str) -> str:
    with store.connect(read_only=True) as con:
        runs = list_runs(con, limit=1_000_000)
    matches = [str(run["id"]) for run in runs if str(run["id"]).startswith(ref)]
    if not matches:
        raise TrainingInputError(f"{store.path}: no extraction run {ref!r}")
    if len(matches) > 1:
        raise TrainingInputError(f"{store.path}: run prefix {ref!r} is ambiguous")
    return matches[0]


def load_run(store: Store, ref: str) -> tuple[list[LabelledArticle], SourceRecord]:
    """The claims of one extraction run (e.g. a strong model's), as labels of its articles."""
    run_id = _resolve_run(store, ref)
    with store.connect(read_only=True) as con:
        rows = list_claims(con, ClaimFilter(run_id=run_id, latest_only=False))
        articles: list[LabelledArticle] = []
        for article_id, group in groupby(rows, key=lambda row: row["article_id"]):
            article = get_article(con, str(article_id))
            if article is None:
                continue
            claims = tuple(claim_from_columns(row) for row in group)
            articles.append(LabelledArticle(article, claims, source=f"run {run_id}"))
    record = SourceRecord(
        "run",
        f"{store.path}#{run_id}",
        _digest(
            json.dumps([item.article.id, [c.model_dump(mode="json") for c in item.claims]])
            for item in articles
        ),
        n_articles=len(articles),
        n_claims=sum(len(item.claims) for item in articles),
    )
    return articles, record


def load_reviews(store: Store) -> tuple[list[LabelledArticle], SourceRecord]:
    """Reviewed claims: fully reviewed articles as complete labels (accepted, corrected and
    added claims), and articles with some decisions as partial labels (their accepted and
    corrected claims positive, rejected ones negative, other sentences unlabelled)."""
    complete = gold_articles(store)
    complete_ids = {Article.id_for_text(item.text) for item in complete}
    articles = [
        LabelledArticle(
            gold.as_article(),
            tuple(Claim(**claim.model_dump(exclude={"group"})) for claim in gold.claims),
            source="reviews",
        )
        for gold in complete
    ]
    with store.connect(read_only=True) as con:
        rows = list(reviewed_states(con))
        rows.sort(key=lambda row: str(row["article_id"]))
        for article_id, group in groupby(rows, key=lambda row: str(row["article_id"])):
            article = get_article(con, article_id)
            if article is None or Article.id_for_text(article.text) in complete_ids:
                continue
            states = [state_from_row(row) for row in group]
            kept = tuple(
                state.claim for state in states if state.status is not ReviewStatus.rejected
            )
            rejected = tuple(
                state.claim for state in states if state.status is ReviewStatus.rejected
            )
            articles.append(
                LabelledArticle(article, kept, "reviews", complete=False, rejected=rejected)
            )
    record = SourceRecord(
        "reviews",
        str(store.path),
        _digest(
            json.dumps(
                [
                    item.text_hash,
                    item.complete,
                    [c.model_dump(mode="json") for c in item.claims],
                    [c.model_dump(mode="json") for c in item.rejected],
                ]
            )
            for item in articles
        ),
        n_articles=len(articles),
        n_claims=sum(len(item.claims) for item in articles),
        n_rejected=sum(len(item.rejected) for item in articles),
    )
    return articles, record


def excluded_hashes(paths: Sequence[Path]) -> dict[str, str]:
    """Text hash -> file, for every article of the files training must not see: JSONL files
    (each line's `text`) or plain text files (the whole text)."""
    hashes: dict[str, str] = {}
    for path in paths:
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise TrainingInputError(f"{path}: cannot read: {error}") from error
        texts: list[str] = []
        if path.suffix.lower() in {".jsonl", ".json"}:
            for number, line in enumerate(content.split("\n"), start=1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as error:
                    raise TrainingInputError(f"{path}: line {number}: invalid JSON") from error
                if isinstance(value, dict) and isinstance(value.get("text"), str):
                    texts.append(value["text"])
        else:
            texts.append(content)
        for text in texts:
            for key in text_keys(text):
                hashes.setdefault(key, str(path))
    return hashes


def text_keys(text: str) -> tuple[str, str]:
    """The article's text hash, and the hash of its whitespace-normalised text (so a copy
    re-wrapped or re-indented is caught too)."""
    normalised = " ".join(text.split())
    return Article.id_for_text(text), "ws:" + Article.id_for_text(normalised)
