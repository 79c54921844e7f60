"""Bytes -> str for article files: UTF-8 first, then detection.

Order: a byte-order mark (UTF-32, UTF-16, UTF-8); UTF-16 without a mark (NUL bytes all on
one byte parity); UTF-8; then Western text (cp1252, else latin-1) when it decodes to mostly
ASCII letters; else the encoding charset-normalizer detects (cp1251, koi8-r, Shift-JIS...);
else cp1252/latin-1 as a last resort. A fallback is used only when its result looks like
text, and it is reported so the caller can warn. A caller that knows the encoding passes it
(`claimdesk extract --encoding`). Binary files (NUL bytes, many control characters) and
empty files are refused.

Limitation: a short Central European text (cp1250) with few accented letters decodes as
cp1252; pass the encoding when it matters.
"""

from __future__ import annotations

import codecs
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
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
#: Share of letters a Western (cp1252/latin-1) decoding may have outside ASCII and still be
#: taken without asking charset-normalizer (Cyrillic read as cp1252 is nearly all non-ASCII).
MAX_WESTERN_NON_ASCII = 0.25
#: Language coherence (charset-normalizer, 0..1) a detected encoding needs: below it the
#: "text" is not recognisably any language and the file is refused rather than guessed.
MIN_COHERENCE = 0.2
#: Share of NUL bytes on one parity that marks UTF-16 without a byte-order mark.
MIN_UTF16_PARITY = 0.95
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


def decode_bytes(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode a file's bytes: the given `encoding`, else UTF-8, else a detected encoding.

    Raises DecodeError("empty file"), DecodeError("binary file, not text"),
    DecodeError("unknown encoding ..."), DecodeError("not valid ...") or
    DecodeError("not UTF-8 and no fallback decoding worked").
    """
    if not data.strip():
        raise DecodeError("empty file")
    if encoding is not None:
        return _forced(data, encoding)
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(name), name)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"{name} byte-order mark but not valid {name}") from exc
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if is_binary(data):
        raise DecodeError("binary file, not text")
    try:
        return _checked(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    western = _western(data)
    if western is not None and _non_ascii_letter_share(western.text) <= MAX_WESTERN_NON_ASCII:
        return western
    detected = _detected(data)
    if detected is not None:
        return detected
    if western is not None:
        return western
    raise DecodeError("not UTF-8 and no fallback decoding worked")


def _forced(data: bytes, encoding: str) -> Decoded:
    try:
        name = codecs.lookup(encoding).name
    except LookupError as exc:
        raise DecodeError(f"unknown encoding '{encoding}'") from exc
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"not valid {name} (byte {exc.start})") from exc
    return _checked(text.removeprefix("\ufeff"), name)


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text without a byte-order mark: NUL bytes (the high bytes of ASCII characters)
    nearly all on even offsets (big-endian) or odd ones (little-endian)."""
    sample = data[:SNIFF_BYTES]
    if len(sample) < 4 or len(data) % 2 or b"\x00" not in sample:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    total = even + odd
    if total < len(sample) // 20:
        return None
    if odd / total >= MIN_UTF16_PARITY:
        name = "utf-16-le"
    elif even / total >= MIN_UTF16_PARITY:
        name = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    return _checked(text, name) if looks_like_text(text) else None


def _western(data: bytes) -> Decoded | None:
    for name in ("cp1252", "latin-1"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if looks_like_text(text):
            return _checked(text, name)
    return None


def _non_ascii_letter_share(text: str) -> float:
    letters = [char for char in text[:SNIFF_BYTES] if char.isalpha()]
    if not letters:
        return 1.0
    return sum(1 for char in letters if not char.isascii()) / len(letters)


def _detected(data: bytes) -> Decoded | None:
    """The encoding charset-normalizer finds, when its decoding looks like text."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:SNIFF_BYTES]).best()
    if best is None or best.coherence < MIN_COHERENCE:
        return None
    name = codecs.lookup(best.encoding).name
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    return _checked(text, name) if looks_like_text(text) else None


def _checked(text: str, encoding: str) -> Decoded:
    if not text.strip():
        raise DecodeError("empty file")
    return Decoded(text=text, encoding=encoding)
