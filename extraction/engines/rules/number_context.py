"""Whether a number token is a countable figure in its context: not a year, a date, a
time, an age, an ordinal, a label ("No. 5") or part of a name; and whether it measures a
length of time (a figure of last resort). Used by `quantities`."""

from __future__ import annotations

from spacy.tokens import Token

from extraction.engines.rules import lexicon
from extraction.engines.rules.numbers import is_suffixed

_NAME_ENTITIES = frozenset(
    {
        "PERSON",
        "ORG",
        "GPE",
        "FAC",
        "PRODUCT",
        "EVENT",
        "LAW",
        "WORK_OF_ART",
        "NORP",
        "LOC",
        "LANGUAGE",
        "ORDINAL",
        "DATE",
        "TIME",
    }
)
_VAGUE_BEFORE = lexicon.VAGUE_BEFORE
_ANAPHORIC_BEFORE = lexicon.ANAPHORIC_BEFORE
_AGE_WORDS = lexicon.AGE_WORDS
_NUMBER_LABELS = lexicon.NUMBER_LABELS
_ADDRESS_FOLLOWERS = lexicon.ADDRESS_FOLLOWERS


_TIME_NOUNS = lexicon.TIME_NOUNS
_DURATION_NOUNS = _TIME_NOUNS - {"a.m.", "am", "p.m.", "pm"}


def _counts_a_noun(token: Token) -> bool:
    """A number the NER tagged as a date but that counts things ("Forty houses")."""
    if token.ent_type_ not in {"DATE", "TIME"} or token.i + 1 >= len(token.doc):
        return False
    following = token.doc[token.i + 1]
    return following.tag_ == "NNS" and following.lower_ not in _TIME_NOUNS


def is_duration(token: Token) -> bool:
    """A number that measures a length of time ("for 18 months", "six and a half years")."""
    if token.ent_type_ not in {"DATE", "TIME"}:
        return False
    following = token.doc[token.i + 1 : token.i + 5]
    for item in following:
        if item.lower_ in _DURATION_NOUNS:
            return True
        if not (item.like_num or item.lower_ in {"and", "a", "half", "-"}):
            return False
    return False


def _is_year(token: Token, value: float) -> bool:
    """A bare four-digit year (not "2000 soldiers")."""
    if "," in token.text or not value.is_integer() or not 1800 <= value <= 2100:
        return False
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return not (following is not None and following.tag_ == "NNS")


def excluded(token: Token, value: float, digits: bool) -> bool:
    """True when a number token is not a countable figure in its context."""
    doc = token.doc
    if (
        token.ent_type_ in _NAME_ENTITIES
        and not _counts_a_noun(token)
        and not is_duration(token)
        and not is_suffixed(token.text)  # "€6bn" is no ordinal, whatever the tagger says
    ):
        return True
    if digits and _is_year(token, value):
        return True
    previous = doc[token.i - 1].lower_ if token.i > 0 else ""
    if previous in _VAGUE_BEFORE or previous in _AGE_WORDS or previous in _NUMBER_LABELS:
        return True
    if previous == "." and token.i > 1 and f"{doc[token.i - 2].lower_}." in _NUMBER_LABELS:
        return True  # "No. 5" tokenised as "No", ".", "5"
    following = doc[token.i + 1 : token.i + 4].text.lower() if token.i + 1 < len(doc) else ""
    if following.startswith(("-year-old", "year-old", "years old", "-year", "th ", "st ", "nd ")):
        return True
    if digits and value >= 100 and value % 100 == 0 and following.startswith(_ADDRESS_FOLLOWERS):
        return True  # "the 500 block of Elm Street": an address
    if token.i + 1 < len(doc) and doc[token.i + 1].text in {":", "/"}:
        return True
    neighbours = [doc[token.i - 1]] if token.i > 0 else []
    if token.i + 1 < len(doc):
        neighbours.append(doc[token.i + 1])
    if any(_is_month(item) for item in neighbours):
        return True
    if not digits:
        counting = token.dep_ in {"nummod", "quantmod", "compound"}
        if not counting and not stands_for_counted(token, value):
            return True
        if previous in _ANAPHORIC_BEFORE or (token.i > 0 and doc[token.i - 1].tag_ == "PRP$"):
            return True
    return False


#: Dependencies of a number word that stands for what it counts ("Three were hurt",
#: "killed two of the guards").
_COUNTING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj"})


def partitive_object(token: Token) -> Token | None:
    """The "of" phrase of a partitive number ("two of the 40 passengers", "six of the
    injured"), else None."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i == token.i + 1:
            return child
    return None


def stands_for_counted(token: Token, value: float) -> bool:
    """A number word that is itself the subject or object it counts: a partitive ("Four of
    the five houses were destroyed", "killed two of the guards") or a subject standing for
    a group named before ("Three were being treated"). "One" only in a partitive with a
    figure of its own ("one of the 12 miners"): alone it is mostly a pronoun."""
    if token.dep_ not in _COUNTING_DEPS:
        return False
    partitive = partitive_object(token)
    if value == 1:
        return partitive is not None and any(
            item.like_num for item in partitive.subtree if item.i != partitive.i
        )
    return partitive is not None or token.dep_ != "dobj"


_MONTH_WORDS = lexicon.MONTH_WORDS


def _is_month(token: Token) -> bool:
    """A capitalised month name or abbreviation ("Nov.", "November")."""
    return token.text[:1].isupper() and token.lower_.rstrip(".") in _MONTH_WORDS
