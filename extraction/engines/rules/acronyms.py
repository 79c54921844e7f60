"""Article-level name evidence: acronyms spelled out ("... Service (NIS)") and the
names under which an article refers to its own publication."""

from __future__ import annotations

import re

from extraction.engines.rules.names import (
    _SPACES,
    _is_media,
)

_ACRONYM = re.compile(
    r"((?:[A-Z][\w’'.-]*(?:['’]s)?\s+(?:(?:of|for|and|the|on|to)\s+)*){1,7})\(([A-Z][A-Za-z]{1,7})\)"
)


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
