"""Helpers for the tests of the learned engine's proposition parts."""

from __future__ import annotations

from extraction.engines.learned.units import proposition_parts
from extraction.engines.rules.engine import load_model


def split_parts(text: str) -> list[tuple[str, float | None]]:
    """A one-sentence text's proposition parts (statement, figure); it must split by figure."""
    sentence = next(iter(load_model()(text).sents))
    parts, by_figure = proposition_parts(text, sentence)
    assert by_figure
    return [(statement, quantity.value if quantity else None) for statement, quantity in parts]
