"""The value of one number token: digits, "2bn"-style suffixes and number words."""

from __future__ import annotations

import re

from extraction.engines.rules import lexicon

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


_SUFFIXED = re.compile(
    r"^(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(k|m|mn|bn|tn)$", re.IGNORECASE
)


_SUFFIX_SCALE = lexicon.SUFFIX_SCALES


def is_suffixed(text: str) -> bool:
    """True for a number with a scale suffix glued on ("6bn", "1,250bn", "2.5m")."""
    return _SUFFIXED.match(text.strip()) is not None


def parse_number(text: str) -> float | None:
    """The value of one number token: "11,000" -> 11000, "1.5" -> 1.5, "three" -> 3, "2bn"."""
    cleaned = text.strip()
    if _DIGITS.match(cleaned):
        return float(cleaned.replace(",", ""))
    suffixed = _SUFFIXED.match(cleaned)
    if suffixed:
        value = float(suffixed.group(1).replace(",", ""))
        return value * _SUFFIX_SCALE[suffixed.group(2).lower()]
    lowered = cleaned.lower()
    if lowered in lexicon.NUMBER_WORDS:
        return float(lexicon.NUMBER_WORDS[lowered])
    if "-" in lowered:
        tens, _, unit = lowered.partition("-")
        if tens in lexicon.NUMBER_WORDS and unit in lexicon.NUMBER_WORDS:
            return float(lexicon.NUMBER_WORDS[tens] + lexicon.NUMBER_WORDS[unit])
    return None
