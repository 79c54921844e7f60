"""Session plumbing shared by the pages: the store, the reviewer, filters, open claim, flash.

The store is cached (it holds no connection: every query opens and closes the file). It is
an AppStore: every connection read-write, so sessions of one server never open the file with
two configurations.
"""

from __future__ import annotations

import argparse
import faulthandler
import functools
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from extraction.review import work
from extraction.review.actions import Conflict, Invalid, Outcome, Saved
from extraction.review.app_store import BUSY_MESSAGE, AppStore, is_locked_error
from extraction.review.auth import clean_reviewer_name
from extraction.review.highlight import escape_markdown
from extraction.review.queue import QueueFilters, next_pending
from extraction.review.state import ClaimState, StateVersion
from extraction.store.connection import DB_ENV, Store, resolve_db_path

_F = TypeVar("_F", bound=Callable[..., Any])

REVIEW_PAGE = "views/review.py"
QUEUE_PAGE = "views/queue.py"

# `kill -USR1 PID` (of the app or of `claimdesk review`) prints every thread's stack to the
# server's log: a page that hangs can be explained without a debugger.
if hasattr(signal, "SIGUSR1"):
    faulthandler.register(signal.SIGUSR1, all_threads=True)


def db_path() -> Path:
    """The database: `-- --db PATH` after `streamlit run app.py`, else $CLAIMDESK_DB."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db")
    known, _ = parser.parse_known_args(sys.argv[1:])
    return resolve_db_path(known.db or os.environ.get(DB_ENV) or None)


@st.cache_resource(show_spinner=False)
def _cached_store(path: str) -> Store:
    store = AppStore(path)
    store.ensure_schema()
    return store


def store() -> Store:
    """The review database (a Store: opened per query, never held across reruns)."""
    return _cached_store(str(db_path().resolve()))


def reviewer() -> str | None:
    """The reviewer's name, or None before they gave one."""
    return clean_reviewer_name(st.session_state.get("reviewer"))


def filters() -> QueueFilters:
    """The queue filters the reviewer chose (kept across pages)."""
    chosen = st.session_state.get("filters")
    return chosen if isinstance(chosen, QueueFilters) else QueueFilters()


def set_filters(chosen: QueueFilters) -> None:
    """Replace the queue filters and go back to the first page."""
    st.session_state["filters"] = chosen
    st.session_state["queue_page"] = 1


def flash(message: str, kind: str = "success") -> None:
    """A message shown once, at the top of the next render."""
    st.session_state.setdefault("flash", []).append((kind, message))


def show_flash() -> None:
    """Show and forget the pending flash messages."""
    for kind, message in st.session_state.pop("flash", []):
        getattr(st, kind)(message)


def open_claim(claim_id: str | None) -> None:
    """Make `claim_id` the claim under review; its state version is recorded when shown."""
    st.session_state["claim_id"] = claim_id
    st.session_state.pop("auto_opened", None)
    st.session_state.pop("conflict", None)
    st.session_state.pop("errors", None)
    if claim_id is None:
        st.query_params.pop("claim", None)
    else:
        st.session_state.setdefault("opened", {}).pop(claim_id, None)
        st.query_params["claim"] = claim_id


def switch_to_review(claim_id: str | None) -> None:
    """Open a claim and go to the Review page (its id kept in the URL as ?claim=)."""
    open_claim(claim_id)
    st.switch_page(REVIEW_PAGE, query_params={"claim": claim_id} if claim_id else None)


def opened_version(state: ClaimState) -> StateVersion:
    """The version of the claim the reviewer opened (recorded the first time it is shown)."""
    opened: dict[str, StateVersion] = st.session_state.setdefault("opened", {})
    return opened.setdefault(state.claim_id, state.version)


def set_opened(claim_id: str, version: StateVersion) -> None:
    """Record that the reviewer now works on `version` of the claim."""
    st.session_state.setdefault("opened", {})[claim_id] = version


def priority_order() -> bool:
    """True when Next follows the priority order (the Queue's toggle), False for plain
    order (the default: articles by date, claims in reading order)."""
    return bool(st.session_state.get("priority_order", False))


def next_pending_id(after_claim_id: str | None = None) -> str | None:
    """The next pending claim after this one that no other reviewer holds (current filters,
    priority or plain order); the reviewer's lease moves to it. Without a reviewer name,
    plain queue order and no lease."""
    name = reviewer()
    if name is None:
        return next_pending(store(), filters(), after_claim_id)
    from extraction.review import agreement

    return work.next_claim(
        store(),
        name,
        filters(),
        after_claim_id=after_claim_id,
        priority=priority_order(),
        extra_candidates_sql=agreement.second_review_candidates_sql(name, double_share()),
    )


def double_share() -> float:
    """The share of claims routed blind to a second reviewer ($CLAIMDESK_DOUBLE_REVIEW)."""
    from extraction.review.agreement import DEFAULT_SHARE, share_from_env

    return share_from_env(os.environ, DEFAULT_SHARE)


def advance(after_claim_id: str | None) -> str | None:
    """Open the next pending claim after this one no one else holds."""
    following = next_pending_id(after_claim_id)
    open_claim(following)
    st.session_state["auto_opened"] = following  # handed out by Next, not opened on purpose
    return following


def field_errors(claim_id: str) -> dict[str, str]:
    """Validation errors of the last save attempt on this claim (field -> message)."""
    errors = st.session_state.get("errors")
    if isinstance(errors, dict) and errors.get("claim_id") == claim_id:
        return dict(errors.get("fields", {}))
    return {}


def handle_outcome(claim_id: str, outcome: Outcome, done: str | Callable[[Saved], str]) -> bool:
    """Route an action's outcome: flash and move on, remember a conflict or errors.
    `done` is the flash's opening (Markdown), or makes it from the saved outcome; the
    statement (article text) is escaped. Returns True when the review was saved."""
    if isinstance(outcome, Saved):
        set_opened(claim_id, outcome.state.version)
        st.session_state.pop("conflict", None)
        st.session_state.pop("errors", None)
        opening = done(outcome) if callable(done) else done
        flash(f"{opening}: {escape_markdown(outcome.state.claim.statement[:90])}")
        return True
    if isinstance(outcome, Conflict):
        st.session_state["conflict"] = outcome
        st.session_state.pop("errors", None)
    elif isinstance(outcome, Invalid):
        st.session_state["errors"] = {"claim_id": claim_id, "fields": outcome.errors}
    return False


def secrets_dict() -> dict[str, Any]:
    """st.secrets as a plain dict ({} when no secrets file exists)."""
    try:
        return st.secrets.to_dict()
    except FileNotFoundError:
        return {}


def guarded(fn: _F) -> _F:
    """A widget callback that, when the database is locked by another process, leaves a
    retry banner for the next render instead of a traceback (nothing was saved)."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as error:
            if not is_locked_error(error):
                raise
            st.session_state["busy"] = True
            return None

    return run  # type: ignore[return-value]


def show_busy() -> None:
    """The retry banner left by a callback that met a locked database."""
    if st.session_state.pop("busy", False):
        st.warning(BUSY_MESSAGE + " Your last action was not saved.")
