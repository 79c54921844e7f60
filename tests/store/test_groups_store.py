"""Store layer of the claim tracker: tracked claims, groups, members, decisions, embeddings."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extraction.schema import Article, Claim, Grounding, Quantity
from extraction.store import groups as db
from extraction.store.articles import upsert_article
from extraction.store.claims import ExtractionRecord, insert_extraction
from extraction.store.connection import Store
from extraction.store.migrations import applied_migrations
from extraction.store.reviews import NewReview, claim_payload, insert_review
from extraction.store.runs import RunInfo, start_run
from extraction.text.grounding import ground_claims

SENTENCES = [
    "North Korea has sent 10,000 soldiers to Russia.",
    "Russia and North Korea signed a mutual defense pact.",
]


def _claims(*, value: float = 10000) -> list[Claim]:
    return [
        Claim(
            statement=SENTENCES[0],
            claimant="a Western diplomat",
            quantity=Quantity(value=value, unit="soldiers"),
            evidence=SENTENCES[0],
        ),
        Claim(statement=SENTENCES[1], evidence=SENTENCES[1]),
    ]


def _extract(store: Store, article: Article, claims: list[Claim], engine: str) -> None:
    info = RunInfo(engine=engine, model="m", prompt_version="p", prompt_hash="h")
    with store.transaction() as con:
        run_id = start_run(con, info)
        upsert_article(con, article)
        insert_extraction(
            con,
            ExtractionRecord(run_id, article.id, info, ground_claims(article.text, claims)),
        )


@pytest.fixture
def article() -> Article:
    text = " ".join(SENTENCES)
    return Article(
        id=Article.id_for_text(text),
        text=text,
        publication="The Kyiv Independent",
        published=dt.date(2024, 10, 15),
        title="Diplomat: 10,000",
    )


@pytest.fixture
def store(tmp_path: Path, article: Article) -> Store:
    store = Store(tmp_path / "groups.duckdb")
    _extract(store, article, _claims(), "rules")
    return store


def _tracked(store: Store) -> list[dict[str, object]]:
    with store.connect() as con:
        return db.tracked_claims(con)


def _review(store: Store, claim_id: str, article_id: str, action: str, after: Claim | None) -> None:
    with store.transaction() as con:
        insert_review(
            con,
            NewReview(
                claim_id=claim_id,
                article_id=article_id,
                reviewer="alice",
                action=action,
                version=1,
                after=claim_payload(after, Grounding()) if after else None,
            ),
        )


def test_migration_4_creates_the_tracker_tables(store: Store) -> None:
    with store.connect(read_only=True) as con:
        assert 4 in applied_migrations(con)
        tables = {
            row[0]
            for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
    assert {"claim_groups", "claim_group_members", "group_decisions", "claim_embeddings"} <= tables


def test_tracked_claims_carry_their_article_metadata(store: Store, article: Article) -> None:
    rows = _tracked(store)
    assert [row["statement"] for row in rows] == SENTENCES
    first = rows[0]
    assert first["article_id"] == article.id
    assert first["publication"] == "The Kyiv Independent"
    assert first["published"] == dt.date(2024, 10, 15)
    assert first["quantity_value"] == 10000
    assert first["quantity_unit"] == "soldiers"
    assert first["review_status"] == "pending"


def test_only_the_latest_extraction_run_of_an_article_is_tracked(
    store: Store, article: Article
) -> None:
    _extract(store, article, _claims(value=12000), "openai")
    rows = _tracked(store)
    assert len(rows) == 2
    assert {row["engine"] for row in rows} == {"openai"}
    assert rows[0]["quantity_value"] == 12000


def test_reviews_apply_corrections_drop_rejections_and_add_claims(
    store: Store, article: Article
) -> None:
    first, second = (str(row["id"]) for row in _tracked(store))
    corrected = _claims(value=11000)[0]
    _review(store, first, article.id, "correct", corrected)
    _review(store, second, article.id, "reject", None)
    added = Claim(
        statement="North Korea has denied it.",
        claimant="North Korea",
        certainty="denied",
        evidence=SENTENCES[0],
    )
    _review(store, "added-1", article.id, "add", added)
    rows = {row["id"]: row for row in _tracked(store)}
    assert set(rows) == {first, "added-1"}
    assert rows[first]["quantity_value"] == 11000
    assert rows[first]["review_status"] == "corrected"
    assert rows["added-1"]["certainty"] == "denied"
    assert rows["added-1"]["publication"] == "The Kyiv Independent"


def test_groups_and_members_one_group_per_claim(store: Store) -> None:
    with store.transaction() as con:
        first = db.create_group(con, db.GroupMeta(label="NK troops", unit="troops"))
        second = db.create_group(con, db.GroupMeta(label="Pact"))
        db.assign_claims(con, first, ["c1", "c2"], "auto", {"c1": 0.9})
        db.assign_claims(con, second, ["c2"], "reviewer")
    with store.connect() as con:
        members = {m["claim_id"]: m for m in db.list_members(con)}
        groups = {g["id"]: g for g in db.list_groups(con)}
        assert [m["claim_id"] for m in db.list_members(con, first)] == ["c1"]
    assert members["c1"]["group_id"] == first and members["c1"]["score"] == 0.9
    assert members["c2"]["group_id"] == second and members["c2"]["assigned_by"] == "reviewer"
    assert groups[first]["n_members"] == 1 and groups[first]["unit"] == "troops"
    assert groups[first]["label_source"] == "auto"


def test_pinning_unassigning_and_deleting_empty_groups(store: Store) -> None:
    with store.transaction() as con:
        keep = db.create_group(con, db.GroupMeta(label="keep"))
        empty = db.create_group(con, db.GroupMeta(label="empty"))
        db.assign_claims(con, keep, ["c1", "c2"], "auto", {"c1": 0.5, "c2": 0.7})
        db.assign_claims(con, empty, ["c3"], "auto")
        db.pin_group_members(con, keep)
        db.unassign_claims(con, ["c3"])
        assert db.delete_empty_groups(con) == [empty]
        db.update_group(con, keep, db.GroupMeta(label="Kept", label_source="reviewer"))
    with store.connect() as con:
        members = db.list_members(con)
        group = db.get_group(con, keep)
        assert db.get_group(con, empty) is None
    assert {(m["claim_id"], m["assigned_by"], m["score"]) for m in members} == {
        ("c1", "reviewer", 0.5),
        ("c2", "reviewer", 0.7),
    }
    assert group is not None and (group["label"], group["label_source"]) == ("Kept", "reviewer")


def test_membership_origin_and_decision_actions_are_checked(store: Store) -> None:
    with store.transaction() as con:
        with pytest.raises(ValueError, match="assigned_by"):
            db.assign_claims(con, "g", ["c1"], "robot")
        with pytest.raises(ValueError, match="action"):
            db.record_decision(con, "alice", "explode", {})


def test_decisions_are_appended_with_their_payload(store: Store) -> None:
    with store.transaction() as con:
        db.record_decision(con, "alice", "merge", {"groups": ["a", "b"], "into": "a"})
        db.record_decision(con, "bob", "split", {"group": "a", "claims": ["c1"]})
    with store.connect() as con:
        decisions = db.list_decisions(con)
        assert db.decision_count(con) == 2
    assert [(d["reviewer"], d["action"]) for d in decisions] == [
        ("alice", "merge"),
        ("bob", "split"),
    ]
    assert decisions[0]["payload"] == {"groups": ["a", "b"], "into": "a"}


def test_embeddings_are_cached_per_model_and_never_overwritten(store: Store) -> None:
    with store.transaction() as con:
        db.put_embeddings(con, "m1", {"h1": (2, b"\x00" * 8), "h2": (2, b"\x01" * 8)})
        db.put_embeddings(con, "m1", {"h1": (2, b"\xff" * 8)})
        db.put_embeddings(con, "m2", {"h1": (3, b"\x02" * 12)})
    with store.connect() as con:
        found = db.get_embeddings(con, "m1", ["h1", "h3"])
        assert db.get_embeddings(con, "m2", ["h1"]) == {"h1": (3, b"\x02" * 12)}
        assert db.get_embeddings(con, "m1", []) == {}
    assert found == {"h1": (2, b"\x00" * 8)}


def test_decision_payloads_are_stored_as_json(store: Store) -> None:
    with store.transaction() as con:
        db.record_decision(con, "alice", "move", {"claim": "c1", "to": "g2"})
    with store.connect() as con:
        raw = con.execute("SELECT payload FROM group_decisions").fetchone()
    assert raw is not None and json.loads(raw[0]) == {"claim": "c1", "to": "g2"}


def test_a_newer_extraction_without_claims_empties_the_article(
    store: Store, article: Article
) -> None:
    _extract(store, article, [], "openai")
    assert _tracked(store) == []
