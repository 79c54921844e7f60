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


def elliptical_unit(tokens: Sequence[Token]) -> str | None:
    """The noun a shortened conjunct's figure counts ("soldiers" for "and 15 wounded"
    after "Five soldiers were killed"), or None."""
    ordered = sorted(tokens, key=lambda token: token.i)
    found = _elliptical_subject(ordered[0]) if ordered else None
    if found is None or not found[1]:
        return None
    host_subject = found[2]
    return host_subject.lower_ if host_subject.pos_ == "NOUN" else None


def _elliptical_statement(text: str, ordered: Sequence[Token]) -> str | None:
    """ "15 wounded" after "Five soldiers were killed and" reads "15 soldiers were
    wounded": the figure, the host subject's noun and the host's auxiliaries."""
    found = _elliptical_subject(ordered[0])
    if found is None:
        return None
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


def part_statement(text: str, tokens: Sequence[Token]) -> str:
    """A part's statement; an owner standing in for "whose" takes a possessive ("the
    exchange, whose index was up" -> "The exchange's index was up."), and a shortened
    conjunct its host's noun and auxiliaries ("and 15 wounded" -> "15 soldiers were
    wounded")."""
    ordered = sorted(tokens, key=lambda token: token.i)
    if ordered and (elliptical := _elliptical_statement(text, ordered)) is not None:
        return elliptical
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
