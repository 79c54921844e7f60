"""Wire datelines: the place (and day, and agency) that opens a wire story.

"HARWICK - ", "PORT ELLIS, Maine — ", "HOBART, Sept 26 (Pacific Rim Wire) - ",
"HARWICK/KESTON, 20 March 2019 - ", "KESTON: ": places in capitals (several joined by "/",
a name of several words or with hyphens), perhaps a region, a day and an agency in
brackets, then a dash or a colon. No statement keeps one, and no claimant's name starts
with one ("KESTON - Norland Airways said ..." is Norland Airways's claim).
"""

from __future__ import annotations

import re

from extraction.engines.rules import lexicon

_MONTH = "|".join(sorted((name.capitalize() for name in lexicon.MONTHS), key=len, reverse=True))
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’-]{2,}(?:[\s/][A-Z][A-Z.'’-]+)*(?:,\s+[A-Z][\w.]*(?:\s+[\w.]+){0,3})?"
    r"(?:,?\s+(?:(?:" + _MONTH + r")\.?\s+\d{1,2}|\d{1,2}\s+(?:" + _MONTH + r"))(?:,?\s+\d{4})?)?"
    r"(?:\s+\([^)]{1,40}\))?\s*(?:--|[-—–:])\s+(?=[A-Z0-9])"
)


def strip_dateline(text: str) -> str:
    """`text` without a wire dateline at its start (unchanged when it has none)."""
    return _DATELINE.sub("", text, count=1)
