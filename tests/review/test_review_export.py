"""Reviewed claims export (CSV, JSON Lines) from the logic and from `claimdesk export`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extraction.cli import app
from extraction.review import actions, form
from extraction.review.actions import Saved
from extraction.review.export import (
    CSV_COLUMNS,
    render_reviewed,
    reviewed_rows,
    to_csv,
    to_jsonl,
    write_reviewed,
)
from extraction.review.state import ClaimState
from extraction.store.connection import Store


@pytest.fixture
def reviewed(store: Store, claims: list[ClaimState]) -> Store:
    """Three decisions: an acceptance, a correction and a rejection."""
    accept = actions.accept(store, claims[0].claim_id, reviewer="ann", opened=claims[0].version)
    values = {
        **form.form_values(claims[1].claim),
        "claimant": "Kyrylo Budanov",
        "claimant_type": "intelligence",
        "quantity_value": 11000.0,
        "quantity_unit": "troops",
        "quantity_qualifier": "about",
    }
    correct = actions.correct(
        store, claims[1].claim_id, values, reviewer="bob", opened=claims[1].version
    )
    reject = actions.reject(
        store, claims[2].claim_id, "Page furniture", reviewer="ann", opened=claims[2].version
    )
    assert all(isinstance(o, Saved) for o in (accept, correct, reject))
    return store


def test_only_reviewed_claims_are_exported_with_their_current_values(
    reviewed: Store, claims: list[ClaimState]
) -> None:
    rows = reviewed_rows(reviewed)
    by_id = {row["claim_id"]: row for row in rows}
    assert set(by_id) == {c.claim_id for c in claims[:3]}
    assert by_id[claims[0].claim_id]["status"] == "accepted"
    corrected = by_id[claims[1].claim_id]
    assert corrected["status"] == "corrected"
    assert corrected["claimant"] == "Kyrylo Budanov"
    assert corrected["quantity_qualifier"] == "about"
    assert corrected["reviewer"] == "bob"
    rejected = by_id[claims[2].claim_id]
    assert rejected["status"] == "rejected" and rejected["reason"] == "Page furniture"


def test_csv_has_a_header_and_one_row_per_reviewed_claim(reviewed: Store) -> None:
    text = to_csv(reviewed_rows(reviewed))
    records = list(csv.DictReader(io.StringIO(text)))
    assert list(records[0]) == list(CSV_COLUMNS)
    assert len(records) == 3
    corrected = next(r for r in records if r["status"] == "corrected")
    assert corrected["quantity_value"] == "11000"
    assert corrected["claimant_type"] == "intelligence"


def test_jsonl_uses_the_claims_md_shape(reviewed: Store) -> None:
    lines = to_jsonl(reviewed_rows(reviewed)).splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 3
    corrected = next(r for r in records if r["status"] == "corrected")
    assert corrected["quantity"] == {"value": 11000.0, "unit": "troops", "qualifier": "about"}
    assert "quantity_value" not in corrected
    assert {"statement", "claimant", "certainty", "evidence", "claim_date"} <= set(corrected)


def test_unknown_format_is_refused(reviewed: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="csv, jsonl"):
        render_reviewed([], "parquet")
    with pytest.raises(ValueError, match="csv, jsonl"):
        write_reviewed(reviewed, tmp_path / "x.parquet", "parquet")


def test_claimdesk_export_reviewed(reviewed: Store, tmp_path: Path) -> None:
    output = tmp_path / "reviewed.jsonl"
    result = CliRunner().invoke(
        app, ["export", str(output), "--db", str(reviewed.path), "--format", "jsonl", "--reviewed"]
    )
    assert result.exit_code == 0, result.output
    assert "3 reviewed claims" in result.output
    assert len(output.read_text(encoding="utf-8").splitlines()) == 3
    refused = CliRunner().invoke(
        app,
        [
            "export",
            str(tmp_path / "r.parquet"),
            "--db",
            str(reviewed.path),
            "-f",
            "parquet",
            "--reviewed",
        ],
    )
    assert refused.exit_code != 0
