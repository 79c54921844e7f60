"""Per-article state while claims are built, and helpers on its sentences and quotes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from extraction.engines.rules.attribution import Attribution
from extraction.engines.rules.claimants import (
    ClaimantResolver,
    Resolved,
)
from extraction.engines.rules.segments import quoted_share
from extraction.engines.rules.statements import (
    absolute,
    absolute_end,
)
from extraction.schema import Article, Claim


@dataclass
class _Context:
    """Per-article state while claims are built."""

    article: Article
    sentences: list[Span]
    blocks_of: list[int]
    quotes: list[tuple[int, int]]
    resolver: ClaimantResolver
    title_statement: str | None
    resolved: dict[tuple[int, int], list[Resolved]] = field(default_factory=dict)
    last_dates: dict[str | None, dt.date] = field(default_factory=dict)
    claims: list[tuple[int, Claim]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.article.text


def _sentence_span(sentence: Span) -> tuple[int, int]:
    """Absolute (start, end) of a sentence, without edge whitespace."""
    tokens = [token for token in sentence if not token.is_space]
    if not tokens:
        return absolute(sentence[0]), absolute(sentence[0])
    return absolute(tokens[0]), absolute_end(tokens[-1])


def _source_key(token: Token) -> tuple[int, int]:
    return (id(token.doc), token.i)


def _evidence(context: _Context, attribution: Attribution, tokens: Sequence[Token]) -> str:
    """The sentence(s) holding the cue and the content, sliced from the article text."""
    spans = [_sentence_span(attribution.sentence)]
    for token in tokens:
        spans.append(_sentence_span(token.sent))
    start = min(span[0] for span in spans)
    end = max(span[1] for span in spans)
    return context.text[start:end]


def _is_question(context: _Context, tokens: Sequence[Token]) -> bool:
    """True when the content ends with a question mark (possibly before a closing quote)."""
    end = absolute_end(max(tokens, key=lambda token: token.i))
    tail = context.text[end : end + 4].lstrip(" \"'”’»")
    return tail.startswith("?")


def _quoted_tokens(context: _Context, tokens: Sequence[Token]) -> bool:
    """True when most of the tokens are inside quotation marks (direct speech)."""
    if not tokens:
        return False
    start, end = absolute(tokens[0]), absolute_end(tokens[-1])
    return quoted_share(start, end, context.quotes, context.text) >= 0.5
