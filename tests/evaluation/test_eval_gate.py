"""The gate reads all-correct F1 (or claim F1) against a floor and a baseline."""

from __future__ import annotations

import pytest

from extraction.evaluation.gate import check_gate, gate_f1


def report(f1: float, all_correct_f1: float, gold_hash: str = "g") -> dict[str, object]:
    return {
        "claims": {"precision": 0.0, "recall": 0.0, "f1": f1},
        "all_correct": {"precision": 0.0, "recall": 0.0, "f1": all_correct_f1},
        "gold_hash": gold_hash,
    }


def test_min_f1_reads_all_correct_f1_by_default() -> None:
    current = report(0.8, 0.4)
    assert not check_gate(current, min_f1=0.5).passed
    assert check_gate(current, min_f1=0.5, metric="claims").passed
    assert check_gate(current, min_f1=0.4).passed  # equal passes
    assert gate_f1(current) == 0.4


def test_max_drop_against_baseline() -> None:
    baseline = report(0.8, 0.6)
    failed = check_gate(report(0.8, 0.5), max_drop=0.05, baseline=baseline, baseline_name="v1")
    assert not failed.passed
    assert "dropped 0.100" in failed.messages[0]
    assert "v1" in failed.messages[0]
    assert check_gate(report(0.8, 0.57), max_drop=0.05, baseline=baseline).passed
    assert check_gate(report(0.8, 0.7), max_drop=0.0, baseline=baseline).passed


def test_both_checks_and_warnings() -> None:
    baseline = report(0.8, 0.6, gold_hash="old")
    result = check_gate(report(0.8, 0.6), min_f1=0.7, max_drop=0.1, baseline=baseline)
    assert not result.passed
    assert len(result.messages) == 2
    assert "different gold file" in result.warnings[0]


def test_no_checks_pass_and_bad_arguments() -> None:
    assert check_gate(report(0.0, 0.0)).passed
    with pytest.raises(ValueError, match="baseline"):
        check_gate(report(0.5, 0.5), max_drop=0.1)
    with pytest.raises(ValueError, match="gate metric"):
        check_gate(report(0.5, 0.5), min_f1=0.1, metric="precision")
