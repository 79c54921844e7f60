"""Split article text into prose blocks, drop page furniture, and find quotations.

A block is a paragraph (or a run of hard-wrapped lines) that ends like prose: with
sentence-final punctuation, possibly followed by a closing quote or bracket. Headlines,
bylines, captions and truncated teasers do not, and are skipped before parsing, which
also keeps the engine fast on raw pages. Offsets always index the article text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.engines.rules import lexicon

_FINAL = re.compile(r"[.!?…:][\"'”’)\]]*\s*$")
#: A sentence end followed by the next sentence inside a line.
_SENTENCE_INSIDE = re.compile(r"[a-z0-9%)][.!?][\"'”’)\]]*\s+[\"'“‘(]?[A-Z]")
#: Words a cut-off last paragraph needs to count as prose.
CUT_OFF_WORDS = 15
#: Words a last paragraph that is one sentence cut off mid-word needs to count as prose.
CUT_OFF_SENTENCE_WORDS = 10
_LINE = re.compile(r"[^\n]*\n?")
_WORD = re.compile(r"[A-Za-z]")
_SMALL_WORDS = lexicon.TITLE_SMALL_WORDS
_OPENING = "“«„"
_CLOSING = "”»‟"


@dataclass(frozen=True)
class Block:
    """A prose paragraph: its character span in the article text."""

    start: int
    end: int


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, end excluding the newline."""
    spans: list[tuple[int, int]] = []
    for match in _LINE.finditer(text):
        start, end = match.start(), match.end()
        if start == end:
            break
        line = text[start:end].rstrip("\n\r")
        if line.strip():
            lead = len(line) - len(line.lstrip())
            spans.append((start + lead, start + len(line.rstrip())))
    return spans


def _continues(text: str, previous: tuple[int, int], current: tuple[int, int]) -> bool:
    """True when `current` continues a hard-wrapped line: no final mark, lower-case start."""
    gap = text[previous[1] : current[0]]
    if gap.count("\n") > 1:
        return False
    before = text[previous[0] : previous[1]]
    after = text[current[0] : current[1]]
    return not _FINAL.search(before) and after[:1].islower()


def _heading(line: str) -> str:
    """A line folded for comparison with furniture headings."""
    return re.sub(r"[\s:.!>»]+$", "", line.strip().lower())


def is_furniture_line(line: str) -> bool:
    """True for captions, credits, calls to action and other non-prose lines."""
    stripped = line.strip()
    lowered = stripped.lower()
    if not _WORD.search(stripped):
        return True
    if _heading(stripped) in lexicon.FURNITURE_HEADINGS:
        return True
    if lowered.startswith(lexicon.CAPTION_STARTS) or is_in_this_caption(lowered):
        return True
    if any(phrase in lowered for phrase in lexicon.FURNITURE_PHRASES):
        return True
    return is_headline(stripped) or not _FINAL.search(stripped)


#: Words of an "In this ..." caption searched for a picture word.
CAPTION_OPENING_WORDS = 8


def is_in_this_caption(lowered: str) -> bool:
    """True for a lower-cased line opening "In this ..." with a picture word
    (`CAPTION_PICTURE_WORDS`) in its first words: "in this march 3, 2021 photo provided
    by ...", "in this file photo, ..."."""
    if not lowered.startswith("in this "):
        return False
    opening = " " + " ".join(re.findall(r"[\w’']+", lowered)[:CAPTION_OPENING_WORDS]) + " "
    return any(f" {word} " in opening for word in lexicon.CAPTION_PICTURE_WORDS)


def is_headline(line: str) -> bool:
    """True for a title-cased line ("Stealth Over Health: Clinton Was Headed to ER.")."""
    words = [word for word in line.split() if _WORD.search(word)]
    if len(words) < 4 or len(line) > 200:
        return False
    content = [word for word in words if word.lower() not in _SMALL_WORDS]
    capitalised = sum(1 for word in content if word.lstrip("\"'“‘(")[:1].isupper())
    return bool(content) and capitalised / len(content) >= 0.9


def prose_blocks(text: str) -> list[Block]:
    """The prose paragraphs of `text`, in order, without headlines and page furniture.

    Text after a furniture heading that starts the page's trailer ("News Feed",
    "Related Posts") in the second half of the text is dropped as a whole.
    """
    merged: list[tuple[int, int]] = []
    for span in _lines(text):
        if merged and _continues(text, merged[-1], span):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    blocks: list[Block] = []
    for index, (start, end) in enumerate(merged):
        line = text[start:end]
        if _heading(line) in lexicon.TRAILER_HEADINGS and start > len(text) // 2:
            break
        last = index == len(merged) - 1
        if is_furniture_line(line) and not (last and is_cut_off_paragraph(line)):
            continue
        blocks.append(Block(start, end))
    return blocks


def is_cut_off_paragraph(line: str) -> bool:
    """True for prose cut off mid-sentence, as the last paragraph of a paste that ends
    where the page preview ended: at least `CUT_OFF_WORDS` words and a full sentence
    before the cut, or `CUT_OFF_SENTENCE_WORDS` words of one sentence cut mid-word; and
    otherwise not furniture (no caption or credit start, heading or title case)."""
    stripped = line.strip()
    words = [word for word in stripped.split() if _WORD.search(word)]
    if _FINAL.search(stripped) or is_headline(stripped):
        return False
    if _heading(stripped) in lexicon.FURNITURE_HEADINGS:
        return False
    if stripped.lower().startswith(lexicon.CAPTION_STARTS):
        return False
    if len(words) >= CUT_OFF_SENTENCE_WORDS and stripped[-1:].isalnum():
        return True  # one sentence cut off mid-word ("... the city was unaware of")
    return len(words) >= CUT_OFF_WORDS and _SENTENCE_INSIDE.search(stripped) is not None


def quote_spans(text: str, blocks: list[Block]) -> list[tuple[int, int]]:
    """Character spans of double-quoted passages (quote marks included), per block.

    Curly quotes open and close explicitly; straight quotes alternate. A quote left open
    at the end of a block closes there (news style continues it in the next paragraph,
    which opens a new quote).
    """
    spans: list[tuple[int, int]] = []
    for block in blocks:
        opened: int | None = None
        for position in range(block.start, block.end):
            char = text[position]
            if char in _OPENING or (char == '"' and opened is None):
                if opened is None:
                    opened = position
            elif (char in _CLOSING or char == '"') and opened is not None:
                spans.append((opened, position + 1))
                opened = None
        if opened is not None:
            spans.append((opened, block.end))
    return spans


def quoted_share(start: int, end: int, spans: list[tuple[int, int]], text: str) -> float:
    """Share of the non-space characters in [start, end) that lie inside a quote span."""
    total = sum(1 for char in text[start:end] if not char.isspace())
    if not total:
        return 0.0
    inside = 0
    for quote_start, quote_end in spans:
        lo, hi = max(start, quote_start), min(end, quote_end)
        if lo < hi:
            inside += sum(1 for char in text[lo:hi] if not char.isspace())
    return inside / total
