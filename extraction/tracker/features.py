"""What the grouping compares besides embeddings: canonical text, unit class, entity keys.

- `canonical_text`: the statement with its figures (and their qualifiers) masked and any
  attribution stripped, so "About 11,000 North Korean troops are in Russia" and "North
  Korea has sent 10,000 soldiers to Russia" embed close together whatever their figures,
  and the claimant never makes two claims look alike.
- `unit_class`: a unit's family ("soldiers", "troops", "personnel" -> "troops"); two
  figures of different families are never about the same proposition.
- `entity_keys`: capitalised tokens of the statement (demonyms folded to their country,
  the claimant's own name left out), a spaCy-free stand-in for named entities.
"""

from __future__ import annotations

import re

from extraction.tracker.models import TrackedClaim

_QUALIFIER_WORDS = (
    "about|around|approximately|roughly|nearly|almost|close to|some|up to|more than|over"
    "|at least|at most|as many as|as few as|fewer than|less than|an estimated|a total of"
    "|estimated|upwards of|under|only"
)
#: A figure with the words that qualify it: "close to 11,000", "up to 6,000", "$1.5 billion".
FIGURE = re.compile(
    rf"(?:\b(?:{_QUALIFIER_WORDS})\s+)?[$€£]?\d(?:[\d,.]*\d)?\b(?:\s*(?:thousand|million|billion|%))?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_LEADING_ATTRIBUTION = re.compile(r"^according to [^,]{1,80},\s*", re.IGNORECASE)
_REPORTING_VERB = r"(?:said|says|told|reported|reports|claimed|claims|stated|announced|added)"
_TRAILING_ATTRIBUTION = re.compile(
    rf",?\s+(?:[\w.'’-]+\s+){{0,8}}?{_REPORTING_VERB}\b.*$", re.IGNORECASE
)
_PREFIX_ATTRIBUTION = re.compile(rf"^[^,]{{1,80}}?\b{_REPORTING_VERB}(?:\s+that)?\s+")

#: Unit families: every spelling of a unit maps to one key.
UNIT_FAMILIES: dict[str, tuple[str, ...]] = {
    "troops": (
        "troop",
        "soldier",
        "infantryman",
        "infantrymen",
        "infantry",
        "personnel",
        "serviceman",
        "servicemen",
        "servicemember",
        "service member",
        "force",
        "fighter",
        "combatant",
        "military personnel",
        "man",
        "men",
        "mercenary",
        "recruit",
        "conscript",
    ),
    "people": ("people", "person", "persons", "individual", "civilian", "resident"),
    "USD": ("usd", "dollar", "us dollar", "$"),
    "EUR": ("eur", "euro", "€"),
    "percent": ("percent", "per cent", "%", "percentage point"),
}
_UNIT_INDEX = {spelling: family for family, names in UNIT_FAMILIES.items() for spelling in names}

#: Capitalised words that are not entities when they start a statement (or anywhere).
_NOT_ENTITY_WORDS = """
    a an the about around some several in on at by for from to of and or but if as it its
    this that these those two three four five thousands hundreds dozens signs video military
    more nearly up over close approximately according there they he she we his her their after
    before since during while when with without under both each all many most other such only
    also not no one first last new if i you our officials reports sources"""
_NOT_ENTITIES = frozenset(_NOT_ENTITY_WORDS.split())
_MONTH_WORDS = """
    jan feb mar apr jun jul aug sep sept oct nov dec january february march april may june
    july august september october november december monday tuesday wednesday thursday friday
    saturday sunday"""
_MONTHS = frozenset(_MONTH_WORDS.split())
#: Demonyms and adjectives folded to the name they stand for.
_DEMONYMS = {
    "korean": "korea",
    "koreans": "korea",
    "russian": "russia",
    "russians": "russia",
    "ukrainian": "ukraine",
    "ukrainians": "ukraine",
    "american": "us",
    "americans": "us",
    "u.s": "us",
    "usa": "us",
    "chinese": "china",
    "iranian": "iran",
    "israeli": "israel",
    "european": "europe",
    "western": "west",
    "states": "us",
    "united": "us",
    "soviet": "ussr",
}
_TOKEN = re.compile(r"[A-Za-z][\w.'’]*")
#: Capitals standing for their governments ("Pyongyang decided"), folded to the country;
#: not when they name an outlet ("Kyiv Post", "Washington Post").
_METONYMS = {
    "Pyongyang": "North Korea",
    "Moscow": "Russia",
    "Kyiv": "Ukraine",
    "Kiev": "Ukraine",
    "Seoul": "South Korea",
    "Beijing": "China",
    "Tehran": "Iran",
    "Washington": "the United States",
}
_METONYM = re.compile(
    rf"\b({'|'.join(_METONYMS)})\b(?!\s+(?:Post|Independent|Times|Herald|Examiner))"
)


def fold_metonyms(text: str) -> str:
    """Replace capitals used for their states by the state's name ("Pyongyang" -> "North
    Korea"), so "Pyongyang sent troops" and "North Korea sent troops" read alike."""
    return _METONYM.sub(lambda m: _METONYMS[m.group(1)], text)


def unit_class(unit: str | None) -> str | None:
    """The family of a unit ("soldiers" -> "troops"); other units lower-cased, in the plural
    ("officer" and "officers" -> "officers"), so singular and plural compare equal."""
    if unit is None or not unit.strip():
        return None
    name = re.sub(r"\s+", " ", unit.strip().lower())
    for candidate in (name, name.removesuffix("s"), name.removesuffix("es")):
        if candidate in _UNIT_INDEX:
            return _UNIT_INDEX[candidate]
    if len(name) > 3 and name.isalpha() and not name.endswith("s"):
        return f"{name}s"
    return name


def _is_date_part(text: str, match: re.Match[str]) -> bool:
    """True for a year ("in 2024") or a day after a month ("Nov. 1"): dates, not figures."""
    figure = match.group(0)
    if _YEAR.fullmatch(figure):
        return True
    before = text[: match.start()].rstrip(" .").rsplit(" ", 1)[-1].lower()
    return before in _MONTHS and figure[:1].isdigit()


_UNIT_WORDS = re.compile(
    r"\b("
    + "|".join(
        sorted(
            (
                re.escape(name) + "(?:s|es)?"
                for name in _UNIT_INDEX
                if name.isalpha() and name not in {"man", "men"}
            ),
            key=len,
            reverse=True,
        )
    )
    + r")\b",
    re.IGNORECASE,
)


def mentioned_unit(statement: str) -> str | None:
    """The unit family a statement talks about without a figure ("North Korean soldiers were
    sent" -> "troops"), from the families in UNIT_FAMILIES only; None when none is named."""
    for match in _UNIT_WORDS.finditer(statement):
        family = unit_class(match.group(1))
        if family in UNIT_FAMILIES:
            return family
    return None


def mask_figures(text: str) -> str:
    """The text with each figure and its qualifier removed (dates kept), spacing repaired."""
    masked = FIGURE.sub(lambda m: m.group(0) if _is_date_part(text, m) else " ", text)
    masked = re.sub(r"\s+([,.;:])", r"\1", re.sub(r"\s+", " ", masked)).strip()
    return masked[:1].upper() + masked[1:]


def strip_attribution(statement: str) -> str:
    """The statement without "X said ..." or "according to X, ..." (engines that copy the
    sentence into the statement leave them in; CLAIMS.md statements have none)."""
    text = statement.strip()
    text = _LEADING_ATTRIBUTION.sub("", text)
    trimmed = _TRAILING_ATTRIBUTION.sub("", text)
    if len(trimmed) >= 20:
        text = trimmed
    prefixed = _PREFIX_ATTRIBUTION.sub("", text)
    if len(prefixed) >= 20 and prefixed != text:
        text = prefixed
    return re.sub(r"\s+", " ", text).strip(" ,;")


def canonical_text(claim: TrackedClaim) -> str:
    """What is embedded for a claim: its statement, attribution stripped, figures masked."""
    text = mask_figures(strip_attribution(fold_metonyms(claim.statement)))
    return text or claim.statement


def entity_keys(statement: str, claimant: str | None = None) -> frozenset[str]:
    """Lower-cased capitalised tokens of a statement: demonyms folded, claimant left out."""
    claimant_words = {word.lower() for word in re.findall(r"[A-Za-z]+", claimant or "")}
    keys: set[str] = set()
    for raw in _TOKEN.findall(fold_metonyms(statement).replace("-", " ")):
        if not raw[0].isupper():
            continue
        word = raw.lower().rstrip(".").replace("’", "'").removesuffix("'s").rstrip("'")
        word = _DEMONYMS.get(word, word)
        if not word or word in _NOT_ENTITIES or word in _MONTHS or word in claimant_words:
            continue
        keys.add(word)
    return frozenset(keys)
