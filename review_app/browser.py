"""Small in-page components (st.components.v2): the article pane, cookies, downloads.

- The article pane shows the escaped article HTML (extraction.review.highlight), scrolls
  the selected claim's evidence into view, reports a click on a highlight (`pick`) and
  text the reviewer selected (`selection`, used as evidence).
- The cookie writer keeps the reviewer's name (open mode) or login token across reloads.
- The download button hands a file built in this session to the browser as a Blob: no
  `/media/...` URL exists that a client without the session could fetch.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import urllib.parse
from typing import Any

import streamlit as st

_PANE_JS = """
export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  let pane = parentElement.querySelector('.cd-pane');
  if (!pane) {
    pane = document.createElement('div');
    pane.className = 'cd-pane';
    pane.setAttribute('data-testid', 'cd-article-pane');
    parentElement.appendChild(pane);
  }
  pane.style.maxHeight = (data.height || 720) + 'px';
  if (pane._html !== data.html) {
    pane.innerHTML = data.html;
    pane._html = data.html;
    pane._selected = undefined;
  }
  const selected = pane.querySelector('mark.ev-selected');
  if (selected && pane._selected !== data.selected) {
    pane._selected = data.selected;
    const top = selected.offsetTop - pane.offsetTop;
    pane.scrollTop = Math.max(0, top - pane.clientHeight / 3);
  }
  pane.onclick = (event) => {
    const text = String(window.getSelection() || '');
    if (text.trim().length > 0) { return; }
    const mark = event.target.closest('mark[data-claims]');
    if (!mark) { return; }
    const keys = mark.getAttribute('data-claims').split(' ').filter(Boolean);
    const at = keys.indexOf(data.selected || '');
    setTriggerValue('pick', keys[(at + 1) % keys.length]);
  };
  pane.onmouseup = () => {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0) { return; }
    const range = selection.getRangeAt(0);
    if (!pane.contains(range.commonAncestorContainer)) { return; }
    const text = String(selection).trim();
    if (text.length >= 3) { setTriggerValue('selection', text); }
  };
}
"""

_PANE_CSS = """
.cd-pane { overflow-y: auto; position: relative; padding-right: 0.5rem; }
.cd-pane mark[data-claims] { cursor: pointer; }
"""

_COOKIE_JS = """
export default function (component) {
  const { data } = component;
  const age = data.max_age || 2592000;
  // Newest values win: a writer of an earlier run that runs again (or late) must not
  // undo a newer one (the session numbers its cookie values, `seq`). A new session of the
  // same page (Streamlit reconnecting after it dropped the old one) numbers anew.
  const applied = (window.__claimdeskCookieSeq = window.__claimdeskCookieSeq || {});
  const last = applied[data.group];
  if (last && last.session === data.session && last.seq > data.seq) {
    console.debug(`claimdesk cookies: ${data.group} #${data.seq} older than #${last.seq}, ignored`);
    return;
  }
  applied[data.group] = { session: data.session, seq: data.seq };
  console.debug(`claimdesk cookies: ${data.group} #${data.seq} applied`);
  for (const [name, value] of Object.entries(data.cookies || {})) {
    const current = document.cookie.split('; ').find((c) => c.startsWith(name + '='));
    const encoded = encodeURIComponent(value || '');
    if (value) {
      if (!current || current.slice(name.length + 1) !== encoded) {
        document.cookie = `${name}=${encoded}; path=/; max-age=${age}; SameSite=Strict`;
      }
    } else if (current) {
      document.cookie = `${name}=; path=/; max-age=0; SameSite=Strict`;
    }
  }
}
"""

_DOWNLOAD_JS = """
export default function (component) {
  const { data, parentElement } = component;
  let button = parentElement.querySelector('button');
  if (!button) {
    button = document.createElement('button');
    button.className = 'cd-download';
    parentElement.appendChild(button);
  }
  button.textContent = data.label;
  button.onclick = () => {
    const raw = atob(data.b64);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    const url = URL.createObjectURL(new Blob([bytes], { type: data.mime }));
    const link = document.createElement('a');
    link.href = url;
    link.download = data.filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  };
}
"""

_DOWNLOAD_CSS = """
.cd-download { font: inherit; padding: 0.4rem 0.9rem; border-radius: 0.5rem; cursor: pointer;
  border: 1px solid rgba(49, 51, 63, 0.3); background: #ff4b4b; color: white; }
"""

_pane = st.components.v2.component(
    "claimdesk_article_pane", js=_PANE_JS, css=_PANE_CSS, isolate_styles=False
)
_cookies = st.components.v2.component("claimdesk_cookies", js=_COOKIE_JS)
_download = st.components.v2.component(
    "claimdesk_download", js=_DOWNLOAD_JS, css=_DOWNLOAD_CSS, isolate_styles=False
)


def _noop() -> None:
    """Callbacks of the components' events (the values are read from the result)."""


def article_pane(html: str, selected: str | None, key: str, height: int = 720) -> Any:
    """Mount the article pane; the result's `pick` is a clicked claim id, `selection` the
    text the reviewer selected (each set for one run only)."""
    return _pane(
        key=key,
        data={"html": html, "selected": selected or "", "height": height},
        on_pick_change=_noop,
        on_selection_change=_noop,
    )


def set_cookies(cookies: dict[str, str], key: str = "cd-cookies") -> None:
    """Keep these cookies in the browser (an empty value deletes the cookie).

    The component is keyed by the values: new values mount a new one, whose script runs
    with them. (New data for a mounted component was now and then never handed to its
    script when it came while the page was still loading it: the name was taken, but
    not kept for the next page load.)"""
    digest = hashlib.sha256(json.dumps(cookies, sort_keys=True).encode()).hexdigest()[:16]
    with st.sidebar:
        _cookies(
            key=f"{key}-{digest}",
            data={
                "cookies": cookies,
                "group": key,
                "seq": _cookie_seq(key, digest),
                "session": _session_token(),
            },
            height=1,
        )


def _cookie_seq(key: str, digest: str) -> int:
    """The number of this session's values of cookie group `key`: one more than the last
    when the values changed (the page applies only the newest)."""
    seqs = st.session_state.setdefault("_cd_cookie_seq", {})
    last_digest, last_seq = seqs.get(key, ("", 0))
    if last_digest != digest:
        seqs[key] = (digest, last_seq + 1)
    return int(seqs[key][1])


def _session_token() -> str:
    """A random token of this session (the page's cookie numbering is per session)."""
    return str(st.session_state.setdefault("_cd_session_token", secrets.token_hex(8)))


def download(label: str, content: bytes, filename: str, mime: str, key: str) -> None:
    """A button that saves `content` (built in this session) as `filename`."""
    _download(
        key=key,
        data={
            "label": label,
            "filename": filename,
            "mime": mime,
            "b64": base64.b64encode(content).decode("ascii"),
        },
    )


def cookie(name: str) -> str | None:
    """The value of a cookie the browser sent when this session connected."""
    try:
        value = st.context.cookies.get(name)
    except Exception:
        return None
    # The browser's cookie holds the value URL-encoded (encodeURIComponent).
    return urllib.parse.unquote(value) if isinstance(value, str) and value else None
