"""The Tracker page in AppTest: groups with charts, filters, merge / split, selected claim."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from extraction.store.connection import DB_ENV, Store
from extraction.tracker.embeddings import BACKEND_ENV
from extraction.tracker.service import load_groups, recompute_groups
from review_app.tracker_page import SELECTED_CLAIM_KEY, _selected_ids, group_chart
from tests.tracker.tracker_factories import (
    KeywordEmbedder,
    article_of,
    claim,
    claim_ids,
    memberships,
    store_article,
)

TIMEOUT = 60
WRAPPER = """
from review_app.tracker_page import render_tracker_page

render_tracker_page()
"""
DIPLOMAT = "North Korea has sent 10,000 soldiers to Russia."
NIS = "About 12,000 North Korean troops are in Russia."
DENIAL = "North Korea has sent troops to Russia."
PACT = "Russia and North Korea signed a defense pact."
RATIFIED = "Russia and North Korea ratified their defense pact."


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """Two articles: a contested troop count and an agreed pact (not grouped yet)."""
    path = tmp_path / "tracker_app.duckdb"
    monkeypatch.setenv(DB_ENV, str(path))
    monkeypatch.setenv(BACKEND_ENV, "lexical")
    store = Store(path)
    first = [
        claim(
            DIPLOMAT,
            claimant="a Western diplomat",
            value=10000,
            unit="soldiers",
            claim_date=dt.date(2024, 10, 15),
        ),
        claim(PACT, claimant=None),
    ]
    second = [
        claim(
            NIS, claimant="NIS", value=12000, qualifier="about", claim_date=dt.date(2024, 10, 18)
        ),
        claim(RATIFIED, claimant=None),
        claim(DENIAL, claimant="North Korea", certainty="denied"),
    ]
    store_article(store, article_of(first, published=dt.date(2024, 10, 15)), first)
    store_article(
        store,
        article_of(second, publication="Kyiv Post", published=dt.date(2024, 10, 23)),
        second,
    )
    return store


@pytest.fixture
def grouped(store: Store) -> Store:
    recompute_groups(store, embedder=KeywordEmbedder())
    return store


@pytest.fixture
def app(tmp_path: Path) -> AppTest:
    script = tmp_path / "tracker_wrapper.py"
    script.write_text(WRAPPER, encoding="utf-8")
    return AppTest.from_file(str(script), default_timeout=TIMEOUT)


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _markdown(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def _charts(at: AppTest) -> list[dict[str, object]]:
    return [json.loads(node.proto.spec) for node in at.get("vega_lite_chart")]


def test_each_group_is_drawn_with_its_chart_and_contested_flag(
    grouped: Store, app: AppTest
) -> None:
    at = _ok(app.run())
    assert at.title[0].value == "Tracker"
    text = _markdown(at)
    assert ":red-badge[contested]" in text
    assert "stances disagree" in text
    plain = [t.value for t in at.text]
    assert any("First reported by a Western diplomat on 2024-10-15" in t for t in plain)
    assert len(_charts(at)) == 2
    assert "2 of 2 groups shown · 1 contested" in plain


def test_contested_only_hides_groups_that_agree(grouped: Store, app: AppTest) -> None:
    at = _ok(app.run())
    at = _ok(at.toggle(key="tracker_contested").set_value(True).run())
    assert len(_charts(at)) == 1
    assert "1 of 1 groups shown · 1 contested" in [t.value for t in at.text]


def test_search_filters_by_claimant(grouped: Store, app: AppTest) -> None:
    at = _ok(app.run())
    at = _ok(at.text_input(key="tracker_search").input("diplomat").run())
    assert len(_charts(at)) == 1


def test_an_empty_tracker_invites_a_recompute_that_groups_the_claims(
    store: Store, app: AppTest
) -> None:
    at = _ok(app.run())
    assert "No groups yet" in at.info[0].value
    at = _ok(at.button(key="tracker_recompute").click().run())
    assert any("Grouped 5 claims" in s.value for s in at.success)
    assert len(memberships(store)) == 5
    assert _charts(at)


def test_reviewer_tools_need_a_name(grouped: Store, app: AppTest) -> None:
    at = _ok(app.run())
    assert any("Enter your name" in c.value for c in at.caption)
    assert not [m for m in at.multiselect if str(m.key).startswith("merge-")]


def test_a_reviewer_merges_two_groups(grouped: Store, app: AppTest) -> None:
    count, pact = (v.id for v in load_groups(grouped))
    app.session_state["reviewer"] = "alice"
    at = _ok(app.run())
    at = _ok(at.multiselect(key=f"merge-{count}").select(pact).run())
    at = _ok(at.button(key=f"merge-btn-{count}").click().run())
    assert any("Merged 1 group(s)" in s.value for s in at.success)
    assert {group for group, _ in memberships(grouped).values()} == {count}
    assert {by for _, by in memberships(grouped).values()} == {"reviewer"}


def test_a_reviewer_splits_a_claim_off(grouped: Store, app: AppTest) -> None:
    count = load_groups(grouped)[0].id
    (denial,) = claim_ids(grouped, DENIAL)
    app.session_state["reviewer"] = "bob"
    at = _ok(app.run())
    at = _ok(at.multiselect(key=f"split-{count}").select(denial).run())
    at = _ok(at.button(key=f"split-btn-{count}").click().run())
    assert any("Split 1 claim(s)" in s.value for s in at.success)
    assert memberships(grouped)[denial][0] != count
    assert len(_charts(at)) == 2  # the lone denial is hidden (fewer than 2 claims)


def test_the_selected_claim_is_shown_and_can_be_opened(grouped: Store, app: AppTest) -> None:
    (denial,) = claim_ids(grouped, DENIAL)
    app.session_state[SELECTED_CLAIM_KEY] = denial
    at = _ok(app.run())
    text = _markdown(at)
    assert "**Selected claim**" in text
    assert DENIAL in [t.value for t in at.text]
    at = _ok(at.button(key="open-selected").click().run())
    assert at.session_state["claim_id"] == denial  # what the Review page opens
    assert at.session_state[SELECTED_CLAIM_KEY] == denial
    assert at.query_params["claim"] == denial


def test_chart_points_carry_claim_ids_and_a_selection(grouped: Store) -> None:
    view = load_groups(grouped)[0]
    chart = group_chart(view)
    assert chart is not None
    spec = chart.to_dict()
    assert [p["name"] for p in spec["params"]] == ["pick"]
    values = next(iter(spec["datasets"].values()))
    assert {row["claim_id"] for row in values} == {c.id for c in view.claims}
    assert {row["kind"] for row in values} == {"figure", "no figure"}


def test_selection_events_yield_the_picked_claim_ids() -> None:
    assert _selected_ids({"selection": {"pick": [{"claim_id": "c1"}, {"other": 1}]}}) == ["c1"]
    assert _selected_ids({"selection": {}}) == []
    assert _selected_ids(None) == []
