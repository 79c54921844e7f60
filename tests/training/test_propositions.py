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
    # in the passive, the subject is what was said
    assert not frame("Three new cases of cholera have been confirmed in the district.")
    assert not frame("Eleven more suspected cases were announced on Thursday.")
    # an accusation is its subject's claim, not the publication's
    assert frame("The dockers' union blamed the port board for the closures.")
    assert frame("The ministry accused Norland of providing false figures.")
    assert not frame("The dockers' union blamed itself.")


def test_a_relative_clause_part_names_what_it_describes() -> None:
    found = parts(
        "The council approved a levy that raises 4 million euros a year, and the mayor"
        " welcomed the vote."
    )
    assert any(part.startswith("a levy raises 4 million euros") for part in found)
    assert not any(part.lower().startswith(("that", "raises")) for part in found)


def test_a_clause_left_out_between_commas_leaves_one_comma() -> None:
    from extraction.engines.learned.units import proposition_parts

    text = (
        "Jonas Brandt, who chairs the port authority, cut the fees by a third,"
        " and the board approved new cranes."
    )
    statements = [
        statement
        for statement, _ in proposition_parts(text, next(iter(load_model()(text).sents)))[0]
    ]
    assert "Jonas Brandt cut the fees by a third." in statements
    assert not any(",," in statement for statement in statements)


def test_a_speech_verb_with_nothing_said_in_its_part_is_a_frame() -> None:
    found = parts(
        "The ferry will resume service to the island on Monday after repairs, the harbour"
        " master announced on Friday, citing an engineering report."
    )
    assert not any("announced" in part for part in found)


def test_a_short_clause_whose_complement_is_a_part_of_its_own_is_a_frame() -> None:
    found = parts(
        "A survey of 40 towns showed the river flooded 300 homes and the council closed"
        " two schools."
    )
    assert found
    assert not any(part.rstrip(".").endswith("showed") for part in found)


def test_a_complement_before_the_verb_is_framed_by_an_active_verb_only() -> None:
    # "[...], official figures showed": the clause before the verb is what they showed
    assert parts("Jobless claims rose to 5.1 percent, official figures showed today.") == []
    # the parser hangs a quoted list on its last, passive verb: that verb frames nothing
    found = parts(
        '"Army troops suffered four dead, 30 insurgents were killed and there was heavy'
        ' damage," he added.'
    )
    assert "30 insurgents were killed" in found
    assert "Army troops suffered four dead" in found


def test_a_conjoined_verb_takes_the_subject_of_the_verb_it_is_joined_to() -> None:
    found = parts(
        "The mayor said the ferry will be moved to the north harbour, where the navy built"
        " a new pier in May and still keeps two patrol boats."
    )
    assert any(part.startswith("the navy still keeps two patrol boats") for part in found)
    assert not any(part.startswith("the ferry still keeps") for part in found)


def test_a_bracket_closed_before_a_left_out_clause_stays_closed() -> None:
    # the ")" before ", which ..." belongs to the part; only the comma goes
    found = parts(
        "The researchers used data from the Danish Dementia Study (DADS), which followed"
        " 321 people for three years."
    )
    assert found == [
        "The researchers used data from the Danish Dementia Study ( DADS )",
        "the Danish Dementia Study ( DADS ) followed 321 people for three years",
    ]


def test_an_indirect_question_stays_inside_its_host() -> None:
    """ "keen to see how he plans to ..." asks; it states nothing of its own."""
    found = parts(
        "The mayor will stay in office and voters will be keen to see how she plans to"
        " repair the bridge."
    )
    assert found[0] == "The mayor will stay in office"
    assert found[1].startswith("voters will be keen to see how she plans")
    assert not any(part.lower().startswith("how") for part in found)


def test_a_clause_with_no_subject_to_stand_on_is_no_part() -> None:
    """ "phones that it hopes would slow ...": the inner clause's subject is the relative
    pronoun, so its part would read "Would at least slow ..."."""
    found = parts(
        "The slump came during a quarter in which it launched four phones that it hopes"
        " would at least slow a flood of lost sales to rivals."
    )
    assert found == ["The slump came during a quarter", "it launched four phones"]


def test_a_whose_clause_names_its_owner_with_a_possessive() -> None:
    """ "..., whose main index was up" becomes "The Harbour exchange's main index was up."
    (not "Whose main index was up."); the host part keeps its own words."""
    from extraction.engines.learned.units import proposition_parts

    text = "Shares fell 4 percent on the Harbour exchange, whose main index was marginally up."
    found = [statement for statement, _ in proposition_parts(text, load_model()(text)[:])[0]]
    assert found == [
        "Shares fell 4 percent on the Harbour exchange.",
        "The Harbour exchange's main index was marginally up.",
    ]


def test_a_whose_clause_left_out_of_a_part_adds_no_possessive() -> None:
    from extraction.engines.learned.part_statements import describe_part

    text = "The exchange, whose index was up, reported a rise in trading."
    doc = load_model()(text)
    host = [token for token in doc if token.i < 2 or token.i >= 8]
    assert describe_part(text, host, None) == ("The exchange reported a rise in trading.", None)


def test_a_shortened_conjunct_borrows_its_hosts_noun_and_auxiliary() -> None:
    """ "Nine guards were killed and 11 injured": the second claim is "11 guards were
    injured", with its figure counting guards; "four others hurt" keeps its own noun."""
    from extraction.engines.learned.units import proposition_parts

    text = "Nine guards were killed and 11 injured in the attack on the depot."
    found = proposition_parts(text, load_model()(text)[:])[0]
    assert [statement for statement, _ in found] == [
        "Nine guards were killed.",
        "11 guards were injured in the attack on the depot.",
    ]
    quantity = found[1][1]
    assert quantity is not None and (quantity.value, quantity.unit) == (11, "guards")
    text = "Two firefighters were killed and four others hurt when the roof collapsed."
    found = proposition_parts(text, load_model()(text)[:])[0]
    assert found[1][0] == "Four others were hurt when the roof collapsed."
