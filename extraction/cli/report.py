"""The HTML report behind `claimdesk export FILE --format html`."""

from __future__ import annotations

from pathlib import Path

from extraction.review.report import ContestedGroup, build_report, report_claim_count
from extraction.store.connection import Store
from extraction.tracker.report_groups import contested_groups


def write_html_report(store: Store, output: Path) -> int:
    """Write the self-contained HTML report; return the number of claims in it."""
    groups = [ContestedGroup(*group) for group in contested_groups(store)]
    output.write_text(build_report(store, groups), encoding="utf-8")
    return report_claim_count(store)
