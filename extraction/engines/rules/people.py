"""The people an article names: full name by surname, with every description seen."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from extraction.engines.rules import lexicon
from extraction.engines.rules.mentions import _looks_like_person, _text, describe, person_run
from extraction.engines.rules.names import _clean_name


@dataclass
class Person:
    """A person named in the article: the longest form of the name, and descriptions."""

    full_name: str
    descriptions: list[str] = field(default_factory=list)


def surname_of(run: list[Token]) -> str:
    """The lower-cased surname of a name's tokens: the last word before any generational
    suffix ("Villareal" in "Ana Villareal III")."""
    words = [token for token in run if token.lower_.strip(",") not in lexicon.NAME_SUFFIXES]
    return (words or run)[-1].lower_


def _add_person(people: dict[str, Person], head: Token) -> None:
    """Register the person whose name ends at `head` (the longest name per surname)."""
    run = person_run(head)
    if not run:
        return
    name = _clean_name(_text(head.doc, run))
    surname = surname_of(run)
    known = people.get(surname)
    if known is None or len(name) > len(known.full_name):
        people[surname] = Person(full_name=name, descriptions=[])


def index_people(sentences: list[Span]) -> dict[str, Person]:
    """Lower-cased surname -> person, from PERSON entities and titled names, with the
    descriptions the article gives each (titles, appositions)."""
    people: dict[str, Person] = {}
    for sentence in sentences:
        for entity in sentence.ents:
            if entity.label_ == "PERSON" and len(entity) >= 2:
                _add_person(people, entity.root)
        for token in sentence:
            if token.pos_ == "PROPN" and token.dep_ != "compound":
                run = person_run(token)
                if run and len(run) >= 2 and _looks_like_person(token, run, set()):
                    _add_person(people, token)
    surnames = set(people)
    for sentence in sentences:
        for token in sentence:
            if token.pos_ == "PROPN" and token.lower_ in people:
                mention = describe(token, surnames)
                if not mention.is_person:
                    continue
                descriptions = people[token.lower_].descriptions
                descriptions.append(mention.description)
                if token.dep_ == "appos":
                    host = token.head
                    while host.dep_ == "pobj" and host.head.head.i != host.head.i:
                        host = host.head.head
                    descriptions.append(describe(host, surnames).description)
    return people
