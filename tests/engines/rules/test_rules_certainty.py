"""Stance cues: denied, unconfirmed, hedged, asserted (extraction/engines/rules/certainty.py)."""

from __future__ import annotations

import pytest
from spacy.tokens import Token

from extraction.engines.rules.certainty import (
    combine,
    cue_certainty,
    figure_hedged,
    is_negated,
    phrase_certainty,
    predicate_hedged,
    source_hedged,
)
from extraction.engines.rules.engine import load_model
from extraction.schema import Certainty


def token(sentence: str, word: str) -> Token:
    """The first token of `sentence` whose text is `word`."""
    return next(item for item in load_model()(sentence) if item.text == word)


@pytest.mark.parametrize(
    ("sentence", "cue", "expected"),
    [
        ("The ministry denied that troops had crossed the border.", "denied", Certainty.denied),
        ("The company rejected the reports.", "rejected", Certainty.denied),
        ("The army can't confirm that the bridge was destroyed.", "confirm", Certainty.unconfirmed),
        ("Police could not verify the claim.", "verify", Certainty.unconfirmed),
        ("The paper has not been able to verify the figures.", "verify", Certainty.unconfirmed),
        ("The agency declined to confirm the report.", "confirm", Certainty.unconfirmed),
        ("Analysts estimated that 300 homes were lost.", "estimated", Certainty.hedged),
        ("The bank expects that prices will fall.", "expects", Certainty.hedged),
        ("The mayor said the road was closed.", "said", None),
        ("The ministry confirmed that the bridge was destroyed.", "confirmed", None),
    ],
)
def test_cue_certainty(sentence: str, cue: str, expected: Certainty | None) -> None:
    assert cue_certainty(token(sentence, cue)) is expected


@pytest.mark.parametrize(
    ("sentence", "root"),
    [
        ("The storm may reach the coast on Friday.", "reach"),
        ("The storm could reach the coast on Friday.", "reach"),
        ("The storm will likely reach the coast on Friday.", "reach"),
        ("The storm reportedly reached the coast on Friday.", "reached"),
        ("The storm appears to have reached the coast.", "appears"),
        ("The storm is expected to reach the coast on Friday.", "expected"),
        ("The talks are believed to have failed.", "believed"),
    ],
)
def test_hedged_predicates(sentence: str, root: str) -> None:
    assert predicate_hedged(token(sentence, root))


@pytest.mark.parametrize(
    ("sentence", "root"),
    [
        ("The storm will reach the coast on Friday.", "reach"),
        ("The storm reached the coast on Friday.", "reached"),
    ],
)
def test_asserted_predicates(sentence: str, root: str) -> None:
    assert not predicate_hedged(token(sentence, root))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Two tanks holding an estimated 1,500 tonnes of fuel burned.", True),
        ("Growers lost an estimated $40 million in crops.", True),
        ("The storm left an estimated 3 million homes without power.", True),
        ("The plan assumes a projected 2% rise in revenue.", True),
        ("Two tanks holding 1,500 tonnes of fuel burned.", False),
        # the estimate is not a figure's: nothing hedges the count
        ("The estimated cost was revealed in a report on 12 bridges.", False),
        ("Officials estimated the damage at dawn.", False),
    ],
)
def test_a_figure_given_as_an_estimate_hedges(sentence: str, expected: bool) -> None:
    assert figure_hedged(load_model()(sentence)) is expected


@pytest.mark.parametrize(
    ("sentence", "source", "expected"),
    [
        ("About 900 people died, according to official estimates.", "estimates", True),
        ("Forecasts show rain on Friday.", "Forecasts", True),
        ("About 900 people died, according to the ministry.", "ministry", False),
    ],
)
def test_a_source_that_is_an_estimate_hedges(sentence: str, source: str, expected: bool) -> None:
    assert source_hedged(token(sentence, source)) is expected
    assert source_hedged(None) is False


def test_negation_through_unable() -> None:
    assert is_negated(token("Officials were unable to confirm the toll.", "confirm"))
    assert not is_negated(token("Officials were able to confirm the toll.", "confirm"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dismissed the reports as false", Certainty.denied),
        ("said there was no truth in it", Certainty.denied),
        ("said the video was unverified", Certainty.unconfirmed),
        ("said the claim could not be verified", Certainty.unconfirmed),
        ("said the bridge was closed", None),
    ],
)
def test_phrase_certainty(text: str, expected: Certainty | None) -> None:
    assert phrase_certainty(text) is expected


def test_combine_keeps_the_strongest_stance() -> None:
    assert combine(Certainty.hedged, Certainty.denied) is Certainty.denied
    assert combine(None, Certainty.hedged, Certainty.unconfirmed) is Certainty.unconfirmed
    assert combine(None, None) is Certainty.asserted
