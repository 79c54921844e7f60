"""Find an article's headline and byline among its first lines: they are metadata, not body.

A byline ("by Jane Roe October 18, 2024 2:05 PM") is looked for among the first
HEADER_WINDOW kept lines, up to the first long body sentence; the headline is the given
title wherever a line repeats it, else a headline-like line just above the byline or
standing alone at the top.
"""

from __future__ import annotations

from extraction.text.clean_patterns import SENTENCE_END
from extraction.text.line_analysis import Analysis, Kind, kept_indices
from extraction.text.line_classify import byline_parts, is_title_like

#: Headline and byline are looked for among this many first kept lines.
HEADER_WINDOW = 6
#: A line this long that ends a sentence is body: no byline is looked for after it.
MIN_SENTENCE_CHARS = 80


def mark_header(analysis: Analysis, title: str | None) -> None:
    """Mark the byline and the headline among the first kept lines: the given `title`
    wherever a line repeats it, else a headline-like line above the byline or standing
    alone first."""
    kinds, lines = analysis.kinds, analysis.lines
    window = kept_indices(analysis)[:HEADER_WINDOW]
    for position, index in enumerate(window):
        if _is_body_sentence(lines[index]):
            break
        if byline_parts(lines[index]) is None:
            continue
        kinds[index] = Kind.BYLINE
        analysis.byline_index = index
        if title is None and position > 0 and is_title_like(lines[window[position - 1]]):
            analysis.title_index = window[position - 1]
        break
    if title is not None:
        wanted = _fold(title)
        for index in kept_indices(analysis):
            if _fold(lines[index]) == wanted:
                kinds[index] = Kind.TITLE
                if analysis.title_index is None:
                    analysis.title_index = index
        return
    if analysis.title_index is None:
        analysis.title_index = _standalone_title(analysis)
    if analysis.title_index is not None:
        kinds[analysis.title_index] = Kind.TITLE


def _is_body_sentence(line: str) -> bool:
    """A long line ending a sentence: the body (or a caption) has started, so no byline
    follows. Captions come after bylines in the layouts seen."""
    return len(line) >= MIN_SENTENCE_CHARS and line[-1] in SENTENCE_END and " " in line


def _standalone_title(analysis: Analysis) -> int | None:
    """The first kept line, if it is a headline standing alone in its paragraph."""
    kept = kept_indices(analysis)
    if not kept:
        return None
    index = kept[0]
    line = analysis.lines[index]
    if is_lone_headline(analysis, index) and not line.endswith(")") and len(line.split()) >= 3:
        return index
    return None


def _fold(line: str) -> str:
    return " ".join(line.casefold().split()).strip(" .")


def is_lone_headline(analysis: Analysis, index: int) -> bool:
    """A headline-like line that is a paragraph of its own."""
    following = index + 1
    alone = following >= len(analysis.kinds) or analysis.kinds[following] is not Kind.TEXT
    return alone and is_title_like(analysis.lines[index])
