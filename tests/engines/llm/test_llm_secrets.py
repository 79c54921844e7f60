"""Redaction of API keys and secret-shaped strings; endpoints without credentials."""

from __future__ import annotations

import logging

import pytest

from extraction.engines.llm.secrets import MASK, Redactor, protect_logs, safe_endpoint


def test_known_secrets_and_secret_shapes_are_masked() -> None:
    redactor = Redactor(["sk-test-SECRET123", None, "abc"])
    text = (
        "key sk-test-SECRET123 header Bearer eyJhbGciOiJIUzI1NiJ9.payload "
        "openai sk-proj-abcdefghijklmnopqrstuv url ?api_key=hunter2&x=1 short abc"
    )
    cleaned = redactor.redact(text)
    for secret in ("SECRET123", "eyJhbGciOiJIUzI1NiJ9", "sk-proj-abcdefghijkl", "hunter2"):
        assert secret not in cleaned
    assert cleaned.count(MASK) == 4 and cleaned.endswith("short abc"), "short values untouched"
    assert redactor.redact_optional(None) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://api.openai.com/v1", "https://api.openai.com/v1"),
        ("http://user:pass@10.0.0.5:8000/v1?key=abc#frag", "http://10.0.0.5:8000/v1"),
        ("http://127.0.0.1:11434/v1", "http://127.0.0.1:11434/v1"),
    ],
)
def test_endpoints_lose_userinfo_and_query(url: str, expected: str) -> None:
    assert safe_endpoint(url) == expected


def test_library_loggers_mask_the_key(caplog: pytest.LogCaptureFixture) -> None:
    protect_logs("sk-test-LOGSECRET9")
    caplog.set_level(logging.INFO)
    logging.getLogger("instructor.v2.retry").error("failed with key %s", "sk-test-LOGSECRET9")
    logging.getLogger("openai").info("Authorization: Bearer sk-test-LOGSECRET9")
    assert "LOGSECRET9" not in caplog.text and MASK in caplog.text
