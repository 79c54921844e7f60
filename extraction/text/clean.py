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
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum

#: An end-of-article marker truncates only after this many characters of body text.
MIN_BODY_CHARS_BEFORE_END = 250
#: An appeal-scored line of several sentences is split (appeal sentences dropped, the rest
#: kept) only when sentences without any appeal phrase make this share of it.
MIN_PLAIN_SHARE = 0.6
#: Headline and byline are looked for among this many first kept lines.
HEADER_WINDOW = 6
#: A line this long that ends a sentence is body: no byline is looked for after it.
MIN_SENTENCE_CHARS = 80
#: Longest line that whole-line furniture templates are tried on.
MAX_TEMPLATE_CHARS = 300
#: Appeal score (sum of phrase weights) that drops a line on its own.
APPEAL_DROP_SCORE = 3
#: A headline is at most this long.
MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 30
#: A teaser paragraph after an inline "related" marker is at most this long.
MAX_TEASER_CHARS = 400
#: Teaser blocks and the lines around a marker are looked for within this many lines.
MAX_BLOCK_LINES = 8
#: Trailing name-like lines up to this many words are dropped ("Euromaidan Press").
MAX_TRAILING_STUB_WORDS = 5
_NAME_CONNECTORS = frozenset({"of", "and", "the", "for", "&", "-", "|", "\u2014", "\u2013"})

_SENTENCE_END = ".!?\u2026\"'\u201d\u2019)]"
_TERMINAL = ".!?"
_OPENING = "\"'\u201c\u2018\u00ab(["

MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
#: Common explicit date forms: "October 18, 2024", "18 Oct 2024", "2024-10-18", "18.10.2024".
DATE = (
    rf"(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4})"
)
DATE_RE = re.compile(rf"\b{DATE}", re.IGNORECASE)
_TIME = r"(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\.?)?(?:\s+[a-z]{2,5})?)"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)"
_READ_TIME = r"(?:\d+\s+min(?:ute)?s?\s+read)"

_SOCIAL = (
    r"(?:facebook|twitter|x|telegram|whatsapp|linkedin|reddit|instagram|youtube|tiktok"
    r"|pinterest|threads|bluesky|mastodon|viber|messenger|e-?mail|print|copy link|rss)"
)

# Whole-line templates (matched case-insensitively against the stripped line).
_FURNITURE_TEMPLATES = (
    r"skip to (?:main )?(?:content|navigation|menu|search|footer)",
    r"edit (?:post|article|page|story)",
    r"(?:this )?audio (?:is )?(?:created|generated|produced) with (?:the help of )?"
    r"(?:ai|artificial intelligence)(?: assistance)?\.?",
    r"listen(?: to)?(?: this| the)?(?: article| story)?(?: \d+ min(?:utes?)?)?",
    _READ_TIME,
    r"(?:please,? )?enter (?:a |your )?(?:correct |valid )?e-?mail(?: address)?"
    r"(?: to subscribe| here| below)?[.!]?",
    r"(?:your )?e-?mail(?: address)?\s*\*?:?",
    r"subscribe(?: now| here| today| for free| to (?:our|the|this) newsletter)?[.!]?",
    r"\*\s*(?:indicates|denotes) (?:a )?required(?: fields?)?\.?",
    r"success\w* subscribed[.!]?",
    r"thank you for (?:signing up|subscribing|registering|your subscription)\b.*",
    r"(?:sign up|subscribe|register) (?:for|to) (?:our |the |this )?.{0,60}"
    r"(?:newsletter|updates|alerts|digest|briefing)\b.*",
    r"(?:get|receive) (?:our |the )?.{0,40}newsletter\b.*",
    r"(?:advertisement|advertisment|advert|ad|sponsored(?: content| post)?|paid (?:content|post)"
    r"|story continues below(?: advertisement)?|continue reading(?: below)?(?: the main story)?"
    r"|scroll to continue(?: with content)?|article continues (?:below|after advertisement))",
    r"(?:copyright\b|\u00a9|\(c\)\s*\d{4}).*",
    r".{0,100}\ball rights reserved\b.*",
    r"(?:privacy|cookies?) (?:and|&) (?:cookies?|privacy) polic(?:y|ies)\.?",
    r"(?:privacy|cookies?) (?:polic(?:y|ies)|settings|preferences|notice)\.?",
    r"terms (?:of (?:use|service)|and conditions)\.?",
    r"(?:we|this (?:site|website)) uses? cookies\b.*",
    r"accept(?: all)? cookies\.?",
    r"to suggest a correction\b.*",
    r"you can also highlight the text and press ctrl\s*\+\s*enter\.?",
    r"please leave your (?:suggestions|comments|corrections|feedback)\b.*",
    r"(?:found|spotted|see) (?:a|an) (?:typo|error|mistake)\b.*",
    r"report (?:a |an )?(?:typo|error|correction)\b.*",
    r"(?:share|follow|like|find)(?: us| this| it)?(?: article| story| post| page)?"
    rf"(?:(?: on| via)? {_SOCIAL}(?:\s*[,|/\u2022\u00b7]\s*{_SOCIAL})*)?:?",
    rf"{_SOCIAL}(?:\s*[,|/\u2022\u00b7]?\s*{_SOCIAL})*",
    r"tweet|copy (?:the )?link|print(?: this)?(?: article| page| story)?",
    r"(?:\d+\s+)?comments?(?:\s*\(\d+\))?|leave a (?:comment|reply)",
    r"(?:tags?|topics?|filed under|categories|category)\s*:.{0,200}",
    r"(?:read|see) (?:also|more)\s*:.{1,200}",
    r"(?:also read|more on this(?: topic)?|recommended)\s*:.{1,200}",
    r"(?:the )?work of .{1,80} is (?:supported|funded|sponsored|made possible) by .{1,120}",
    r"(?:this (?:project|publication|site|website|article|story|material) )"
    r"(?:is|was) (?:supported|funded|sponsored|made possible) by .{1,120}",
    # credits and wire boilerplate
    r"\(?(?:additional )?(?:reporting|writing) by [^.;()]{1,100}"
    r"(?:;\s*(?:additional reporting|writing|editing|compiled|fact-checking) by [^.;()]{1,100})"
    r"{1,3}\)?\.?",
    r"\((?:additional )?reporting by [^()]{1,200}\)\.?",
    r"[^.]{1,80} contributed(?: reporting)? to this (?:report|story|article)\.?",
    r"our standards:.{0,100}",
    r".{0,80},? opens new tab",
    # breadcrumbs: "Home > World > Europe"
    r"(?:[^>\u203a\u00bb\n.,;:!?\d%]{1,30}[>\u203a\u00bb]\s*){1,6}[^>\u203a\u00bb\n.,;:!?\d%]{1,30}",
    _TIME,
    rf"(?:(?:published|updated|posted|last updated|first published|modified)(?: on)?:?\s*)?"
    rf"{_WEEKDAY}?{DATE}(?:,?\s*(?:at\s*)?{_TIME})?(?:\s*{_READ_TIME})?",
    r"(?:published|updated|posted|last updated|first published|modified)"
    r"(?:\s+on|\s*:)?\s+\d.{0,60}",
    r"(?:published|updated|posted|last updated|first published|modified)"
    r"(?:\s+on|\s*:)\s*.{0,40}\d.{0,40}",
)
_APPEAL_TEMPLATES = (
    r"become a (?:patron|member|subscriber|supporter|donor)[.!]?",
    r"support (?:us|our (?:work|journalism|reporting|newsroom|mission))(?: today| now)?[.!]?",
    r"(?:donate|make a donation|give)(?: now| today)?[.!]?",
    r"join (?:us|now|our community|the community)[.!]?",
    r"can we reach [\d,.]+k? (?:members|subscribers|supporters|readers|donors)\??",
)
_END_TEMPLATES = (
    r"news ?feed",
    r"more news",
    r"editors?['\u2019]?s? picks?",
    r"related (?:posts|articles|stories|news|content|coverage|reading)",
    r"recommended(?: for you| stories| articles| reading)?",
    r"most (?:read|popular|viewed|shared|commented)(?: stories| articles)?",
    r"(?:latest|top|popular|trending) (?:news|stories|articles|posts)",
    r"trending(?: now)?",
    r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in)",
    r"more (?:stories|articles|news) (?:from|on|about) .{1,60}",
    r"(?:more|latest) from .{1,60}",
    r"read next|up next|what to read next",
)
_INLINE_TEMPLATES = (
    r"related(?: topics?)?\s*:?",
    r"other topics of interest",
    r"(?:read|see) (?:also|more)\s*:?",
    r"also read\s*:?",
    r"more on (?:this|the) (?:topic|story)\s*:?",
)


def _alternation(templates: Iterable[str]) -> re.Pattern[str]:
    body = "|".join(f"(?:{template})" for template in templates)
    return re.compile(rf"(?:{body})", re.IGNORECASE)


_FURNITURE = _alternation(_FURNITURE_TEMPLATES)
_APPEAL_TEMPLATE = _alternation(_APPEAL_TEMPLATES)
_END = _alternation(_END_TEMPLATES)
_INLINE = _alternation(_INLINE_TEMPLATES)
_DATE_ONLY = re.compile(
    rf"(?:(?:published|updated|posted|last updated|first published|modified)(?: on)?:?\s*)?"
    rf"{_WEEKDAY}?{DATE}(?:,?\s*(?:at\s*)?{_TIME})?(?:\s*{_READ_TIME})?",
    re.IGNORECASE,
)

# Appeal phrases, their weights, and literal keys (lower case) one of which the line must
# contain before the phrase's regex is tried: 2 for phrases a news body essentially never
# uses in its own voice, 1 for phrases a quote could contain.
_APPEAL_PHRASES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    (r"\bhelp us\b", 2, ("help us",)),
    (r"\bsupport (?:us|our (?:work|journalism|reporting|newsroom|mission))\b", 2, ("support ",)),
    (r"\breaders like you\b", 2, ("readers like you",)),
    (r"\bbecome a (?:patron|member|subscriber|supporter|donor)\b", 2, ("become a ",)),
    (r"\bjoin (?:our|the) community\b", 2, ("community",)),
    (
        r"\breach [\d,.]+k? (?:members|subscribers|supporters|donors|patrons|readers)\b",
        2,
        ("reach ",),
    ),
    (r"\bpaywalls?\b", 2, ("paywall",)),
    (r"\bad[- ]?blockers?\b", 2, ("blocker",)),
    (r"\bkeep(?:ing)? (?:it|this|our \w+(?: and \w+)?) (?:free|open)\b", 2, ("keep",)),
    (r"\bour (?:materials|journalism|reporting|newsroom|newsletters?)\b", 2, ("our ",)),
    (r"\bwe (?:rely|depend) (?:solely |entirely |only )?on\b", 2, ("we rely", "we depend")),
    (r"\bclose this page\b", 2, ("close this page",)),
    (r"\bcup of coffee\b", 2, ("cup of coffee",)),
    (r"\b(?:reprint|republish)(?:ing|ed)?\b", 2, ("reprint", "republish")),
    (r"\bwritten permission\b", 2, ("written permission",)),
    (r"\bactive hyperlink\b", 2, ("active hyperlink",)),
    (r"\[email(?:\s|\u00a0)protected\]", 2, ("protected]",)),
    (r"\bsubscri(?:be|ption|bers?)\b", 2, ("subscri",)),
    (r"\bnewsletters?\b", 1, ("newsletter",)),
    (r"\bindependent (?:journalism|media(?: outlet)?)\b", 1, ("independent ",)),
    (r"\bdonat(?:e|ions?|ing)\b", 1, ("donat",)),
    (r"\byour (?:support|donation|contribution)s?\b", 1, ("your ",)),
    (r"\bneeds? (?:a|your) (?:community|support|help)\b", 1, ("need",)),
    (r"\bmembers?(?:hip)? (?:program|drive|community)\b", 1, ("member",)),
)
_APPEALS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), weight) for pattern, weight, _ in _APPEAL_PHRASES
)
_APPEAL_KEYS: tuple[tuple[str, int], ...] = tuple(
    (key, index) for index, (_, _, keys) in enumerate(_APPEAL_PHRASES) for key in keys
)

_BYLINE = re.compile(
    r"(?i:(?:written |words |reporting )?by|author\s*:)\s+(?P<rest>[A-Z\u00c0-\u00de].{1,240})"
)
_CAPITALISED = re.compile(r"\b[A-Z][\w\u2019'-]{3,}")
#: The end of a sentence inside a line: terminal punctuation, closing quotes, whitespace,
#: and then (checked in code) an opening quote, a capital or a digit.
_SENTENCE_BREAK = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*\s+")
#: Sentence kinds dropped from inside a line of several sentences.
_SENTENCE_DROP = frozenset({"appeal", "furniture"})
_BLANK_RUNS = re.compile(r"\n{3,}")


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
        return _BLANK_RUNS.sub("\n\n", "\n".join(kept)).strip("\n")


def normalize_text(raw: str) -> str:
    """NFC, `\\r\\n`/`\\r` -> `\\n`, whitespace stripped around each line, runs of blank
    lines collapsed to one. Characters inside lines are never changed."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")


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
    _mark_header(analysis, title)
    _mark_inline_teasers(analysis)
    _mark_cut_teasers(analysis)
    _spread_appeals(analysis)
    _trim_tail(analysis)
    return analysis


def classify_line(line: str) -> tuple[Kind, int]:
    """Classify one stripped line on its own; returns the kind and its appeal score."""
    if not line:
        return Kind.BLANK, 0
    if len(line) <= MAX_TEMPLATE_CHARS:
        if _END.fullmatch(line):
            return Kind.END, 0
        if _INLINE.fullmatch(line):
            return Kind.INLINE, 0
        if _APPEAL_TEMPLATE.fullmatch(line):
            return Kind.APPEAL, APPEAL_DROP_SCORE
        if _DATE_ONLY.fullmatch(line):
            return Kind.DATELINE, 0
        if _FURNITURE.fullmatch(line):
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
    for match in _SENTENCE_BREAK.finditer(line):
        end = match.end()
        following = line[end] if end < len(line) else ""
        if following and (following.isupper() or following.isdigit() or following in _OPENING):
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
    candidates = {index for key, index in _APPEAL_KEYS if key in lowered}
    score = 0
    for index in candidates:
        pattern, weight = _APPEALS[index]
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
    return first.isupper() or first.isdigit() or first in _OPENING


def byline_parts(line: str) -> tuple[str, str] | None:
    """Split a byline into (author text, rest after the author) or None if not a byline.

    "by Nate Ostiller October 18, 2024 2:05 PM 2 min read" -> ("Nate Ostiller",
    "October 18, 2024 2:05 PM 2 min read").
    """
    if len(line) > 250 or line[-1] in _TERMINAL:
        return None
    match = _BYLINE.fullmatch(line)
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


def _ends_cut_off(line: str) -> bool:
    """True for a paragraph cut off mid-sentence: ends in a letter, digit or an ellipsis."""
    return line[-1].isalnum() or line.endswith(("\u2026", "..."))


def _kept(analysis: Analysis) -> list[int]:
    return [index for index, kind in enumerate(analysis.kinds) if kind is Kind.TEXT]


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


def _mark_header(analysis: Analysis, title: str | None) -> None:
    kinds, lines = analysis.kinds, analysis.lines
    window = _kept(analysis)[:HEADER_WINDOW]
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
        for index in _kept(analysis):
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
    return len(line) >= MIN_SENTENCE_CHARS and line[-1] in _SENTENCE_END and " " in line


def _standalone_title(analysis: Analysis) -> int | None:
    """The first kept line, if it is a headline standing alone in its paragraph."""
    kept = _kept(analysis)
    if not kept:
        return None
    index = kept[0]
    line = analysis.lines[index]
    if _is_lone_headline(analysis, index) and not line.endswith(")") and len(line.split()) >= 3:
        return index
    return None


def _fold(line: str) -> str:
    return " ".join(line.casefold().split()).strip(" .")


def _previous_in_block(analysis: Analysis, index: int) -> int | None:
    """The nearest TEXT line before `index` in the same paragraph block (a few lines back)."""
    cursor = index - 1
    stop = max(index - MAX_BLOCK_LINES, 0)
    while cursor >= stop and analysis.kinds[cursor] is not Kind.BLANK:
        if analysis.kinds[cursor] is Kind.TEXT:
            return cursor
        cursor -= 1
    return None


def _mark_inline_teasers(analysis: Analysis) -> None:
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
            and _is_lone_headline(analysis, cursor)
        ):
            titles.append(cursor)
            cursor = _skip_gap(analysis, cursor + 1, titles)
        words = {word for title in titles for word in _CAPITALISED.findall(lines[title])}
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


def _is_lone_headline(analysis: Analysis, index: int) -> bool:
    """A headline-like line that is a paragraph of its own."""
    following = index + 1
    alone = following >= len(analysis.kinds) or analysis.kinds[following] is not Kind.TEXT
    return alone and is_title_like(analysis.lines[index])


def _drop_teaser_paragraph(
    analysis: Analysis, index: int, title_words: set[str], counts: Counter[str]
) -> None:
    """Drop a short paragraph about the teased story: it shares with the teaser headline a
    capitalised word that no other line of the article uses."""
    line = analysis.lines[index]
    if len(line) > MAX_TEASER_CHARS:
        return
    own = set(_CAPITALISED.findall(line))
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


def _mark_cut_teasers(analysis: Analysis) -> None:
    body_started = False
    for block in _blocks(analysis):
        pair = _teaser_pair(analysis, block) if body_started else None
        if pair is not None and _ends_cut_off(analysis.lines[pair[1]]):
            analysis.kinds[pair[0]] = analysis.kinds[pair[1]] = Kind.TEASER
            continue
        if any(analysis.kinds[index] is Kind.TEXT for index in block):
            body_started = True


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


def _trim_tail(analysis: Analysis) -> None:
    """Drop what trails the last body sentence: short stubs and teaser blocks."""
    kinds, lines = analysis.kinds, analysis.lines
    kept = _kept(analysis)
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
    if len(words) > MAX_TRAILING_STUB_WORDS or line[-1] in _SENTENCE_END:
        return False
    if any(char.isdigit() for char in line):
        return False
    return all(word[0].isupper() or word.casefold() in _NAME_CONNECTORS for word in words)


def _capitalised_counts(analysis: Analysis) -> Counter[str]:
    """For each capitalised word, the number of kept lines that use it."""
    counts: Counter[str] = Counter()
    for index in _kept(analysis):
        counts.update(set(_CAPITALISED.findall(analysis.lines[index])))
    return counts


def _about_other_story(analysis: Analysis, pair: tuple[int, int], counts: Counter[str]) -> bool:
    """True when a headline and its paragraph share a capitalised word that no other kept
    line uses: they are about something the article itself does not mention."""
    head, body = pair
    shared = set(_CAPITALISED.findall(analysis.lines[head])) & set(
        _CAPITALISED.findall(analysis.lines[body])
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
