"""The rules engine's options (`claimdesk extract --engine rules -o key=value`)."""

from __future__ import annotations

import os

from pydantic import Field

from extraction.engines.base import EngineOptions


def default_workers() -> int:
    """The CPUs this process may run on (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class RulesOptions(EngineOptions):
    """The rules engine's options (`-o key=value`)."""

    spacy_model: str | None = Field(
        None, description="spaCy package or path (default: the installed small English model)."
    )
    own_voice: bool = Field(True, description="Also extract check-worthy own-voice sentences.")
    split_conjuncts: bool = Field(True, description="Split 'and'-conjoined predicates.")
    workers: int = Field(
        default_factory=lambda: default_workers(),
        ge=1,
        description="Processes that parse a batch (default: the CPUs this process may use).",
    )
