"""Claimants: from a source noun phrase to a normalised name and a CLAIMS.md claimant type.

* Name: a person is named by the name alone ("military intelligence head Kyrylo Budanov"
  -> "Kyrylo Budanov"); a body or an unnamed source by its noun phrase without relative
  clauses, appositions and parentheses ("South Korea's National Intelligence Service
  (NIS)" -> "South Korea's National Intelligence Service", "a Western diplomat familiar
  with the matter" -> "a Western diplomat").
* Resolution, per article: a surname alone takes the full name seen in the article
  ("Budanov" -> "Kyrylo Budanov"), an acronym its expansion ("NIS"), a pronoun the most
  recent person ("he", "she"), group ("they") or body ("it") mentioned before it, and a
  definite description ("the official", "the diplomat") the earlier claimant it describes.
* Type: the words of the whole description (titles, appositions, earlier mentions) are
  matched against the lexicons in a fixed order; see `claimant_type`.

The work is split by concern: `names` (what a name looks like), `mentions` (describing a
source noun phrase), `claimant_types` (the type), `acronyms` (acronyms and the
publication's own names) and `resolver` (per-article resolution). This module re-exports
them: every name that used to live here is still importable from it.
"""

from __future__ import annotations

import importlib
from typing import Any

from extraction.engines.rules.acronyms import acronyms, self_names
from extraction.engines.rules.claimant_types import claimant_type
from extraction.engines.rules.mentions import (
    Resolved,
    SourceMention,
    describe,
    person_run,
    source_mentions,
)
from extraction.engines.rules.names import is_media_name, strip_article
from extraction.engines.rules.resolver import ClaimantResolver

#: Private names that lived here before the split, and the module that holds them now.
_MOVED: dict[str, str] = {
    "ClaimantType": "mentions",
    "Doc": "mentions",
    "Iterable": "mentions",
    "Span": "resolver",
    "Token": "mentions",
    "_ACRONYM": "acronyms",
    "_CUT": "mentions",
    "_DESCRIPTION_TYPES": "resolver",
    "_Entry": "resolver",
    "_LEFT_KEEP": "mentions",
    "_LOCATIVE_PREPS": "mentions",
    "_ORGISH_HEADS": "mentions",
    "_PAREN": "names",
    "_RELATIVES": "resolver",
    "_SELF": "acronyms",
    "_SELF_VERBS": "acronyms",
    "_SHORT_UPPER_ONLY": "names",
    "_SPACES": "names",
    "_SPLIT_CACHE": "names",
    "_STRONG_GOVERNMENT": "claimant_types",
    "_appositive": "mentions",
    "_clean_name": "names",
    "_fold": "names",
    "_hit": "names",
    "_is_media": "names",
    "_is_plural": "mentions",
    "_looks_like_person": "mentions",
    "_name_continues": "mentions",
    "_np_tokens": "mentions",
    "_possessive_split": "claimant_types",
    "_split_lexicon": "names",
    "_subtree_without": "mentions",
    "_surface_appositive": "mentions",
    "_text": "mentions",
    "_words": "names",
    "annotations": "names",
    "dataclass": "mentions",
    "replace": "resolver",
    "span_text": "statements",
}


def __getattr__(name: str) -> Any:
    """Old import paths of names that moved to the claimant modules (PEP 562)."""
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"extraction.engines.rules.{module}"), name)


__all__ = [
    "ClaimantResolver",
    "Resolved",
    "SourceMention",
    "acronyms",
    "claimant_type",
    "describe",
    "is_media_name",
    "person_run",
    "self_names",
    "source_mentions",
    "strip_article",
]
