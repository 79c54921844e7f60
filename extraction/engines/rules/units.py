"""The unit of a figure: a currency code, "percent", the counted noun (from the parse,
"the number of X", or the noun right after the figure), else `FALLBACK_UNIT`."""

from __future__ import annotations

from spacy.tokens import Token

from extraction.engines.rules import lexicon
from extraction.engines.rules.numbers import parse_number

FALLBACK_UNIT = "units"


_COUNT_NOUNS = lexicon.COUNT_NOUNS


def _currency(first: Token, last: Token) -> str | None:
    """ISO code when the figure is money: "$" before, or "dollars"/"euros" after."""
    doc = first.doc
    if first.i > 0:
        symbol = doc[first.i - 1].lower_
        if symbol in lexicon.CURRENCY_SYMBOLS:
            return lexicon.CURRENCY_SYMBOLS[symbol]
        if first.i > 1 and (doc[first.i - 2].lower_ + symbol) in lexicon.CURRENCY_SYMBOLS:
            return lexicon.CURRENCY_SYMBOLS[doc[first.i - 2].lower_ + symbol]
    if last.i + 1 < len(doc):
        word = doc[last.i + 1].lower_
        if word in lexicon.CURRENCY_WORDS:
            return lexicon.CURRENCY_WORDS[word]
    return None


def _is_percent(last: Token) -> bool:
    """True when the figure is followed by "%", "percent" or "per cent"."""
    doc = last.doc
    if last.i + 1 >= len(doc):
        return False
    following = doc[last.i + 1].lower_
    if following in lexicon.PERCENT_WORDS:
        return True
    return following == "per" and last.i + 2 < len(doc) and doc[last.i + 2].lower_ == "cent"


def _noun_text(noun: Token) -> str:
    """A unit as written: lower case, hyphens and spaces trimmed."""
    return noun.text.lower().strip("-")


def _unit_from_tree(last: Token) -> str | None:
    """The counted noun: the head of the number, "X of Y", or "the number of Y was N"."""
    head = last
    while head.dep_ in {"nummod", "quantmod", "compound", "amod"} and head.head.i != head.i:
        head = head.head
        if head.pos_ in {"NOUN", "PROPN"} and parse_number(head.text) is None:
            if head.lower_ in _COUNT_NOUNS:
                break
            return _noun_text(head)
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in {"NOUN", "PROPN"}:
                    return _noun_text(pobj)
    verb = head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"} and child.pos_ == "NOUN":
            if child.lower_ in _COUNT_NOUNS:
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ == "of":
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj" and pobj.pos_ in {"NOUN", "PROPN"}:
                                return _noun_text(pobj)
            elif child.tag_ == "NNS" and not child.is_ancestor(last):
                return _noun_text(child)
    return None


def _unit_from_count_phrase(first: Token) -> str | None:
    """The noun of "the number of X ... was 12,000" earlier in the sentence."""
    sentence_start = first.sent.start
    doc = first.doc
    for index in range(first.i - 2, sentence_start, -1):
        if doc[index].lower_ in _COUNT_NOUNS and doc[index + 1].lower_ == "of":
            for token in doc[index + 2 : first.i]:
                if token.pos_ == "NOUN":
                    return _noun_text(token)
            return None
    return None


def _unit_after(last: Token) -> str | None:
    """The first plural or mass noun within three tokens after the figure."""
    doc = last.doc
    for token in doc[last.i + 1 : last.i + 4]:
        if token.pos_ == "NOUN":
            return _noun_text(token)
        if token.pos_ not in {"ADJ", "PROPN"} or token.is_punct:
            break
    return None


def _unit(first: Token, last: Token) -> str:
    """The unit of a figure spanning `first`..`last`."""
    money = _currency(first, last)
    if money is not None:
        return money
    if _is_percent(last):
        return "percent"
    return (
        _unit_from_tree(last)
        or _unit_from_count_phrase(first)
        or _unit_after(last)
        or FALLBACK_UNIT
    )
