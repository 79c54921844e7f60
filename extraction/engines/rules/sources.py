"""Sources and intermediaries of an attribution: "citing X", "on the basis of X",
"in an interview with Y", a source after the quotation, and a source the parser hung
on the content."""

from __future__ import annotations

from spacy.tokens import Span, Token

from extraction.engines.rules import lexicon
from extraction.engines.rules.content import (
    _CLOSING_QUOTES,
    _OPENING_QUOTES,
)
from extraction.engines.rules.speech import (
    _CLAUSAL,
    _SOURCE_LIKE,
)


def _pobj(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "pobj":
            return child
    return None


def source_like(token: Token) -> bool:
    """True for a noun phrase that can be a claimant (not "information", "data")."""
    if token.pos_ == "PROPN" or token.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}:
        return True
    return token.lemma_.lower() in _SOURCE_LIKE or token.lower_ in _SOURCE_LIKE


def _cited_source(region: list[Token], cue: Token) -> Token | None:
    """The original source in "citing X", "quoting X", "on the basis of X", "based on X"."""
    for token in region:
        lemma = token.lemma_.lower()
        target: Token | None = None
        if lemma in lexicon.CITING_WORDS and token.i != cue.i:
            target = next((c for c in token.children if c.dep_ in {"dobj", "pobj"}), None)
        elif token.lower_ == "basis" and token.head.lower_ == "on":
            of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            target = _pobj(of) if of is not None else None
        elif token.lower_ == "based":
            on = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "on"), None)
            target = _pobj(on) if on is not None else None
        if target is not None and source_like(target):
            return target
    return None


def _intermediary(region: list[Token], cue: Token) -> Token | None:
    """A candidate intermediary: "published by Y", "interview with Y", "told Y"."""
    for token in region:
        if token.dep_ == "agent" and token.head.lemma_.lower() in lexicon.VIA_VERBS:
            target = _pobj(token)
            if target is not None:
                return target
        if token.dep_ == "prep" and token.lower_ == "on" and token.head.i == cue.i:
            target = _pobj(token)
            if target is not None and target.pos_ == "PROPN":
                return target
        if (
            token.dep_ == "prep"
            and token.lower_ in {"with", "to"}
            and (
                token.head.lower_ in lexicon.VIA_NOUNS
                or token.head.lemma_.lower() in {"speak", "talk"}
            )
        ):
            target = _pobj(token)
            if target is not None:
                return target
    if cue.lemma_.lower() in {"tell", "inform", "brief"}:
        for child in cue.children:
            if child.dep_ in {"dobj", "dative"}:
                return child
    return None


def _np_head(tokens: list[Token]) -> Token | None:
    """The syntactic head of a token range: the token whose head lies outside it."""
    ids = {token.i for token in tokens}
    heads = [token for token in tokens if token.head.i not in ids or token.head.i == token.i]
    nominal = [token for token in heads if token.pos_ in {"NOUN", "PROPN", "PRON"}]
    return nominal[0] if len(nominal) == 1 else None


def _trailing_source(cue: Token, sentence: Span) -> tuple[Token, list[Token]] | None:
    """Surface fallback for "C, SOURCE cue ..." that the parser attached wrongly:
    (source head, content tokens) or None."""
    before = [token for token in sentence if token.i < cue.i]
    commas = [token for token in before if token.text == ","]
    if not commas:
        return None
    comma = commas[-1]
    source_tokens = [token for token in before if token.i > comma.i]
    if not 1 <= len(source_tokens) <= 12:
        return None
    if any(token.pos_ in _CLAUSAL and token.tag_ != "VBN" for token in source_tokens):
        return None
    if source_tokens[0].dep_ == "cc" or any(token.is_quote for token in source_tokens):
        return None
    head = _np_head(source_tokens)
    content = [token for token in before if token.i < comma.i]
    if head is None or not _has_clause(content):
        return None
    after = [token for token in sentence if token.i > cue.i]
    if any(token.dep_ == "ccomp" or token.lower_ == "that" for token in after):
        return None
    return head, content


def _source_after_quote(cue: Token, sentence: Span) -> Token | None:
    """The speaker in '"QUOTE," SOURCE, APPOSITION, said': the noun phrase between the
    closing quotation mark and the cue, which the parser often attaches inside the quote."""
    doc = cue.doc
    closing = None
    for index in range(cue.i - 1, max(sentence.start - 1, cue.i - 16), -1):
        token = doc[index]
        if token.text in _CLOSING_QUOTES and index > 0 and doc[index - 1].is_punct:
            closing = index
            break
    if closing is None:
        return None
    between = [doc[i] for i in range(closing + 1, cue.i) if not doc[i].is_punct]
    if not 1 <= len(between) <= 12:
        return None
    if any(token.pos_ in _CLAUSAL for token in between):
        return None
    return _np_head(between)


def _quote_before_cue(cue: Token, sentence: Span) -> list[Token]:
    """Surface fallback for '"QUOTE," said X' / '"QUOTE," X said' when the parser did not
    attach the quote: the quoted tokens of this sentence before the cue."""
    doc = cue.doc
    closing = None
    for index in range(cue.i - 1, max(-1, cue.i - 16), -1):
        token = doc[index]
        if token.text in _CLOSING_QUOTES and index > 0 and doc[index - 1].is_punct:
            closing = index
            break
    if closing is None:
        return []
    between = [doc[i] for i in range(closing + 1, cue.i) if not doc[i].is_punct]
    if any(token.pos_ in _CLAUSAL for token in between):
        return []
    first = doc[closing - 1].sent.start  # the quoted sentence that ends at the mark
    start = first
    for index in range(closing - 1, first - 1, -1):
        if doc[index].text in _OPENING_QUOTES:
            start = index + 1
            break
    return [doc[i] for i in range(start, closing)]


def _misattached_content(cue: Token, subject: Token, sentence: Span) -> list[Token]:
    """Surface fallback for "C SOURCE cue" parsed as a relative clause: the tokens before
    the source when they form a clause."""
    if subject.i > cue.i or cue.dep_ not in {"relcl", "acl", "appos", "conj", "advcl"}:
        return []
    left = subject.left_edge.i
    content = [token for token in sentence if token.i < left]
    return content if _has_clause(content) and len(content) >= 5 else []


def _has_clause(tokens: list[Token]) -> bool:
    words = [token for token in tokens if not token.is_punct]
    return len(words) >= 4 and any(token.pos_ in _CLAUSAL for token in words)
