"""Remove page furniture from article text and keep the body paragraphs byte-for-byte.

Evidence quotes are matched against the cleaned text, so cleaning never edits the inside of
a sentence: it normalises line breaks and per-line surrounding whitespace (NFC first), then
keeps or drops whole lines, and inside a line of several sentences (a one-paragraph text, a
JSONL record) drops a furniture or appeal sentence while keeping the sentences around it.
Every removed passage is listed with its size (`Analysis.removed`). Each line is classified
in linear time:

* furniture templates matched against the whole (short) line: "Skip to content",
  "Subscribe", "* indicates required", "Advertisement", cookie and copyright notices,
  correction prompts, share buttons, time stamps, date-only lines;
* end-of-article markers ("News Feed", "MORE NEWS", "Related Posts", ...): everything from
  the first one on is dropped, provided substantial body text comes before it and less
  text after it (otherwise only the marker line goes);
* inline "related story" markers ("Related:", "Other Topics of Interest", "Read also"): the
  marker, its teaser headline and a short teaser paragraph about the same (otherwise
  unmentioned) subject are dropped;
* appeals (membership, donation, newsletter, ad-blocker and reprint boilerplate) scored by
  phrases: a strong score drops a line, a weak one only next to another appeal or at the
  end of the article;
* repeated lines appear once; the headline and byline are metadata, not body, and go;
* teasers of other stories (a headline-like line directly followed by a paragraph cut off
  mid-sentence) go anywhere after the body start; at the end of the article any teaser
  block and short non-sentence lines ("Euromaidan Press") go.

All patterns are anchored or plain alternations of literals: no nested quantifiers, so a
5 MB input cleans in linear time.

This module runs the passes in order (`analyse`); the parts live in `clean_patterns.py`
(regexes), `line_analysis.py` (`Kind`, `Analysis`), `line_classify.py` (one line or
sentence), `headline_byline.py` and `teasers.py`. Their public names are importable from here.
"""

from __future__ import annotations

import unicodedata

from extraction.text.clean_patterns import BLANK_RUNS_RE
from extraction.text.clean_patterns import DATE as DATE
from extraction.text.clean_patterns import DATE_RE as DATE_RE
from extraction.text.clean_patterns import MONTH as MONTH
from extraction.text.headline_byline import HEADER_WINDOW as HEADER_WINDOW
from extraction.text.headline_byline import MIN_SENTENCE_CHARS as MIN_SENTENCE_CHARS
from extraction.text.headline_byline import mark_header
from extraction.text.line_analysis import Analysis as Analysis
from extraction.text.line_analysis import Kind as Kind
from extraction.text.line_analysis import Removed as Removed
from extraction.text.line_classify import APPEAL_DROP_SCORE as APPEAL_DROP_SCORE
from extraction.text.line_classify import MAX_TEMPLATE_CHARS as MAX_TEMPLATE_CHARS
from extraction.text.line_classify import MAX_TITLE_CHARS as MAX_TITLE_CHARS
from extraction.text.line_classify import MAX_TITLE_WORDS as MAX_TITLE_WORDS
from extraction.text.line_classify import MIN_PLAIN_SHARE as MIN_PLAIN_SHARE
from extraction.text.line_classify import appeal_score as appeal_score
from extraction.text.line_classify import byline_parts as byline_parts
from extraction.text.line_classify import classify_line as classify_line
from extraction.text.line_classify import classify_sentences as classify_sentences
from extraction.text.line_classify import is_title_like as is_title_like
from extraction.text.line_classify import split_sentences as split_sentences
from extraction.text.teasers import MAX_BLOCK_LINES as MAX_BLOCK_LINES
from extraction.text.teasers import MAX_TEASER_CHARS as MAX_TEASER_CHARS
from extraction.text.teasers import MAX_TRAILING_STUB_WORDS as MAX_TRAILING_STUB_WORDS
from extraction.text.teasers import mark_cut_teasers, mark_inline_teasers, trim_tail

#: An end-of-article marker truncates only after this many characters of body text.
MIN_BODY_CHARS_BEFORE_END = 250


def normalize_text(raw: str) -> str:
    """NFC, `\\r\\n`/`\\r` -> `\\n`, whitespace stripped around each line, runs of blank
    lines collapsed to one. Characters inside lines are never changed."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in text.split("\n")]
    return BLANK_RUNS_RE.sub("\n\n", "\n".join(lines)).strip("\n")


def clean_text(raw: str, *, title: str | None = None) -> str:
    """The article body of `raw`: normalised, furniture, headline and byline removed.

    `title`, when known (JSONL, HTML metadata, a markdown heading), is removed wherever a
    line repeats it; otherwise the headline is recognised heuristically.
    """
    return analyse(raw, title=title).text()


def analyse(raw: str, *, title: str | None = None) -> Analysis:
    """Classify every line of `raw` (see the module docstring); `Analysis.text()` is the body."""
    lines = normalize_text(raw).split("\n")
    kinds: list[Kind] = []
    scores: list[int] = []
    removed: list[Removed] = []
    for index, line in enumerate(lines):
        kept, kind, score, dropped = classify_sentences(line)
        lines[index] = kept
        kinds.append(kind)
        scores.append(score)
        removed.extend(dropped)
    analysis = Analysis(lines=lines, kinds=kinds, scores=scores, removed_sentences=removed)
    _mark_duplicates(analysis)
    _truncate_at_end_marker(analysis)
    mark_header(analysis, title)
    mark_inline_teasers(analysis)
    mark_cut_teasers(analysis)
    _spread_appeals(analysis)
    trim_tail(analysis)
    return analysis


def _mark_duplicates(analysis: Analysis) -> None:
    seen: set[str] = set()
    for index, kind in enumerate(analysis.kinds):
        if kind is not Kind.TEXT:
            continue
        line = analysis.lines[index]
        if line in seen:
            analysis.kinds[index] = Kind.DUPLICATE
        seen.add(line)


def _truncate_at_end_marker(analysis: Analysis) -> None:
    kinds, lines = analysis.kinds, analysis.lines
    total = sum(len(line) for line, kind in zip(lines, kinds, strict=True) if kind is Kind.TEXT)
    before = 0
    for index, kind in enumerate(kinds):
        if kind is Kind.TEXT:
            before += len(lines[index])
        elif kind is Kind.END and before >= MIN_BODY_CHARS_BEFORE_END and total - before < before:
            for rest in range(index + 1, len(kinds)):
                if kinds[rest] is not Kind.BLANK:
                    kinds[rest] = Kind.TAIL
            return


def _neighbours(analysis: Analysis, index: int) -> list[int]:
    """Nearest non-blank, non-furniture lines before and after `index` (-1 / len = edges)."""
    skip = (Kind.BLANK, Kind.FURNITURE, Kind.DUPLICATE, Kind.DATELINE)
    found: list[int] = []
    for step in (-1, 1):
        cursor = index + step
        while 0 <= cursor < len(analysis.kinds) and analysis.kinds[cursor] in skip:
            cursor += step
        found.append(cursor)
    return found


def _is_edge_of_body(analysis: Analysis, index: int) -> bool:
    return index >= len(analysis.kinds) or analysis.kinds[index] in (Kind.END, Kind.TAIL)


def _spread_appeals(analysis: Analysis) -> None:
    """Weak appeal lines go when next to a dropped appeal or at the end of the article."""
    kinds, scores = analysis.kinds, analysis.scores
    queue = [index for index, kind in enumerate(kinds) if kind is Kind.APPEAL]
    for index, kind in enumerate(kinds):
        if kind is Kind.TEXT and scores[index] >= 2:
            after = _neighbours(analysis, index)[1]
            if _is_edge_of_body(analysis, after):
                kinds[index] = Kind.APPEAL
                queue.append(index)
    while queue:
        index = queue.pop()
        for neighbour in _neighbours(analysis, index):
            if 0 <= neighbour < len(kinds) and kinds[neighbour] is Kind.TEXT and scores[neighbour]:
                kinds[neighbour] = Kind.APPEAL
                queue.append(neighbour)
