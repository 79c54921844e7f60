"""`SentenceAnalyser`: the rules engine's parse and attributed claims as sentence units.

It runs the rules engine (own-voice claims off) and, instead of returning its claims,
turns each parsed article into `ArticleUnits` (see `units`). Training analyses labelled
articles with it; the learned engine extends it with the classifier's decisions.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from extraction.engines.learned.units import LABEL_SCHEME, ArticleUnits, build_units
from extraction.engines.rules.engine import RulesEngine
from extraction.schema import Article, Claim


class SentenceAnalyser(RulesEngine):
    """Parses articles with the rules engine and builds their sentence units."""

    def __init__(self, spacy_model: str | None = None) -> None:
        """The rules engine without own-voice claims (units offer those as candidates)."""
        super().__init__(spacy_model=spacy_model, prompt_version=LABEL_SCHEME, own_voice=False)
        self._sink = threading.local()

    def analyse_many(self, articles: Sequence[Article]) -> list[ArticleUnits]:
        """The sentence units of each article, in order (parsed with `nlp.pipe` in batches)."""
        collected: list[ArticleUnits] = []
        self._sink.units = collected
        try:
            self.extract_many(articles)
        finally:
            self._sink.units = None
        if len(collected) != len(articles):  # pragma: no cover - extract_many is one per article
            raise RuntimeError("sentence analysis lost articles")
        return collected

    def claims_of(self, units: ArticleUnits) -> list[Claim]:
        """The claims an article's units yield (the learned engine decides; none here)."""
        return []

    def _extract(
        self,
        article: Article,
        sentences: list[Span],
        blocks_of: list[int],
        quotes: list[tuple[int, int]],
        title: Doc | None,
    ) -> list[Claim]:
        attributed = super()._extract(article, sentences, blocks_of, quotes, title)
        units = build_units(article, sentences, blocks_of, quotes, attributed)
        sink = getattr(self._sink, "units", None)
        if sink is not None:
            sink.append(units)
            return []
        return self.claims_of(units)
