"""Article-level name evidence: acronyms spelled out ("... Service (NIS)") or only spelled
by the initials of a name the article gives ("BoE" after "Bank of England"), and the names
under which an article refers to its own publication."""

from __future__ import annotations

import re

from extraction.engines.rules.names import (
    _SPACES,
    _is_media,
)

_ACRONYM = re.compile(
    r"((?:[A-Z][\w’'.-]*(?:['’]s)?\s+(?:(?:of|for|and|the|on|to)\s+)*){1,7})\(([A-Z][A-Za-z]{1,7})\)"
)


#: Small words a long name holds between its capitalised words ("Bank of England").
_SMALL_WORDS = ("of", "for", "and", "the", "on", "de", "du", "des")
#: A run of capitalised words, with the small words names hold.
_LONG_NAME = re.compile(
    r"\b[A-Z][\w’'.&-]*(?:\s+(?:(?:" + "|".join(_SMALL_WORDS) + r")\s+)*[A-Z][\w’'.&-]*)+"
)
#: An acronym as written: 2-7 letters, at least two of them capitals ("IAEA", "BoE").
_ACRONYM_FORM = re.compile(r"(?=(?:.*[A-Z]){2})[A-Z][A-Za-z]{1,6}")


_SELF_VERBS = (
    r"(?:contacted|has contacted|reached out|has reached out|has not been able|"
    r"could not (?:independently )?(?:verify|confirm)|"
    r"cannot (?:independently )?(?:verify|confirm)|was unable|is unable|has asked|asked|"
    r"has not independently|did not receive|has not received|had not received|news desk)"
)


_SELF = re.compile(r"((?:The\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s+" + _SELF_VERBS)


def acronyms(text: str) -> dict[str, str]:
    """Acronym -> long name from "South Korea's National Intelligence Service (NIS)"."""
    found: dict[str, str] = {}
    for match in _ACRONYM.finditer(text):
        long_name = _SPACES.sub(" ", match.group(1)).strip()
        long_name = re.sub(r"^(?:According\s+to\s+)?(?:(?:The|A|An)\s+)?", "", long_name)
        if len(long_name.split()) >= 2:
            found.setdefault(match.group(2), long_name)
    return found


def self_names(text: str, publication: str | None) -> list[str]:
    """Names under which the article refers to its own publication."""
    names = [publication] if publication else []
    for match in _SELF.finditer(text):
        candidate = match.group(1).strip()
        if _is_media(candidate):
            names.append(candidate)
    return names


def _initials(words: list[str], capitals_only: bool) -> str:
    return "".join(
        word[0] for word in words if not (capitals_only and word.lower() in _SMALL_WORDS)
    )


def initialisms(text: str) -> dict[str, str]:
    """Upper-cased initials -> the long name they abbreviate, for every capitalised
    multi-word name in the text ("BOE" and "BE" -> "Bank of England"); the first name
    with given initials wins."""
    found: dict[str, str] = {}
    for match in _LONG_NAME.finditer(text):
        name = re.sub(r"^(?:The|A|An)\s+", "", re.sub(r"\s+", " ", match.group(0)))
        words = name.split()
        if len(words) < 2:
            continue
        for capitals_only in (False, True):
            key = _initials(words, capitals_only).upper()
            if len(key) >= 2:
                found.setdefault(key, name)
    return found


def expand_initialism(name: str, known: dict[str, str]) -> str | None:
    """The long name an acronym-shaped `name` abbreviates in the article, if any."""
    if not _ACRONYM_FORM.fullmatch(name):
        return None
    return known.get(name.upper())
