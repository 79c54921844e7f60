"""Review app: time to first render of the queue and of the article view vs database size.

For each size (claims: 1,000, 10,000, 100,000 by default) a database is filled in SQL
(`bench/fill_db.py`: 10 claims an article, 20% of claims accepted), then:

Browser (what a reviewer feels; when /usr/bin/chromium and Playwright are there):
`claimdesk review --db DB` is served and headless chromium opens the queue (until its
table is visible) and the article view `/review` (until the article with the selected
evidence highlighted is visible), each in a new browser page = a new Streamlit session.
The first of each on a fresh server is "cold" (the server imports the app's modules on
its first run); then the median of `--repeats`. Each is split into the frontend's boot
(until Streamlit's page shell `stApp` is in the page: its JavaScript loaded and run, the
same for any Streamlit app) and what follows (websocket, the script run, drawing).

AppTest (server-side script time plus the test harness, in a fresh Python process),
driving `review_app/app.py` as `tests/review_app/` does:

- queue: `AppTest.from_file(app).run()` (the default page: counts, filters, one page);
- article view: `switch_page("views/review.py").run()` (the next pending claim opened,
  its article with highlighted evidence, the claim list and the editor);
- cold: the first session of the process (modules imported by the script's first run);
  warm: the median of `--repeats` further sessions (a running `claimdesk review` server);
- the store calls the pages make, timed alone: `load_queue`, `next_pending`,
  `load_article_view`.

Target: under 1 s at 100,000 claims (browser, warm).

    .venv/bin/python bench/bench_review_app.py [--sizes 1000 10000 100000] [--repeats 5]

Results: bench/results/review_app.json and bench/results/review_app.png.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import CLAIMDESK, PYTHON, REPO, RESULTS, plot_available, save_results, workdir
from fill_db import fill

APP = REPO / "review_app" / "app.py"
REVIEW_PAGE = "views/review.py"
TARGET_SECONDS = 1.0
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: The queue is drawn when its counts are visible and its table is in the page (the grid
#: is a canvas Playwright calls hidden); the article view when the open claim's evidence is.
QUEUE_READY = (
    ('[data-testid="stMetricValue"]', "visible"),
    ('[data-testid="stDataFrame"]', "attached"),
)
REVIEW_READY = ((".cd-article mark.ev-selected", "visible"),)
#: Streamlit's page shell: its JavaScript has loaded and run (independent of the app).
FRONTEND_READY = '[data-testid="stApp"]'


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def _check(at: Any) -> None:
    if at.exception:
        raise SystemExit(f"the app raised: {[e.value for e in at.exception]}")


def child(db: Path, repeats: int) -> dict[str, Any]:
    """Run in a fresh process: render the pages and time them (printed as JSON)."""
    os.environ["CLAIMDESK_DB"] = str(db)
    import_seconds, _ = _timed(lambda: __import__("streamlit.testing.v1"))
    from streamlit.testing.v1 import AppTest

    from extraction.review.article import load_article_view
    from extraction.review.queue import load_queue, next_pending
    from extraction.store.connection import Store

    def session() -> tuple[float, float, int]:
        at = AppTest.from_file(str(APP), default_timeout=300)
        queue_seconds, _ = _timed(at.run)
        _check(at)
        rows = len(at.dataframe[0].value) if at.dataframe else 0
        review_seconds, _ = _timed(lambda: at.switch_page(REVIEW_PAGE).run())
        _check(at)
        return queue_seconds, review_seconds, rows

    cold_queue, cold_review, rows = session()
    warm = [session() for _ in range(repeats)]
    store = Store(db)
    queries: dict[str, list[float]] = {
        "load_queue": [],
        "next_pending": [],
        "load_article_view": [],
    }
    for _ in range(repeats):
        queries["load_queue"].append(_timed(lambda: load_queue(store))[0])
        seconds, claim_id = _timed(lambda: next_pending(store))
        queries["next_pending"].append(seconds)
        started = time.perf_counter()
        load_article_view(store, claim_id)
        queries["load_article_view"].append(time.perf_counter() - started)
    return {
        "streamlit_import_seconds": round(import_seconds, 3),
        "queue_rows_shown": rows,
        "cold_queue_seconds": round(cold_queue, 3),
        "cold_review_seconds": round(cold_review, 3),
        "warm_queue_seconds": round(statistics.median(w[0] for w in warm), 3),
        "warm_review_seconds": round(statistics.median(w[1] for w in warm), 3),
        "warm_queue_max_seconds": round(max(w[0] for w in warm), 3),
        "warm_review_max_seconds": round(max(w[1] for w in warm), 3),
        "queries_median_seconds": {
            name: round(statistics.median(values), 4) for name, values in queries.items()
        },
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(db: Path) -> tuple[subprocess.Popen[str], str]:
    """`claimdesk review --db DB` on a free port, once it answers its health check."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMDESK_")}
    process = subprocess.Popen(
        [str(CLAIMDESK), "review", "--db", str(db), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("claimdesk review exited early")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                if answer.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.25)
    process.terminate()
    raise SystemExit("claimdesk review did not start")


def browser_timings(db: Path, repeats: int) -> dict[str, Any]:
    """Navigation to visible content in headless chromium, per page, cold and warm."""
    from playwright.sync_api import sync_playwright

    process, url = _serve(db)
    pages = {"queue": ("/", QUEUE_READY), "review": ("/review", REVIEW_READY)}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:

                def visit(path: str, ready: tuple[tuple[str, Any], ...]) -> tuple[float, float]:
                    """Seconds until the content shows, and until the frontend had booted."""
                    page = browser.new_page(viewport={"width": 1440, "height": 900})
                    page.set_default_timeout(120_000)
                    started = time.perf_counter()
                    page.goto(url + path)
                    page.locator(FRONTEND_READY).first.wait_for(state="attached")
                    booted = time.perf_counter() - started
                    for selector, state in ready:
                        page.locator(selector).first.wait_for(state=state)
                    seconds = time.perf_counter() - started
                    page.close()
                    return seconds, booted

                cold = {name: visit(*where) for name, where in pages.items()}
                warm = {
                    name: [visit(*where) for _ in range(repeats)] for name, where in pages.items()
                }
            finally:
                browser.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    result: dict[str, Any] = {}
    for name in pages:
        result[f"browser_cold_{name}_seconds"] = round(cold[name][0], 3)
        result[f"browser_warm_{name}_seconds"] = round(
            statistics.median(w[0] for w in warm[name]), 3
        )
        result[f"browser_warm_{name}_max_seconds"] = round(max(w[0] for w in warm[name]), 3)
        result[f"browser_warm_{name}_frontend_boot_seconds"] = round(
            statistics.median(w[1] for w in warm[name]), 3
        )
        result[f"browser_warm_{name}_after_boot_seconds"] = round(
            statistics.median(w[0] - w[1] for w in warm[name]), 3
        )
    return result


def measure(size: int, work: Path, repeats: int, browser: bool) -> dict[str, Any]:
    """Fill a database of `size` claims and time the app on it."""
    db = work / f"review-{size}.duckdb"
    filled = fill(db, size)
    done = subprocess.run(
        [str(PYTHON), __file__, "--child", str(db), "--repeats", str(repeats)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    if done.returncode != 0:
        raise SystemExit(f"timing the app failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    timings = json.loads(done.stdout.strip().splitlines()[-1])
    row = {"claims": size, **filled, **timings}
    if browser:
        row.update(browser_timings(db, repeats))
    return row


def plot(rows: list[dict[str, Any]], out: Path) -> None:
    """Render time against claims in the database."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [row["claims"] for row in rows]
    fig, ax = plt.subplots(figsize=(6, 4), dpi=120)
    for key, label, style in (
        ("browser_warm_queue_seconds", "browser: queue", "o-"),
        ("browser_warm_review_seconds", "browser: article view", "s-"),
        ("browser_cold_queue_seconds", "browser: queue, first visit", "o:"),
        ("warm_queue_seconds", "AppTest: queue", "^--"),
        ("warm_review_seconds", "AppTest: article view", "v--"),
    ):
        if all(key in row for row in rows):
            ax.plot(sizes, [row[key] for row in rows], style, label=label)
    ax.axhline(TARGET_SECONDS, color="red", linestyle="--", linewidth=1, label="target 1 s")
    ax.set_xscale("log")
    ax.set_xlabel("claims in the database")
    ax.set_ylabel("seconds to first render")
    ax.set_title("ClaimDesk review app: render time vs database size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    """Fill, time, print, save, plot."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--no-browser", action="store_true", help="AppTest timings only")
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child, args.repeats)))
        return 0
    work = workdir(args.workdir)
    browser = not args.no_browser and CHROMIUM.exists() and _has_playwright()
    rows = []
    for size in args.sizes:
        row = measure(size, work, args.repeats, browser)
        rows.append(row)
        shown = {k: v for k, v in row.items() if k.endswith("seconds")}
        print(f"{size:>7} claims  db {row['db_mib']:6.1f} MiB  {shown}", flush=True)
        print(f"         queries {row['queries_median_seconds']}", flush=True)
    save_results("review_app", {"target_seconds": TARGET_SECONDS, "sizes": rows})
    if plot_available():
        plot(rows, RESULTS / "review_app.png")
    prefix = "browser_warm" if browser else "warm"
    worst = max(
        max(row[f"{prefix}_queue_seconds"], row[f"{prefix}_review_seconds"]) for row in rows
    )
    return 0 if worst < TARGET_SECONDS else 1


def _has_playwright() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
