"""Grounding: evidence located exactly, after normalisation, fuzzily, or not at all."""

from __future__ import annotations

from extraction.schema import AlignmentStatus, Claim
from extraction.text.grounding import ground_claims, locate_evidence, normalize

TEXT = (
    "Close to 11,000 North Korean troops are in Russia and will be \u201cready to fight\u201d"
    " in Ukraine by Nov. 1, military intelligence head Kyrylo Budanov said.\n\n"
    "The NIS said on Oct. 18 Pyongyang had decided to deploy 12,000 soldiers."
)


def test_exact_match_gives_offsets_into_the_text() -> None:
    evidence = "The NIS said on Oct. 18 Pyongyang had decided to deploy 12,000 soldiers."
    grounding = locate_evidence(TEXT, evidence)
    assert grounding.status is AlignmentStatus.exact
    assert grounding.start is not None and grounding.end is not None
    assert TEXT[grounding.start : grounding.end] == evidence


def test_straight_quotes_and_collapsed_whitespace_match_after_normalising() -> None:
    evidence = 'will be "ready to fight"   in Ukraine by Nov. 1'
    grounding = locate_evidence(TEXT, evidence)
    assert grounding.status is AlignmentStatus.normalized
    assert grounding.start is not None and grounding.end is not None
    assert (
        TEXT[grounding.start : grounding.end]
        == "will be \u201cready to fight\u201d in Ukraine by Nov. 1"
    )


def test_a_slightly_misquoted_passage_matches_fuzzily() -> None:
    evidence = "The NIS said on October 18 Pyongyang had decided to deploy 12,000 soldiers."
    grounding = locate_evidence(TEXT, evidence)
    assert grounding.status is AlignmentStatus.fuzzy
    assert grounding.start is not None and grounding.end is not None
    assert "Pyongyang had decided" in TEXT[grounding.start : grounding.end]
    assert 90 <= grounding.score < 100


def test_invented_evidence_is_not_found() -> None:
    grounding = locate_evidence(TEXT, "The Pentagon confirmed that 50,000 troops arrived in Kursk.")
    assert grounding.status is AlignmentStatus.not_found
    assert grounding.start is None and grounding.end is None
    assert not grounding.grounded


def test_short_evidence_is_never_matched_fuzzily() -> None:
    assert locate_evidence(TEXT, "Oct. 19 NIS").status is AlignmentStatus.not_found


def test_ellipses_around_evidence_are_ignored() -> None:
    grounding = locate_evidence(TEXT, "...Pyongyang had decided to deploy 12,000 soldiers...")
    assert grounding.status is AlignmentStatus.exact


def test_normalize_folds_quotes_dashes_and_spaces() -> None:
    assert normalize("  \u201cA\u201d \u2014 it\u2019s\n\n b ") == '"A" - it\'s b'


def test_ground_claims_keeps_ungrounded_claims_flagged() -> None:
    claims = [
        Claim(
            statement="About 11,000 troops are in Russia.",
            evidence="Close to 11,000 North Korean troops",
        ),
        Claim(statement="Invented.", evidence="nothing like this appears anywhere in it"),
    ]
    grounded = ground_claims(TEXT, claims)
    assert [g.grounding.status for g in grounded] == [
        AlignmentStatus.exact,
        AlignmentStatus.not_found,
    ]
    assert [g.claim for g in grounded] == claims
