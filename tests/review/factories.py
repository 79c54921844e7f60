"""Test helpers for the review code: a fixed-claims extractor and filled stores.

The rules engine and ingestion are written elsewhere; these helpers build articles and
claims directly so the review tests depend only on the schema, store and pipeline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from extraction.pipeline import run_batch
from extraction.schema import Article, Certainty, Claim, ClaimantType, ExtractionResult, Quantity
from extraction.store.connection import Store
from extraction.store.runs import RunInfo, start_run

SEEDS_DIR = Path(__file__).resolve().parents[2] / "examples" / "articles"

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")
_FIGURE = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+)\b")


class FixedExtractor:
    """An Extractor returning claims from a function of the article (default: sentences)."""

    def __init__(
        self,
        claims_for: Callable[[Article], list[Claim]] | None = None,
        *,
        name: str = "fixture",
        model: str = "fixture-v1",
        prompt_version: str = "p1",
    ) -> None:
        self.name = name
        self._model = model
        self._prompt_version = prompt_version
        self._claims_for = claims_for or (lambda article: sentence_claims(article.text))

    @property
    def model(self) -> str:
        return self._model

    @property
    def prompt_version(self) -> str:
        return self._prompt_version

    @property
    def prompt_hash(self) -> str:
        return hashlib.sha256(f"{self.name}/{self._prompt_version}".encode()).hexdigest()[:12]

    @property
    def parameters(self) -> dict[str, Any]:
        return {}

    def extract(self, article: Article) -> ExtractionResult:
        return ExtractionResult(claims=self._claims_for(article))


def sentence_claims(text: str, limit: int = 8) -> list[Claim]:
    """Claims from the sentences of a text that hold a figure or a reporting verb; the
    evidence is the sentence, verbatim."""
    claims: list[Claim] = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group(0).strip()
        if len(sentence) < 25:
            continue
        figure = _FIGURE.search(sentence)
        if figure is None and " said" not in sentence and " says" not in sentence:
            continue
        quantity = None
        if figure is not None:
            value = float(figure.group(1).replace(",", ""))
            quantity = Quantity(value=value, unit="troops")
        claims.append(
            Claim(
                statement=sentence,
                claimant=None,
                claimant_type=ClaimantType.media,
                quantity=quantity,
                certainty=Certainty.asserted,
                evidence=sentence,
            )
        )
        if len(claims) >= limit:
            break
    return claims


def review_rows(store: Store) -> list[dict[str, Any]]:
    """Every stored review row, oldest first."""
    with store.connect() as con:
        cursor = con.execute(
            "SELECT id, claim_id, article_id, reviewer, action, before, after, reason, based_on,"
            " version, created_at FROM reviews ORDER BY created_at, version"
        )
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def make_article(
    text: str,
    *,
    title: str | None = None,
    publication: str | None = "The Test Gazette",
    published: dt.date | None = dt.date(2024, 10, 18),
    external_id: str | None = None,
) -> Article:
    """An article whose id is the hash of its text."""
    return Article(
        id=Article.id_for_text(text),
        text=text,
        title=title or _title_of(text),
        publication=publication,
        published=published,
        external_id=external_id,
    )


def _title_of(text: str) -> str:
    """The first line long enough to be a headline (else the first line)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return next((line for line in lines if len(line) >= 40), lines[0])[:120]


def seed_articles(count: int = 5) -> list[Article]:
    """The seed articles of examples/articles (real news text)."""
    paths = sorted(SEEDS_DIR.glob("*.txt"))[:count]
    articles = []
    for index, path in enumerate(paths):
        text = path.read_text(encoding="utf-8")
        publication = "Euromaidan Press" if "Euromaidan" in text else "The Kyiv Independent"
        articles.append(
            make_article(
                text,
                publication=publication,
                published=dt.date(2024, 10, 15 + index),
                external_id=path.stem,
            )
        )
    return articles


def fill_store(
    store: Store,
    articles: Iterable[Article],
    extractor: FixedExtractor | None = None,
) -> Store:
    """Run the batch pipeline with a fixed extractor over the articles."""
    run_batch(store, extractor or FixedExtractor(), list(articles))
    return store


def seeded_store(path: Path, count: int = 2) -> Store:
    """A store at `path` filled from `count` seed articles."""
    store = Store(path)
    return fill_store(store, seed_articles(count))


def bulk_fill(
    store: Store,
    n_articles: int,
    claims_per_article: int,
    *,
    engines: Sequence[str] = ("fixture", "other"),
) -> int:
    """Write many synthetic articles and claims fast (DataFrame inserts); return claims.

    Each article has `claims_per_article` sentences, each the exact evidence of one claim;
    articles alternate between `engines`."""
    import pandas as pd

    from extraction.store.claims import CLAIM_COLUMNS
    from extraction.store.records import new_id, utcnow

    now = utcnow()
    articles: list[dict[str, Any]] = []
    extractions: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    with store.transaction() as con:
        runs = {}
        for engine in engines:
            info = RunInfo(engine=engine, model=f"{engine}-m", prompt_version="p1", prompt_hash="h")
            runs[engine] = (start_run(con, info), info)
        for index in range(n_articles):
            sentences = [
                f"Claim {k} of article {index}: officials said {1000 + k} troops moved."
                for k in range(claims_per_article)
            ]
            text = f"Article {index}\n\n" + " ".join(sentences)
            article_id = Article.id_for_text(text)
            articles.append(
                {
                    "id": article_id,
                    "title": f"Article {index}",
                    "publication": f"Publication {index % 7}",
                    "published": dt.date(2024, 1, 1) + dt.timedelta(days=index % 300),
                    "text": text,
                    "n_chars": len(text),
                    "ingested_at": now,
                }
            )
            engine = engines[index % len(engines)]
            run_id, info = runs[engine]
            extraction_id = new_id()
            extractions.append(
                {
                    "id": extraction_id,
                    "run_id": run_id,
                    "article_id": article_id,
                    "run_key": info.run_key,
                    "status": "done",
                    "n_claims": claims_per_article,
                    "created_at": now,
                }
            )
            for k, sentence in enumerate(sentences):
                start = text.index(sentence)
                claims.append(
                    {
                        "id": new_id(),
                        "extraction_id": extraction_id,
                        "run_id": run_id,
                        "article_id": article_id,
                        "idx": k,
                        "statement": sentence,
                        "claimant": f"Official {k % 5}",
                        "claimant_type": "government",
                        "via": None,
                        "quantity_value": float(1000 + k),
                        "quantity_unit": "troops",
                        "quantity_qualifier": "exact",
                        "claim_date": None,
                        "certainty": "asserted" if k % 3 else "hedged",
                        "evidence": sentence,
                        "evidence_start": start,
                        "evidence_end": start + len(sentence),
                        "alignment_status": "exact",
                        "alignment_score": 100.0,
                        "engine": engine,
                        "model": info.model,
                        "prompt_version": info.prompt_version,
                        "created_at": now,
                    }
                )
        for table, rows in (("articles", articles), ("extractions", extractions)):
            frame = pd.DataFrame(rows)
            con.register("frame", frame)
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM frame")
            con.unregister("frame")
        frame = pd.DataFrame(claims, columns=list(CLAIM_COLUMNS))
        con.register("frame", frame)
        con.execute("INSERT INTO claims BY NAME SELECT * FROM frame")
        con.unregister("frame")
    return len(claims)


def budanov_claims() -> list[Claim]:
    """Hand-written claims of the first seed article (000_...), as CLAIMS.md annotates them."""
    budanov = (
        'Close to 11,000 North Korean troops are in Russia and will be "ready to fight" in Ukraine'
        " by Nov. 1, military intelligence head Kyrylo Budanov said in comments published by the"
        " War Zone on Oct. 17."
    )
    day = dt.date(2024, 10, 17)
    return [
        Claim(
            statement="About 11,000 North Korean troops are in Russia.",
            claimant="Kyrylo Budanov",
            claimant_type=ClaimantType.intelligence,
            via="The War Zone",
            quantity=Quantity(value=11000, unit="troops", qualifier="about"),
            claim_date=day,
            evidence=budanov,
        ),
        Claim(
            statement="North Korean troops in Russia will be ready to fight in Ukraine by Nov. 1.",
            claimant="Kyrylo Budanov",
            claimant_type=ClaimantType.military,
            via="The War Zone",
            claim_date=day,
            certainty=Certainty.hedged,
            evidence=budanov,
        ),
        Claim(
            statement="A first group of 2,600 North Korean soldiers will go to Kursk Oblast.",
            claimant="Kyrylo Budanov",
            claimant_type=ClaimantType.intelligence,
            quantity=Quantity(value=2600, unit="soldiers"),
            evidence=(
                "Budanov said the first group of 2,600 soldiers will be deployed to Russia's"
                " Kursk Oblast"
            ),
        ),
        Claim(
            statement="North Korea is preparing to send about 10,000 soldiers to fight Ukraine.",
            claimant="Volodymyr Zelensky",
            claimant_type=ClaimantType.government,
            quantity=Quantity(value=10000, unit="soldiers", qualifier="about"),
            claim_date=day,
            evidence=(
                '"We know about 10,000 soldiers from North Korea they are preparing to send to'
                ' fight against us," he added.'
            ),
        ),
        Claim(
            statement="Pyongyang has sent 10,000 soldiers to Russia.",
            claimant="a Western diplomat",
            claimant_type=ClaimantType.anonymous,
            quantity=Quantity(value=10000, unit="soldiers"),
            evidence=(
                "a Western diplomat told the Kyiv Independent that Pyongyang had sent 10,000"
                " soldiers to Russia."
            ),
        ),
        Claim(
            statement="North Korea decided to deploy 12,000 soldiers to support Russia's war.",
            claimant="South Korea's National Intelligence Service",
            claimant_type=ClaimantType.intelligence,
            quantity=Quantity(value=12000, unit="soldiers"),
            claim_date=dt.date(2024, 10, 18),
            evidence=(
                "South Korea's National Intelligence Service (NIS) said on Oct. 18 Pyongyang had"
                " recently decided to deploy 12,000 North Korean soldiers, including special"
                " forces, to support Russia's war effort."
            ),
        ),
        Claim(
            statement="North Korean forces have gone to Russia.",
            claimant="Pat Ryder",
            claimant_type=ClaimantType.government,
            claim_date=day,
            certainty=Certainty.unconfirmed,
            evidence=(
                "Pentagon spokesperson Pat Ryder said on Oct. 17 he \"can't confirm whether"
                " there's North Korean forces that have gone to Russia\""
            ),
        ),
        Claim(
            statement="Readers signed up for the newsletter.",
            claimant=None,
            claimant_type=ClaimantType.media,
            evidence="Thank you for signing up for this newsletter.",
        ),
    ]


def showcase_store(path: Path) -> Store:
    """Two seed articles: the first with hand-written claims, the second sentence claims."""

    def claims_for(article: Article) -> list[Claim]:
        if (article.external_id or "").startswith("000_"):
            return budanov_claims()
        return sentence_claims(article.text)

    return fill_store(Store(path), seed_articles(2), FixedExtractor(claims_for))
