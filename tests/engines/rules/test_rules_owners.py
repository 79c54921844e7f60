"""Claimants behind documents, acronyms spelled out without brackets, and "the newspaper"
/ "the company" for a body named but not quoted (owners.py through the engine)."""

from __future__ import annotations

import datetime as dt

import pytest

from extraction.engines.rules.acronyms import expand_initialism, initialisms
from extraction.engines.rules.engine import RulesEngine, load_model
from extraction.engines.rules.owners import document_owner
from extraction.schema import Article, Claim

ENGINE = RulesEngine()


def extract(text: str) -> list[Claim]:
    """Attributed claims of a made-up article."""
    article = Article(
        id=Article.id_for_text(text), text=text, published=dt.date(2024, 3, 8), publication=None
    )
    return [claim for claim in ENGINE.extract(article).claims if claim.claimant]


def claimant_of(claims: list[Claim], words: str) -> str | None:
    """The claimant of the claim whose statement holds `words`."""
    found = [claim for claim in claims if words.lower() in claim.statement.lower()]
    assert found, [claim.statement for claim in claims]
    return found[0].claimant


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("The IAEA report said Iran had enriched more uranium.", "IAEA"),
        ("Shue's news release said the man was charged with robbery.", "Shue"),
        ("A statement from Interpol said the suspect had fled.", "Interpol"),
        ("The report said prices rose.", None),
        ("The minister said prices rose.", None),
    ],
)
def test_the_owner_of_a_document_noun(text: str, owner: str | None) -> None:
    doc = load_model()(text)
    subject = next(token for token in doc if token.dep_ == "nsubj")
    found = document_owner(subject)
    assert (found.text if found is not None else None) == owner


def test_an_acronym_takes_the_long_name_its_initials_spell() -> None:
    known = initialisms("The Bank of England raised rates. The International Atomic Energy Agency")
    assert expand_initialism("BoE", known) == "Bank of England"
    assert expand_initialism("IAEA", known) == "International Atomic Energy Agency"
    assert expand_initialism("Bank", known) is None  # not acronym-shaped
    assert expand_initialism("NATO", known) is None  # never spelled out here


def test_a_report_speaks_for_its_author_spelled_out_earlier() -> None:
    text = (
        "The International Atomic Energy Agency met in Vienna on Thursday.\n\n"
        "The IAEA report said Iran had increased its stockpile of enriched uranium to 400 kg."
    )
    claims = extract(text)
    assert claimant_of(claims, "stockpile") == "International Atomic Energy Agency"


def test_a_bank_acronym_without_brackets() -> None:
    text = (
        "The Bank of England kept interest rates at 5% on Thursday.\n\n"
        "The BoE also warned that inflation would rise to 4% by the summer."
    )
    assert claimant_of(extract(text), "inflation") == "Bank of England"


def test_an_unsigned_statement_is_the_body_that_just_spoke() -> None:
    text = (
        "The coalition said troops had detained 12 militants in Paktika province.\n\n"
        "The troops were fired on and responded with airstrikes, a statement said."
    )
    assert claimant_of(extract(text), "airstrikes") == "the coalition"


def test_the_newspaper_is_the_paper_named_two_sentences_before() -> None:
    text = (
        '"We lost three houses," a resident of Minxian County told China Daily.\n\n'
        "Another woman asked how she could live on.\n\n"
        "The newspaper said the three children were asleep when the quake struck."
    )
    assert claimant_of(extract(text), "asleep") == "China Daily"


def test_quoting_at_the_start_of_a_sentence_is_not_part_of_the_name() -> None:
    text = (
        "Quoting Rafaelito Alejandro, deputy administrator of the Office of Civil Defence,"
        " Al Jazeera reported that he confirmed the new death toll of 60 on Wednesday."
    )
    assert claimant_of(extract(text), "death toll") == "Rafaelito Alejandro"


def test_an_ampersand_firm_is_one_claimant() -> None:
    text = "Modelling firm Karen Clark & Co. estimated that insured losses would be $4 billion."
    claims = extract(text)
    assert len(claims) == 1
    assert "Karen Clark" in (claims[0].claimant or "")
