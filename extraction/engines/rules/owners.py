"""Who stands behind a source that is not a speaker, and the long names an article gives.

- A document that "says" something speaks for its author: "the IGC report said" is the
  IGC, "Okafor's news release" is Okafor, "a statement from the ministry" the ministry
  (`document_owner`).
- The named bodies of an article, in reading order, so that "the company" can refer back
  to one that was named without being quoted ("customers of Harbor Power ..., the company
  said") (`named_bodies`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from extraction.engines.rules import lexicon
from extraction.engines.rules.claimant_types import claimant_type
from extraction.engines.rules.datelines import strip_dateline
from extraction.engines.rules.mentions import describe
from extraction.schema import ClaimantType

#: Prepositions whose object is a document's author ("a statement from the ministry").
_AUTHOR_PREPOSITIONS = frozenset({"from", "by", "of"})


def _names_one_of(head: Token, nouns: frozenset[str]) -> bool:
    """The noun, by its lemma or as written, is one of `nouns` (spaCy lemmatises "data"
    to "datum")."""
    return head.lemma_.lower() in nouns or head.lower_ in nouns


def document_owner(head: Token) -> Token | None:
    """The token heading the author of a document noun ("report" in "the IGC report"):
    its possessive, its proper-noun compound, the object of "from" / "by" / "of", or the
    agent of a participle after it ("results certified by the county board");
    None when `head` is no document noun or names no author."""
    if head.pos_ != "NOUN" or not _names_one_of(head, lexicon.DOCUMENT_NOUNS):
        return None
    for child in head.lefts:
        if child.dep_ == "poss" and child.pos_ in {"PROPN", "NOUN"}:
            return child
    compounds = [child for child in head.lefts if child.dep_ == "compound"]
    if compounds and compounds[-1].pos_ == "PROPN":
        return compounds[-1]
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in _AUTHOR_PREPOSITIONS:
            objects = [item for item in child.children if item.dep_ == "pobj"]
            if objects and _named_author(objects[0]):
                return objects[0]
        if child.dep_ == "acl":  # "results certified by the county board", "figures released by"
            agent = _agent(child)
            if agent is not None:
                return agent
    return None


def _agent(participle: Token) -> Token | None:
    """The noun of a participle's by-agent ("certified [by the county board]")."""
    for child in participle.children:
        if child.dep_ == "agent":
            objects = [item for item in child.children if item.dep_ == "pobj"]
            if objects and objects[0].pos_ in {"NOUN", "PROPN"}:
                return objects[0]
    return None


def _named_author(token: Token) -> bool:
    """A name ("from the IGC"), or a noun a name owns ("from the Ohio Secretary of
    State's office")."""
    if token.pos_ == "PROPN":
        return True
    return token.pos_ == "NOUN" and any(
        child.dep_ in {"poss", "compound"} and child.pos_ == "PROPN" for child in token.lefts
    )


def _authorless(head: Token, nouns: frozenset[str]) -> bool:
    """A document noun of `nouns` with no author named in its phrase."""
    return (
        head.pos_ == "NOUN"
        and _names_one_of(head, nouns)
        and document_owner(head) is None
        and not any(child.pos_ == "PROPN" for child in head.subtree)
    )


def is_bare_document(head: Token) -> bool:
    """ "the report" / "this study": a document named before, its author not repeated."""
    return _authorless(head, lexicon.DOCUMENT_NOUNS) and any(
        child.lower_ in {"the", "this"} for child in head.lefts if child.dep_ == "det"
    )


def is_unowned_statement(head: Token) -> bool:
    """A statement / release with no author named ("a statement said")."""
    return _authorless(head, lexicon.AUTHORED_DOCUMENT_NOUNS)


@dataclass(frozen=True)
class NamedBody:
    """An organisation the article names: where, and its name as written."""

    sentence: int
    token: int
    name: str
    root: Token


def named_bodies(sentences: list[Span]) -> list[NamedBody]:
    """The ORG entities of an article, in reading order (without a wire dateline the
    entity recogniser took in: "KESTON - Norland Airways")."""
    bodies: list[NamedBody] = []
    for index, sentence in enumerate(sentences):
        for entity in sentence.ents:
            if entity.label_ == "ORG" and any(char.isupper() for char in entity.text):
                name = re.sub(r"^(?:the|The)\s+", "", strip_dateline(entity.text.strip()))
                bodies.append(NamedBody(index, entity.root.i, name, entity.root))
    return bodies


def body_type(body: NamedBody, surnames: set[str]) -> ClaimantType:
    """The claimant type of a named body (as its name would be typed as a claimant)."""
    described = describe(body.root, surnames)
    described.name = body.name
    return claimant_type(described)


def main_body(
    bodies: list[NamedBody],
    before: tuple[int, int],
    wanted: frozenset[ClaimantType],
    surnames: set[str],
) -> tuple[str, ClaimantType] | None:
    """Name and type of the body the article is about, for "the company" named further
    back than `latest_body` looks: of the bodies named before (sentence, token) whose type
    "the company" / "the agency" may refer to, the one named most often (the first named
    on a tie)."""
    counts: dict[str, int] = {}
    first: dict[str, tuple[int, ClaimantType]] = {}
    for order, body in enumerate(bodies):
        if (body.sentence, body.token) >= before:
            break
        if body.name not in first:
            kind = body_type(body, surnames)
            if kind not in wanted:
                continue
            first[body.name] = (order, kind)
        counts[body.name] = counts.get(body.name, 0) + 1
    if not counts:
        return None
    name = max(counts, key=lambda item: (counts[item], -first[item][0]))
    return name, first[name][1]


def latest_body(
    bodies: list[NamedBody],
    before: tuple[int, int],
    wanted: frozenset[ClaimantType],
    surnames: set[str],
) -> tuple[str, ClaimantType] | None:
    """Name and type of the latest body named before (sentence, token), at most two
    sentences back, whose type is one "the company" / "the newspaper" may refer to."""
    sentence = before[0]
    for body in reversed(bodies):
        if (body.sentence, body.token) >= before:
            continue
        if sentence - body.sentence > 2:
            return None
        kind = body_type(body, surnames)
        if kind in wanted:
            return body.name, kind
    return None
