"""Screenshots of the review app for docs/review-app.md (headless chromium, offline data).

    PYTHONPATH=. python scripts/review_screenshots.py

Builds a demo database (seed articles, two reviewers' leases, a blind double review), serves
`claimdesk review` on it and writes docs/images/review-*.png.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from extraction.review import actions, agreement, work  # noqa: E402
from extraction.review.form import form_values  # noqa: E402
from extraction.review.queue import load_queue  # noqa: E402
from extraction.review.report import build_report  # noqa: E402
from extraction.schema import Certainty  # noqa: E402
from tests.integration.test_review_browser import CHROMIUM, CHROMIUM_ARGS, Served  # noqa: E402
from tests.review.factories import showcase_store  # noqa: E402

OUT = ROOT / "docs" / "images"


def _demo(path: Path) -> None:
    store = showcase_store(path)
    claims = load_queue(store).claims
    for state, second in zip(
        claims[8:12], ["asserted", "hedged", "asserted", "asserted"], strict=True
    ):
        outcome = actions.correct(
            store, state.claim_id, form_values(state.claim), reviewer="Ben", opened=state.version
        )
        assert isinstance(outcome, actions.Saved)
        changed = state.claim.model_copy(update={"certainty": Certainty(second)})
        agreement.record_blind_review(store, state.claim_id, "Cy", "correct", changed)
    work.next_claim(store, "Ben")
    work.next_claim(store, "Cy")


def _ready(page: Page) -> None:
    expect(page.locator('[data-testid="stMain"]').get_by_role("heading").first).to_be_visible()
    expect(page.locator('[data-stale="true"]')).to_have_count(0)


def main() -> None:
    """Write the screenshots."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.duckdb"
        _demo(db)
        served = Served(db, {"CLAIMDESK_TRACKER_BACKEND": "lexical"})
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                page = browser.new_page(viewport={"width": 1440, "height": 1000})
                page.set_default_timeout(60_000)
                page.goto(f"{served.url}/review")
                _ready(page)
                box = page.get_by_role("textbox", name="Your name")
                box.fill("Ada")
                box.press("Enter")
                expect(
                    page.get_by_role(
                        "button", name=re.compile(r"^Accept\b(?! all)"), disabled=False
                    )
                ).to_have_count(1)
                page.screenshot(path=str(OUT / "review-page.png"))
                page.get_by_role("button", name=re.compile("Bulk accept")).click()
                expect(page.get_by_role("dialog")).to_be_visible()
                page.screenshot(path=str(OUT / "review-bulk-accept.png"))
                page.keyboard.press("Escape")
                page.goto(served.url)
                _ready(page)
                expect(page.get_by_text("Review queue")).to_be_visible()
                page.get_by_text("Priority order (least sure first)").click()
                expect(
                    page.get_by_role("switch", name=re.compile("Priority order"))
                ).to_be_checked()
                _ready(page)
                page.wait_for_timeout(1500)  # the data grid paints on a canvas
                page.screenshot(path=str(OUT / "review-queue-leases.png"))
                page.goto(f"{served.url}/agreement")
                _ready(page)
                page.wait_for_timeout(1500)
                page.screenshot(path=str(OUT / "review-agreement.png"))
                report = Path(tmp) / "report.html"
                from extraction.store.connection import Store

                report.write_text(build_report(Store(db)), encoding="utf-8")
                offline = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
                view = offline.new_page()
                view.goto(report.as_uri())
                expect(view.get_by_role("heading", name="ClaimDesk report")).to_be_visible()
                view.screenshot(path=str(OUT / "review-html-report.png"))
                browser.close()
        finally:
            served.stop()


if __name__ == "__main__":
    main()
