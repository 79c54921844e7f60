"""Field equality rules for a matched (gold, predicted) pair (CLAIMS.md, scoring step 4).

Every rule returns a `FieldCheck`: whether the field is correct and a short reason,
so a report can say *why* a field was counted wrong.

- `claimant`: the same entity. Both null is correct, one null is wrong. Otherwise both
  names are normalised (lowercase; possessive 's, punctuation, leading articles and
  honorifics such as "Dr.", "Mr.", "Gen." removed) and each name also yields a
  *role-stripped* variant, where a role noun ("President", "spokesperson", "head",
  "chief", "minister", ...) and every word before it are dropped ("Pentagon spokesperson
  Pat Ryder" -> "pat ryder"). Two names are the same entity when some variants are
  equal; or one is a single word equal to the other's last word (a surname:
  "Budanov" / "Kyrylo Budanov") or followed there only by generic nouns ("Yonhap" /
  "Yonhap news agency"); or one has two or more words, all contained in the
  other's words ("National Intelligence Service" / "South Korea's National Intelligence
  Service"); or one is an acronym of the other (given in parentheses, "... Service (NIS)",
  or formed from the initials of its capitalised words, also of its trailing ones).
  Any other single word inside the other name does *not* count: "Pentagon" and
  "Pentagon spokesperson Pat Ryder" are two claimants in CLAIMS.md, and "Ukraine" is
  not "Ukraine's military intelligence".
- `claimant_type`, `certainty`: equal enum values.
- `quantity`: both null is correct, one null is wrong; otherwise the predicted value must
  lie within 0.5 % of the gold value (relative to the gold value; a gold 0 needs a 0) and
  the qualifiers must be equal. The unit is *not* compared: units are free text
  ("troops" / "soldiers" name the same figure) and the value carries the claim.
- `claim_date`: equal dates, or both null.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from extraction.schema import Claim, Quantity

#: Relative tolerance on quantity values: |pred - gold| <= 0.005 * |gold|.
QUANTITY_TOLERANCE = 0.005
#: The fields whose accuracy is reported, in report order.
FIELD_NAMES: tuple[str, ...] = ("claimant", "claimant_type", "quantity", "claim_date", "certainty")
#: The fields that must all be correct for a matched pair to count as all-correct.
ALL_CORRECT_FIELDS: tuple[str, ...] = ("claimant", "certainty", "quantity")

_FLOAT_SLACK = 1e-9

_ARTICLES = frozenset({"the", "a", "an"})
#: Honorifics and rank abbreviations dropped wherever they appear.
_HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sir",
        "dame",
        "gen",
        "lt",
        "col",
        "maj",
        "adm",
        "capt",
        "sgt",
        "rev",
        "hon",
    }
)
#: Role nouns: the role and everything before it are dropped in the role-stripped variant.
_ROLES = frozenset(
    {
        "president",
        "minister",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "head",
        "chief",
        "director",
        "commander",
        "ambassador",
        "secretary",
        "chairman",
        "chairwoman",
        "chair",
        "leader",
        "premier",
        "chancellor",
        "senator",
        "governor",
        "mayor",
        "adviser",
        "advisor",
    }
)
_ACRONYM_STOPWORDS = frozenset({"of", "for", "and", "the", "on", "in", "de"})
#: Generic nouns that may follow a one-word name of the same body ("Yonhap news agency").
_GENERIC_HEADS = frozenset(
    {
        "agency",
        "news",
        "newspaper",
        "daily",
        "outlet",
        "broadcaster",
        "channel",
        "tv",
        "radio",
        "network",
        "magazine",
        "media",
        "website",
        "portal",
        "company",
        "corporation",
        "group",
    }
)
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s\b", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class FieldCheck:
    """One field of a matched pair: correct or not, the two values and why."""

    field: str
    correct: bool
    gold: str | None
    pred: str | None
    reason: str


# ------------------------------------------------------------------ claimant


def _fold(text: str) -> str:
    """NFKD-fold accents away so 'Zelenskyy' spellings compare on letters only."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _tokens(name: str) -> list[str]:
    """Lowercase words of a name without possessives, punctuation, articles or honorifics."""
    text = _POSSESSIVE.sub("", _fold(name))
    text = text.replace(".", "")  # "U.S." -> "US", "Gen." -> "Gen"
    words = _NON_WORD.sub(" ", text).lower().split()
    while words and words[0] in _ARTICLES:
        words = words[1:]
    return [word for word in words if word not in _HONORIFICS]


def _role_stripped(words: list[str]) -> list[str]:
    """Drop the last role noun and every word before it, when a name follows it."""
    for position in range(len(words) - 1, -1, -1):
        if words[position] in _ROLES and position < len(words) - 1:
            return words[position + 1 :]
    return words


def _acronyms(name: str) -> set[str]:
    """Acronyms a name stands for: parenthesised ones and initials of its capitalised words."""
    found = {
        inner.replace(".", "").strip().lower()
        for inner in _PARENTHESES.findall(name)
        if inner.strip()
    }
    bare = _PARENTHESES.sub(" ", _POSSESSIVE.sub("", _fold(name)))
    words = [word for word in re.split(r"[\s\-]+", bare) if word]
    capitals = [
        word[0].lower()
        for word in words
        if word[0].isupper() and word.lower().strip(".,") not in _ACRONYM_STOPWORDS
    ]
    for start in range(len(capitals) - 1):
        found.add("".join(capitals[start:]))
    return {acronym for acronym in found if len(acronym) >= 2 and " " not in acronym}


def _is_acronym_form(name: str) -> str | None:
    """The lowercase acronym when `name` is written as one (NIS, U.N., HUR), else None."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in _ARTICLES:
        words = words[1:]
    compact = "".join(words).replace(".", "")
    if 2 <= len(compact) <= 8 and compact.isalpha() and compact.isupper():
        return compact.lower()
    return None


def _variants(name: str) -> list[list[str]]:
    """Word lists a name is compared under: the normalised name and its role-stripped form."""
    base = _tokens(_PARENTHESES.sub(" ", name))
    variants = [base] if base else []
    stripped = _role_stripped(base)
    if stripped and stripped != base:
        variants.append(stripped)
    before_comma = name.split(",", 1)[0]
    if before_comma != name:
        variants.extend(_variants(before_comma))
    return variants


def _words_same_entity(left: list[str], right: list[str]) -> str | None:
    """Why two word lists name the same entity, or None when they do not."""
    if left == right:
        return "same name"
    short, long_ = (left, right) if len(left) <= len(right) else (right, left)
    if len(short) == 1:
        if short[0] == long_[-1]:
            return f"surname {short[0]!r}"
        if short[0] in long_:
            rest = long_[long_.index(short[0]) + 1 :]
            if all(word in _GENERIC_HEADS for word in rest):
                return f"{short[0]!r} plus a generic noun"
        return None
    if set(short) <= set(long_):
        return "one name contains the other"
    return None


def _acronym_reason(gold: str, pred: str) -> str | None:
    """Why one name is an acronym of the other, or None."""
    for short, long_ in ((gold, pred), (pred, gold)):
        acronym = _is_acronym_form(_PARENTHESES.sub(" ", short))
        if acronym and acronym in _acronyms(long_):
            return f"acronym {acronym.upper()}"
    gold_acronyms = {inner.strip().lower() for inner in _PARENTHESES.findall(gold)}
    pred_acronyms = {inner.strip().lower() for inner in _PARENTHESES.findall(pred)}
    if gold_acronyms & pred_acronyms - {""}:
        return "same acronym in parentheses"
    return None


@functools.lru_cache(maxsize=8192)
def same_claimant_reason(gold: str, pred: str) -> str | None:
    """Why two non-null claimant names are the same entity, or None when they are not."""
    for left in _variants(gold):
        for right in _variants(pred):
            reason = _words_same_entity(left, right)
            if reason is not None:
                return reason
    return _acronym_reason(gold, pred)


def check_claimant(gold: Claim, pred: Claim) -> FieldCheck:
    """Claimant: the same entity (CLAIMS.md step 4); both null is correct."""
    if gold.claimant is None and pred.claimant is None:
        return FieldCheck("claimant", True, None, None, "both null (the publication)")
    if gold.claimant is None or pred.claimant is None:
        return FieldCheck(
            "claimant", False, gold.claimant, pred.claimant, "one claimant is null, the other not"
        )
    reason = same_claimant_reason(gold.claimant, pred.claimant)
    if reason is None:
        return FieldCheck("claimant", False, gold.claimant, pred.claimant, "different entities")
    return FieldCheck("claimant", True, gold.claimant, pred.claimant, reason)


# ------------------------------------------------------------------ quantity


def format_quantity(quantity: Quantity | None) -> str | None:
    """A quantity as one readable string ('about 11,000 troops'), or None."""
    if quantity is None:
        return None
    value = quantity.value
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    return f"{quantity.qualifier.value} {number} {quantity.unit}"


def values_within_tolerance(
    gold: float, pred: float, tolerance: float = QUANTITY_TOLERANCE
) -> bool:
    """True when `pred` lies within `tolerance` (relative to `gold`) of `gold`."""
    return abs(pred - gold) <= tolerance * abs(gold) + _FLOAT_SLACK


def check_quantity(gold: Claim, pred: Claim) -> FieldCheck:
    """Quantity: value within 0.5 % of gold and the same qualifier; both null is correct."""
    shown_gold, shown_pred = format_quantity(gold.quantity), format_quantity(pred.quantity)
    if gold.quantity is None and pred.quantity is None:
        return FieldCheck("quantity", True, None, None, "both null")
    if gold.quantity is None or pred.quantity is None:
        return FieldCheck("quantity", False, shown_gold, shown_pred, "one quantity is null")
    if not values_within_tolerance(gold.quantity.value, pred.quantity.value):
        return FieldCheck(
            "quantity", False, shown_gold, shown_pred, "value differs by more than 0.5 %"
        )
    if gold.quantity.qualifier is not pred.quantity.qualifier:
        return FieldCheck("quantity", False, shown_gold, shown_pred, "different qualifier")
    return FieldCheck("quantity", True, shown_gold, shown_pred, "same value and qualifier")


# ------------------------------------------------------------------ the rest


def check_claim_date(gold: Claim, pred: Claim) -> FieldCheck:
    """Claim date: equal dates or both null."""
    shown_gold = gold.claim_date.isoformat() if gold.claim_date else None
    shown_pred = pred.claim_date.isoformat() if pred.claim_date else None
    if shown_gold == shown_pred:
        return FieldCheck("claim_date", True, shown_gold, shown_pred, "same date")
    return FieldCheck("claim_date", False, shown_gold, shown_pred, "different date")


def check_certainty(gold: Claim, pred: Claim) -> FieldCheck:
    """Certainty: the same stance."""
    same = gold.certainty is pred.certainty
    return FieldCheck(
        "certainty",
        same,
        gold.certainty.value,
        pred.certainty.value,
        "same stance" if same else "different stance",
    )


def check_claimant_type(gold: Claim, pred: Claim) -> FieldCheck:
    """Claimant type: the same enum value."""
    same = gold.claimant_type is pred.claimant_type
    return FieldCheck(
        "claimant_type",
        same,
        gold.claimant_type.value,
        pred.claimant_type.value,
        "same type" if same else "different type",
    )


_CHECKS: dict[str, Callable[[Claim, Claim], FieldCheck]] = {
    "claimant": check_claimant,
    "claimant_type": check_claimant_type,
    "quantity": check_quantity,
    "claim_date": check_claim_date,
    "certainty": check_certainty,
}


def compare_fields(gold: Claim, pred: Claim) -> dict[str, FieldCheck]:
    """Every scored field of a matched pair, in `FIELD_NAMES` order."""
    return {name: _CHECKS[name](gold, pred) for name in FIELD_NAMES}


def all_correct(checks: dict[str, FieldCheck]) -> bool:
    """True when claimant, certainty and quantity are all correct (CLAIMS.md step 6)."""
    return all(checks[name].correct for name in ALL_CORRECT_FIELDS)
