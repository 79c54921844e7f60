"""Claimants behind documents, acronyms spelled out without brackets, and "the newspaper"
/ "the company" for a body named but not quoted (owners.py through the engine)."""

from __future__ import annotations

import datetime as dt

import pytest

from extraction.engines.rules.acronyms import expand_initialism, initialisms
from extraction.engines.rules.engine import RulesEngine, load_model
from extraction.engines.rules.mentions import person_run
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
        ("The IGC report said wheat stocks had fallen sharply.", "IGC"),
        ("Okafor's news release said the man was charged with burglary.", "Okafor"),
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
    known = initialisms("The Bank of Westmark raised rates. The International Grain Council met")
    assert expand_initialism("BoW", known) == "Bank of Westmark"
    assert expand_initialism("IGC", known) == "International Grain Council"
    assert expand_initialism("Bank", known) is None  # not acronym-shaped
    assert expand_initialism("NATO", known) is None  # never spelled out here


def test_a_report_speaks_for_its_author_spelled_out_earlier() -> None:
    text = (
        "The International Grain Council met in Rome on Thursday.\n\n"
        "The IGC report said wheat stocks had fallen to 270 million tonnes in the stockpile."
    )
    claims = extract(text)
    assert claimant_of(claims, "stockpile") == "International Grain Council"


def test_a_bank_acronym_without_brackets() -> None:
    text = (
        "The Bank of Westmark kept interest rates at 6% on Thursday.\n\n"
        "The BoW also warned that inflation would rise to 5% by the autumn."
    )
    assert claimant_of(extract(text), "inflation") == "Bank of Westmark"


def test_an_unsigned_statement_is_the_body_that_just_spoke() -> None:
    text = (
        "The coalition said its troops had detained 9 suspects near the northern border.\n\n"
        "The patrol came under fire and called in helicopters, a statement said."
    )
    assert claimant_of(extract(text), "helicopters") == "the coalition"


def test_the_newspaper_is_the_paper_named_two_sentences_before() -> None:
    text = (
        '"We lost two barns," a farmer in Elmsdale County told the Valley Daily.\n\n'
        "Another farmer asked how the village would rebuild.\n\n"
        "The newspaper said the two children were at school when the flood came."
    )
    assert claimant_of(extract(text), "at school") == "Valley Daily"


def test_quoting_at_the_start_of_a_sentence_is_not_part_of_the_name() -> None:
    doc = load_model()(
        "Quoting Marta Lindqvist, deputy head of the regional rescue service,"
        " the Coast Courier reported that the death toll had risen to 14 on Monday."
    )
    surname = next(token for token in doc if token.text == "Lindqvist")
    assert [token.text for token in person_run(surname)] == ["Marta", "Lindqvist"]


def test_an_ampersand_firm_is_one_claimant() -> None:
    text = "Modelling firm Karen Clark & Co. estimated that insured losses would be $4 billion."
    claims = extract(text)
    assert len(claims) == 1
    assert "Karen Clark" in (claims[0].claimant or "")


def test_a_surname_alone_finds_a_name_with_a_generational_suffix() -> None:
    claims = extract(
        "Transport Secretary Ana Villareal III opened the new rail line on Monday."
        " Villareal said the line would carry 40,000 passengers a day by next year."
    )
    assert claimant_of(claims, "40,000 passengers") == "Ana Villareal III"


def test_they_said_refers_back_to_a_group_of_speakers() -> None:
    claims = extract(
        "Lawyers for the ferry operator addressed the inquiry on Monday."
        " The captain had followed every safety rule, they said, and the crew acted quickly."
    )
    assert claimant_of(claims, "followed every safety rule") == "Lawyers"


def test_they_said_without_a_group_of_speakers_before_makes_no_claim() -> None:
    claims = extract(
        "Heavy snow closed the mountain pass on Monday. The roads were icy, they said."
    )
    assert not [claim for claim in claims if "icy" in claim.statement]


def test_the_official_of_another_country_is_not_the_earlier_official() -> None:
    claims = extract(
        "A port official in Gdansk said two ships ran aground on Monday."
        " The Swedish official said the ferries would resume on Tuesday."
    )
    assert claimant_of(claims, "ships ran aground") == "a port official in Gdansk"
    assert claimant_of(claims, "ferries would resume") != "a port official in Gdansk"


def test_results_from_an_office_a_name_owns_are_that_office_s() -> None:
    claims = extract(
        "Ana Ruiz took 61.2 percent of the vote, according to official results from the"
        " Ohio Secretary of State's office."
    )
    assert claimant_of(claims, "61.2 percent") == "Ohio Secretary of State's office"


@pytest.mark.parametrize(
    "text",
    [
        "Unemployment rose to 5.2%, officials said.",
        "Officials said unemployment rose to 5.2%.",
    ],
)
def test_a_statement_that_ends_in_a_percentage_keeps_its_sign(text: str) -> None:
    [claim] = extract(text)
    assert claim.statement == "Unemployment rose to 5.2%."


def test_the_report_named_again_speaks_for_its_author() -> None:
    claims = extract(
        "A Harbour Authority report said cargo volumes fell 8% in May."
        " The report also said two cranes were out of service."
    )
    assert claimant_of(claims, "two cranes") == "Harbour Authority"


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("The storm cut power to 9,000 homes, public broadcaster RTV said.", "RTV"),
        (
            "The storm cut power to 9,000 homes, according to the news website Harbour Post.",
            "Harbour Post",
        ),
        (
            "The storm cut power to 9,000 homes, the official Lantern News Agency reported.",
            "Lantern News Agency",
        ),
    ],
)
def test_a_body_is_named_without_the_common_words_before_or_around_its_name(
    text: str, claimant: str
) -> None:
    [claim] = extract(text)
    assert claim.claimant == claimant


@pytest.mark.parametrize(
    ("text", "words", "claimant"),
    [
        (
            "Toyota Motor Corp. recalled cars on Monday.\n\n"
            "Toyota said 40,000 vehicles were affected.",
            "vehicles were affected",
            "Toyota Motor Corp.",
        ),
        (
            "KDX Interconnection, which runs the regional grid, issued an alert on Monday.\n\n"
            "KDX said it expected demand to reach 90,000 megawatts on Tuesday.",
            "90,000 megawatts",
            "KDX Interconnection",
        ),
        (
            "Russia Today broadcast the speech on Monday.\n\n"
            "Russia said 40 soldiers had been captured.",
            "40 soldiers",
            "Russia",
        ),
    ],
)
def test_a_short_name_takes_the_full_name_given_earlier(
    text: str, words: str, claimant: str
) -> None:
    """CLAIMS.md: the full name where the article gives it. A company's one-word short
    name takes the name it was introduced with; a country does not become a broadcaster
    whose name starts with it."""
    assert claimant_of(extract(text), words) == claimant


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        (
            "Analysts surveyed by MarketWire expected growth of 2.1% in the quarter.",
            "Analysts surveyed by MarketWire",
        ),
        (
            "According to economists polled by Reuters last week, the bank will cut rates by "
            "25 basis points.",
            "economists polled by Reuters",
        ),
    ],
)
def test_a_polled_group_is_named_with_who_polled_it(text: str, claimant: str) -> None:
    """'economists polled by Reuters' is the group's name (the time after it is not)."""
    assert [claim.claimant for claim in extract(text)] == [claimant]


def test_the_company_named_further_back_is_the_one_the_article_is_about() -> None:
    """'the company' four sentences after the last name still refers back: to the body of
    a fitting type the article named most often before it (not a country, not a person)."""
    text = (
        "Brightmoor Foods Inc. is recalling 2 million jars of baby food in 30 states.\n\n"
        "Brightmoor Foods Inc. sells its products in Canada and Mexico too.\n\n"
        "Regulators in Ohio first raised the alarm in March.\n\n"
        "Parents were told to throw the jars away.\n\n"
        "Shops in Texas cleared their shelves on Monday.\n\n"
        "Stores in Maine followed on Tuesday.\n\n"
        "The company said it had received 14 reports of illness."
    )
    assert claimant_of(extract(text), "14 reports of illness") == "Brightmoor Foods Inc."


@pytest.mark.parametrize(
    "text",
    [
        "The regional health director, Ana Quispe, said the hospital had received 23 patients.",
        "The regional health director, Dr Ana Quispe, said the hospital had received 23 patients.",
    ],
)
def test_a_name_in_apposition_to_a_title_is_the_person(text: str) -> None:
    """The person's name, not their title, even where the entity tagger calls the name an
    organisation; a title without its full stop ("Dr") is no part of the name."""
    assert claimant_of(extract(text), "23 patients") == "Ana Quispe"


@pytest.mark.parametrize(
    ("text", "words", "claimant"),
    [
        (
            "The measure passed 1,212 to 347, according to results certified Friday by the "
            "county board of elections.",
            "measure passed",
            "the county board of elections",
        ),
        (
            "Otters were seen at 200 sites, according to a survey by the Lune Wildlife Trust.",
            "200 sites",
            "Lune Wildlife Trust",
        ),
        (
            "Exports fell 4 percent in May, according to figures released by the statistics "
            "office on Tuesday.",
            "exports fell",
            "the statistics office",
        ),
        (
            "Fines rose to 48,000 dollars in 2022, according to City records.",
            "fines rose",
            "City records",
        ),
    ],
)
def test_data_figures_and_surveys_speak_for_who_made_them(
    text: str, words: str, claimant: str
) -> None:
    """Figures, data, surveys and results are documents like reports: their author is the
    claimant, also when named as the agent of a participle ("certified by", "released
    by"); records keep their own name ("City records" is no body called "City")."""
    assert claimant_of(extract(text), words) == claimant
