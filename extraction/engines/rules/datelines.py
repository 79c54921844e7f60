"""Wire datelines: the place (and day, and agency) that opens a wire story.

"HARWICK - ", "PORT ELLIS, Maine — ", "HOBART, Sept 26 (Pacific Rim Wire) - ",
"HARWICK/KESTON, 20 March 2019 - ", "KESTON: ": places in capitals (several joined by "/",
a name of several words or with hyphens), perhaps a region, a day and an agency in
brackets, then a dash or a colon; perhaps after a page's date stamp ("date 2021-09-14 ").
No statement keeps one, and no claimant's name starts with one ("KESTON - Norland
Airways said ..." is Norland Airways's claim).
"""

from __future__ import annotations

import re

from extraction.engines.rules import lexicon

_MONTH = "|".join(sorted((name.capitalize() for name in lexicon.MONTHS), key=len, reverse=True))
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’-]{2,}(?:[\s/][A-Z][A-Z.'’-]+)*(?:,\s+[A-Z][\w.]*(?:\s+[\w.]+){0,3})?"
    r"(?:,?\s+(?:(?:" + _MONTH + r")\.?\s+\d{1,2}|\d{1,2}\s+(?:" + _MONTH + r"))(?:,?\s+\d{4})?)?"
    r"(?:\s+\([^)]{1,40}\))?\s*(?:--|>>|[-—–:])\s+(?=[A-Z0-9])"
)


#: A page's date stamp left at the start of a text ("date 2021-09-14 ", "Published:
#: 2024-05-07 09:30 "): page furniture, before any dateline.
_DATE_STAMP = re.compile(
    r"^(?:date|published|updated|posted)\s*:?\s+\d{4}-\d{2}-\d{2}"
    r"(?:[T\s]\d{2}:\d{2}(?::\d{2})?)?\s+",
    re.IGNORECASE,
)


def strip_dateline(text: str) -> str:
    """`text` without a page's date stamp and a wire dateline at its start (unchanged
    when it has neither)."""
    return _DATELINE.sub("", _DATE_STAMP.sub("", text, count=1), count=1)
