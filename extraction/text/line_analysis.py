"""What cleaning found in an article: each line's `Kind`, the removed passages, the headline.

`Analysis` holds the normalised lines and their kinds; `Analysis.text()` is the cleaned
body (kept lines, one blank line between paragraphs) and `Analysis.removed()` lists every
removed passage with its size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from extraction.text.clean_patterns import BLANK_RUNS_RE


class Kind(IntEnum):
    """What one line of an article is; only TEXT and BLANK lines are kept."""

    BLANK = 0
    TEXT = 1
    FURNITURE = 2
    DATELINE = 3
    APPEAL = 4
    END = 5
    INLINE = 6
    DUPLICATE = 7
    TITLE = 8
    BYLINE = 9
    TEASER = 10
    TAIL = 11


@dataclass(frozen=True)
class Removed:
    """A passage cleaning removed: what it was (a Kind name, lower case), its text and size."""

    kind: str
    text: str

    @property
    def chars(self) -> int:
        """Size of the passage in characters."""
        return len(self.text)


@dataclass
class Analysis:
    """An article's lines, what each one is, and where its headline and byline are."""

    lines: list[str]
    kinds: list[Kind]
    title_index: int | None = None
    byline_index: int | None = None
    scores: list[int] = field(default_factory=list)
    #: Sentences removed from inside kept lines (the lines hold what is left).
    removed_sentences: list[Removed] = field(default_factory=list)

    def removed(self) -> list[Removed]:
        """Every removed passage: dropped lines (blank ones aside) and dropped sentences."""
        dropped = [
            Removed(kind.name.lower(), line)
            for line, kind in zip(self.lines, self.kinds, strict=True)
            if kind not in (Kind.TEXT, Kind.BLANK)
        ]
        return dropped + self.removed_sentences

    @property
    def title(self) -> str | None:
        """The headline line, when one was recognised."""
        return None if self.title_index is None else self.lines[self.title_index]

    @property
    def byline(self) -> str | None:
        """The byline ("by Jane Roe October 18, 2024 2:05 PM"), when one was recognised."""
        return None if self.byline_index is None else self.lines[self.byline_index]

    def text(self) -> str:
        """The cleaned text: kept lines, one blank line between paragraphs."""
        kept = [
            line
            for line, kind in zip(self.lines, self.kinds, strict=True)
            if kind in (Kind.TEXT, Kind.BLANK)
        ]
        return BLANK_RUNS_RE.sub("\n\n", "\n".join(kept)).strip("\n")


def kept_indices(analysis: Analysis) -> list[int]:
    """Indices of the lines still kept as body text (Kind.TEXT)."""
    return [index for index, kind in enumerate(analysis.kinds) if kind is Kind.TEXT]
