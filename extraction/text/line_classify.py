"""Classify one line (or one sentence) of an article on its own, in linear time.

`classify_line` tries the whole-line templates of `clean_patterns.py` on a short line and
scores appeal phrases; `classify_sentences` drops furniture and appeal sentences from inside
a line of several sentences, keeping the rest byte-for-byte. Also the shape tests the
article-level passes share: `is_title_like` (a headline) and `byline_parts` (a byline).
"""

from __future__ import annotations

from extraction.text.clean_patterns import (
    APPEAL_KEYS,
    APPEAL_TEMPLATE_RE,
    APPEALS,
    BYLINE_RE,
    DATE_ONLY_RE,
    DATE_RE,
    END_RE,
    FURNITURE_RE,
    INLINE_RE,
    OPENING,
    SENTENCE_BREAK_RE,
    TERMINAL,
)
from extraction.text.line_analysis import Kind, Removed

#: An appeal-scored line of several sentences is split (appeal sentences dropped, the rest
#: kept) only when sentences without any appeal phrase make this share of it.
MIN_PLAIN_SHARE = 0.6
#: Longest line that whole-line furniture templates are tried on.
MAX_TEMPLATE_CHARS = 300
#: Appeal score (sum of phrase weights) that drops a line on its own.
APPEAL_DROP_SCORE = 3
#: A headline is at most this long.
MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 30
#: Sentence kinds dropped from inside a line of several sentences.
_SENTENCE_DROP = frozenset({"appeal", "furniture"})


def classify_line(line: str) -> tuple[Kind, int]:
    """Classify one stripped line on its own; returns the kind and its appeal score."""
    if not line:
        return Kind.BLANK, 0
    if len(line) <= MAX_TEMPLATE_CHARS:
        if END_RE.fullmatch(line):
            return Kind.END, 0
        if INLINE_RE.fullmatch(line):
            return Kind.INLINE, 0
        if APPEAL_TEMPLATE_RE.fullmatch(line):
            return Kind.APPEAL, APPEAL_DROP_SCORE
        if DATE_ONLY_RE.fullmatch(line):
            return Kind.DATELINE, 0
        if FURNITURE_RE.fullmatch(line):
            return Kind.FURNITURE, 0
    score = appeal_score(line)
    if score >= APPEAL_DROP_SCORE:
        return Kind.APPEAL, score
    return Kind.TEXT, score


def split_sentences(line: str) -> list[str]:
    """The sentences of one line, each with the whitespace that follows it, so that
    `"".join(split_sentences(line)) == line`. A break needs terminal punctuation, space, and
    then a capital, a digit or an opening quote; abbreviations may split too (harmless:
    only whole furniture sentences are ever dropped)."""
    parts: list[str] = []
    start = 0
    for match in SENTENCE_BREAK_RE.finditer(line):
        end = match.end()
        following = line[end] if end < len(line) else ""
        if following and (following.isupper() or following.isdigit() or following in OPENING):
            parts.append(line[start:end])
            start = end
    parts.append(line[start:])
    return [part for part in parts if part]


def classify_sentences(line: str) -> tuple[str, Kind, int, list[Removed]]:
    """Classify a line; in a line of several sentences, furniture and appeal sentences are
    dropped and the others kept.

    Returns (the line as kept, its kind, its appeal score, the sentences removed). A line
    whose every sentence is furniture or appeal is classified whole, as before.
    """
    kind, score = classify_line(line)
    if kind not in (Kind.TEXT, Kind.APPEAL):
        return line, kind, score, []  # a whole-line template ("Tags: ...") decides
    sentences = split_sentences(line)
    if len(sentences) < 2:
        return line, kind, score, []
    verdicts = [classify_line(sentence.strip()) for sentence in sentences]
    drop = [sentence_kind.name.lower() in _SENTENCE_DROP for sentence_kind, _score in verdicts]
    plain = [
        sentence_kind is Kind.TEXT and sentence_score == 0
        for sentence_kind, sentence_score in verdicts
    ]
    plain_chars = sum(len(part) for part, ok in zip(sentences, plain, strict=True) if ok)
    if not any(plain) or (kind is Kind.APPEAL and plain_chars < MIN_PLAIN_SHARE * len(line)):
        # An appeal paragraph with a courteous sentence or two ("Thank you!") goes whole.
        return line, kind, score, []
    kept = "".join(
        sentence for sentence, dropped in zip(sentences, drop, strict=True) if not dropped
    ).rstrip()
    removed = [
        Removed(verdict[0].name.lower(), sentence.strip())
        for sentence, verdict, dropped in zip(sentences, verdicts, drop, strict=True)
        if dropped
    ]
    # Real sentences carry the line: a weak phrase in one of them does not make it an appeal.
    kept_score = 0 if plain_chars >= MIN_PLAIN_SHARE * len(kept) else score
    return kept, Kind.TEXT, kept_score, removed


def appeal_score(line: str) -> int:
    """Sum of the weights of the distinct appeal phrases in `line`."""
    lowered = line.lower()
    candidates = {index for key, index in APPEAL_KEYS if key in lowered}
    score = 0
    for index in candidates:
        pattern, weight = APPEALS[index]
        if pattern.search(line):
            score += weight
    return score


def is_title_like(line: str) -> bool:
    """A headline-shaped line: short, several words, capitalised, no sentence-final period."""
    if not line or len(line) > MAX_TITLE_CHARS or line[-1] in ".,;:":
        return False
    if not (2 <= len(line.split()) <= MAX_TITLE_WORDS):
        return False
    first = line[0]
    return first.isupper() or first.isdigit() or first in OPENING


def byline_parts(line: str) -> tuple[str, str] | None:
    """Split a byline into (author text, rest after the author) or None if not a byline.

    "by Nate Ostiller October 18, 2024 2:05 PM 2 min read" -> ("Nate Ostiller",
    "October 18, 2024 2:05 PM 2 min read").
    """
    if len(line) > 250 or line[-1] in TERMINAL:
        return None
    match = BYLINE_RE.fullmatch(line)
    if match is None:
        return None
    rest = match.group("rest")
    cut = len(rest)
    date = DATE_RE.search(rest)
    if date is not None:
        cut = date.start()
    for separator in (" | ", " \u2022 ", " \u00b7 ", " - ", " \u2014 ", " \u2013 "):
        position = rest.find(separator)
        if 0 < position < cut:
            cut = position
    author = rest[:cut].strip(" ,;|-\u2013\u2014")
    if not author or len(author.split()) > 15:
        return None
    return author, rest[cut:].strip(" ,;|-\u2013\u2014")
