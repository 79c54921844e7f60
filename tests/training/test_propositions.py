"""Proposition parts of a sentence (learned engine): which clauses become claims of their own."""

from __future__ import annotations

from extraction.engines.learned.propositions import clause_parts
from extraction.engines.learned.units import is_report_frame
from extraction.engines.rules.engine import load_model


def parts(sentence: str) -> list[str]:
    doc = load_model()(sentence)
    return [" ".join(token.text for token in part) for part in clause_parts(next(iter(doc.sents)))]


def test_two_finite_clauses_are_two_parts() -> None:
    found = parts(
        "The quake killed 12 people and injured 40 others in the province, officials said."
    )
    assert len(found) == 2
    assert "killed 12 people" in found[0]
    assert "injured 40 others" in found[1]


def test_an_infinitive_stays_inside_its_clause() -> None:
    # "to train and engage ..." is one plan, not a claim "Russia is planning to train."
    found = parts(
        "The minister said the company is planning to hire and train not only engineers"
        " but also drivers."
    )
    assert not any(part.endswith("to hire") for part in found)


def test_a_scene_setting_clause_is_no_claim_of_its_own() -> None:
    found = parts(
        "The general said the troops will be sent to the coast, where the storm destroyed"
        " a bridge in May."
    )
    assert not any(part.lower().startswith("where") for part in found)
    assert not any(part.startswith("the storm destroyed") for part in found)


def test_a_sentence_that_only_frames_a_report_is_no_own_voice_claim() -> None:

    def frame(text: str) -> bool:
        return is_report_frame(next(iter(load_model()(text).sents)))

    assert frame("The head of the port authority, Lena Ostrova, has said.")
    assert frame("Mayor Tomas Berg stated on Friday, citing police figures.")
    assert not frame("Berg said on Friday that 3,000 visitors had arrived.")
    assert not frame("The quake killed 12 people in the province.")
