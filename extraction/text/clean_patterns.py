"""The regexes and character sets that cleaning classifies lines with (`clean.py`).

Whole-line templates: furniture ("Skip to content", share buttons, cookie and copyright
notices, credits, time stamps, date-only lines), appeals ("Become a member"),
end-of-article markers ("MORE NEWS") and inline "related story" markers ("Read also:").
Weighted appeal phrases, the byline and sentence-break patterns, and the date forms
(`DATE_RE`) that `metadata.py` also reads.

All patterns are anchored or plain alternations of literals: no nested quantifiers, so a
5 MB input cleans in linear time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Characters a sentence (or a quoted or bracketed one) ends with.
SENTENCE_END = ".!?\u2026\"'\u201d\u2019)]"
#: Sentence-final punctuation proper.
TERMINAL = ".!?"
#: Characters a quotation or bracketed phrase opens with.
OPENING = "\"'\u201c\u2018\u00ab(["

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


FURNITURE_RE = _alternation(_FURNITURE_TEMPLATES)
APPEAL_TEMPLATE_RE = _alternation(_APPEAL_TEMPLATES)
END_RE = _alternation(_END_TEMPLATES)
INLINE_RE = _alternation(_INLINE_TEMPLATES)
DATE_ONLY_RE = re.compile(
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
APPEALS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), weight) for pattern, weight, _ in _APPEAL_PHRASES
)
APPEAL_KEYS: tuple[tuple[str, int], ...] = tuple(
    (key, index) for index, (_, _, keys) in enumerate(_APPEAL_PHRASES) for key in keys
)
BYLINE_RE = re.compile(
    r"(?i:(?:written |words |reporting )?by|author\s*:)\s+(?P<rest>[A-Z\u00c0-\u00de].{1,240})"
)
CAPITALISED_RE = re.compile(r"\b[A-Z][\w\u2019'-]{3,}")
#: The end of a sentence inside a line: terminal punctuation, closing quotes, whitespace,
#: and then (checked in code) an opening quote, a capital or a digit.
SENTENCE_BREAK_RE = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*\s+")
BLANK_RUNS_RE = re.compile(r"\n{3,}")
