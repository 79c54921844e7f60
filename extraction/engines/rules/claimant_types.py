"""CLAIMS.md claimant types: the words of a source's whole description (titles,
appositions, earlier mentions) matched against the lexicons in a fixed order."""

from __future__ import annotations

import re
from collections.abc import Iterable

from extraction.engines.rules import lexicon
from extraction.engines.rules.mentions import (
    SourceMention,
)
from extraction.engines.rules.names import (
    _hit,
    _is_media,
)
from extraction.schema import ClaimantType

_STRONG_GOVERNMENT = lexicon.STRONG_GOVERNMENT_WORDS


def _possessive_split(text: str) -> str:
    """The part of a description after the last possessive ("Ukraine's army" -> "army")."""
    return re.split(r"['’]s\s", text)[-1]


def claimant_type(mention: SourceMention, extra_descriptions: Iterable[str] = ()) -> ClaimantType:
    """CLAIMS.md claimant type of a source, from its description and lexicons.

    Order: anonymous (unnamed generic person or group) and expert groups first, then
    international organisations, media, companies and unions (other), parliaments
    (government), intelligence,
    experts and former officials, strong government words (ministry, president),
    military, other government words, countries and cities (government), else other.
    """
    description = " ; ".join([mention.description, *extra_descriptions])
    head_lemma = mention.head.lemma_.lower()
    if mention.anonymous and head_lemma not in lexicon.EXPERT_WORDS:
        return ClaimantType.anonymous
    if head_lemma in lexicon.EXPERT_WORDS and not mention.is_person:
        return ClaimantType.expert
    if _hit(description, lexicon.INTERNATIONAL_WORDS):
        return ClaimantType.international_organization
    if not mention.is_person and (
        _is_media(mention.name) or _hit(description, lexicon.MEDIA_WORDS)
    ):
        return ClaimantType.media
    if _hit(description, lexicon.BUSINESS_WORDS):
        return ClaimantType.other
    if _hit(description, lexicon.PARLIAMENT_WORDS):
        return ClaimantType.government
    if _hit(description, lexicon.INTELLIGENCE_WORDS):
        return ClaimantType.intelligence
    if _hit(description, lexicon.EXPERT_WORDS):
        return ClaimantType.expert
    if _hit(description, _STRONG_GOVERNMENT):
        return ClaimantType.government
    if _hit(description, lexicon.MILITARY_WORDS):
        return ClaimantType.military
    if _hit(description, lexicon.GOVERNMENT_WORDS):
        return ClaimantType.government
    if mention.named_entity == "GPE" and not mention.is_person:
        return ClaimantType.government
    if mention.generic_head is not None or mention.anonymous:
        return ClaimantType.anonymous
    return ClaimantType.other
