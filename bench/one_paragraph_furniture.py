"""One-paragraph articles with furniture sentences: how many lose text, or fail outright.

Builds N one-paragraph articles (no line breaks, as pasted text and JSONL records often are)
from the sentences of the sample articles, inserts one furniture or appeal sentence into a
share of them, cleans them, and counts articles that fail ("no article text left") and real
sentences lost. Run it against two checkouts to compare:

    PYTHONPATH=. python bench/one_paragraph_furniture.py [N]
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from extraction.text.clean import clean_text
from extraction.text.ingest import IngestTextError, ingest_text

ROOT = Path(__file__).resolve().parents[1]
FURNITURE = [
    "Or you could join our community and help us produce more materials like this.",
    "Subscribe to our newsletter for daily updates.",
    "Become a member!",
    "Support our journalism today!",
    "We rely solely on readers like you to keep our reporting free.",
    "Please consider disabling your ad blocker to support our work.",
]
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def real_sentences() -> list[str]:
    """Body sentences of the sample articles: long enough to be sentences, and kept when
    cleaned on their own (the seeds' own appeal paragraphs are furniture, not body)."""
    found: list[str] = []
    for path in sorted((ROOT / "examples" / "articles").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for sentence in _SENTENCE.split(line.strip()):
                shaped = len(sentence) > 60 and sentence[-1] in '.!?"”' and " " in sentence
                if shaped and clean_text(sentence) == sentence:
                    found.append(sentence)
    return found


def main(count: int = 3000, seed: int = 7) -> None:
    rng = random.Random(seed)
    pool = real_sentences()
    failed = lost_articles = lost_sentences = with_furniture = kept_furniture = 0
    for _ in range(count):
        body = rng.sample(pool, rng.randint(6, 14))
        sentences = list(body)
        furniture = None
        if rng.random() < 0.5:
            furniture = rng.choice(FURNITURE)
            sentences.insert(rng.randint(0, len(sentences)), furniture)
            with_furniture += 1
        try:
            text = ingest_text(" ".join(sentences)).text
        except IngestTextError:
            failed += 1
            continue
        missing = [sentence for sentence in body if sentence not in text]
        lost_sentences += len(missing)
        lost_articles += bool(missing)
        kept_furniture += furniture is not None and furniture in text
    print(
        f"{count} one-paragraph articles ({with_furniture} with a furniture sentence):"
        f" {failed} failed (no text left), {lost_articles} lost real sentences"
        f" ({lost_sentences} sentences), furniture kept in {kept_furniture}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
