"""Issue 15's first-hour bugs, checked in a real browser against a served `claimdesk review`.

Needs Debian's chromium at /usr/bin/chromium (skipped otherwise). Waits are on page state,
never fixed sleeps; timeouts are generous for a loaded machine.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from extraction.review import work
from extraction.schema import Claim, ClaimantType
from extraction.store.connection import Store
from tests.conftest import phase_failed
from tests.integration.test_review_browser import Served, launched_browser
from tests.review.factories import (
    FixedExtractor,
    bulk_fill,
    fill_store,
    make_article,
    review_rows,
    showcase_store,
)

pytestmark = pytest.mark.integration

from playwright.sync_api import (  # noqa: E402
    Browser,
    BrowserContext,
    Locator,
    Page,
    expect,
)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

expect.set_options(timeout=30_000)

ACCEPT = re.compile(r"^Accept\b(?! all)")
PAYLOAD = "P :red[x] **x** :material/home: $x$ [x](javascript:alert(1)) <b>x</b> end"


@pytest.fixture
def browser(request: pytest.FixtureRequest) -> Iterator[Browser]:
    ARTIFACTS.mkdir(exist_ok=True)
    yield from launched_browser(request)


@pytest.fixture
def seeded_db(tmp_path: Path) -> Path:
    path = tmp_path / "seeds.duckdb"
    showcase_store(path)
    return path


@pytest.fixture
def served(seeded_db: Path, request: pytest.FixtureRequest) -> Iterator[Served]:
    server = Served(seeded_db)
    try:
        yield server
    finally:
        output = server.stop(failed=phase_failed(request.node))
        (ARTIFACTS / "server-output.txt").write_text(output)
        assert "Traceback" not in output, output[-4000:]


def _context(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.set_default_timeout(45_000)
    return context


def _accept(page: Page) -> None:
    """Wait for the enabled Accept button (the rerun replaces the disabled one)."""
    expect(page.get_by_role("button", name=ACCEPT, disabled=False)).to_have_count(1)


def _settled(page: Page) -> None:
    """Wait until the script run finished. Streamlit's running indicator shows only for
    long runs; the app root's script state says it for every run. A shortcut key pressed
    while a run is going on can be dropped by Streamlit's frontend."""
    expect(page.locator('[data-testid="stApp"]')).to_have_attribute(
        "data-test-script-state", "notRunning"
    )
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0)
    expect(page.locator('[data-stale="true"]')).to_have_count(0)


def _again_until(
    page: Page,
    act: Callable[[], None],
    happened: Callable[[], None],
    tries: int,
    undo: Callable[[], None] | None = None,
) -> None:
    """Do `act` the way a user does: again (after `undo`) if `happened` (an 8-second
    `expect`) did not come true; every try waits for quiet first. The last failure raises."""
    for attempt in range(tries):
        _settled(page)
        act()
        try:
            happened()
            return
        except AssertionError:
            if undo is not None:
                undo()
            if attempt == tries - 1:
                raise


def _press_shortcut(page: Page, key: str, url: re.Pattern[str], tries: int = 4) -> None:
    """Press a page shortcut the way a user does: again if nothing happened.

    Streamlit's frontend drops a shortcut pressed while a script run is going on, and a
    page can start a run of its own (a component reporting its value) just after it looked
    settled (a clean-clone CI run lost one N press)."""

    def press() -> None:
        page.locator('[data-testid="stMain"]').get_by_role("heading").first.click()
        page.keyboard.press(key)

    _again_until(page, press, lambda: expect(page).to_have_url(url, timeout=8_000), tries)


def _identify(page: Page, name: str) -> None:
    # Type only once the page's first run is drawn: a rerun asked before the browser knows
    # which page it is on runs the default page.
    expect(page.locator('[data-testid="stMain"]').get_by_role("heading").first).to_be_visible()
    _settled(page)
    box = page.get_by_role("textbox", name="Your name")
    box.fill(name)
    box.press("Enter")
    expect(box).to_have_value(name)
    # The run that took the name is over once it wrote the name's cookie.
    page.wait_for_function(
        "(name) => document.cookie.includes('claimdesk_reviewer=' + encodeURIComponent(name))",
        arg=name,
    )
    _settled(page)


def _no_error_text(page: Page) -> None:
    text = page.locator("body").inner_text()
    for marker in ("Traceback", "Exception", "Something went wrong", "Error:"):
        assert marker not in text, text[:2000]


def test_the_name_survives_next_the_n_key_reload_and_a_direct_link(
    served: Served, browser: Browser
) -> None:
    context = _context(browser)
    page = context.new_page()
    page.goto(served.url)
    expect(page.get_by_text("Review queue")).to_be_visible()
    _identify(page, "Ada")
    page.get_by_role("button", name=re.compile("Review next pending")).click()
    expect(page).to_have_url(re.compile(r"/review\?claim="))
    _accept(page)
    assert "Enter your name" not in page.locator("body").inner_text()
    review_url = page.url

    page.reload()
    _accept(page)
    expect(page.get_by_role("textbox", name="Your name")).to_have_value("Ada")

    page.goto(served.url)
    expect(page.get_by_text("Review queue")).to_be_visible()
    # The name comes back from its cookie in a second run; wait for it, then for quiet.
    expect(page.get_by_role("textbox", name="Your name")).to_have_value("Ada")
    _press_shortcut(page, "n", re.compile(r"/review\?claim="))
    _accept(page)

    other_tab = context.new_page()
    other_tab.goto(review_url)
    _accept(other_tab)
    expect(other_tab.get_by_role("textbox", name="Your name")).to_have_value("Ada")
    other_tab.get_by_role("button", name=ACCEPT).click()
    expect(other_tab.get_by_text("Accepted:")).to_be_visible()
    context.close()
    rows = review_rows(Store(served_db_path(served)))
    assert [(row["reviewer"], row["action"]) for row in rows] == [("Ada", "accept")]


def _cookie_name(page: Page) -> str:
    return str(
        page.evaluate(
            """() => decodeURIComponent((document.cookie.split('; ')
                 .find((c) => c.startsWith('claimdesk_reviewer=')) || '=').split('=')[1])"""
        )
    )


def test_the_name_outlives_a_server_restart_and_a_new_one_is_kept(
    seeded_db: Path, browser: Browser
) -> None:
    """After `claimdesk review` restarts, a reload brings back the last name typed (its
    cookie), and a name typed then replaces it: the page's numbering of cookie values
    (newest wins) starts again with the new page and the new session."""
    server = Served(seeded_db)
    context = _context(browser)
    try:
        page = context.new_page()
        page.goto(server.url)
        expect(page.get_by_text("Review queue")).to_be_visible()
        for name in ("Ada", "Ben", "Cy"):
            _identify(page, name)
        server.stop()
        server = Served(seeded_db, port=server.port)
        page.reload()
        expect(page.get_by_role("textbox", name="Your name")).to_have_value("Cy")
        _identify(page, "Dee")
        assert _cookie_name(page) == "Dee"
        page.reload()
        expect(page.get_by_role("textbox", name="Your name")).to_have_value("Dee")
    finally:
        context.close()
        server.stop()


def served_db_path(served: Served) -> Path:
    """The database the server was started on (from its command line)."""
    args = served.process.args
    assert isinstance(args, list)
    return Path(str(args[args.index("--db") + 1]))


PAGES = ["", "review", "add_claim", "tracker", "agreement", "throughput", "audit", "export"]


def test_no_request_leaves_the_machine_and_no_page_shows_an_error(
    served: Served, browser: Browser
) -> None:
    context = _context(browser)
    outside: list[str] = []
    context.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((served.url, "blob:", "data:"))
            else outside.append(request.url)
        ),
    )
    page = context.new_page()
    for path in PAGES:
        page.goto(f"{served.url}/{path}")
        expect(
            page.locator('[data-testid="stMainBlockContainer"] h1, h2, h3').first
        ).to_be_visible()
        expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0)
        _no_error_text(page)
    context.close()
    assert outside == []


def _long_article() -> tuple[str, list[Claim]]:
    """Thirteen claims spread over a long article (the pane must scroll to the last)."""
    filler = (
        "The committee heard further testimony about logistics, training and supplies,"
        " and members asked for more detail before the next session. "
    ) * 4
    sentences = [f"Officials said {1000 + n} troops moved through sector {n}." for n in range(13)]
    text = "Long report\n\n" + "\n\n".join(f"{filler}{s}" for s in sentences)
    claims = [
        Claim(
            statement=f"{1000 + n} troops moved through sector {n}.",
            claimant="Officials",
            claimant_type=ClaimantType.government,
            evidence=sentence,
        )
        for n, sentence in enumerate(sentences)
    ]
    return text, claims


def test_the_article_pane_scrolls_to_the_claim_and_a_highlight_selects_its_claim(
    tmp_path: Path, browser: Browser
) -> None:
    text, claims = _long_article()
    store = fill_store(
        Store(tmp_path / "long.duckdb"), [make_article(text)], FixedExtractor(lambda _: claims)
    )
    server = Served(store.path)
    context = _context(browser)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/review")
        _identify(page, "Ada")
        _accept(page)
        radios = page.get_by_role("radio")
        radios.nth(11).check(force=True)
        expect(page.get_by_text("claim 12 of 13 in this article")).to_be_visible()
        selected = page.locator(".cd-pane mark.ev-selected").first
        expect(selected).to_contain_text("sector 11")
        inside = """(mark) => {
            const pane = mark.closest('.cd-pane').getBoundingClientRect();
            const box = mark.getBoundingClientRect();
            return box.top >= pane.top && box.bottom <= pane.bottom;
        }"""
        page.wait_for_function(
            f"() => ({inside})(document.querySelector('.cd-pane mark.ev-selected'))"
        )
        page.locator(".cd-pane mark", has_text="sector 12").first.click()
        expect(page.get_by_text("claim 13 of 13 in this article")).to_be_visible()
        expect(page.locator(".cd-pane mark.ev-selected").first).to_contain_text("sector 12")
        page.screenshot(path=str(ARTIFACTS / "review-pane-scrolled.png"))

        # Select article text: it becomes the correction's evidence.
        page.evaluate(
            """() => {
              const pane = document.querySelector('.cd-pane');
              const mark = [...pane.querySelectorAll('mark')]
                .find((m) => m.textContent.includes('sector 3'));
              const range = document.createRange();
              range.selectNodeContents(mark.firstChild);
              const selection = window.getSelection();
              selection.removeAllRanges();
              selection.addRange(range);
              pane.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
            }"""
        )
        evidence = page.get_by_role("textbox", name=re.compile("^Evidence"))
        expect(evidence).to_have_value("Officials said 1003 troops moved through sector 3.")
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "pane-failure.png"))
        raise
    finally:
        context.close()
        server.stop()


def test_add_claim_clears_the_form_and_a_double_click_adds_once(
    served: Served, browser: Browser
) -> None:
    context = _context(browser)
    page = context.new_page()
    page.goto(f"{served.url}/add_claim")
    _identify(page, "Ada")
    search = page.get_by_role("textbox", name="Find an article (id or title)")
    search.fill("Budanov says close")
    search.press("Enter")
    expect(page.locator(".cd-pane")).to_contain_text("Thank you for signing up")
    _settled(page)
    claimant_type = page.get_by_role("combobox", name="Claimant type")
    expect(claimant_type).to_have_value("")
    date = page.locator('[data-testid="stDateInput"] input')
    expect(date).to_have_value("")
    assert page.get_by_role("checkbox", name="No date").count() == 0
    statement = page.get_by_role("textbox", name="Statement")
    statement.fill("Readers were thanked for signing up.")
    claimant_type.click()
    claimant_type.press_sequentially("media")
    claimant_type.press("Enter")
    expect(claimant_type).to_have_value("media")
    page.get_by_role("textbox", name=re.compile("^Evidence")).fill(
        "Thank you for signing up for this newsletter."
    )
    add = page.get_by_role("button", name="Add claim")
    expect(add).to_be_enabled()
    add.dblclick()
    expect(page.get_by_role("textbox", name="Statement")).to_have_value("")
    expect(page.get_by_role("textbox", name=re.compile("^Evidence"))).to_have_value("")
    expect(page.get_by_role("combobox", name="Claimant type")).to_have_value("")
    _settled(page)
    page.get_by_role("button", name="Add claim").click()  # once more, on the empty form
    expect(page.get_by_role("alert").first).to_be_visible()  # refused: nothing to add
    _settled(page)
    context.close()
    rows = review_rows(Store(served_db_path(served)))
    assert [(row["action"], row["reviewer"]) for row in rows] == [("add", "Ada")], [
        (row["after"], str(row["created_at"])) for row in rows
    ]


def test_downloads_reach_only_the_session_and_the_gold_set_is_never_empty(
    served: Served, browser: Browser
) -> None:
    context = _context(browser)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(f"{served.url}/export")
    expect(page.get_by_text("No article is fully reviewed yet")).to_be_visible()
    page.get_by_role("button", name="Prepare reviewed claims (CSV)").click()
    button = page.get_by_role("button", name="Download reviewed-claims.csv")
    with page.expect_download() as info:
        button.click()
    saved = info.value.path()
    assert Path(saved).read_text(encoding="utf-8").startswith("claim_id,")
    assert page.locator('a[href*="/media/"]').count() == 0
    media = [url for url in requests if "/media/" in url and "/static/" not in url]
    assert media == []
    # A client without the session's cookie gets no data from any URL the page used.
    for url in {u for u in requests if u.startswith(served.url) and "/_stcore/" not in u}:
        with urllib.request.urlopen(url, timeout=10) as answer:
            body = answer.read().decode("utf-8", "replace")
        assert "claim_id,article_id" not in body
    context.close()


def test_labels_fit_and_the_evidence_is_shown_once(served: Served, browser: Browser) -> None:
    context = _context(browser)
    page = context.new_page()
    page.goto(f"{served.url}/review")
    _identify(page, "Ada")
    _accept(page)
    page.get_by_text("Correct & accept", exact=True).click()
    expect(page.get_by_role("button", name="Save correction & accept")).to_be_visible()
    cut = page.evaluate(
        """() => [...document.querySelectorAll(
              '[data-testid="stWidgetLabel"] p, [data-testid="stWidgetLabel"] label, button p')]
             .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
             .map((el) => el.textContent)"""
    )
    assert cut == []
    page.get_by_text("Correct & accept", exact=True).click()
    expect(page.get_by_role("button", name="Save correction & accept")).to_be_hidden()
    evidence = "Close to 11,000 North Korean troops are in Russia"
    column = page.locator('[data-testid="stColumn"]').nth(1)
    assert column.inner_text().count(evidence) == 1
    context.close()


def test_markdown_latex_and_icon_payloads_show_literally_on_every_page_and_export(
    tmp_path: Path, browser: Browser
) -> None:
    text = f"{PAYLOAD}\n\nOfficials said 500 troops crossed {PAYLOAD} on Monday."
    claim = Claim(
        statement=f"500 troops crossed {PAYLOAD}",
        claimant=PAYLOAD,
        claimant_type=ClaimantType.government,
        evidence=f"Officials said 500 troops crossed {PAYLOAD} on Monday.",
    )
    article = make_article(text, title=PAYLOAD, publication=PAYLOAD)
    store = fill_store(
        Store(tmp_path / "payload.duckdb"), [article], FixedExtractor(lambda _: [claim])
    )
    server = Served(store.path, {"CLAIMDESK_TRACKER_BACKEND": "lexical"})
    context = _context(browser)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/review")
        _identify(page, PAYLOAD)
        _accept(page)
        expect(page.get_by_role("heading", name=PAYLOAD, exact=True)).to_be_visible()
        page.get_by_role("button", name=ACCEPT).click()
        expect(page.get_by_text("Accepted:")).to_be_visible()
        _payload_safe(page)  # the flash quotes the statement literally
        shown: dict[str, int] = {}
        for path in ("review", "add_claim", "audit", "tracker", "throughput", "agreement"):
            page.goto(f"{server.url}/{path}?claim={_claim_id(store)}")
            main = page.locator('[data-testid="stMain"]')
            expect(main.get_by_role("heading").first).to_be_visible()
            if path in ("review", "add_claim"):
                expect(page.locator(".cd-pane")).to_contain_text(PAYLOAD)
            if path == "audit":
                expect(page.get_by_text("Original extraction")).to_be_visible()
            _settled(page)
            if path == "tracker":
                page.get_by_role("button", name=re.compile("Recompute groups")).click()
                expect(page.get_by_text("Grouped 1 claims", exact=False)).to_be_visible()
                minimum = page.get_by_role("spinbutton", name="At least N claims")
                minimum.fill("1")
                minimum.press("Enter")
                expect(page.get_by_text("1 of 1 groups shown", exact=False)).to_be_visible()
                expect(main.get_by_text(PAYLOAD, exact=False).first).to_be_visible()
            body = page.locator('[data-testid="stMain"]').inner_text()
            shown[path] = body.count(PAYLOAD)
            page.screenshot(path=str(ARTIFACTS / f"payload-{path}.png"), full_page=True)
            assert (
                page.locator(".katex, a[href^='javascript'], [data-testid='stMain'] b").count() == 0
            )
            assert "javascript:alert" not in page.content().split("<body")[0]
            _no_error_text(page)
        assert shown["review"] >= 3 and shown["add_claim"] >= 1, shown
        assert shown["audit"] >= 1 and shown["tracker"] >= 1, shown
        # The name came back from its cookie on each new page load, unchanged.
        assert page.get_by_role("textbox", name="Your name").input_value() == PAYLOAD
        _queue_shows_the_payload_literally(page, server.url)
        files = _export_downloads(page, server.url, tmp_path)
        _exports_carry_the_payload_literally(browser, files)
    finally:
        context.close()
        server.stop()


def _payload_safe(page: Page) -> None:
    """Nothing of the payload was rendered as Markdown, LaTeX, a link or HTML."""
    assert page.locator(".katex, a[href^='javascript'], [data-testid='stMain'] b").count() == 0
    _no_error_text(page)


def _queue_shows_the_payload_literally(page: Page, url: str) -> None:
    """The Queue table (a canvas grid) holds the statement as plain text: its cells are
    read from the grid's accessible table."""
    page.goto(url)
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    _settled(page)
    grid = page.locator('[data-testid="stDataFrame"]').last
    expect(grid).to_be_visible()
    cells = grid.locator('[role="gridcell"]')
    expect(cells.filter(has_text=f"500 troops crossed {PAYLOAD}")).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / "payload-queue.png"), full_page=True)
    _payload_safe(page)
    # The publication filter lists the payload as a plain option.
    page.get_by_text("Filters", exact=True).click()
    publication = page.get_by_role("combobox", name="Publication")
    expect(publication).to_be_visible()
    _open_option(page, publication, "P :red", PAYLOAD)
    page.keyboard.press("Escape")
    _payload_safe(page)


def _open_option(page: Page, box: Locator, typed: str, option: str, tries: int = 3) -> None:
    """Type into a select box until `option` is listed, the way a user retypes when the
    list did not open. Just after a page load the list stayed shut in a clean-clone CI run
    and in 2 of 4 local runs (before and after the app's module split; the likely cause, not
    proven, is the script run the name cookie starts after the load); a second try opens it."""

    def type_in() -> None:
        box.click()
        box.fill("")
        box.press_sequentially(typed)

    listed = page.get_by_role("option", name=option, exact=True)
    _again_until(
        page,
        type_in,
        lambda: expect(listed).to_be_visible(timeout=8_000),
        tries,
        undo=lambda: page.keyboard.press("Escape"),
    )


def _export_downloads(page: Page, url: str, folder: Path) -> dict[str, Path]:
    """Prepare and download the reviewed claims, the gold set and the HTML report."""
    page.goto(f"{url}/export")
    expect(page.get_by_role("heading", name="Export")).to_be_visible()
    _settled(page)
    _payload_safe(page)
    files: dict[str, Path] = {}
    for prepare, filename in (
        ("Prepare reviewed claims (CSV)", "reviewed-claims.csv"),
        ("Prepare gold set (1 articles)", "gold.jsonl"),
        ("Prepare HTML report", "claimdesk-report.html"),
    ):
        page.get_by_role("button", name=prepare).click()
        button = page.get_by_role("button", name=f"Download {filename}")
        with page.expect_download() as info:
            button.click()
        files[filename] = folder / filename
        info.value.save_as(files[filename])
        _settled(page)
        _payload_safe(page)
    page.screenshot(path=str(ARTIFACTS / "payload-export.png"), full_page=True)
    return files


def _exports_carry_the_payload_literally(browser: Browser, files: dict[str, Path]) -> None:
    import csv
    import io
    import json

    rows = list(csv.DictReader(io.StringIO(files["reviewed-claims.csv"].read_text("utf-8"))))
    assert [row["claimant"] for row in rows] == [PAYLOAD]
    assert rows[0]["statement"] == f"500 troops crossed {PAYLOAD}"
    [gold] = [json.loads(line) for line in files["gold.jsonl"].read_text("utf-8").splitlines()]
    assert [claim["claimant"] for claim in gold["claims"]] == [PAYLOAD]
    report = files["claimdesk-report.html"]
    assert "<b>x</b>" not in report.read_text("utf-8")
    context = browser.new_context(offline=True)
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(report.as_uri())
        expect(page.get_by_role("heading", name="ClaimDesk report")).to_be_visible()
        assert page.locator("body").inner_text().count(PAYLOAD) >= 3
        assert page.locator("a[href^='javascript'], .cd-article b, #claims b").count() == 0
    finally:
        context.close()
    assert dialogs == []


def _claim_id(store: Store) -> str:
    with store.connect() as con:
        row = con.execute("SELECT id FROM claims LIMIT 1").fetchone()
    assert row is not None
    return str(row[0])


def _claim_in_url(page: Page) -> str:
    match = re.search(r"[?&]claim=([0-9a-f]+)", page.url)
    return match.group(1) if match else ""


def _wait_for_next(page: Page, claim: str) -> None:
    """Wait for the page to move past `claim`. A key pressed while Streamlit is between
    runs can be dropped; press it again then (a second accept of the same claim is ignored
    by the page, so this never decides twice)."""
    for _ in range(3):
        try:
            expect(page).not_to_have_url(re.compile(f"claim={claim}"), timeout=15_000)
            return
        except AssertionError:
            page.evaluate("() => document.activeElement && document.activeElement.blur()")
            page.keyboard.press("a")
    expect(page).not_to_have_url(re.compile(f"claim={claim}"))


def test_three_reviewers_in_parallel_never_share_a_claim(tmp_path: Path, browser: Browser) -> None:
    """Done when: three reviewers, 60+ decisions, no claim handed to two of them by Next, no
    error text on any page (a fourth context keeps the Tracker busy), one review row per
    decision, the extraction rows unchanged."""
    store = Store(tmp_path / "team.duckdb")
    bulk_fill(store, 10, 8)
    with store.connect() as con:
        extracted = con.execute("SELECT * FROM claims ORDER BY id").fetchall()
    server = Served(
        store.path,
        {"CLAIMDESK_DOUBLE_REVIEW": "0", "CLAIMDESK_TRACKER_BACKEND": "lexical"},
    )
    names = ["Ada", "Ben", "Cy"]
    contexts = [_context(browser) for _ in names]
    watcher = _context(browser)
    pages = [context.new_page() for context in contexts]
    tracker = watcher.new_page()
    seen: dict[str, list[str]] = {name: [] for name in names}
    rounds = 21
    try:
        for page, name in zip(pages, names, strict=True):
            page.goto(f"{server.url}/review")
            _identify(page, name)
            _accept(page)
        for step in range(rounds):
            before = []
            for page, name in zip(pages, names, strict=True):
                claim = _claim_in_url(page)
                before.append(claim)
                seen[name].append(claim)
                # The A key, as reviewers work (a click can land on a button a rerun moved).
                _settled(page)
                page.evaluate("() => document.activeElement && document.activeElement.blur()")
                page.keyboard.press("a")  # all three at once
            if step % 5 == 0:
                tracker.goto(f"{server.url}/tracker")
                expect(tracker.get_by_role("heading", name="Tracker")).to_be_visible()
                _no_error_text(tracker)
            for page, claim in zip(pages, before, strict=True):
                _wait_for_next(page, claim)
                _accept(page)
                _no_error_text(page)
        for page in pages:
            page.goto(f"{server.url}/")
            expect(page.get_by_text("Review queue")).to_be_visible()
            _no_error_text(page)
        pages[0].screenshot(path=str(ARTIFACTS / "team-queue.png"))
    except Exception:
        for page, name in zip(pages, names, strict=True):
            page.screenshot(path=str(ARTIFACTS / f"team-failure-{name}.png"), full_page=True)
        raise
    finally:
        for context in [*contexts, watcher]:
            context.close()
        output = server.stop()
        (ARTIFACTS / "team-server.txt").write_text(output)
    assert "Traceback" not in output, output[-3000:]
    handed = [claim for claims in seen.values() for claim in claims]
    assert len(handed) == 3 * rounds >= 60
    assert len(set(handed)) == len(handed), "Next handed one claim to two reviewers"
    rows = review_rows(store)
    assert len(rows) == len(handed)
    assert sorted(row["claim_id"] for row in rows) == sorted(handed)
    assert {(row["reviewer"], row["claim_id"]) for row in rows} == {
        (name, claim) for name, claims in seen.items() for claim in claims
    }
    with store.connect() as con:
        assert con.execute("SELECT * FROM claims ORDER BY id").fetchall() == extracted


def _lease_expiry(store: Store, claim_id: str) -> dt.datetime | None:
    with store.connect() as con:
        row = con.execute(
            "SELECT expires_at FROM review_leases WHERE claim_id = ?", [claim_id]
        ).fetchone()
    return None if row is None else row[0]


def test_an_open_claim_keeps_its_lease_while_the_reviewer_only_reads(
    seeded_db: Path, browser: Browser
) -> None:
    """'Renewed while the claim is open': a reviewer reading a long article clicks nothing
    for longer than a lease lasts; the open page renews it, so Next never hands the claim
    to someone else meanwhile (leases of 6 s here, renewed every 2 s)."""
    server = Served(seeded_db, {"CLAIMDESK_LEASE_SECONDS": "6"})
    store = Store(seeded_db)
    context = _context(browser)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/review")
        _identify(page, "Ada")
        _accept(page)
        claim = _claim_in_url(page)
        first = _lease_expiry(store, claim)
        assert first is not None
        # Wait (on the database's state, polled) until the lease outlived its first term.
        deadline = time.monotonic() + 90
        latest = first
        while latest is not None and latest - first <= dt.timedelta(seconds=8):
            assert time.monotonic() < deadline, f"lease not renewed: {first} -> {latest}"
            page.wait_for_timeout(250)
            latest = _lease_expiry(store, claim)
        assert latest is not None
        assert work.holders(store, [claim])[claim].reviewer == "Ada"
        assert work.next_claim(store, "Ben") != claim
        _no_error_text(page)
    finally:
        context.close()
        server.stop()


def test_the_html_report_opens_offline_and_filters(tmp_path: Path, browser: Browser) -> None:
    from typer.testing import CliRunner

    from extraction.cli import app

    text = "Troops moved.\n\nOfficials said <script>alert(1)</script> 500 troops crossed."
    claim = Claim(
        statement="500 troops crossed <b>x</b>",
        claimant="Officials",
        claimant_type=ClaimantType.government,
        evidence="Officials said <script>alert(1)</script> 500 troops crossed.",
    )
    store = fill_store(
        Store(tmp_path / "r.duckdb"), [make_article(text)], FixedExtractor(lambda _: [claim])
    )
    showcase_store(tmp_path / "r.duckdb")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        app, ["export", str(out), "--format", "html", "--db", str(store.path)]
    )
    assert result.exit_code == 0, result.output
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(out.as_uri())
    expect(page.get_by_role("heading", name="ClaimDesk report")).to_be_visible()
    expect(page.locator(".cd-article").first).to_be_visible()
    expect(page.get_by_text("500 troops crossed <b>x</b>")).to_be_visible()
    rows = page.locator("#claims tbody tr")
    total = rows.count()
    assert total == 16
    page.locator("[data-filter=claimant]").fill("Budanov")
    visible = page.locator("#claims tbody tr:visible")
    expect(visible).to_have_count(3)
    page.screenshot(path=str(ARTIFACTS / "report.png"))
    context.close()
    assert dialogs == []
    assert [url for url in requests if not url.startswith("file:")] == []
