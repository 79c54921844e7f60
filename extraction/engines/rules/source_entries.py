"""What the claimant resolver remembers of each source (`_Entry`) and the word tests it
applies to source mentions: a group of speakers ("lawyers"), the nationality or place
words of a description ("the Swedish official")."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from extraction.engines.rules import lexicon
from extraction.schema import ClaimantType


@dataclass
class _Entry:
    name: str
    type: ClaimantType
    kind: str  # person | group | body
    anonymous: bool
    head_lemma: str
    sentence: int
    named_entity: str = ""


def _speaker_group(token: Token) -> bool:
    """A plural noun for people who speak as a group ("lawyers", "researchers")."""
    return token.lemma_.lower() in lexicon.SPEAKER_GROUP_HEADS and (
        token.tag_ == "NNS" or token.lower_ == "police"
    )


def _origin_words(head: Token) -> set[str]:
    """Nationality and place words describing a source ("Swedish" in "the Swedish
    official")."""
    return {
        child.lower_
        for child in head.children
        if child.dep_ in {"amod", "compound"} and child.ent_type_ in {"NORP", "GPE"}
    }


def _same_origin(entry: _Entry, origins: set[str]) -> bool:
    """An anonymous source can be "the Swedish official" only if it was Swedish too ("a
    port official in Gdansk" is not)."""
    if not entry.anonymous or not origins:
        return True
    name = entry.name.lower()
    return all(word in name for word in origins)
