"""The tracker over the store: incremental recompute, reviews honoured, merge / split / move
decisions pinned across recomputes, loading groups with their timelines."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extraction.schema import Claim, Grounding
from extraction.store import groups as db
from extraction.store.connection import Store
from extraction.store.reviews import NewReview, claim_payload, insert_review
from extraction.tracker import service
from extraction.tracker.service import (
    ConcurrentChangeError,
    TrackerError,
    group_decisions,
    load_groups,
    merge_groups,
    move_claim,
    recompute_groups,
    rename_group,
    split_group,
)
from tests.tracker.tracker_factories import (
    KeywordEmbedder,
    article_of,
    claim,
    claim_ids,
    memberships,
    store_article,
)

DIPLOMAT = "North Korea has sent 10,000 soldiers to Russia."
PACT = "Russia and North Korea signed a mutual defense pact."
BUDANOV = "About 11,000 North Korean troops are in Russia."
KURSK = "The first group of 2,600 soldiers will go to Kursk."
DENIAL = "North Korea has sent troops to Russia."
NIS = "North Korea has decided to deploy 12,000 soldiers."
DETAINED = "Russian authorities detained 18 North Korean soldiers in Kursk."


def _first_articles() -> list[tuple[list[Claim], dict[str, object]]]:
    return [
        (
            [
                claim(DIPLOMAT, claimant="a Western diplomat", value=10000, unit="soldiers"),
                claim(PACT, claimant=None),
            ],
            {"publication": "The Kyiv Independent", "published": dt.date(2024, 10, 15)},
        ),
        (
            [
                claim(
                    BUDANOV,
                    claimant="Kyrylo Budanov",
                    value=11000,
                    qualifier="about",
                    claim_date=dt.date(2024, 10, 17),
                ),
                claim(KURSK, claimant="Kyrylo Budanov", value=2600, unit="soldiers"),
                claim(DENIAL, claimant="North Korea", certainty="denied"),
            ],
            {"publication": "Euromaidan Press", "published": dt.date(2024, 10, 18)},
        ),
    ]


def _add(store: Store, claims: list[Claim], **meta: object) -> None:
    store_article(store, article_of(claims, **meta), claims)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "tracker.duckdb")
    for claims, meta in _first_articles():
        _add(store, claims, **meta)
    return store


@pytest.fixture
def embedder() -> KeywordEmbedder:
    return KeywordEmbedder()


def _group_of(store: Store, statement: str) -> str:
    (claim_id,) = claim_ids(store, statement)
    return memberships(store)[claim_id][0]


def _third_article(store: Store) -> None:
    _add(
        store,
        [
            claim(NIS, claimant="South Korea's NIS", value=12000, unit="soldiers"),
            claim(DETAINED, claimant="a source", value=18, unit="soldiers"),
        ],
        publication="The Kyiv Independent",
        published=dt.date(2024, 10, 23),
    )


def test_a_first_recompute_groups_claims_by_proposition(
    store: Store, embedder: KeywordEmbedder
) -> None:
    summary = recompute_groups(store, embedder=embedder)
    assert summary.n_claims == 5
    assert summary.n_new == 5
    assert summary.n_new_groups == 3
    assert summary.n_groups == 3
    assert _group_of(store, DIPLOMAT) == _group_of(store, BUDANOV) == _group_of(store, DENIAL)
    assert _group_of(store, KURSK) != _group_of(store, DIPLOMAT)
    assert _group_of(store, PACT) != _group_of(store, DIPLOMAT)
    assert {by for _, by in memberships(store).values()} == {"auto"}


def test_recomputing_without_new_claims_changes_nothing(
    store: Store, embedder: KeywordEmbedder
) -> None:
    recompute_groups(store, embedder=embedder)
    before = memberships(store)
    embedder.encoded.clear()
    summary = recompute_groups(store, embedder=embedder)
    assert summary.n_new == 0
    assert memberships(store) == before
    assert embedder.encoded == []  # nothing new: nothing embedded


def test_new_claims_join_existing_groups_and_old_assignments_stay(
    store: Store, embedder: KeywordEmbedder
) -> None:
    recompute_groups(store, embedder=embedder)
    before = memberships(store)
    count_group = _group_of(store, DIPLOMAT)
    _third_article(store)
    embedder.encoded.clear()
    summary = recompute_groups(store, embedder=embedder)
    assert summary.n_new == 2
    assert summary.n_attached == 1
    assert summary.n_new_groups == 1
    after = memberships(store)
    assert {cid: after[cid] for cid in before} == before
    assert _group_of(store, NIS) == count_group
    assert _group_of(store, DETAINED) not in {count_group, _group_of(store, KURSK)}
    # only the new texts were embedded; the others came from the store's cache
    assert len(embedder.encoded) == 2


def test_the_count_group_is_contested_with_its_denial_shown(
    store: Store, embedder: KeywordEmbedder
) -> None:
    recompute_groups(store, embedder=embedder)
    _third_article(store)
    recompute_groups(store, embedder=embedder)
    views = load_groups(store)
    count = next(v for v in views if any(c.statement == NIS for c in v.claims))
    assert views[0] is count  # contested groups come first
    assert count.contested
    assert count.timeline.stances["denied"] == ["North Korea"]
    assert [p.claim.claimant for p in count.timeline.points] == [
        "a Western diplomat",
        "Kyrylo Budanov",
        "North Korea",
        "South Korea's NIS",
    ]
    assert count.unit == "troops"
    assert not any(ch.isdigit() for ch in count.label)  # figures masked in the label
    assert {v.id for v in load_groups(store, contested_only=True)} == {count.id}


def _review(store: Store, claim_id: str, action: str, after: Claim | None = None) -> None:
    with store.transaction() as con:
        article_id = con.execute("SELECT article_id FROM claims WHERE id = ?", [claim_id])
        row = article_id.fetchone()
        assert row is not None
        insert_review(
            con,
            NewReview(
                claim_id=claim_id,
                article_id=str(row[0]),
                reviewer="alice",
                action=action,
                version=1,
                after=claim_payload(after, Grounding()) if after else None,
            ),
        )


def test_a_rejected_claim_leaves_its_group(store: Store, embedder: KeywordEmbedder) -> None:
    recompute_groups(store, embedder=embedder)
    (denial,) = claim_ids(store, DENIAL)
    _review(store, denial, "reject")
    summary = recompute_groups(store, embedder=embedder)
    assert summary.n_released == 1
    assert denial not in memberships(store)
    count = next(v for v in load_groups(store) if any(c.statement == BUDANOV for c in v.claims))
    assert not count.contested  # the denial was the only disagreement


def test_a_corrected_claim_is_tracked_with_its_reviewed_values(
    store: Store, embedder: KeywordEmbedder
) -> None:
    recompute_groups(store, embedder=embedder)
    (budanov,) = claim_ids(store, BUDANOV)
    corrected = claim(BUDANOV, claimant="Kyrylo Budanov", value=14000, certainty="hedged")
    _review(store, budanov, "correct", corrected)
    view = next(v for v in load_groups(store) if any(c.id == budanov for c in v.claims))
    point = next(p for p in view.timeline.points if p.claim.id == budanov)
    assert point.claim.value == 14000
    assert point.claim.certainty == "hedged"
    assert any("14,000" in reason for reason in view.timeline.reasons)


def test_a_merge_pins_its_claims_and_survives_recompute_and_rebuild(
    store: Store, embedder: KeywordEmbedder
) -> None:
    recompute_groups(store, embedder=embedder)
    count, kursk = _group_of(store, DIPLOMAT), _group_of(store, KURSK)
    merged = merge_groups(store, [kursk], into=count, reviewer="alice", label="NK troops")
    assert merged == count
    assert _group_of(store, KURSK) == count
    assert memberships(store)[claim_ids(store, KURSK)[0]][1] == "reviewer"
    _third_article(store)
    recompute_groups(store, embedder=embedder)
    recompute_groups(store, embedder=embedder, rebuild=True)
    assert _group_of(store, KURSK) == _group_of(store, DIPLOMAT) == _group_of(store, BUDANOV)
    view = next(v for v in load_groups(store) if v.id == count)
    assert view.label == "NK troops"  # a reviewer's label is kept
    decision = group_decisions(store)[0]
    assert decision["action"] == "merge"
    assert decision["payload"]["into"] == count
    assert set(decision["payload"]["groups"]) == {count, kursk}


def test_a_split_is_never_undone_by_recompute_or_rebuild(
    store: Store, embedder: KeywordEmbedder
) -> None:
    recompute_groups(store, embedder=embedder)
    count = _group_of(store, DIPLOMAT)
    (denial,) = claim_ids(store, DENIAL)
    new_group = split_group(store, count, [denial], reviewer="bob")
    assert _group_of(store, DENIAL) == new_group != count
    assert all(by == "reviewer" for _, by in memberships(store).values() if _ in {count, new_group})
    _third_article(store)
    recompute_groups(store, embedder=embedder)
    recompute_groups(store, embedder=embedder, rebuild=True)
    assert _group_of(store, DENIAL) == new_group
    assert _group_of(store, DIPLOMAT) == count
    # the new 12,000 claim joined one of the two sides, not a third group merging them
    assert _group_of(store, NIS) in {count, new_group}
    assert group_decisions(store)[0]["payload"] == {
        "group": count,
        "new_group": new_group,
        "claims": [denial],
        "label": None,
    }


def test_moving_a_claim_pins_it_in_its_new_group(store: Store, embedder: KeywordEmbedder) -> None:
    recompute_groups(store, embedder=embedder)
    (pact,) = claim_ids(store, PACT)
    count = _group_of(store, DIPLOMAT)
    old = _group_of(store, PACT)
    assert move_claim(store, pact, count, reviewer="carol") == count
    assert memberships(store)[pact] == (count, "reviewer")
    with store.connect() as con:
        assert db.get_group(con, old) is None  # emptied groups go
    alone = move_claim(store, pact, None, reviewer="carol")
    assert alone != count
    recompute_groups(store, embedder=embedder, rebuild=True)
    assert memberships(store)[pact] == (alone, "reviewer")
    view = next(v for v in load_groups(store) if v.id == alone)
    assert view.label == PACT.rstrip(".")


def test_rebuild_reclusters_only_unpinned_claims(store: Store, embedder: KeywordEmbedder) -> None:
    recompute_groups(store, embedder=embedder)
    pinned_group = _group_of(store, KURSK)
    (kursk,) = claim_ids(store, KURSK)
    move_claim(store, kursk, _group_of(store, PACT), reviewer="dan")
    summary = recompute_groups(store, embedder=embedder, rebuild=True)
    assert summary.n_new == 4  # every claim but the pinned one was placed again
    assert memberships(store)[kursk][1] == "reviewer"
    assert _group_of(store, DIPLOMAT) == _group_of(store, DENIAL)
    assert pinned_group not in {g for g, _ in memberships(store).values()}


def test_reviewer_decisions_are_checked(store: Store, embedder: KeywordEmbedder) -> None:
    recompute_groups(store, embedder=embedder)
    count = _group_of(store, DIPLOMAT)
    (diplomat,) = claim_ids(store, DIPLOMAT)
    (pact,) = claim_ids(store, PACT)
    with pytest.raises(TrackerError, match="at least two"):
        merge_groups(store, [count], reviewer="alice")
    with pytest.raises(TrackerError, match="no such group"):
        merge_groups(store, [count, "nope"], reviewer="alice")
    with pytest.raises(TrackerError, match="reviewer name"):
        merge_groups(store, [count, _group_of(store, PACT)], reviewer="  ")
    with pytest.raises(TrackerError, match="not in group"):
        split_group(store, count, [pact], reviewer="alice")
    members = [m["claim_id"] for m in _members(store, count)]
    with pytest.raises(TrackerError, match="at least one claim"):
        split_group(store, count, members, reviewer="alice")
    with pytest.raises(TrackerError, match="no such group"):
        move_claim(store, diplomat, "nope", reviewer="alice")
    with pytest.raises(TrackerError, match="in no group"):
        move_claim(store, "unknown-claim", None, reviewer="alice")
    with pytest.raises(TrackerError, match="blank"):
        rename_group(store, count, " ")
    assert group_decisions(store) == []  # nothing half-applied


def _members(store: Store, group_id: str) -> list[dict[str, object]]:
    with store.connect() as con:
        return db.list_members(con, group_id)


def test_a_recompute_that_races_a_decision_retries(
    store: Store, embedder: KeywordEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = iter([0, 1, 1, 1])  # read 0, then someone decided: 1 at commit; retry reads 1
    monkeypatch.setattr(service.db, "decision_count", lambda con: next(counts))
    summary = recompute_groups(store, embedder=embedder)
    assert summary.n_new_groups == 3


def test_a_recompute_that_keeps_racing_gives_up(
    store: Store, embedder: KeywordEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = iter(range(100))
    monkeypatch.setattr(service.db, "decision_count", lambda con: next(calls))
    with pytest.raises(ConcurrentChangeError):
        recompute_groups(store, embedder=embedder)
    assert memberships(store) == {}


def test_group_views_serialise_to_json(store: Store, embedder: KeywordEmbedder) -> None:
    recompute_groups(store, embedder=embedder)
    payload = [view.to_dict() for view in load_groups(store)]
    text = json.dumps(payload)
    first = json.loads(text)[0]
    assert first["contested"] is True
    assert first["n_claims"] == 3
    assert {"id", "label", "unit", "reasons", "points", "sources", "first_reported"} <= set(first)
    assert first["first_reported"]["claimant"] == "a Western diplomat"
