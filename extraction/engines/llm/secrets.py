"""Redaction: API keys never reach call rows, cassettes, logs or error messages.

A `Redactor` knows the secrets of one engine (its API key) and also masks the shapes
secrets usually take (`Bearer ...`, `sk-...` keys, `api_key=` query parameters), so a
server that echoes a header back cannot leak it through us. `safe_endpoint` strips
user-info and query strings from a base URL before it is recorded.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

MASK = "[REDACTED]"

#: Secrets shorter than this are not masked by value: too likely to hit ordinary text.
MIN_SECRET_LENGTH = 6

_PATTERNS = (
    re.compile(r"(?i)\bBearer\s+[A-Za-z0-9._~+/=-]{8,}"),
    re.compile(r"\bsk-[A-Za-z0-9_-]{16,}"),
    re.compile(r"(?i)\b(api[_-]?key|access[_-]?token|key)=([^&\s\"']+)"),
)


class Redactor:
    """Masks known secrets and secret-shaped strings in text."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        values = {s for s in secrets if s and len(s) >= MIN_SECRET_LENGTH}
        # longest first, so a secret containing another is masked whole
        self._secrets = sorted(values, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """`text` with every secret masked."""
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        # Cheap literal checks first: every match of a pattern holds its literal ("Bearer"
        # in any case: only ASCII letters fold to b, e, a, r), and a request body (~20 KB)
        # usually holds none of them (saves ~1.5 ms a call).
        if "bearer" in text.lower():
            text = _PATTERNS[0].sub(f"Bearer {MASK}", text)
        if "sk-" in text:
            text = _PATTERNS[1].sub(MASK, text)
        if "=" not in text:
            return text
        return _PATTERNS[2].sub(lambda m: f"{m.group(1)}={MASK}", text)

    def redact_optional(self, text: str | None) -> str | None:
        """Like `redact`, passing None through."""
        return None if text is None else self.redact(text)


def safe_endpoint(url: str) -> str:
    """A base URL without user-info, query string or fragment (where secrets hide)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


class _RedactingFilter(logging.Filter):
    """Rewrites log records of third-party loggers so they carry no secret."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._redactor = Redactor()
        self._secrets: set[str] = set()

    def add(self, secret: str) -> None:
        with self._lock:
            self._secrets.add(secret)
            self._redactor = Redactor(self._secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self._redactor.redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


_FILTER = _RedactingFilter()
#: Loggers of the libraries under the engines that may format request errors.
_LOGGERS = ("instructor", "instructor.v2", "instructor.v2.retry", "openai", "httpx")


def protect_logs(secret: str | None) -> None:
    """Make the LLM libraries' loggers mask `secret` (and secret-shaped strings)."""
    if secret and len(secret) >= MIN_SECRET_LENGTH:
        _FILTER.add(secret)
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
