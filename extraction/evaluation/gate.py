"""The quality gate: fail a run whose F1 is too low or dropped too far from a baseline.

The gate reads the **all-correct F1** by default (CLAIMS.md's headline figure: a claim on
the right sentence with the wrong claimant, certainty or quantity does not count); pass
`metric="claims"` (CLI `--gate-metric claims`) to gate on claim F1 instead.

- `min_f1`: fail when F1 < min_f1.
- `max_drop`: fail when baseline F1 - F1 > max_drop, in absolute F1 units
  (0.05 = five points). Needs a baseline run's report or metrics.

Both may be given; the gate fails when either check fails. A baseline scored on a
different gold file (gold hash differs) is compared anyway, with a warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: Gate metric name -> the report group holding its F1.
GATE_METRICS: dict[str, str] = {"all_correct": "all_correct", "claims": "claims"}
DEFAULT_GATE_METRIC = "all_correct"
_SLACK = 1e-9


@dataclass
class GateResult:
    """Whether a run passed the gate, and one message per check (and warning)."""

    passed: bool = True
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def gate_f1(report: Mapping[str, Any], metric: str = DEFAULT_GATE_METRIC) -> float:
    """The F1 the gate reads from a report or metrics dict."""
    if metric not in GATE_METRICS:
        raise ValueError(f"unknown gate metric {metric!r}; choose one of {sorted(GATE_METRICS)}")
    return float(report[GATE_METRICS[metric]]["f1"])


def check_gate(
    report: Mapping[str, Any],
    *,
    min_f1: float | None = None,
    max_drop: float | None = None,
    baseline: Mapping[str, Any] | None = None,
    baseline_name: str = "baseline",
    metric: str = DEFAULT_GATE_METRIC,
) -> GateResult:
    """Apply the gate's checks to a report; a check not asked for always passes."""
    result = GateResult()
    current = gate_f1(report, metric)
    label = "all-correct F1" if metric == "all_correct" else "claim F1"
    if min_f1 is not None:
        if current + _SLACK < min_f1:
            result.passed = False
            result.messages.append(f"{label} {current:.3f} is below --min-f1 {min_f1:.3f}")
        else:
            result.messages.append(f"{label} {current:.3f} >= --min-f1 {min_f1:.3f}")
    if max_drop is not None:
        if baseline is None:
            raise ValueError("--max-drop needs a baseline run")
        before = gate_f1(baseline, metric)
        drop = before - current
        if drop > max_drop + _SLACK:
            result.passed = False
            result.messages.append(
                f"{label} dropped {drop:.3f} from {before:.3f} ({baseline_name}) to"
                f" {current:.3f}, more than --max-drop {max_drop:.3f}"
            )
        else:
            result.messages.append(
                f"{label} {current:.3f} vs {before:.3f} ({baseline_name}):"
                f" change {-drop:+.3f}, within --max-drop {max_drop:.3f}"
            )
        gold_now, gold_then = report.get("gold_hash"), baseline.get("gold_hash")
        if gold_now and gold_then and gold_now != gold_then:
            result.warnings.append(
                f"{baseline_name} was scored on a different gold file ({gold_then} vs {gold_now})"
            )
    return result
