"""What a claimant's name looks like: its words, lexicon hits, publication names,
and the normal form names are compared and stored in."""

from __future__ import annotations

import re

from extraction.engines.rules import lexicon
from extraction.engines.rules.datelines import strip_dateline

_SPACES = re.compile(r"\s+")


_PAREN = re.compile(r"\s*\([^)]*\)")


_SHORT_UPPER_ONLY = lexicon.SHORT_UPPERCASE_NAMES
_CAPITALISED_ONLY = lexicon.CAPITALISED_TITLES


def _words(text: str) -> list[str]:
    """Words of a description as they are written (case kept)."""
    return re.findall(r"[A-Za-z][\w.'’-]*|[A-Z]{2,}", text)


_SPLIT_CACHE: dict[int, tuple[frozenset[str], frozenset[str], frozenset[str], tuple[str, ...]]] = {}


def _split_lexicon(
    entries: frozenset[str],
) -> tuple[frozenset[str], frozenset[str], frozenset[str], tuple[str, ...]]:
    """(single words, capitals-only acronyms, capitalised-only titles, multi-word phrases)
    of a lexicon, cached."""
    key = id(entries)
    cached = _SPLIT_CACHE.get(key)
    if cached is None:
        upper = frozenset(entry for entry in entries if entry in _SHORT_UPPER_ONLY)
        capitalised = frozenset(entry for entry in entries if entry in _CAPITALISED_ONLY)
        single = frozenset(entry for entry in entries if " " not in entry) - upper - capitalised
        multi = tuple(entry for entry in entries if " " in entry)
        cached = (single, upper, capitalised, multi)
        _SPLIT_CACHE[key] = cached
    return cached


def _hit(text: str, entries: frozenset[str]) -> bool:
    """True when a lexicon entry occurs in `text` as a word or phrase (acronyms in capitals;
    a plural "s" and a possessive "'s" are ignored)."""
    words = [re.sub(r"['’]s$", "", word) for word in _words(text)]
    single, upper, capitalised, multi = _split_lexicon(entries)
    folded = [word.lower() for word in words]
    candidates = set(folded) | {word.rstrip(".'’") for word in folded}
    candidates |= {word[:-1] for word in candidates if word.endswith("s")}
    if candidates & single:
        return True
    if capitalised and {word.lower() for word in words if word[:1].isupper()} & capitalised:
        return True  # "Major Ana Ruiz", not "a major utility"
    if upper and {word.rstrip(".") for word in words} & {entry.upper() for entry in upper}:
        return True
    if multi:
        joined = " " + " ".join(word.rstrip(".'’") for word in folded) + " "
        return any(f" {entry} " in joined or f" {entry}s " in joined for entry in multi)
    return False


def _is_media(name: str) -> bool:
    """True for a publication's name ("Reuters", "The Washington Post", "the War Zone")."""
    words = _words(name)
    if not words:
        return False
    first = next((word for word in words if word.lower() != "the"), "")
    if _hit(name, lexicon.MEDIA_WORDS - {"press", "media"}) and first[:1].isupper():
        return True
    capitalised = all(word[:1].isupper() for word in words if word.lower() not in {"the", "of"})
    return capitalised and words[-1].lower() in lexicon.MEDIA_NAME_ENDINGS


def is_media_name(name: str) -> bool:
    """Public wrapper: True when `name` reads as a publication or news agency."""
    return _is_media(name)


def _clean_name(name: str) -> str:
    """Drop a wire dateline ("KESTON - Norland Airways"), parentheses and edge
    punctuation; fold whitespace."""
    cleaned = _PAREN.sub("", strip_dateline(name))
    cleaned = cleaned.strip(" ,;:-—–\"'“”‘’")
    return _SPACES.sub(" ", cleaned).strip()


def strip_article(name: str) -> str:
    """Normalise a leading article: "the Pentagon" / "The Pentagon" -> "Pentagon" (but
    "The Washington Post" stays), "The army" -> "the army", "A source" -> "a source"."""
    if re.match(r"^(?:the|The)\s+[A-Z]", name) and not _is_media(name):
        return re.sub(r"^(?:the|The)\s+", "", name)
    if re.match(r"^(?:The|A|An)\s+[a-z]", name) or re.match(r"^(?:A|An)\s", name):
        return name[0].lower() + name[1:]
    return name


def _fold(name: str) -> str:
    """A name folded for comparison: lower case, no "the", no punctuation."""
    lowered = re.sub(r"[^\w\s]", " ", name.lower())
    lowered = re.sub(r"^\s*the\s+", "", lowered)
    return _SPACES.sub(" ", lowered).strip()
