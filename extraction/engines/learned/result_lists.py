"""Results lists: one readable statement per entry of a ranking told in one sentence.

Election results, polls and shares come as "Smith won 54.2 percent of the vote, followed
by Jones with 20.1 percent and Brown with 9.3 percent". The figure split (`figure_split`)
finds one claim per figure there, but an entry ("Jones with 20.1 percent") has no verb of
its own, so the clause left around it does not read as a sentence. An entry reads as the
host's predicate said of its own name with its own figure: "Jones won 20.1 percent of the
vote." With no host predicate to borrow ("The two were followed by Jones with 20.1
percent, ..."), the entry follows: "Jones followed with 20.1 percent."

An entry is a name (proper nouns, with "of" inside and an opening "the") right after a
list separator or the "by" of "followed by", then "with" and a figure; a sentence needs
`MIN_ENTRIES` of them to be a list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from extraction.engines.learned.part_statements import describe_part
from extraction.engines.rules import lexicon
from extraction.engines.rules.quantities import Figure
from extraction.engines.rules.statements import clean_statement, raw_text
from extraction.schema import Quantity

#: Words that may stand right before an entry's name.
ENTRY_OPENERS = frozenset({",", ";", "and", "by"})
#: Entries a sentence needs to be a results list.
MIN_ENTRIES = 2
#: Words after ", or" within which the restated figure stands ("or 31.5 per cent").
_RESTATED_WITHIN = 4
#: Dependency labels of a host figure's noun that make it the object of the host verb.
_OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "npadvmod"})
#: Children before the host verb that travel with it ("would", "was", "not"); its particle
#: ("made up") comes along after it.
_VERB_COMPANIONS = frozenset({"aux", "auxpass", "neg"})


@dataclass(frozen=True)
class Entry:
    """One entry of a results list: its name and the words of its figure."""

    name: list[Token]
    figure: list[Token]


def _name_before(word: Token) -> list[Token]:
    """The name that ends just before `word` (the entry's "with"), if a list separator
    opens it; else empty."""
    doc = word.doc
    index = word.i - 1
    if index >= 0 and doc[index].text == ",":
        index -= 1
    name: list[Token] = []
    while index >= 0:
        token = doc[index]
        inner_of = (
            token.lower_ == "of" and bool(name) and index > 0 and doc[index - 1].pos_ == "PROPN"
        )
        # a title before the name: "lawyer Tim Dunn", "former MLA candidate Ann Ray"
        title = token.pos_ in {"NOUN", "ADJ"} and token.is_lower and bool(name)
        if token.pos_ == "PROPN" or (token.is_quote and bool(name)) or inner_of or title:
            name.insert(0, token)
            index -= 1
            continue
        break
    if index >= 0 and doc[index].lower_ == "the" and name:
        name.insert(0, doc[index])
        index -= 1
    while name and (name[0].is_quote or name[0].lower_ == "of"):
        name = name[1:]
    if not any(token.pos_ == "PROPN" for token in name):
        return []
    if index < 0 or doc[index].lower_ not in ENTRY_OPENERS:
        return []
    return name


def _figure_words(word: Token, figure: Figure, allowed: set[int]) -> list[Token]:
    """The words after an entry's "with" up to the end of its figure's phrase (before the
    next separator, coordinator or "with")."""
    doc = word.doc
    words: list[Token] = []
    index = word.i + 1
    end = figure.end
    while index in allowed:
        token = doc[index]
        if index >= end and _restatement(token):
            # "with 1,510 votes, or 31.5 per cent": the figure said again belongs to it
            end = next((t.i + 1 for t in doc[index : index + _RESTATED_WITHIN] if t.like_num), end)
        else:
            closes = token.dep_ == "cc" or token.lower_ == "with"
            if index >= end and (closes or (token.is_punct and token.text not in {"%", "$"})):
                break
            if index >= end and token.pos_ == "PROPN":
                break
        words.append(token)
        index += 1
    while words and words[-1].is_punct and words[-1].text not in {"%", ")"}:
        words = words[:-1]
    return words


def _restatement(token: Token) -> bool:
    """ ", or" / "or" right after a figure: the same figure in other terms follows."""
    doc = token.doc
    if token.lower_ == "or":
        return True
    return token.text == "," and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "or"


def list_entries(tokens: Sequence[Token], figures: Sequence[Figure]) -> dict[int, Entry]:
    """The results-list entries of a clause, keyed by the index of their figure in
    `figures`; empty unless the clause has `MIN_ENTRIES` of them."""
    if not tokens:
        return {}
    doc = tokens[0].doc
    allowed = {token.i for token in tokens}
    entries: dict[int, Entry] = {}
    for position, figure in enumerate(figures):
        start = figure.start
        while start - 1 in allowed and doc[start - 1].pos_ in {"ADV", "SYM"}:
            start -= 1  # "with nearly 22 percent", "with $4.6 million"
        if start - 1 not in allowed or doc[start - 1].lower_ != "with":
            continue
        word = doc[start - 1]
        name = _name_before(word)
        if not name or not all(token.i in allowed for token in name):
            continue
        entries[position] = Entry(name=name, figure=_figure_words(word, figure, allowed))
    return entries if len(entries) >= MIN_ENTRIES else {}


def _figure_noun(figure: Figure, doc_tokens: Sequence[Token]) -> Token:
    """The noun a figure counts ("percent" of "54.2 percent"), else its own head word."""
    doc = doc_tokens[0].doc
    number = doc[figure.end - 1]
    if number.dep_ in {"nummod", "quantmod", "compound"} and number.head.i >= figure.end:
        return number.head
    return number


def _host_predicate(
    host: Figure, tokens: Sequence[Token]
) -> tuple[list[Token], list[Token]] | None:
    """The host's words before its figure (its verb with auxiliaries and particle, and the
    preposition that takes the figure: "won", "would account for", "was backed by") and
    those after it that say what the figure is of ("of the vote"); None when the figure
    is not the object of a verb."""
    noun = _figure_noun(host, tokens)
    preposition: Token | None = None
    if noun.dep_ not in _OBJECT_DEPS and noun.dep_ != "pobj":
        return None
    head = noun.head
    if noun.dep_ == "pobj":
        preposition, head = head, head.head
    if head.pos_ not in {"VERB", "AUX"}:
        return None
    if any(child.dep_ == "dobj" and child.i != noun.i for child in head.children):
        return None  # "recorded the highest rate at 38.1 percent": the object is the host's
    if preposition is not None and head.lemma_.lower() in lexicon.RANKING_VERBS:
        return None  # "led with 1,842 votes": the later entries did not lead
    before = sorted(
        [child for child in head.children if child.dep_ in _VERB_COMPANIONS and child.i < head.i]
        + [head]
        + [child for child in head.children if child.dep_ == "prt"]
        + ([preposition] if preposition is not None else []),
        key=lambda token: token.i,
    )
    after = [
        token
        for child in noun.children
        if child.dep_ == "prep" and child.i > noun.i and child.lower_ == "of"
        for token in child.subtree
    ]
    return before, _without_follow(after)


def _follows(token: Token) -> bool:
    return token.lemma_.lower() in lexicon.LIST_FOLLOW_VERBS


def _without_follow(tokens: Sequence[Token]) -> list[Token]:
    """The tokens without the "followed by ..." phrase that carries the entries, and
    without the separators left at their end."""
    dropped = {t.i for token in tokens if _follows(token) for t in token.subtree}
    kept = [token for token in tokens if token.i not in dropped]
    while kept and (kept[-1].is_punct or kept[-1].dep_ == "cc"):
        kept = kept[:-1]
    return kept


def host_tokens(tokens: Sequence[Token], entries: Mapping[int, Entry]) -> list[Token]:
    """A host variant's words without the entries' names and figures and the
    "followed by" phrase that holds them."""
    words = {token.i for entry in entries.values() for token in [*entry.name, *entry.figure]}
    kept = [token for token in tokens if token.i not in words]
    kept = [token for token in kept if not (token.lower_ == "with" and token.i + 1 in words)]
    return _without_follow(kept)


def _entry_statement(
    text: str, entry: Entry, predicate: tuple[list[Token], list[Token]] | None
) -> str:
    """ "Jones won 20.1 percent of the vote." (or "Jones followed with 20.1 percent.")"""
    name = raw_text(text, entry.name)
    figure = raw_text(text, entry.figure)
    if predicate is None:
        return clean_statement(f"{name} followed with {figure}")
    before, after = predicate
    pieces = [name, raw_text(text, before), figure]
    if after and not any(token.lower_ == "of" for token in entry.figure):
        pieces.append(raw_text(text, after))
    return clean_statement(" ".join(piece for piece in pieces if piece))


def results_list_parts(
    text: str, variants: Sequence[tuple[list[Token], Figure]], clause: Sequence[Token]
) -> list[tuple[str, Quantity | None]] | None:
    """The proposition parts of a clause's figure variants when the clause is a results
    list: each entry as its own sentence, each other variant without the entries; None
    when the clause is no results list (or its entries cannot be told as sentences)."""
    figures = [figure for _, figure in variants]
    entries = list_entries(clause, figures)
    if not entries:
        return None
    first_entry = min(entries)
    host = next((index for index in range(first_entry) if index not in entries), None)
    predicate = _host_predicate(figures[host], clause) if host is not None else None
    if predicate is None and not any(_follows(token) for token in clause):
        return None
    in_entries = {token.i for entry in entries.values() for token in entry.figure}
    parts: list[tuple[str, Quantity | None]] = []
    for index, (tokens, figure) in enumerate(variants):
        entry = entries.get(index)
        if entry is None and figure.start in in_entries:
            continue  # an entry's figure said again ("1,510 votes, or 31.5 per cent")
        if entry is not None:
            parts.append((_entry_statement(text, entry, predicate), figure.to_quantity()))
        elif index == host:
            parts.append(describe_part(text, host_tokens(tokens, entries), figure.to_quantity()))
        else:
            parts.append(describe_part(text, tokens, figure.to_quantity()))
    return parts
