"""The eval report includes the tracker's grouping quality when the gold has group labels."""

from __future__ import annotations

import pytest

from extraction.evaluation.grouping import grouping_report, has_group_labels
from extraction.schema import GoldArticle, GoldClaim, Quantity

TEXT = (
    "A diplomat said 10,000 soldiers were sent to Russia. Officials said 12,000 soldiers were"
    " sent to Russia. The first 2,600 soldiers will go to Kursk, a source said."
)


def _claim(statement: str, evidence: str, value: float, group: str | None) -> GoldClaim:
    return GoldClaim(
        statement=statement,
        evidence=evidence,
        quantity=Quantity(value=value, unit="soldiers"),
        group=group,
    )


def _article(labels: bool) -> GoldArticle:
    claims = [
        _claim("10,000 soldiers were sent to Russia.", "10,000 soldiers were sent", 10000, "count"),
        _claim("12,000 soldiers were sent to Russia.", "12,000 soldiers were sent", 12000, "count"),
        _claim(
            "The first 2,600 soldiers will go to Kursk.", "2,600 soldiers will go", 2600, "kursk"
        ),
    ]
    if not labels:
        claims = [claim.model_copy(update={"group": None}) for claim in claims]
    return GoldArticle(id="a", text=TEXT, claims=claims)


def test_no_group_labels_gives_no_grouping_section() -> None:
    assert not has_group_labels([_article(labels=False)])
    assert grouping_report([_article(labels=False)]) is None


def test_grouping_quality_is_scored_against_the_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMDESK_TRACKER_BACKEND", "lexical")
    report = grouping_report([_article(labels=True)])
    assert report is not None
    assert report["n_claims"] == 3 and report["n_gold_groups"] == 2
    pairwise = report["pairwise"]
    assert 0.0 <= pairwise["precision"] <= 1.0 and 0.0 <= pairwise["recall"] <= 1.0
    assert -1.0 <= report["ari"] <= 1.0
