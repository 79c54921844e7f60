"""Canonical text, unit families and entity keys: what grouping compares besides vectors."""

from __future__ import annotations

import pytest

from extraction.tracker.features import (
    canonical_text,
    entity_keys,
    mask_figures,
    strip_attribution,
    unit_class,
)
from tests.tracker.tracker_factories import tracked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("About 11,000 North Korean troops are in Russia.", "North Korean troops are in Russia."),
        ("Pyongyang sent 10,000 soldiers to Russia.", "Pyongyang sent soldiers to Russia."),
        (
            "Two brigades of up to 6,000 personnel each are training.",
            "Two brigades of personnel each are training.",
        ),
        ("Close to 11,000 troops moved.", "Troops moved."),
        ("Damage reached $1.5 billion.", "Damage reached."),
    ],
)
def test_figures_and_their_qualifiers_are_masked(text: str, expected: str) -> None:
    assert mask_figures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Troops will be ready to fight by Nov. 1, 2024.",
        "The pact was signed on June 18, 2024.",
        "The battalion belongs to the 11th brigade.",
    ],
)
def test_dates_and_ordinals_are_not_figures(text: str) -> None:
    assert mask_figures(text) == text


def test_attribution_is_stripped_from_statements_that_copy_the_sentence() -> None:
    sentence = (
        "Close to 11,000 North Korean troops are in Russia, military intelligence head"
        " Kyrylo Budanov said in comments published on Oct. 17."
    )
    assert strip_attribution(sentence) == "Close to 11,000 North Korean troops are in Russia"
    assert strip_attribution("According to Reuters, 3,000 troops have arrived in Russia.") == (
        "3,000 troops have arrived in Russia."
    )
    assert strip_attribution("Budanov said that 3,000 troops arrived in Russia.") == (
        "3,000 troops arrived in Russia."
    )


def test_a_statement_without_attribution_is_left_alone() -> None:
    statement = "North Korea has deployed troops to aid Russia's invasion of Ukraine."
    assert strip_attribution(statement) == statement


def test_canonical_text_masks_figures_so_different_counts_read_alike() -> None:
    first = tracked("c1", "North Korea has sent 10,000 soldiers to Russia.", value=10000)
    second = tracked("c2", "North Korea has sent 12,000 soldiers to Russia.", value=12000)
    assert canonical_text(first) == canonical_text(second)


@pytest.mark.parametrize(
    ("unit", "family"),
    [
        ("soldiers", "troops"),
        ("troops", "troops"),
        ("infantrymen", "troops"),
        ("personnel", "troops"),
        ("Soldier", "troops"),
        ("officers", "officers"),
        ("officer", "officers"),
        ("generals", "generals"),
        ("dollars", "USD"),
        ("USD", "USD"),
        ("people", "people"),
        (None, None),
        ("  ", None),
    ],
)
def test_units_fold_into_families(unit: str | None, family: str | None) -> None:
    assert unit_class(unit) == family


def test_entity_keys_fold_demonyms_and_skip_function_words_months_and_the_claimant() -> None:
    keys = entity_keys(
        "The first group of North Korean soldiers arrived in Russia's Kursk region on Oct. 23,"
        " Budanov says.",
        claimant="Kyrylo Budanov",
    )
    assert keys == {"north", "korea", "russia", "kursk"}


def test_entity_keys_split_hyphenated_names() -> None:
    assert {"russia", "north", "korea"} <= entity_keys("The Russia-North Korea treaty was signed.")
