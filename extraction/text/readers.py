"""One reader per input format: decoded file text -> raw article(s) with any metadata given.

Readers do not clean furniture (that is `clean.py`'s job for every format); they undo the
format: markdown syntax, HTML boilerplate (trafilatura), JSON Lines records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from extraction.errors import ClaimDeskError

#: Longest span the markdown inline patterns look across (keeps them linear-time).
_SPAN = 300
#: An HTML page whose extracted text (title aside) has fewer words holds no article: what
#: trafilatura then returns is navigation ("Home").
MIN_HTML_WORDS = 8
NO_HTML_TEXT = "no article text found in HTML"


class ReaderError(ClaimDeskError, ValueError):
    """A file of a supported format that holds no article; one-line message."""


@dataclass(frozen=True)
class RawArticle:
    """An article as a reader found it: text before cleaning, and metadata the input gave."""

    text: str
    title: str | None = None
    publication: str | None = None
    published: str | None = None
    url: str | None = None
    external_id: str | None = None
    author: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class RecordError:
    """A JSON Lines record that is not an article (1-based line number)."""

    line: int
    message: str


def read_plain_text(text: str) -> RawArticle:
    """A `.txt` file: the text as it is."""
    return RawArticle(text=text)


# ------------------------------------------------------------------ markdown

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>(?:.{0,500}\n){0,60}?)---[ \t]*(?:\n|\Z)")
_FRONT_FIELD = re.compile(r"(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.{0,500})")
_ATX_HEADING = re.compile(r"[ \t]{0,3}(?P<marks>#{1,6})[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*")
_SETEXT_RULE = re.compile(r"[ \t]{0,3}(?P<char>[=-])(?P=char){2,}[ \t]*")
_HORIZONTAL_RULE = re.compile(r"[ \t]{0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})")
_FENCE = re.compile(r"[ \t]{0,3}(?:`{3,}|~{3,}).*")
_REFERENCE_DEFINITION = re.compile(r"[ \t]{0,3}\[[^\[\]\n]{1,300}\]:[ \t]*\S+.*")
_BLOCKQUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?", re.MULTILINE)
_BULLET = re.compile(r"^[ \t]{0,3}[-*+][ \t]+", re.MULTILINE)
# A link target: no newline, parentheses one level deep ("wiki/Kyiv_(city)").
_TARGET = r"\((?:[^()\n]|\([^()\n]{0,200}\)){0,2000}\)"
_IMAGE = re.compile(rf"!\[[^\[\]\n]{{0,{_SPAN}}}\]{_TARGET}")
_LINK = re.compile(rf"\[(?P<text>[^\[\]\n]{{1,{_SPAN}}})\]{_TARGET}")
_REFERENCE_LINK = re.compile(rf"\[(?P<text>[^\[\]\n]{{1,{_SPAN}}})\]\[[^\[\]\n]{{0,{_SPAN}}}\]")
_AUTOLINK = re.compile(r"<(?P<url>(?:https?|mailto):[^<>\s]{1,2000})>")
_STRONG = re.compile(rf"(\*\*|__)(?P<text>[^*_\n]{{1,{_SPAN}}}?)\1")
_EMPHASIS_STAR = re.compile(
    rf"(?<![\w*])\*(?P<text>[^*\s](?:[^*\n]{{0,{_SPAN}}}?[^*\s])?)\*(?![\w*])"
)
_EMPHASIS_UNDERSCORE = re.compile(
    rf"(?<![\w_])_(?P<text>[^_\s](?:[^_\n]{{0,{_SPAN}}}?[^_\s])?)_(?![\w_])"
)
_STRIKE = re.compile(rf"~~(?P<text>[^~\n]{{1,{_SPAN}}}?)~~")
_CODE = re.compile(rf"`(?P<text>[^`\n]{{1,{_SPAN}}})`")


def read_markdown(text: str) -> RawArticle:
    """A `.md` file: markdown syntax stripped lightly, paragraphs kept.

    Heading markers, emphasis, code ticks, blockquote and bullet markers, images and link
    targets go (links keep their text). The first level-1 heading, else the first heading
    before any paragraph, is the title; a YAML front matter block gives title, date,
    author, url and publication when present.
    """
    meta, body = _front_matter(text)
    lines: list[str] = []
    title = meta.get("title")
    seen_paragraph = False
    in_fence = False
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _FENCE.fullmatch(line):
            in_fence = not in_fence
            continue
        if in_fence:
            lines.append(line)
            continue
        heading = _ATX_HEADING.fullmatch(line)
        if heading is not None:
            heading_text = _strip_inline(heading.group("text"))
            if title is None and not seen_paragraph:
                title = heading_text
            lines.extend(["", heading_text, ""])
            continue
        setext = _SETEXT_RULE.fullmatch(line)
        if setext is not None and lines and lines[-1].strip():
            if title is None and setext.group("char") == "=":
                title = _strip_inline(lines[-1]).strip()
            lines.append("")
            continue
        if _HORIZONTAL_RULE.fullmatch(line) or _REFERENCE_DEFINITION.fullmatch(line):
            lines.append("")
            continue
        if line.strip():
            seen_paragraph = True
        lines.append(line)
    stripped = _strip_inline(_BULLET.sub("", _BLOCKQUOTE.sub("", "\n".join(lines))))
    return RawArticle(
        text=stripped,
        title=title,
        publication=meta.get("publication") or meta.get("site") or meta.get("source"),
        published=meta.get("date") or meta.get("published"),
        url=meta.get("url") or meta.get("link"),
        author=meta.get("author"),
    )


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple `key: value` fields of a leading `---` block, and the text after it."""
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if match is None:
        return {}, text
    fields: dict[str, str] = {}
    for line in match.group("body").splitlines():
        field = _FRONT_FIELD.fullmatch(line.strip())
        if field is not None:
            value = field.group("value").strip().strip("\"'").strip()
            if value:
                fields[field.group("key").casefold()] = value
    return fields, text.lstrip("\ufeff")[match.end() :]


def _strip_inline(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\g<text>", text)
    text = _REFERENCE_LINK.sub(r"\g<text>", text)
    text = _AUTOLINK.sub(r"\g<url>", text)
    text = _CODE.sub(r"\g<text>", text)
    text = _STRONG.sub(r"\g<text>", text)
    text = _EMPHASIS_STAR.sub(r"\g<text>", text)
    text = _EMPHASIS_UNDERSCORE.sub(r"\g<text>", text)
    return _STRIKE.sub(r"\g<text>", text)


# ------------------------------------------------------------------ HTML


def read_html(text: str) -> RawArticle:
    """An `.html`/`.htm` page: main text and metadata (title, author, date, site name, url)
    extracted by trafilatura; each extracted block becomes a paragraph.

    Raises ReaderError("no article text found in HTML") when trafilatura finds none.
    """
    import trafilatura  # heavy import, only needed for HTML

    document = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    if document is None:
        raise ReaderError(NO_HTML_TEXT)
    data: dict[str, Any] = document if isinstance(document, dict) else document.as_dict()
    title = _optional_str(data.get("title"))
    paragraphs = [line.strip() for line in str(data.get("text") or "").split("\n")]
    paragraphs = [line for line in paragraphs if line]
    words = sum(len(line.split()) for line in paragraphs if line != title)
    if words < MIN_HTML_WORDS:
        raise ReaderError(NO_HTML_TEXT)
    return RawArticle(
        text="\n\n".join(paragraphs),
        title=title,
        publication=_optional_str(data.get("sitename")),
        published=_optional_str(data.get("date")),
        url=_optional_str(data.get("url")),
        author=_optional_str(data.get("author")),
    )


def _optional_str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


# ------------------------------------------------------------------ JSON Lines

#: JSONL fields besides `text` that ingestion reads; each must be a string or null.
JSONL_STRING_FIELDS = ("url", "title", "publication", "published")


def read_jsonl(text: str) -> Iterator[RawArticle | RecordError]:
    """A `.jsonl` file: one article per non-blank line, `text` required; `id` (-> external
    id), `url`, `title`, `publication`, `published` optional; other keys are ignored.

    A bad line yields a RecordError with its 1-based number; the other lines still count.
    """
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        yield _jsonl_record(line, number)


def _jsonl_record(line: str, number: int) -> RawArticle | RecordError:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return RecordError(number, f"malformed JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return RecordError(number, "malformed JSON: nested too deeply")
    if not isinstance(record, dict):
        return RecordError(number, f"expected a JSON object, got {type(record).__name__}")
    if "text" not in record:
        return RecordError(number, "missing required field 'text'")
    body = record["text"]
    if not isinstance(body, str):
        return RecordError(number, f"field 'text' must be a string, got {type(body).__name__}")
    values: dict[str, str | None] = {}
    for name in JSONL_STRING_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return RecordError(number, f"field '{name}' must be a string or null")
        values[name] = value
    external_id = record.get("id")
    if isinstance(external_id, (dict, list, bool)):
        return RecordError(number, "field 'id' must be a string or a number")
    return RawArticle(
        text=body,
        title=values["title"],
        publication=values["publication"],
        published=values["published"],
        url=values["url"],
        external_id=None if external_id is None else str(external_id),
        line=number,
    )
