"""Remove teasers of other stories and what trails the article body.

* after an inline "related" marker: its teaser headline and a short teaser paragraph about
  the same (otherwise unmentioned) subject;
* anywhere after the body start: a headline-like line followed by a paragraph cut off
  mid-sentence;
* at the end of the article: teaser blocks about another story and short name-like stubs
  ("Euromaidan Press").
"""

from __future__ import annotations

from collections import Counter

from extraction.text.clean_patterns import CAPITALISED_RE, SENTENCE_END
from extraction.text.headline_byline import is_lone_headline
from extraction.text.line_analysis import Analysis, Kind, kept_indices
from extraction.text.line_classify import MAX_TITLE_CHARS, is_title_like

#: A teaser paragraph after an inline "related" marker is at most this long.
MAX_TEASER_CHARS = 400
#: Teaser blocks and the lines around a marker are looked for within this many lines.
MAX_BLOCK_LINES = 8
#: Trailing name-like lines up to this many words are dropped ("Euromaidan Press").
MAX_TRAILING_STUB_WORDS = 5
_NAME_CONNECTORS = frozenset({"of", "and", "the", "for", "&", "-", "|", "\u2014", "\u2013"})


def _ends_cut_off(line: str) -> bool:
    """True for a paragraph cut off mid-sentence: ends in a letter, digit or an ellipsis."""
    return line[-1].isalnum() or line.endswith(("\u2026", "..."))


def _previous_in_block(analysis: Analysis, index: int) -> int | None:
    """The nearest TEXT line before `index` in the same paragraph block (a few lines back)."""
    cursor = index - 1
    stop = max(index - MAX_BLOCK_LINES, 0)
    while cursor >= stop and analysis.kinds[cursor] is not Kind.BLANK:
        if analysis.kinds[cursor] is Kind.TEXT:
            return cursor
        cursor -= 1
    return None


def mark_inline_teasers(analysis: Analysis) -> None:
    """Drop each inline "related" marker's teaser headline and a short teaser paragraph
    about the same (otherwise unmentioned) subject."""
    kinds, lines = analysis.kinds, analysis.lines
    markers = [index for index, kind in enumerate(kinds) if kind is Kind.INLINE]
    if not markers:
        return
    counts = _capitalised_counts(analysis)
    for marker in markers:
        titles: list[int] = []
        before = _previous_in_block(analysis, marker)
        if before is not None and is_title_like(lines[before]):
            titles.append(before)
        cursor = _skip_gap(analysis, marker + 1, titles)
        if (
            cursor < len(kinds)
            and kinds[cursor] is Kind.TEXT
            and is_lone_headline(analysis, cursor)
        ):
            titles.append(cursor)
            cursor = _skip_gap(analysis, cursor + 1, titles)
        words = {word for title in titles for word in CAPITALISED_RE.findall(lines[title])}
        for title in titles:
            if kinds[title] is Kind.TEXT:
                kinds[title] = Kind.TEASER
        if cursor < len(kinds) and kinds[cursor] is Kind.TEXT:
            _drop_teaser_paragraph(analysis, cursor, words, counts)


def _skip_gap(analysis: Analysis, start: int, duplicates: list[int]) -> int:
    """First index from `start` that is not blank or a repeated line (collected)."""
    cursor = start
    stop = min(start + MAX_BLOCK_LINES, len(analysis.kinds))
    while cursor < stop and analysis.kinds[cursor] in (Kind.BLANK, Kind.DUPLICATE):
        if analysis.kinds[cursor] is Kind.DUPLICATE:
            duplicates.append(cursor)
        cursor += 1
    return cursor


def _drop_teaser_paragraph(
    analysis: Analysis, index: int, title_words: set[str], counts: Counter[str]
) -> None:
    """Drop a short paragraph about the teased story: it shares with the teaser headline a
    capitalised word that no other line of the article uses."""
    line = analysis.lines[index]
    if len(line) > MAX_TEASER_CHARS:
        return
    own = set(CAPITALISED_RE.findall(line))
    # counts holds the teaser headline and this paragraph too: 2 means nowhere else.
    if any(word in title_words and counts[word] <= 2 for word in own):
        analysis.kinds[index] = Kind.TEASER


def _blocks(analysis: Analysis) -> list[list[int]]:
    """Paragraph blocks: runs of non-blank lines, as lists of line indices."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for index, kind in enumerate(analysis.kinds):
        if kind is Kind.BLANK:
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(index)
    if current:
        blocks.append(current)
    return blocks


def _teaser_pair(analysis: Analysis, block: list[int]) -> tuple[int, int] | None:
    """(headline, paragraph) when a block's kept lines are a headline-like line followed by a
    longer paragraph."""
    kept = [index for index in block if analysis.kinds[index] is Kind.TEXT]
    if len(kept) != 2:
        return None
    head, body = kept
    head_line, body_line = analysis.lines[head], analysis.lines[body]
    if is_title_like(head_line) and len(body_line) > len(head_line):
        return head, body
    return None


def mark_cut_teasers(analysis: Analysis) -> None:
    """After the body has started, drop blocks of a headline-like line followed by a
    paragraph cut off mid-sentence (teasers of other stories)."""
    body_started = False
    for block in _blocks(analysis):
        pair = _teaser_pair(analysis, block) if body_started else None
        if pair is not None and _ends_cut_off(analysis.lines[pair[1]]):
            analysis.kinds[pair[0]] = analysis.kinds[pair[1]] = Kind.TEASER
            continue
        if any(analysis.kinds[index] is Kind.TEXT for index in block):
            body_started = True


def trim_tail(analysis: Analysis) -> None:
    """Drop what trails the last body sentence: short stubs and teaser blocks."""
    kinds, lines = analysis.kinds, analysis.lines
    kept = kept_indices(analysis)
    counts: Counter[str] | None = None
    while len(kept) >= 2:
        last = kept[-1]
        line = lines[last]
        if len(line) <= MAX_TITLE_CHARS and _is_stub(line):
            kinds[kept.pop()] = Kind.TAIL
            continue
        pair = _teaser_pair(analysis, _block_of(analysis, last))
        if pair is None or pair[1] != last or pair[0] == kept[0]:
            return
        if counts is None:
            counts = _capitalised_counts(analysis)
        if not _about_other_story(analysis, pair, counts):
            return
        kinds[pair[0]] = kinds[pair[1]] = Kind.TEASER
        kept = [index for index in kept if kinds[index] is Kind.TEXT]


def _is_stub(line: str) -> bool:
    """A name-like line that ends no sentence ("Euromaidan Press", "Share"): a few
    capitalised words, no figures. List items ("200 people were injured") are not stubs."""
    words = line.split()
    if len(words) > MAX_TRAILING_STUB_WORDS or line[-1] in SENTENCE_END:
        return False
    if any(char.isdigit() for char in line):
        return False
    return all(word[0].isupper() or word.casefold() in _NAME_CONNECTORS for word in words)


def _capitalised_counts(analysis: Analysis) -> Counter[str]:
    """For each capitalised word, the number of kept lines that use it."""
    counts: Counter[str] = Counter()
    for index in kept_indices(analysis):
        counts.update(set(CAPITALISED_RE.findall(analysis.lines[index])))
    return counts


def _about_other_story(analysis: Analysis, pair: tuple[int, int], counts: Counter[str]) -> bool:
    """True when a headline and its paragraph share a capitalised word that no other kept
    line uses: they are about something the article itself does not mention."""
    head, body = pair
    shared = set(CAPITALISED_RE.findall(analysis.lines[head])) & set(
        CAPITALISED_RE.findall(analysis.lines[body])
    )
    return any(counts[word] <= 2 for word in shared)


def _block_of(analysis: Analysis, index: int) -> list[int]:
    """The paragraph block around `index`, looking at most MAX_BLOCK_LINES either way (a
    longer block is never a teaser, and the bound keeps tail trimming linear)."""
    start = index
    low = max(index - MAX_BLOCK_LINES, 0)
    while start > low and analysis.kinds[start - 1] is not Kind.BLANK:
        start -= 1
    end = index
    high = min(index + MAX_BLOCK_LINES, len(analysis.kinds) - 1)
    while end < high and analysis.kinds[end + 1] is not Kind.BLANK:
        end += 1
    return list(range(start, end + 1))
