"""Timelines: order, date fallback, contradictions (figures and stances), sources, chart rows."""

from __future__ import annotations

import datetime as dt

from extraction.tracker.timeline import (
    VALUE_TOLERANCE,
    build_timeline,
    chart_rows,
    claimant_key,
    format_figure,
    timeline_to_dict,
)
from tests.tracker.tracker_factories import tracked

OCT = dt.date(2024, 10, 1)


def _day(n: int) -> dt.date:
    return OCT + dt.timedelta(days=n - 1)


def test_points_are_ordered_by_claim_date_falling_back_to_publication_date() -> None:
    late = tracked("late", "Later.", claim_date=_day(23))
    undated = tracked("undated", "No date.", claim_date=None, published=_day(18))
    nothing = tracked("nothing", "Nothing.", claim_date=None, published=None)
    early = tracked("early", "Earlier.", claim_date=_day(15))
    timeline = build_timeline([late, undated, nothing, early])
    assert [p.claim.id for p in timeline.points] == ["early", "undated", "late", "nothing"]
    assert [p.date_source for p in timeline.points] == ["claim", "published", "claim", None]
    assert timeline.first is not None and timeline.first.claim.id == "early"


def test_ten_and_twelve_thousand_troops_disagree() -> None:
    timeline = build_timeline(
        [
            tracked("a", "10,000 troops.", claimant="a Western diplomat", value=10000),
            tracked("b", "12,000 soldiers.", claimant="NIS", value=12000, unit="soldiers"),
        ]
    )
    assert timeline.contested
    assert len(timeline.reasons) == 1
    assert "10,000 troops (a Western diplomat)" in timeline.reasons[0]
    assert "12,000 troops (NIS)" in timeline.reasons[0]


def test_figures_within_the_tolerance_agree() -> None:
    timeline = build_timeline(
        [
            tracked("a", "About 11,000.", value=11000, qualifier="about"),
            tracked("b", "12,000.", value=12000),
        ]
    )
    assert VALUE_TOLERANCE > 12000 / 11000
    assert not timeline.contested
    assert timeline.reasons == []


def test_qualifiers_widen_a_figure() -> None:
    at_least = build_timeline(
        [
            tracked("a", "At least 3,000.", value=3000, qualifier="at_least"),
            tracked("b", "12,000.", value=12000),
        ]
    )
    assert not at_least.contested
    up_to = build_timeline(
        [
            tracked("a", "Up to 6,000.", value=6000, qualifier="at_most"),
            tracked("b", "10,000.", value=10000),
        ]
    )
    assert up_to.contested
    consistent_up_to = build_timeline(
        [
            tracked("a", "Up to 12,000.", value=12000, qualifier="at_most"),
            tracked("b", "10,000.", value=10000),
        ]
    )
    assert not consistent_up_to.contested


def test_figures_of_different_units_or_doubting_stances_are_not_compared() -> None:
    timeline = build_timeline(
        [
            tracked("a", "12,000 troops.", value=12000),
            tracked("b", "500 officers.", value=500, unit="officers"),
            tracked("c", "Not 3,000.", value=3000, certainty="unconfirmed", claimant=None),
        ]
    )
    assert not any(reason.startswith("figures") for reason in timeline.reasons)


def test_someone_denying_or_not_confirming_contests_the_group() -> None:
    timeline = build_timeline(
        [
            tracked("a", "Troops were sent.", claimant="Kyrylo Budanov"),
            tracked("b", "Troops were sent.", claimant="North Korea", certainty="denied"),
            tracked("c", "Troops were sent.", claimant="Pat Ryder", certainty="unconfirmed"),
        ]
    )
    assert timeline.contested
    assert timeline.reasons == [
        "stances disagree: 1 claim(s) assert it; North Korea denies; Pat Ryder cannot confirm"
    ]
    assert timeline.stances == {
        "asserted": ["Kyrylo Budanov"],
        "denied": ["North Korea"],
        "unconfirmed": ["Pat Ryder"],
    }


def test_agreeing_stances_are_not_contested() -> None:
    timeline = build_timeline(
        [
            tracked("a", "Troops were sent.", claimant="A"),
            tracked("b", "Troops were likely sent.", claimant="B", certainty="hedged"),
        ]
    )
    assert not timeline.contested


def test_sources_record_who_said_it_first_and_who_repeated_it_through_whom() -> None:
    budanov_ki = tracked(
        "ki",
        "About 11,000 troops.",
        claimant="Kyrylo Budanov",
        value=11000,
        qualifier="about",
        claim_date=_day(17),
        publication="The Kyiv Independent",
        article_id="ki",
        via="The War Zone",
    )
    budanov_ep = tracked(
        "ep",
        "About 11,000 infantrymen.",
        claimant="kyrylo budanov.",
        value=11000,
        qualifier="about",
        claim_date=None,
        published=_day(18),
        publication="Euromaidan Press",
        article_id="ep",
    )
    diplomat = tracked(
        "wd", "10,000.", claimant="a Western diplomat", value=10000, claim_date=_day(15)
    )
    timeline = build_timeline([budanov_ep, diplomat, budanov_ki])
    assert [s.claimant for s in timeline.sources] == ["a Western diplomat", "Kyrylo Budanov"]
    budanov = timeline.sources[1]
    assert budanov.first_date == _day(17)
    assert budanov.first_publication == "The Kyiv Independent"
    assert budanov.repeated_in == ("Euromaidan Press",)
    assert budanov.via == ("The War Zone",)
    assert budanov.figures == ("about 11,000 troops",)
    assert timeline.sources[0].repeated_in == ()


def test_claimant_names_fold_case_punctuation_and_articles() -> None:
    assert claimant_key("The Pentagon.") == claimant_key("pentagon")
    assert claimant_key("A Western diplomat") == "western diplomat"


def test_figures_read_as_text() -> None:
    assert format_figure(11000, "troops", "about") == "about 11,000 troops"
    assert format_figure(6000, "troops", "at_most") == "up to 6,000 troops"
    assert format_figure(3000, "troops", "at_least") == "at least 3,000 troops"
    assert format_figure(1.5, "USD", "exact") == "1.5 USD"
    assert format_figure(None, "troops", None) == ""


def test_chart_rows_put_claims_without_figures_on_a_band_above_the_figures() -> None:
    timeline = build_timeline(
        [
            tracked("a", "12,000.", value=12000, claim_date=_day(18)),
            tracked("b", "10,000.", value=10000, claim_date=_day(15)),
            tracked("c", "Denied.", certainty="denied", claim_date=_day(23)),
            tracked("d", "Undated.", claim_date=None, published=None),
        ]
    )
    rows = chart_rows(timeline)
    assert [r["claim_id"] for r in rows] == ["b", "a", "c"]
    denied = rows[-1]
    assert denied["kind"] == "no figure"
    assert denied["value"] is None
    assert denied["y"] > 12000
    assert rows[0]["kind"] == "figure" and rows[0]["y"] == 10000
    assert rows[0]["date"] == "2024-10-15"


def test_timeline_as_json_keeps_points_sources_and_flags() -> None:
    timeline = build_timeline(
        [
            tracked("a", "10,000.", value=10000, claim_date=_day(15), claimant="A"),
            tracked("b", "Denied.", certainty="denied", claim_date=_day(20), claimant="B"),
        ]
    )
    data = timeline_to_dict(timeline)
    assert data["contested"] is True
    assert data["first_reported"] == {
        "claimant": "A",
        "publication": "The Gazette",
        "date": "2024-10-15",
    }
    assert [p["claim_id"] for p in data["points"]] == ["a", "b"]
    assert data["points"][0]["figure"] == "10,000 troops"
    assert data["points"][1]["certainty"] == "denied"
    assert [s["claimant"] for s in data["sources"]] == ["A", "B"]
