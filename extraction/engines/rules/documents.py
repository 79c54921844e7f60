"""An article made ready for parsing: prose blocks joined into docs with an offset map.

`prepare` keeps the prose blocks (see `segments.prose_blocks`), joins them into as few
docs as MAX_DOC_CHARS allows, forces a sentence boundary at each block start and keeps
the map from doc offsets to article offsets; `sentences` lists the parsed sentences with
the block each belongs to.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extraction.engines.rules.nlp import (
    _PARSE_LOCK,
)
from extraction.engines.rules.segments import Block, prose_blocks, quote_spans
from extraction.schema import Article

#: Text put between prose blocks when they are parsed as one doc.
BLOCK_SEPARATOR = "\n\n"


#: Longest doc handed to spaCy (its default max_length is 1,000,000 characters); longer
#: articles are parsed as several docs, split between paragraphs.
MAX_DOC_CHARS = 200_000


@dataclass
class _Prepared:
    """An article tokenised for parsing: its doc (parsed in place) and offset map."""

    article: Article
    docs: list[Doc]
    quotes: list[tuple[int, int]]
    title_doc: Doc | str | None


def _force_block_starts(doc: Doc, starts: list[int]) -> None:
    """Mark the first token of each block as a sentence start (the parser keeps preset
    boundaries), so no sentence runs across paragraphs."""
    wanted = set(starts)
    for token in doc:
        if token.idx in wanted:
            token.is_sent_start = True
        elif _closes_quote_after_stop(token):
            token.is_sent_start = False


def _closes_quote_after_stop(token: Token) -> bool:
    """True for a closing quote glued to a sentence-final mark (`us."`): the parser would
    otherwise start a new sentence with it and lose the quote's end."""
    if token.i == 0 or token.text not in {'"', "”", "’", "'"}:
        return False
    previous = token.doc[token.i - 1]
    if previous.whitespace_ or previous.text not in {".", "!", "?", ","}:
        return False
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return following is None or bool(token.whitespace_) or following.is_space


# ---------------------------------------------------------------- parsing
def prepare(nlp: Language, article: Article) -> _Prepared:
    """Tokenise the prose blocks, joined into as few docs as MAX_DOC_CHARS allows (one
    pipeline call is faster than one per paragraph), with a sentence boundary forced
    at each block start; each doc carries the map from its offsets to the article's
    (`statements.absolute`)."""
    text = article.text
    blocks = prose_blocks(text)
    chunks: list[list[Block]] = []
    size = 0
    for block in blocks:
        length = block.end - block.start + len(BLOCK_SEPARATOR)
        if not chunks or size + length > MAX_DOC_CHARS:
            chunks.append([])
            size = 0
        chunks[-1].append(block)
        size += length
    docs: list[Doc] = []
    block_index = 0
    for chunk in chunks:
        segments: list[tuple[int, int]] = []  # (offset in the doc, offset in article)
        position = 0
        for block in chunk:
            segments.append((position, block.start))
            position += block.end - block.start + len(BLOCK_SEPARATOR)
        joined = BLOCK_SEPARATOR.join(text[block.start : block.end] for block in chunk)
        with _PARSE_LOCK:  # the tokenizer's cache is shared state
            doc = nlp.make_doc(joined)
        _force_block_starts(doc, [start for start, _ in segments])
        doc.user_data["segments"] = segments
        doc.user_data["first_block"] = block_index
        block_index += len(chunk)
        docs.append(doc)
    return _Prepared(
        article=article,
        docs=docs,
        quotes=quote_spans(text, blocks),
        title_doc=article.title or None,
    )


def sentences(prepared: _Prepared) -> tuple[list[Span], list[int]]:
    """The non-blank sentences of a parsed article, and the block index of each."""
    sentences: list[Span] = []
    blocks_of: list[int] = []
    for doc in prepared.docs:
        segments = doc.user_data["segments"]
        first_block = int(doc.user_data["first_block"])
        doc.user_data["text"] = doc.text
        starts = [start for start, _ in segments]
        for sentence in doc.sents:
            if sentence.text.strip():
                sentences.append(sentence)
                index = bisect_right(starts, sentence.start_char) - 1
                blocks_of.append(first_block + index)
    return sentences, blocks_of
