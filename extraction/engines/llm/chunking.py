"""Long articles: split on paragraph boundaries within a token budget, then merge claims.

Tokens are estimated as characters / 4 (no tokenizer needed). Consecutive chunks share
one paragraph of overlap, so a claim whose context straddles a boundary is seen whole
at least once; a claim found in two chunks (same claimant, and the same evidence or a
near-identical statement) is kept once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from extraction.schema import Claim
from extraction.text.grounding import normalize

#: Characters per token, for estimates.
CHARS_PER_TOKEN = 4
#: Default article budget of one request, in tokens.
DEFAULT_CHUNK_TOKENS = 3000
#: Statements at least this similar (0-100) from one claimant are the same claim.
SAME_STATEMENT = 92.0
#: With the same evidence, statements at least this similar are the same claim.
SAME_STATEMENT_SAME_EVIDENCE = 75.0

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+")


@dataclass(frozen=True)
class Chunk:
    """A slice of the article text: `text == article[start:end]`."""

    index: int
    start: int
    end: int
    text: str


def estimate_tokens(text: str) -> int:
    """Rough token count of `text`."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def _spans(text: str, separator: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    """Non-empty spans of text[start:end] between separators (separators dropped)."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in separator.finditer(text, start, end):
        if match.start() > cursor:
            spans.append((cursor, match.start()))
        cursor = match.end()
    if cursor < end:
        spans.append((cursor, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def paragraphs(text: str, budget_chars: int) -> list[tuple[int, int]]:
    """Paragraph spans of `text`; a paragraph over the budget is split into sentences.

    Paragraphs are separated by blank lines; a text without blank lines falls back to
    single line breaks.
    """
    separator = _PARAGRAPH_BREAK if _PARAGRAPH_BREAK.search(text) else _LINE_BREAK
    spans: list[tuple[int, int]] = []
    for start, end in _spans(text, separator, 0, len(text)):
        if end - start <= budget_chars:
            spans.append((start, end))
        else:
            spans.extend(_spans(text, _SENTENCE_END, start, end))
    return spans


def chunk_text(
    text: str, budget_tokens: int = DEFAULT_CHUNK_TOKENS, overlap: int = 1
) -> list[Chunk]:
    """Split `text` into chunks of whole paragraphs within `budget_tokens` each.

    A text within the budget is one chunk (the whole text). Each further chunk starts
    with the last `overlap` paragraphs of the previous one.
    """
    budget_chars = max(1, budget_tokens) * CHARS_PER_TOKEN
    if len(text) <= budget_chars:
        return [Chunk(index=0, start=0, end=len(text), text=text)]
    spans = paragraphs(text, budget_chars)
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for span in spans:
        if current and span[1] - current[0][0] > budget_chars:
            groups.append(current)
            kept = current[-overlap:] if overlap > 0 else []
            # the overlap never pushes a chunk over budget on its own
            while kept and span[1] - kept[0][0] > budget_chars:
                kept = kept[1:]
            current = list(kept)
        current.append(span)
    if current:
        groups.append(current)
    return [
        Chunk(index=i, start=g[0][0], end=g[-1][1], text=text[g[0][0] : g[-1][1]])
        for i, g in enumerate(groups)
    ]


def _key(value: str | None) -> str:
    return normalize(value or "").casefold().strip(" .")


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def same_claim(a: Claim, b: Claim, *, across_chunks: bool = True) -> bool:
    """True when `a` and `b` state the same proposition for the same claimant.

    Statements that differ in any figure are different claims, however similar. Claims of
    different chunks with the same evidence need only be alike (the overlap paragraph
    extracted twice, worded a little differently); claims of one answer must be nearly
    identical (CLAIMS.md's repeated proposition), since one sentence holds several.
    """
    if _key(a.claimant) != _key(b.claimant):
        return False
    if _numbers(a.statement) != _numbers(b.statement):
        return False
    if a.quantity is not None and b.quantity is not None and a.quantity.value != b.quantity.value:
        return False  # "Five attackers were killed" / "two were captured": figures in words
    statement_a, statement_b = _key(a.statement), _key(b.statement)
    similarity = fuzz.ratio(statement_a, statement_b)
    if similarity >= SAME_STATEMENT:
        return True
    same_evidence = _key(a.evidence) == _key(b.evidence)
    return across_chunks and same_evidence and similarity >= SAME_STATEMENT_SAME_EVIDENCE


def _fill_gaps(kept: Claim, duplicate: Claim) -> Claim:
    """`kept`, with optional fields it lacks taken from `duplicate`."""
    updates = {
        name: getattr(duplicate, name)
        for name in ("via", "quantity", "claim_date")
        if getattr(kept, name) is None and getattr(duplicate, name) is not None
    }
    return kept.model_copy(update=updates) if updates else kept


def merge_claims(groups: Iterable[Iterable[Claim]]) -> list[Claim]:
    """Claims of all chunks in order, each proposition-and-claimant kept once.

    A claim found again in another chunk (the overlap) is merged when it is alike; among
    the claims of one answer only a repeated proposition (a nearly identical statement by
    the same claimant with the same figures) is, since one sentence often holds several
    claims that share evidence and wording ("Five attackers were killed" / "Two attackers
    were captured")."""
    merged: list[Claim] = []
    origins: list[int] = []
    for index, group in enumerate(groups):
        for claim in group:
            for position, kept in enumerate(merged):
                if same_claim(kept, claim, across_chunks=origins[position] != index):
                    merged[position] = _fill_gaps(kept, claim)
                    break
            else:
                merged.append(claim)
                origins.append(index)
    return merged
