"""Claimant names and types (extraction/engines/rules/claimants.py)."""

from __future__ import annotations

import pytest
from spacy.tokens import Token

from extraction.engines.rules.attribution import find_subject
from extraction.engines.rules.claimants import (
    acronyms,
    claimant_type,
    describe,
    is_media_name,
    self_names,
    source_mentions,
)
from extraction.engines.rules.engine import load_model
from extraction.schema import ClaimantType


def subject_of(sentence: str, cue: str = "said") -> Token:
    """The speaker token of the cue verb `cue` in a made-up sentence."""
    doc = load_model()(sentence)
    verb = next(token for token in doc if token.text == cue)
    subject = find_subject(verb)
    assert subject is not None, sentence
    return subject


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Military intelligence head Kyrylo Budanov said the bridge was hit.", "Kyrylo Budanov"),
        ("Pentagon spokesperson Pat Ryder said the bridge was hit.", "Pat Ryder"),
        ("President Volodymyr Zelensky said the bridge was hit.", "Volodymyr Zelensky"),
        (
            "South Korea's National Intelligence Service (NIS) said the bridge was hit.",
            "South Korea's National Intelligence Service",
        ),
        (
            "A Western diplomat familiar with the matter said the bridge was hit.",
            "A Western diplomat",
        ),
        (
            "The head of the Federal Reserve, Jerome Powell, said rates would stay high.",
            "Jerome Powell",
        ),
        ("Park Sun-won, a member of parliament, said the bridge was hit.", "Park Sun-won"),
    ],
)
def test_names(sentence: str, name: str) -> None:
    assert describe(subject_of(sentence)).name == name


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("President Joe Biden said the talks had failed.", ClaimantType.government),
        ("The foreign ministry said the talks had failed.", ClaimantType.government),
        (
            "A government spokesperson, Anna Berg, said the talks had failed.",
            ClaimantType.government,
        ),
        ("The parliament said the talks had failed.", ClaimantType.government),
        ("Senator Maria Lopez said the talks had failed.", ClaimantType.government),
        ("The army said the talks had failed.", ClaimantType.military),
        ("The general staff said the talks had failed.", ClaimantType.military),
        ("Army commander Ivan Petrov said the talks had failed.", ClaimantType.military),
        ("The CIA said the talks had failed.", ClaimantType.intelligence),
        ("Britain's spy chief Richard Moore said the talks had failed.", ClaimantType.intelligence),
        ("The intelligence service said the talks had failed.", ClaimantType.intelligence),
        ("The United Nations said the talks had failed.", ClaimantType.international_organization),
        ("NATO said the talks had failed.", ClaimantType.international_organization),
        ("The IMF said the talks had failed.", ClaimantType.international_organization),
        ("The Red Cross said the talks had failed.", ClaimantType.international_organization),
        ("Reuters said the talks had failed.", ClaimantType.media),
        ("State media said the talks had failed.", ClaimantType.media),
        ("Economists said the talks had failed.", ClaimantType.expert),
        ("Analysts said the talks had failed.", ClaimantType.expert),
        ("Professor Jane Roe said the talks had failed.", ClaimantType.expert),
        ("A former ambassador, Tom Hill, said the talks had failed.", ClaimantType.expert),
        ("A source said the talks had failed.", ClaimantType.anonymous),
        ("Officials said the talks had failed.", ClaimantType.anonymous),
        ("A senior official said the talks had failed.", ClaimantType.anonymous),
        ("A Western diplomat said the talks had failed.", ClaimantType.anonymous),
        ("Acme Corp said the talks had failed.", ClaimantType.other),
    ],
)
def test_claimant_types(sentence: str, expected: ClaimantType) -> None:
    assert claimant_type(describe(subject_of(sentence))) is expected


def test_coordinated_sources_are_separate_mentions() -> None:
    mentions = source_mentions(subject_of("Ukraine and South Korea said the troops had left."))
    assert [mention.name for mention in mentions] == ["Ukraine", "South Korea"]


def test_pronoun_mention_is_marked() -> None:
    mention = describe(subject_of("He said the troops had left."))
    assert mention.pronoun == "he"
    assert mention.is_person


def test_acronyms_map_to_long_names() -> None:
    text = "South Korea's National Intelligence Service (NIS) said so. The NIS added more."
    assert acronyms(text) == {"NIS": "South Korea's National Intelligence Service"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Reuters", True),
        ("The Washington Post", True),
        ("the War Zone", True),
        ("Yonhap", True),
        ("reporters", False),
        ("Pat Ryder", False),
        ("the ministry", False),
    ],
)
def test_media_names(name: str, expected: bool) -> None:
    assert is_media_name(name) is expected


def test_self_names_from_metadata_and_text() -> None:
    text = "The Daily Planet contacted the ministry but had not received a reply."
    assert "The Daily Planet" in self_names(text, None)
    assert self_names("No self reference here.", "The Daily Planet") == ["The Daily Planet"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Gov. Ann Marsh said the roads were closed.", ClaimantType.government),
        ("Fire Chief Tom Hale said the roads were closed.", ClaimantType.government),
        ("The National Weather Service said the roads were closed.", ClaimantType.government),
        ("The county coroner said the roads were closed.", ClaimantType.government),
        (
            "Medecins Sans Frontieres said the roads were closed.",
            ClaimantType.international_organization,
        ),
        (
            "Liam Dorr, president of the dockworkers' union, said the roads were closed.",
            ClaimantType.other,
        ),
        ("The bakers' union said the roads were closed.", ClaimantType.other),
        ("Chief executive Ruth Ames said the roads were closed.", ClaimantType.other),
        ("A local observatory said the roads were closed.", ClaimantType.expert),
        # unnamed groups are anonymous whatever their affiliation (CLAIMS.md)
        ("Chinese authorities said the roads were closed.", ClaimantType.anonymous),
        ("Protesters said the roads were closed.", ClaimantType.anonymous),
        ("Activists said the roads were closed.", ClaimantType.anonymous),
        # a named central bank is a government body
        ("The Bank of England said the roads were closed.", ClaimantType.government),
        ("The Federal Reserve said the roads were closed.", ClaimantType.government),
        # "Major" is a rank only as a title; "a major utility" is no soldier
        ("Major Ana Ruiz said the roads were closed.", ClaimantType.military),
        ("Ferrow Power, a major utility, said the roads were closed.", ClaimantType.other),
    ],
)
def test_claimant_types_beyond_politics(sentence: str, expected: ClaimantType) -> None:
    assert claimant_type(describe(subject_of(sentence))) is expected


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("The Office for Budget Studies said revenue fell.", "The Office for Budget Studies"),
        ("A person familiar with the deal said revenue fell.", "A person familiar with the deal"),
    ],
)
def test_names_keep_their_for_phrase_and_familiar_with(sentence: str, name: str) -> None:
    """A body's "for"-phrase is part of its name; "familiar with" describes a bare
    "person" (but not "a Western diplomat", see test_names)."""
    assert describe(subject_of(sentence)).name == name


def test_a_quote_glued_to_the_speaker_still_names_the_speaker() -> None:
    """Pasted text loses the space after a closing quote ('all gone,"he said'); the
    pronoun is still a word of its own, so the quote goes to the person it refers to."""
    from extraction.engines.rules.engine import RulesEngine
    from extraction.schema import Article

    text = (
        "Mayor Dana Whitlock visited the flooded district on Monday.\n\n"
        '"Forty homes were destroyed and 12 people are missing,"she said.'
    )
    claims = RulesEngine().extract(Article(id="glued", text=text)).claims
    quoted = [claim for claim in claims if "homes" in claim.statement]
    assert quoted, [claim.statement for claim in claims]
    assert {claim.claimant for claim in quoted} == {"Dana Whitlock"}
