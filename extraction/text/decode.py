"""Bytes -> str for article files: UTF-8 first, then a few documented fallbacks.

Order: a UTF-16 byte-order mark, UTF-8 (with or without BOM), cp1252, latin-1. A fallback
is used only when its result looks like text, and it is reported so the caller can warn.
Binary files (NUL bytes, many control characters) and empty files are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.errors import ClaimDeskError

#: Share of control bytes (other than tab, newline, carriage return, form feed) above which
#: a file is binary.
MAX_CONTROL_RATIO = 0.05
#: Bytes inspected by the binary check; the whole file is decoded anyway.
SNIFF_BYTES = 1 << 20
#: Share of control characters (C0 and C1) a fallback decoding may produce and still count
#: as text.
MAX_DECODED_CONTROL_RATIO = 0.01

_TEXT_CONTROLS = b"\t\n\r\f\v"
_CONTROL_BYTES = bytes(b for b in [*range(0x20), 0x7F] if b not in _TEXT_CONTROLS)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


class DecodeError(ClaimDeskError, ValueError):
    """The bytes are not usable text; the message is one line naming the problem."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text and the codec that produced it (`utf-8` unless a fallback was needed)."""

    text: str
    encoding: str

    @property
    def fallback(self) -> bool:
        """True when the text was not plain UTF-8 (the caller should warn)."""
        return self.encoding not in {"utf-8", "utf-8-sig"}


def is_binary(data: bytes) -> bool:
    """True when the bytes look like a binary file: a NUL byte or many control bytes."""
    sample = data[:SNIFF_BYTES]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > MAX_CONTROL_RATIO


def looks_like_text(text: str) -> bool:
    """True when a decoded string holds few control characters (C0 other than
    whitespace, DEL, and the C1 range a wrong single-byte codec produces)."""
    if not text:
        return False
    sample = text[:SNIFF_BYTES]
    controls = len(_CONTROL_CHARS.findall(sample))
    return controls / len(sample) <= MAX_DECODED_CONTROL_RATIO


def decode_bytes(data: bytes) -> Decoded:
    """Decode a file's bytes, trying UTF-8 first and falling back only to text-like results.

    Raises DecodeError("empty file"), DecodeError("binary file, not text") or
    DecodeError("not UTF-8 and no fallback decoding worked").
    """
    if not data.strip():
        raise DecodeError("empty file")
    if data.startswith(_UTF16_BOMS):
        try:
            return _checked(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError("UTF-16 byte-order mark but not valid UTF-16") from exc
    if is_binary(data):
        raise DecodeError("binary file, not text")
    try:
        return _checked(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if looks_like_text(text):
            return _checked(text, encoding)
    raise DecodeError("not UTF-8 and no fallback decoding worked")


def _checked(text: str, encoding: str) -> Decoded:
    if not text.strip():
        raise DecodeError("empty file")
    return Decoded(text=text, encoding=encoding)
