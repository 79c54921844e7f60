"""The claimant's stance toward a statement: asserted, hedged, unconfirmed or denied.

Denial and non-confirmation are read off the reporting cue ("denied", "can't confirm",
"has not been able to verify") and fixed phrases around it ("dismissed ... as false");
hedges off the cue ("estimated", "believes") and the content's main predicate: its
modal ("may", "could"), hedging adverbs ("likely", "reportedly") and hedging frames
("appears", "is expected to", "is likely to"); a figure given as an estimate ("an
estimated 1,500 tonnes") and a source that is one ("according to official estimates")
hedge too. A claim in the publication's own voice that it passes on unverified
("reportedly", "purporting to show") is unconfirmed. Priority: denied > unconfirmed >
hedged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Token

from extraction.engines.rules import lexicon
from extraction.schema import Certainty

_NEGATIONS = lexicon.NEGATIONS
_BLOCKING_HEADS = lexicon.BLOCKING_HEADS


def is_negated(token: Token) -> bool:
    """True when `token` is negated, directly or through "unable to" / "declined to"."""
    current = token
    for _ in range(4):
        if any(child.dep_ == "neg" or child.lower_ in _NEGATIONS for child in current.children):
            return True
        if any(child.lower_ == "unable" for child in current.children):
            return True
        if current.dep_ not in {"xcomp", "acomp", "ccomp"} or current.head.i == current.i:
            return False
        current = current.head
        if current.lemma_.lower() in _BLOCKING_HEADS:
            return True
    return False


def cue_certainty(cue: Token) -> Certainty | None:
    """The stance a reporting cue expresses by itself, or None for a neutral cue."""
    lemma = cue.lemma_.lower()
    if lemma in lexicon.DENIAL_CUES and not is_negated(cue):
        return Certainty.denied
    if lemma in lexicon.CONFIRM_VERBS and is_negated(cue):
        return Certainty.unconfirmed
    if lemma in lexicon.HEDGING_CUES:
        return Certainty.hedged
    return None


def phrase_certainty(text: str) -> Certainty | None:
    """The stance fixed phrases in an attribution's words express ("as false", "unverified")."""
    lowered = text.lower()
    if any(phrase in lowered for phrase in lexicon.DENIAL_PHRASES):
        return Certainty.denied
    if any(phrase in lowered for phrase in lexicon.UNCONFIRMED_PHRASES):
        return Certainty.unconfirmed
    return None


def _passive(token: Token) -> bool:
    """True for a passive predicate ("is expected", "are believed")."""
    return any(child.dep_ == "auxpass" for child in token.children) or token.tag_ == "VBN"


def predicate_hedged(root: Token) -> bool:
    """True when a clause's main predicate is hedged (modal, adverb or hedging frame)."""
    for child in root.children:
        lowered = child.lower_
        if child.dep_ == "aux" and lowered in lexicon.HEDGING_MODALS:
            return True
        if child.dep_ in {"advmod", "acomp"} and lowered in lexicon.HEDGING_ADVERBS:
            return True
    lemma = root.lemma_.lower()
    if lemma in {"appear", "seem"}:
        return True
    if lemma in lexicon.HEDGING_PREDICATES and _passive(root):
        return True
    if root.lower_ in lexicon.HEDGING_ADVERBS:
        return True
    return any(
        child.dep_ in {"xcomp", "ccomp"} and child.lemma_.lower() in {"appear", "seem"}
        for child in root.children
    )


def _has_number(token: Token, depth: int = 2) -> bool:
    """A number, or a noun counted by one ("3 million people", "$400 million", "a 2% rise"
    through its compound "%")."""
    if token.pos_ == "NUM" or token.like_num:
        return True
    return depth > 0 and any(
        child.dep_ in {"nummod", "compound", "quantmod"} and _has_number(child, depth - 1)
        for child in token.children
    )


_UNVERIFIED = re.compile(
    r"\b(?:"
    + "|".join(re.escape(cue) for cue in sorted(lexicon.UNVERIFIED_CUES, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


def passes_on_unverified(text: str) -> bool:
    """True when a sentence passes on a report its writer has not verified ("reportedly",
    "purporting to show", "is reported to have"; `UNVERIFIED_CUES`): a claim the
    publication makes in its own voice with it is unconfirmed."""
    return _UNVERIFIED.search(text) is not None


def figure_hedged(tokens: Iterable[Token]) -> bool:
    """True when a figure among the tokens is an estimate ("an estimated 1,500 tonnes", "a
    projected 2% rise"): a hedging modifier of a number or of a counted noun."""
    tokens = list(tokens)
    ids = {token.i for token in tokens}
    return any(
        token.lower_ in lexicon.HEDGING_FIGURE_WORDS
        and token.dep_ in {"amod", "advmod", "quantmod", "compound"}
        and token.head.i in ids
        and token.head.i > token.i
        and _has_number(token.head)
        for token in tokens
    )


def forecasts_figure(root: Token | None) -> bool:
    """True for reported content whose predicate forecasts a figure (`FORECAST_CUES` with
    a figure in its object: "[the bank] said it now expected growth of 1.9%"): the
    speaker gives an estimate. Read on a claim's own clause only, so that a forecast in
    one clause of a sentence does not hedge the facts beside it."""
    return (
        root is not None
        and root.lemma_.lower() in lexicon.FORECAST_CUES
        and any(
            child.dep_ == "dobj" and any(token.like_num for token in child.subtree)
            for child in root.children
        )
    )


def clause_hedged(root: Token | None, tokens: Iterable[Token]) -> bool:
    """True when a clause is hedged: its main predicate carries a hedge cue ("may",
    "likely") or a figure among its tokens is an estimate."""
    return (root is not None and predicate_hedged(root)) or figure_hedged(tokens)


def source_hedged(source: Token | None) -> bool:
    """True when the source is an estimate by nature ("according to official estimates")."""
    return source is not None and source.lemma_.lower() in lexicon.HEDGING_SOURCES


def content_hedged(roots: Iterable[Token]) -> bool:
    """True when any of the given clause roots is hedged."""
    return any(predicate_hedged(root) for root in roots)


def combine(*stances: Certainty | None) -> Certainty:
    """The strongest stance among those given: denied > unconfirmed > hedged > asserted."""
    order = (Certainty.denied, Certainty.unconfirmed, Certainty.hedged)
    for stance in order:
        if stance in stances:
            return stance
    return Certainty.asserted
