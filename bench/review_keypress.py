"""Keypress to next claim, in headless chromium: press A (accept) on the Review page and
time until the next claim is shown with its Accept button enabled.

    PYTHONPATH=. python bench/review_keypress.py [N_CLAIMS ...]

Databases are built with the tests' bulk_fill (8 claims per article). The first presses
warm the server (caches, DuckDB); the report gives the median and max of the warm ones.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from extraction.store.connection import Store  # noqa: E402
from tests.integration.test_review_browser import CHROMIUM, CHROMIUM_ARGS, Served  # noqa: E402
from tests.review.factories import bulk_fill  # noqa: E402

ACCEPT = re.compile(r"^Accept\b(?! all)")
#: The next claim is interactive: its id in the URL, its Accept button enabled, the run
#: over (nothing stale, no running indicator). Checked on every animation frame, so the
#: time is not rounded up to Playwright's `expect` polling steps (100, 250, 500 ms...).
READY = """(previous) => {
  const claim = new URLSearchParams(location.search).get('claim');
  if (!claim || claim === previous) { return false; }
  const accept = [...document.querySelectorAll('button')]
    .find((b) => /^Accept\\b(?! all)/.test(b.innerText.trim()));
  return Boolean(accept) && !accept.disabled
    && !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stStatusWidget"]');
}"""
WARMUP, PRESSES = 3, 12


def measure(n_claims: int) -> list[float]:
    """Seconds from each warm key press to the next claim being interactive."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.duckdb")
        bulk_fill(store, n_claims // 8, 8)
        served = Served(store.path, {"CLAIMDESK_DOUBLE_REVIEW": "0"})
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                page.set_default_timeout(120_000)
                expect.set_options(timeout=120_000)
                page.goto(f"{served.url}/review")
                expect(page.locator(".cd-pane")).to_be_visible()
                box = page.get_by_role("textbox", name="Your name")
                box.fill("Bench")
                box.press("Enter")
                expect(page.get_by_role("button", name=ACCEPT, disabled=False)).to_have_count(1)
                times = []
                for press in range(WARMUP + PRESSES):
                    claim = re.search(r"claim=([0-9a-f]+)", page.url)
                    assert claim is not None
                    page.evaluate("() => document.activeElement && document.activeElement.blur()")
                    start = time.perf_counter()
                    page.keyboard.press("a")
                    page.wait_for_function(READY, arg=claim.group(1), polling="raf")
                    if press >= WARMUP:
                        times.append(time.perf_counter() - start)
                browser.close()
        finally:
            served.stop()
    return times


def main() -> None:
    """Measure each size given (default 1,000 and 100,000 claims) and print a table."""
    sizes = [int(arg) for arg in sys.argv[1:]] or [1_000, 100_000]
    print("| claims | warm presses | median s | max s |")
    print("|---:|---:|---:|---:|")
    for size in sizes:
        times = measure(size)
        print(
            f"| {size:,} | {len(times)} | {statistics.median(times):.2f} | {max(times):.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
