"""Attribution structures on made-up news sentences (attribution.py through the engine)."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Span

from extraction.engines.rules.attribution import Attribution, find_attributions
from extraction.engines.rules.engine import RulesEngine, load_model
from extraction.schema import Article, Certainty, Claim, ClaimantType, Qualifier

PUBLISHED = dt.date(2024, 3, 8)  # a Friday
ENGINE = RulesEngine()


def extract(text: str, publication: str | None = None, title: str | None = None) -> list[Claim]:
    """Claims of a made-up article."""
    article = Article(
        id=Article.id_for_text(text),
        text=text,
        published=PUBLISHED,
        publication=publication,
        title=title,
    )
    claims = ENGINE.extract(article).claims
    for claim in claims:
        assert claim.evidence in text
    return claims


def only(claims: list[Claim]) -> Claim:
    assert len(claims) == 1, claims
    return claims[0]


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Anna Kowalski said that 40 houses were destroyed by the storm.",
        "Mayor Anna Kowalski said 40 houses were destroyed by the storm.",
        "Forty houses were destroyed by the storm, Mayor Anna Kowalski said.",
        "40 houses were destroyed by the storm, said Mayor Anna Kowalski.",
        '"40 houses were destroyed by the storm," Mayor Anna Kowalski said.',
        "Mayor Anna Kowalski told reporters that 40 houses were destroyed by the storm.",
    ],
)
def test_speech_verb_structures(text: str) -> None:
    claim = only(extract(text))
    assert claim.claimant == "Anna Kowalski"
    assert claim.claimant_type is ClaimantType.government
    assert claim.statement.lower().startswith(("40 houses", "forty houses"))
    assert "said" not in claim.statement and "told" not in claim.statement
    assert claim.quantity is not None and claim.quantity.value == 40
    assert claim.certainty is Certainty.asserted


@pytest.mark.parametrize(
    "text",
    [
        "According to the fire service, 40 houses were destroyed by the storm.",
        "40 houses were destroyed by the storm, according to the fire service.",
        "As per the fire service, 40 houses were destroyed by the storm.",
        "40 houses were destroyed by the storm, as per the fire service.",
    ],
)
def test_according_to(text: str) -> None:
    claim = only(extract(text))
    assert claim.claimant == "the fire service"
    assert claim.statement == "40 houses were destroyed by the storm."


def test_told_an_outlet_is_the_intermediary() -> None:
    claim = only(
        extract("A senior police officer told the Daily Planet that 12 people were arrested.")
    )
    assert claim.claimant == "a senior police officer"
    assert claim.claimant_type is ClaimantType.anonymous
    assert claim.via == "The Daily Planet"


def test_told_the_reporting_publication_is_not_an_intermediary() -> None:
    text = "A senior police officer told the Daily Planet that 12 people were arrested."
    claim = only(extract(text, publication="The Daily Planet"))
    assert claim.via is None


def test_citing_makes_the_cited_source_the_claimant() -> None:
    text = "About 300 people were evacuated, Reuters reported, citing the regional governor."
    claim = only(extract(text))
    assert claim.claimant == "the regional governor"
    assert claim.via == "Reuters"
    assert claim.quantity is not None and claim.quantity.qualifier is Qualifier.about


def test_comments_published_by_an_outlet() -> None:
    text = (
        "The dam will be repaired by June, engineer Olga Novak said in comments published "
        "by the Daily Planet on Tuesday."
    )
    claim = only(extract(text))
    assert claim.claimant == "Olga Novak"
    assert claim.via == "The Daily Planet"
    assert claim.claim_date == dt.date(2024, 3, 5)


def test_multi_sentence_quote_continues_with_the_speaker() -> None:
    text = (
        '"Twelve bridges were damaged," said Transport Minister Lars Berg.\n\n'
        '"It appears that three of them will have to be rebuilt."'
    )
    claims = extract(text)
    assert [claim.claimant for claim in claims] == ["Lars Berg", "Lars Berg"]
    assert claims[1].certainty is Certainty.hedged
    assert claims[1].statement == "Three of them will have to be rebuilt."


def test_colon_introduces_the_next_paragraph() -> None:
    text = (
        "Governor Tom Reyes spoke after the vote. He said:\n\n"
        '"The state will spend $2 billion on roads."'
    )
    claim = only(extract(text))
    assert claim.claimant == "Tom Reyes"
    assert claim.quantity is not None and claim.quantity.value == 2e9
    assert claim.quantity.unit == "USD"


def test_pronoun_and_surname_resolve_to_the_full_name() -> None:
    text = (
        "Health Minister Maria Santos said 30 clinics had closed. "
        "She added that 12 more would close in April. "
        "Santos said the budget was cut by 5 percent."
    )
    claims = extract(text)
    assert [claim.claimant for claim in claims] == ["Maria Santos"] * 3
    assert {claim.claimant_type for claim in claims} == {ClaimantType.government}


def test_denial_of_the_reports_takes_the_story_from_the_title() -> None:
    text = "The army has denied the reports, while the ministry declined to comment."
    claim = only(extract(text, title="Army shelled the airport, witnesses say"))
    assert claim.claimant == "the army"
    assert claim.certainty is Certainty.denied
    assert claim.statement == "Army shelled the airport."
    assert claim.quantity is None


def test_denial_with_that_clause() -> None:
    claim = only(extract("The company denied that 500 jobs would be cut."))
    assert claim.certainty is Certainty.denied
    assert claim.statement == "500 jobs would be cut."


def test_nested_cannot_confirm_by_the_same_speaker() -> None:
    text = (
        "Police spokesperson Dan Cole said he could not confirm "
        "that the suspect had left the country."
    )
    claim = only(extract(text))
    assert claim.claimant == "Dan Cole"
    assert claim.certainty is Certainty.unconfirmed
    assert claim.statement == "The suspect had left the country."


def test_hedged_content() -> None:
    claim = only(extract("Meteorologists said the storm may reach the coast on Sunday."))
    assert claim.certainty is Certainty.hedged
    assert claim.claimant_type is ClaimantType.expert


def test_an_estimated_figure_or_an_estimate_as_source_is_hedged() -> None:
    claim = only(
        extract(
            "Two tanks holding an estimated 1,500 tonnes of fuel were destroyed, the council said."
        )
    )
    assert (claim.claimant, claim.certainty) == ("the council", Certainty.hedged)
    claim = only(extract("The floods killed 214 people, according to official estimates."))
    assert claim.certainty is Certainty.hedged
    claim = only(extract("The floods killed 214 people, according to the ministry."))
    assert claim.certainty is Certainty.asserted


def test_an_own_voice_estimate_is_hedged() -> None:
    claims = extract("The storm left an estimated 3 million homes without power on Monday.")
    assert [(claim.claimant, claim.certainty) for claim in claims] == [(None, Certainty.hedged)]


def test_conjoined_predicates_become_two_claims() -> None:
    text = (
        "About 900 rescue workers are in the region and will reach the villages by Sunday, "
        "the interior ministry said on Thursday."
    )
    claims = extract(text)
    assert [claim.statement for claim in claims] == [
        "About 900 rescue workers are in the region.",
        # "by Sunday", said about the future, is the next Sunday after publication
        "About 900 rescue workers will reach the villages by March 10, 2024.",
    ]
    assert all(claim.claim_date == dt.date(2024, 3, 7) for claim in claims)
    assert all(claim.evidence == text for claim in claims)


def test_coordinated_claimants_make_one_claim_each() -> None:
    claims = extract("France and Germany said that 20 diplomats were expelled.")
    assert [claim.claimant for claim in claims] == ["France", "Germany"]
    assert {claim.claimant_type for claim in claims} == {ClaimantType.government}


def test_own_voice_claim_with_a_figure() -> None:
    claim = only(extract("The central bank raised its key rate to 4.5 percent on Wednesday."))
    assert claim.claimant is None
    assert claim.claimant_type is ClaimantType.media
    assert claim.claim_date == PUBLISHED
    assert claim.quantity is not None and claim.quantity.value == 4.5


@pytest.mark.parametrize(
    "text",
    [
        "The world must understand what is at stake in this election.",
        "Will the council approve 300 new homes this year?",
        "We asked 5 economists about the budget this week.",
        "Prices may fall by 5 percent next year.",
        "Concerns about the floods have grown in recent days.",
        "Flood Waters Reach 300 Homes in the Old Town",
        "Residents wade through a flooded street. (Getty Images)",
    ],
)
def test_no_claim(text: str) -> None:
    assert extract(text) == []


def test_find_attributions_reports_cue_source_and_content() -> None:
    sentence = next(iter(load_model()("Officials said 12 people were hurt.").sents))
    attribution = only_attribution(sentence)
    assert attribution.cue is not None and attribution.cue.text == "said"
    assert attribution.source is not None and attribution.source.text == "Officials"
    assert " ".join(token.text for token in attribution.content) == "12 people were hurt"


def only_attribution(sentence: Span) -> Attribution:
    found = find_attributions(sentence)
    assert len(found) == 1
    return found[0]


def test_coordinated_stance_keeps_the_first_clause() -> None:
    claims = extract(
        '"Our crews have cleared 35 roads so far, and we expect that number to grow," '
        "county engineer Mia Torres said on Friday."
    )
    cleared = [claim for claim in claims if claim.quantity is not None]
    assert len(cleared) == 1
    assert cleared[0].claimant == "Mia Torres"
    assert cleared[0].quantity is not None and cleared[0].quantity.value == 35
    assert cleared[0].certainty is Certainty.asserted
    assert "35 roads" in cleared[0].statement


def test_a_body_that_confirms_something_is_its_claimant() -> None:
    # CLAIMS.md: "the Pentagon confirmed Monday ..." is the Pentagon's claim (asserted)
    claims = extract(
        "The Norland Electoral Commission confirmed that Ana Ferreira won 54.2% of the vote."
    )
    claim = only([claim for claim in claims if claim.claimant])
    assert claim.claimant == "Norland Electoral Commission"
    assert claim.certainty is Certainty.asserted
    assert claim.quantity is not None and claim.quantity.value == 54.2


def test_researchers_who_find_that_something_is_so_make_a_claim() -> None:
    claims = extract(
        "The researchers found that a daily walk was associated with a 31 percent lower risk."
    )
    claim = only([claim for claim in claims if claim.claimant])
    assert claim.claimant == "the researchers"
    assert "31 percent lower risk" in claim.statement


def test_the_police_finding_a_body_is_no_attribution() -> None:
    claims = extract("Police found the body of a man near the river on Tuesday.")
    assert not [claim for claim in claims if claim.claimant]


def test_a_comparison_inside_a_quote_is_no_report() -> None:
    """'than we expect' compares; it does not report. The quote and what the speaker added
    both go to the speaker."""
    claims = extract(
        "Mayor Anna Kowalski toured the harbour on Monday. "
        '"The repairs may take longer than we expect," she said, adding that 40 boats sank.'
    )
    reported = {claim.statement: claim.claimant for claim in claims if claim.claimant}
    assert reported.get("40 boats sank.") == "Anna Kowalski", claims
    assert all(claimant == "Anna Kowalski" for claimant in reported.values()), reported


@pytest.mark.parametrize(
    ("text", "claimant", "value", "words"),
    [
        ("Analyst Jane Roe predicts sales of 2 billion dollars by 2027.", "Jane Roe", 2e9, "sales"),
        (
            "A regional governor, Ahmad Karimi, put the death toll at 35 on Monday.",
            "Ahmad Karimi",
            35,
            "death toll",
        ),
        (
            "The health ministry reported 40 new infections on Sunday.",
            "the health ministry",
            40,
            "new infections",
        ),
        (
            "Economists polled by a news agency expected growth of 1.5 percent this quarter.",
            "Economists polled by a news agency",
            1.5,
            "growth",
        ),
        ("Health Secretary Mara Lind cited 62 deaths in July.", "Mara Lind", 62, "deaths"),
    ],
)
def test_a_figure_reported_as_an_object_is_the_subjects_claim(
    text: str, claimant: str, value: float, words: str
) -> None:
    """'X predicts sales of N', 'X put the toll at N', 'X reported N cases': the subject
    reports the figure (the verb has no clause to carry the content)."""
    claim = only(extract(text))
    assert claim.claimant == claimant
    assert claim.quantity is not None and claim.quantity.value == value
    assert words in claim.statement.lower()


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        ("Officials put the toll at 35 on Tuesday.", "The toll stood at 35 on March 5, 2024."),
        (
            "The ministry puts the cost of the repairs at about $2 million.",
            "The cost of the repairs stands at about $2 million.",
        ),
        (
            "Analysts pegged the overrun at 4.7 billion pounds in the last quarter.",
            "The overrun stood at 4.7 billion pounds in the last quarter.",
        ),
    ],
)
def test_a_figure_set_with_at_is_a_sentence(text: str, statement: str) -> None:
    """ "X put the toll at 35" is X's claim "The toll stood at 35." (a verb of its own, in
    the cue's tense), not the verbless "The toll at 35."."""
    claim = only(extract(text))
    assert claim.statement == statement


def test_data_compiled_by_a_body_is_the_bodys_claim() -> None:
    """spaCy lemmatises "data" to "datum": the document noun is read as written too."""
    claim = only(
        extract(
            "The virus has infected 12,000 people, according to data compiled by Harwick Institute."
        )
    )
    assert claim.claimant == "Harwick Institute"


def test_no_claimant_name_keeps_a_wire_dateline() -> None:
    """The entity recogniser takes "KESTON - Norland Airways" as one name: the body the
    next sentence's "the airline" refers to is Norland Airways."""
    claims = extract(
        "KESTON - Norland Airways reported a net profit of $412 million for 2023.\n\n"
        "The airline said it would pay its government shareholder a dividend of $120 million."
    )
    assert {claim.claimant for claim in claims} == {"Norland Airways"}
    assert not any("KESTON" in claim.statement for claim in claims)


def test_a_set_figure_keeps_its_owner_named() -> None:
    """ "put its age at" goes the content's way, which names whose age it is."""
    claim = only(extract("The museum put its age at 80 million years."))
    assert claim.statement.startswith("The museum's age")


def test_a_second_figure_beside_the_set_one_gets_no_verb() -> None:
    """Which figure "stood at" would govern is unclear: the content stays as written."""
    claim = only(extract("The poll put the Liberals on 17% and the Greens at 23%."))
    assert "stood" not in claim.statement and "stands" not in claim.statement


@pytest.mark.parametrize(
    "text",
    [
        "Some shops have put up signs limiting customers to two cartons each.",
        "The ministry reported the findings to parliament on Tuesday.",
        "The company sold its stake, which analysts put at 14 million dollars.",
    ],
)
def test_no_figure_object_report_without_a_figure_or_outside_the_main_clause(text: str) -> None:
    """'put up signs' is no estimate, 'reported the findings' has no figure, and a
    relative clause ("which analysts put at ...") is not the sentence's report."""
    assert not [claim for claim in extract(text) if claim.claimant]


def test_a_documents_owner_is_named_without_the_possessive() -> None:
    """'the agency's report finds ...' is the agency's claim: the claimant is 'the agency',
    not "the agency's" (a company named with an 's, McDonald's, keeps it)."""
    report = only(
        extract("The agency's annual report finds that solar met 8.1 percent of demand in 2022.")
    )
    assert report.claimant == "the agency"
    company = only(extract("McDonald's said it sold 3 billion burgers in 2023."))
    assert company.claimant == "McDonald's"


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        (
            '"We are making enquiries into the breach," the Information Office said.',
            "Information Office is making enquiries into the breach.",
        ),
        (
            '"I was at the scene when 40 people were pulled out," said rescuer Ana Lopez.',
            "Ana Lopez was at the scene when 40 people were pulled out.",
        ),
        (
            '"We found 12 bodies in the river," police officials said.',
            "Police officials found 12 bodies in the river.",
        ),
        # no agreement for a present-tense verb: the pronoun stays
        ('"We expect growth of 2% next year," the central bank said.', "We expect growth"),
        # "we" of a person speaking is not the person
        ('"We have 3 workers infected," said Dr. Lena Park of the agency.', "We have 3 workers"),
    ],
)
def test_a_quote_that_opens_with_the_speakers_i_or_we_names_the_speaker(
    text: str, statement: str
) -> None:
    """CLAIMS.md: resolve pronouns in the statement. A person's "I" and a body's "we" are
    the claimant; the verb after them agrees with the name."""
    claim = only(extract(text))
    assert claim.statement.startswith(statement), claim.statement


def test_a_coordinated_noun_that_cannot_speak_is_no_claimant() -> None:
    """The parse makes "milder side effects and analysts" the subject of "say": only the
    analysts can say anything."""
    claims = extract(
        "The pill works less well than some rivals but has milder side effects and analysts"
        " say it could reach sales of $2 billion a year."
    )
    assert [claim.claimant for claim in claims] == ["analysts"]
    assert claims[0].quantity is not None and claims[0].quantity.value == 2e9


def test_coordinated_speakers_are_each_a_claimant() -> None:
    """CLAIMS.md: two claimants saying the same thing are two claims."""
    claims = extract("The ministry and the army said 40 soldiers were wounded on Monday.")
    assert sorted(claim.claimant or "" for claim in claims) == ["the army", "the ministry"]
