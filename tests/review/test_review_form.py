"""The claim editor's values: validated with the Claim model, errors per field, evidence."""

from __future__ import annotations

import datetime as dt

from extraction.review.form import NO_FIGURE, find_evidence, form_values, validate_claim
from extraction.schema import AlignmentStatus, Claim, Quantity

TEXT = (
    "Close to 11,000 North Korean troops are in Russia and will be \u201cready to fight\u201d"
    " by Nov. 1, military intelligence head Kyrylo Budanov said on Oct. 17."
)
CLAIM = Claim(
    statement="About 11,000 North Korean troops are in Russia.",
    claimant="Kyrylo Budanov",
    claimant_type="intelligence",
    quantity=Quantity(value=11000, unit="troops", qualifier="about"),
    claim_date=dt.date(2024, 10, 17),
    evidence="Close to 11,000 North Korean troops are in Russia",
)


def test_form_values_round_trip_through_validation() -> None:
    values = form_values(CLAIM)
    assert values["quantity_qualifier"] == "about"
    assert values["via"] == ""
    checked = validate_claim(values, TEXT)
    assert not isinstance(checked, dict)
    claim, grounding = checked
    assert claim == CLAIM
    assert grounding.status is AlignmentStatus.exact
    assert (grounding.start, grounding.end) == (0, len(CLAIM.evidence))


def test_no_figure_and_no_claimant_become_none() -> None:
    values = {**form_values(CLAIM), "quantity_value": None, "quantity_qualifier": NO_FIGURE}
    values["claimant"] = "  "
    checked = validate_claim(values, TEXT)
    assert not isinstance(checked, dict)
    assert checked[0].quantity is None
    assert checked[0].claimant is None


def test_errors_name_the_field_they_belong_to() -> None:
    values = {
        **form_values(CLAIM),
        "statement": "",
        "certainty": "certain",
        "quantity_unit": "",
        "claim_date": "not a date",
    }
    errors = validate_claim(values, TEXT)
    assert isinstance(errors, dict)
    assert errors["statement"] == "required"
    assert errors["certainty"].startswith("choose one of")
    assert errors["quantity_unit"] == "required"
    assert "claim_date" in errors


def test_evidence_must_be_found_and_is_stored_as_the_article_has_it() -> None:
    missing = validate_claim({**form_values(CLAIM), "evidence": "troops are on the moon"}, TEXT)
    assert missing == {"evidence": "not found in the article text: copy the passage verbatim"}
    typed = {**form_values(CLAIM), "evidence": 'will be "ready to fight" by Nov. 1'}
    checked = validate_claim(typed, TEXT)
    assert not isinstance(checked, dict)
    assert checked[0].evidence == "will be \u201cready to fight\u201d by Nov. 1"
    assert checked[1].status is AlignmentStatus.exact


def test_find_evidence_reports_the_match_and_its_status() -> None:
    match = find_evidence(TEXT, "CLOSE TO 11,000 NORTH KOREAN TROOPS ARE IN RUSSIA")
    assert match.found
    assert match.grounding.status is AlignmentStatus.normalized
    assert match.matched == "Close to 11,000 North Korean troops are in Russia"
    assert not find_evidence(TEXT, "a sentence that is not there at all").found
    assert not find_evidence(TEXT, "").found
