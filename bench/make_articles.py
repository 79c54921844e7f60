"""Generate a newsroom-like corpus for benchmarks: N articles of 3-6 KB, deterministic.

Articles are made by recombining the sentences of the seed articles (cleaned by the
ingestion pipeline, so no page furniture is copied): a title, a dateline and 8-20
paragraphs of one to three sentences, until the text is 3,000-6,000 bytes. The same
`--seed` always gives the same corpus; every article text is distinct (so every article
is a new article id and a new LLM cache key).

    .venv/bin/python bench/make_articles.py 1000 --out /tmp/claimdesk-bench/a1000.jsonl
    .venv/bin/python bench/make_articles.py 5 --format txt --out /tmp/claimdesk-bench/txt5/

Keep corpora out of the repository (write them under /tmp).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from extraction.text.ingest import ingest_paths

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "articles"
MIN_BYTES = 3000
MAX_BYTES = 6000
_SENTENCE = re.compile(r"(?<=[.!?\"”])\s+(?=[\"“A-Z0-9])")
_PUBLICATIONS = ("The Kyiv Independent", "Euromaidan Press", "Kyiv Post", "Bench Herald")
_DATELINES = ("KYIV", "SEOUL", "BRUSSELS", "WASHINGTON", "MOSCOW", "PYONGYANG", "")


@dataclass(frozen=True)
class GeneratedArticle:
    """One generated article."""

    id: str
    title: str
    publication: str
    published: str
    text: str

    def record(self) -> dict[str, str]:
        """The JSONL record of this article."""
        return {
            "id": self.id,
            "title": self.title,
            "publication": self.publication,
            "published": self.published,
            "text": self.text,
        }


def seed_sentences(seeds: Path = SEEDS) -> list[str]:
    """The sentences of the seed articles' cleaned text (at least 30 characters each)."""
    report = ingest_paths([seeds])
    sentences: list[str] = []
    for article in report.articles:
        for paragraph in article.text.split("\n"):
            for sentence in _SENTENCE.split(paragraph.strip()):
                if len(sentence) >= 30 and sentence not in sentences:
                    sentences.append(sentence)
    if not sentences:
        raise SystemExit(f"no sentences found in {seeds}")
    return sentences


def _title(rng: random.Random, sentences: list[str]) -> str:
    words = rng.choice(sentences).strip("\"“”'").rstrip(".!?,").split()
    return " ".join(words[: rng.randint(7, 14)])


def _body(rng: random.Random, sentences: list[str], target: int) -> str:
    paragraphs: list[str] = []
    size = 0
    while size < target:
        paragraph = " ".join(rng.sample(sentences, rng.randint(1, 3)))
        if size + len(paragraph.encode("utf-8")) + 2 > MAX_BYTES - 200:
            break
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(paragraphs)


def generate(
    count: int, seed: int = 0, sentences: list[str] | None = None
) -> Iterator[GeneratedArticle]:
    """`count` distinct generated articles."""
    pool = sentences or seed_sentences()
    rng = random.Random(seed)
    seen: set[str] = set()
    start = dt.date(2024, 1, 1)
    produced = 0
    while produced < count:
        published = start + dt.timedelta(days=rng.randrange(366))
        dateline = rng.choice(_DATELINES)
        lead = f"{dateline} - " if dateline else ""
        body = _body(rng, pool, rng.randint(MIN_BYTES, MAX_BYTES - 600))
        title = _title(rng, pool)
        text = f"{title}\n\n{lead}{body}"
        if text in seen or len(text.encode("utf-8")) < MIN_BYTES:
            continue
        seen.add(text)
        produced += 1
        yield GeneratedArticle(
            id=f"bench-{seed}-{produced:06d}",
            title=title,
            publication=rng.choice(_PUBLICATIONS),
            published=published.isoformat(),
            text=text,
        )


def write_jsonl(articles: Iterator[GeneratedArticle], out: Path) -> int:
    """Write one JSONL file; returns the number of articles."""
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8") as handle:
        for article in articles:
            handle.write(json.dumps(article.record(), ensure_ascii=False) + "\n")
            n += 1
    return n


def write_txt(articles: Iterator[GeneratedArticle], out: Path) -> int:
    """Write one .txt file per article into a directory; returns the number of articles."""
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for article in articles:
        (out / f"{article.id}.txt").write_text(article.text + "\n", encoding="utf-8")
        n += 1
    return n


def _refuse_repo_path(path: Path) -> None:
    resolved = path.resolve()
    if resolved == REPO or REPO in resolved.parents:
        raise SystemExit(f"refusing to write a generated corpus inside the repository: {path}")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and write the corpus."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of articles")
    parser.add_argument("--out", type=Path, required=True, help="JSONL file or txt directory")
    parser.add_argument("--format", choices=("jsonl", "txt"), default="jsonl")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    _refuse_repo_path(args.out)
    articles = generate(args.count, args.seed)
    writer = write_jsonl if args.format == "jsonl" else write_txt
    n = writer(articles, args.out)
    print(f"wrote {n} articles to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
