"""Sentence units, proposition parts, labels and decisions of the learned engine."""

from __future__ import annotations

import datetime as dt

from extraction.engines.learned.analyser import SentenceAnalyser
from extraction.engines.learned.units import DEFAULT_THRESHOLDS, LABELS, decide
from extraction.schema import Article, Certainty, Claim, ClaimantType
from extraction.training.labels import unit_labels
from extraction.training.sources import LabelledArticle

TEXT = (
    "The earthquake killed 12 people and injured 40 others in the province on Monday.\n\n"
    "Interior Minister Ana Ruiz said 300 rescuers had been sent to the area.\n\n"
    "Subscribe to our newsletter"
)


def _article() -> Article:
    return Article(id=Article.id_for_text(TEXT), text=TEXT, published=dt.date(2024, 5, 7))


def _units():  # type: ignore[no-untyped-def]
    [units] = SentenceAnalyser().analyse_many([_article()])
    return units


def test_units_are_prose_sentences_with_candidates_and_parts() -> None:
    units = _units()
    assert [unit.text for unit in units.units] == [
        "The earthquake killed 12 people and injured 40 others in the province on Monday.",
        "Interior Minister Ana Ruiz said 300 rescuers had been sent to the area.",
    ]  # the newsletter line is page furniture
    first, second = units.units
    assert not first.rules_claims and "xxnum" in first.markers
    statements = [statement for statement, _ in first.parts]
    assert len(statements) == 2 and statements[1].startswith("The earthquake injured 40")
    assert [quantity.value for _, quantity in first.parts if quantity] == [12, 40]
    assert [claim.claimant for claim in second.rules_claims] == ["Ana Ruiz"]
    assert "xxrules1" in second.markers and "xxrtgovernment" in second.markers


def test_labels_follow_the_claims_resting_on_each_sentence() -> None:
    units = _units()
    first, second = units.units
    claims = (
        Claim(statement="The earthquake killed 12 people.", claimant_type=ClaimantType.media,
              certainty=Certainty.asserted, evidence=first.text),
        Claim(statement="The earthquake injured 40 people.", claimant_type=ClaimantType.media,
              certainty=Certainty.asserted, evidence=first.text),
        Claim(statement="300 rescuers were sent.", claimant="Ana Ruiz",
              claimant_type=ClaimantType.government, certainty=Certainty.hedged,
              evidence=second.text),
    )  # fmt: skip
    labels = unit_labels(units, LabelledArticle(units.article, claims, source="test"))
    assert labels[0]["OWN"] == 1.0 and labels[0]["MULTI"] == 1.0 and labels[0]["ATTR"] == 0.0
    assert "RULES" not in labels[0]  # no rules claim there: unknown, masked in training
    assert labels[1]["RULES"] == 1.0 and labels[1]["OWN"] == 0.0 and labels[1]["HEDGED"] == 1.0
    partial = unit_labels(
        units, LabelledArticle(units.article, (), "test", complete=False, rejected=claims[2:])
    )
    assert partial[0] == {} and partial[1] == {"RULES": 0.0}


def test_decide_keeps_the_candidates_whose_labels_pass() -> None:
    units = _units()
    nothing = [dict.fromkeys(LABELS, 0.0) for _ in units.units]
    assert decide(units, nothing, {**DEFAULT_THRESHOLDS, "RULES": 0.5}) == []
    scores = [
        {**dict.fromkeys(LABELS, 0.0), "OWN": 0.9, "MULTI": 0.9, "QUANTITY": 0.9},
        {**dict.fromkeys(LABELS, 0.0), "RULES": 0.9, "QUANTITY": 0.9},
    ]
    claims = decide(units, scores, DEFAULT_THRESHOLDS)
    assert [claim.claimant for claim in claims] == [None, None, "Ana Ruiz"]  # reading order
    own = claims[:2]
    assert {claim.quantity.value for claim in own if claim.quantity} == {12, 40}
    assert all(claim.claim_date == dt.date(2024, 5, 7) for claim in own)
    assert all(claim.evidence in TEXT for claim in claims)


def test_a_silver_file_with_extra_article_keys_loads(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json
    from pathlib import Path

    from extraction.training.sources import load_labelled_file

    line = {
        "id": "silver-1",
        "title": "t",
        "publication": "p",
        "published": "2024-05-07",
        "url": None,
        "genre": "wire",
        "topic": "disaster",
        "label_source": {"model": "strong", "prompt_version": "claims-v1"},
        "text": TEXT,
        "claims": [
            {
                "statement": "The earthquake killed 12 people.",
                "claimant": None,
                "claimant_type": "media",
                "certainty": "asserted",
                "evidence": "The earthquake killed 12 people",
            }
        ],
    }
    path = Path(tmp_path) / "silver.jsonl"
    path.write_text(json.dumps(line) + "\n" + '{"id": "bad", "text": "x", "claims": 3}\n')
    articles, record = load_labelled_file(path)
    assert [item.article.id for item in articles] == ["silver-1"]
    assert record.n_claims == 1
    assert len(record.skipped) == 1 and "line 2" in record.skipped[0]


MULTI_TEXT = (
    "At least 35 miners were killed and 14 others were injured in the explosion,"
    " the governor said.\n\n"
    "The regional council said the roads were closed on Tuesday."
)


def _multi_units():  # type: ignore[no-untyped-def]
    article = Article(id=Article.id_for_text(MULTI_TEXT), text=MULTI_TEXT)
    [units] = SentenceAnalyser().analyse_many([article])
    return units


def test_a_rules_claim_holding_several_parts_is_split_when_several_claims_rest_on_it() -> None:
    units = _multi_units()
    first = units.units[0]
    assert len(first.rules_claims) == 1 and len(first.parts) >= 2
    one = {**dict.fromkeys(LABELS, 0.0), "RULES": 0.9, "QUANTITY": 0.9}
    rest = [dict.fromkeys(LABELS, 0.0) for _ in units.units[1:]]
    whole = decide(units, [one, *rest], DEFAULT_THRESHOLDS)
    assert len(whole) == 1 and whole[0].claimant == "the governor"
    split = decide(units, [{**one, "MULTI": 0.9}, *rest], DEFAULT_THRESHOLDS)
    assert [claim.claimant for claim in split] == ["the governor", "the governor"]
    assert [claim.quantity.value for claim in split if claim.quantity] == [35, 14]
    assert all(claim.evidence == first.text for claim in split)


def test_no_own_voice_copy_of_a_proposition_a_named_speaker_of_the_sentence_makes() -> None:
    units = _multi_units()
    second = units.units[1]
    assert [claim.claimant for claim in second.rules_claims] == ["the regional council"]
    nothing = [dict.fromkeys(LABELS, 0.0) for _ in units.units[:1]]
    both = {**dict.fromkeys(LABELS, 0.0), "RULES": 0.9, "OWN": 0.9}
    claims = decide(units, [*nothing, both], DEFAULT_THRESHOLDS)
    assert [claim.claimant for claim in claims] == ["the regional council"]
    # the attributed claim dropped: the sentence still is the council's, not the outlet's
    own_only = {**both, "RULES": 0.0}
    assert decide(units, [*nothing, own_only], DEFAULT_THRESHOLDS) == []


def test_a_part_that_keeps_the_attribution_is_still_the_speakers() -> None:
    # the relative clause left out, the part reads "... buses according to city transport
    # officials": its words are the attributed claim's and its claimant's
    text = (
        "The ministry had promised to provide a total of about 300 electric buses, whose"
        " delivery was expected to be completed by June, according to city transport officials."
    )
    article = Article(id=Article.id_for_text(text), text=text, published=dt.date(2024, 5, 7))
    [units] = SentenceAnalyser().analyse_many([article])
    [unit] = units.units
    assert [claim.claimant for claim in unit.rules_claims] == ["city transport officials"]
    assert any("according to" in statement for statement, _ in unit.parts)
    own_parts = {**dict.fromkeys(LABELS, 0.0), "OWN": 0.9, "MULTI": 0.9}
    assert decide(units, [own_parts], DEFAULT_THRESHOLDS) == []


def _own_voice_claims(text: str) -> list[Claim]:
    """The claims `decide` makes of `text` when every sentence scores only as own-voice."""
    article = Article(id=Article.id_for_text(text), text=text, published=dt.date(2024, 5, 7))
    [units] = SentenceAnalyser().analyse_many([article])
    scores = [{**dict.fromkeys(LABELS, 0.0), "OWN": 0.9} for _ in units.units]
    return decide(units, scores, DEFAULT_THRESHOLDS)


def test_an_own_voice_claim_with_a_hedging_modal_is_hedged_whatever_the_score() -> None:
    [claim] = _own_voice_claims(
        "The new bridge could open to traffic in March, two months ahead of schedule."
    )
    assert claim.claimant is None
    assert claim.certainty is Certainty.hedged


def test_an_own_voice_claim_passed_on_unverified_is_unconfirmed() -> None:
    """ "reportedly", "purporting to show": the publication has not verified it."""
    claims = _own_voice_claims(
        "About 300 families are reportedly sheltering in the school.\n\n"
        "Footage has circulated purporting to show 40 trucks at the border."
    )
    assert [claim.certainty for claim in claims] == [Certainty.unconfirmed] * 2
