"""The statement of a proposition part (learned engine): the part's words as the article
wrote them, with two repairs that make a clause read as a sentence of its own.

- A relative clause opened by "whose" has its owner in its place (`propositions`); the
  owner takes a possessive: "the exchange, whose index was up" -> "The exchange's index
  was up."
- A shortened conjunct borrows its host's counted noun and auxiliaries: "Five soldiers were
  killed and 15 wounded" -> "15 soldiers were wounded", its figure counting soldiers.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from spacy.tokens import Token

from extraction.engines.learned.propositions import SUBJECT_DEPS
from extraction.engines.rules.statements import build_statement, clean_statement, raw_text
from extraction.engines.rules.units import FALLBACK_UNIT
from extraction.schema import Quantity


def _whose_clause(token: Token) -> Token | None:
    """The relative clause a "whose" opens."""
    for ancestor in token.ancestors:
        if ancestor.dep_ == "relcl":
            return ancestor
    return None


#: Words that stand for "more of the same" after a figure ("four others were hurt").
_OTHERS = frozenset({"others", "more"})


def _elliptical_subject(first: Token) -> tuple[Token, list[Token], Token] | None:
    """For a part opened by the figure of a shortened conjunct ("Five soldiers were
    killed and [15 wounded]"), the conjunct's verb, the words its subject borrows from the
    host's ("soldiers"; none for "four others") and the host's subject; None for any other
    part."""
    if not first.like_num:
        return None
    subject = first
    if first.dep_ == "nummod" and first.head.lower_ in _OTHERS:
        subject = first.head
    if subject.dep_ not in SUBJECT_DEPS or subject.head.dep_ != "conj":
        return None
    verb, host = subject.head, subject.head.head
    if any(child.dep_ in {"aux", "auxpass"} for child in verb.children):
        return None
    host_subject = next((child for child in host.children if child.dep_ in SUBJECT_DEPS), None)
    if host_subject is None or not any(child.dep_ == "auxpass" for child in host.children):
        return None
    if subject is not first:
        return verb, [], host_subject
    counted = [
        token
        for token in host_subject.subtree
        if token.dep_ not in {"nummod", "quantmod", "det", "punct"} and not token.like_num
    ]
    return verb, counted, host_subject


def _elliptical_statement(
    text: str, ordered: Sequence[Token], found: tuple[Token, list[Token], Token]
) -> str:
    """ "15 wounded" after "Five soldiers were killed and" reads "15 soldiers were
    wounded": the figure, the host subject's noun and the host's auxiliaries."""
    verb, counted, _ = found
    host = verb.head
    auxiliaries = [child for child in host.children if child.dep_ in {"aux", "auxpass", "neg"}]
    subject = [token for token in ordered if token.i < verb.i]
    rest = [token for token in ordered if token.i >= verb.i]
    pieces = [raw_text(text, subject)]
    if counted:
        pieces.append(raw_text(text, counted))
    pieces += [raw_text(text, auxiliaries), raw_text(text, rest)]
    return clean_statement(" ".join(piece for piece in pieces if piece))


def _counted_unit(
    quantity: Quantity | None, found: tuple[Token, list[Token], Token]
) -> Quantity | None:
    """A shortened conjunct's figure counts its host's noun ("15 soldiers"), where the
    figure itself named no unit."""
    _, counted, host_subject = found
    if quantity is None or not counted or host_subject.pos_ != "NOUN":
        return quantity
    if quantity.unit != FALLBACK_UNIT:
        return quantity
    return quantity.model_copy(update={"unit": host_subject.lower_})


def _statement(text: str, ordered: Sequence[Token]) -> str:
    """The statement of the part's words; an owner standing in for "whose" takes a
    possessive."""
    for left, right in itertools.pairwise(ordered):
        if right.i == left.i + 1:
            continue
        gap = left.doc[left.i + 1 : right.i]
        whose = next((token for token in gap if token.lower_ == "whose"), None)
        clause = _whose_clause(whose) if whose is not None else None
        if clause is not None and right.i in {token.i for token in clause.subtree}:
            before = [token for token in ordered if token.i <= left.i]
            after = [token for token in ordered if token.i >= right.i]
            possessive = "'" if left.text.endswith("s") else "'s"
            return clean_statement(f"{raw_text(text, before)}{possessive} {raw_text(text, after)}")
    return build_statement(text, ordered)


def describe_part(
    text: str, tokens: Sequence[Token], quantity: Quantity | None
) -> tuple[str, Quantity | None]:
    """A part's statement and figure: "the exchange, whose index was up" -> "The
    exchange's index was up."; "and 15 wounded" -> "15 soldiers were wounded", its figure
    counting soldiers; any other part as its words read."""
    ordered = sorted(tokens, key=lambda token: token.i)
    found = _elliptical_subject(ordered[0]) if ordered else None
    if found is not None:
        return _elliptical_statement(text, ordered, found), _counted_unit(quantity, found)
    return _statement(text, ordered), quantity
