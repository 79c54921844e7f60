"""One proposition per figure when a clause states several figures that are separate
claims ("figure lists").

News sentences pack parallel facts into one clause: "fines on 12 more banks
and another 30 brokers", "A (4.4 percent), B (2.7 percent) and C (1.4
percent) trailed", "Y took 38.2 percent, followed by B with 21.5 percent, C with 6.1
percent", "the flood destroyed 800 homes and damaged 2,300 others", "the toll rose to
18, with about 40 injured". CLAIMS.md makes each figure a claim of its own.

Two figures are *separable* when the dependency path between them crosses a claim
boundary: a coordination (`conj`, unless joined by "or", which restates: "$52 million,
or 40 cents a share"), a clause of its own (adverbial, relative, complement, parataxis)
or a "with" phrase. Figures that are not separable form one group ("fell 12
percent to $310 million" is one claim); a figure in brackets right after another restates
it ("150 kph (93 mph)"); a length of time ("over the past 24 hours") never splits a clause,
and neither does an "including" phrase: the clause without it reads as the whole's claim,
but the phrase without its host's figure does not read as one ("was around including 300
engineers"), so the part is left to the whole sentence.
`figure_variants` returns, for each group, the clause without the branches that carry the
other groups' figures, paired with the group's figure.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from extraction.engines.rules.content import trailing_mark
from extraction.engines.rules.quantities import Figure, find_figures

#: Dependency labels that open a claim of their own below the point where two figures'
#: paths meet.
SPLIT_DEPS = frozenset({"conj", "advcl", "relcl", "ccomp", "parataxis"})
#: Prepositions that attach a further fact ("..., with 40 injured"). "including 5 children"
#: is not one: its part would lack a predicate of its own.
SPLIT_PREPS = frozenset({"with"})
#: Parts of speech of a coordination whose conjuncts are dropped whole (nominal lists).
NOMINAL = frozenset({"NOUN", "PROPN", "NUM", "PRON"})
#: Words a variant needs (punctuation not counted).
MIN_WORDS = 3
#: Brackets a statement must keep balanced.
OPENING_BRACKETS = frozenset({"(", "["})
CLOSING_BRACKETS = frozenset({")", "]"})
_BRACKETS = OPENING_BRACKETS | CLOSING_BRACKETS


def _anchor(figure: Figure, doc_tokens: Sequence[Token]) -> Token:
    """The syntactic head of a figure's tokens (the one whose head lies outside them)."""
    span = [token for token in doc_tokens if figure.start <= token.i < figure.end]
    for token in span:
        if not figure.start <= token.head.i < figure.end or token.head.i == token.i:
            return token
    return span[0]


def _ancestors(token: Token) -> list[Token]:
    """The token and its heads up to the root."""
    chain = [token]
    while chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def _path(lca: Token, token: Token) -> list[Token]:
    """Nodes from the child of `lca` down to `token` (empty when token is the lca)."""
    chain = []
    for node in _ancestors(token):
        if node.i == lca.i:
            break
        chain.append(node)
    return list(reversed(chain))


def _lowest_common(left: Token, right: Token) -> Token | None:
    ids = {token.i for token in _ancestors(left)}
    for node in _ancestors(right):
        if node.i in ids:
            return node
    return None


def _restates(node: Token) -> bool:
    """A conjunct joined by "or" ("$52 million, or 40 cents a share")."""
    head = node.head
    return any(
        child.dep_ == "cc" and child.lower_ == "or" and head.i < child.i < node.i
        for child in head.children
    )


def _splits(node: Token) -> bool:
    if node.dep_ == "conj":
        return not _restates(node)
    if node.dep_ in SPLIT_DEPS:
        return True
    return node.dep_ == "prep" and node.lower_ in SPLIT_PREPS


def _first_split(path: Sequence[Token]) -> Token | None:
    return next((node for node in path if _splits(node)), None)


def _separable(left: Token, right: Token) -> bool:
    lca = _lowest_common(left, right)
    if lca is None:
        return False
    return bool(_first_split(_path(lca, left)) or _first_split(_path(lca, right)))


def _conversion(previous: Figure, figure: Figure, doc_tokens: Sequence[Token]) -> bool:
    """A figure in brackets right after another restates it ("150 kph (93 mph)")."""
    doc = doc_tokens[0].doc
    return (
        figure.start - previous.end <= 1
        and figure.start > 0
        and doc[figure.start - 1].text in OPENING_BRACKETS
    )


def _groups(
    figures: Sequence[Figure], anchors: Sequence[Token], tokens: Sequence[Token]
) -> list[list[int]]:
    """Figures that belong to one claim, by index (reading order kept)."""
    parent = list(range(len(figures)))

    def find(index: int) -> int:
        while parent[index] != index:
            index = parent[index]
        return index

    for right in range(len(figures)):
        for left in range(right):
            same = (right == left + 1 and _conversion(figures[left], figures[right], tokens)) or (
                not _separable(anchors[left], anchors[right])
            )
            if same:
                parent[find(right)] = find(left)
    grouped: dict[int, list[int]] = {}
    for index in range(len(figures)):
        grouped.setdefault(find(index), []).append(index)
    return sorted(grouped.values())


def _own_part(node: Token) -> set[int]:
    """A conjunct's own words: its subtree without its conjuncts' subtrees."""
    others = {t.i for child in node.children if child.dep_ == "conj" for t in child.subtree}
    return {t.i for t in node.subtree if t.i not in others}


def _subject_of(verb: Token) -> Token | None:
    return next(
        (child for child in verb.children if child.dep_ in {"nsubj", "nsubjpass", "expl"}), None
    )


def _own_clause(split: Token, other: Token) -> set[int] | None:
    """The verbal clause that holds the focus figure, as the words a variant keeps (its
    opening "while" / "and" left out): "..., while the rival fell 2 percent". A conjoined verb
    without a subject of its own borrows its host's ("the flood destroyed 800 homes and
    damaged 2,300 others"), unless that subject holds the other figure ("9 were killed
    and 30 injured": the variant is "30 injured")."""
    if split.pos_ not in {"VERB", "AUX"} or split.dep_ not in {"conj", "advcl", "parataxis"}:
        return None
    clause = {
        t.i
        for t in split.subtree
        if not (t.head.i == split.i and t.dep_ in {"mark", "cc"} and t.i < split.i)
    }
    if _subject_of(split) is not None:
        return clause
    if split.dep_ != "conj":
        return None
    host = _subject_of(split.head)
    if host is None:
        return clause
    borrowed = {t.i for t in host.subtree}
    return clause if other.i in borrowed else clause | borrowed


def _branch(focus: Token, other: Token) -> tuple[set[int], set[int] | None]:
    """Token ids to drop so that `other`'s figure leaves a clause about `focus`'s, and the
    ids a variant is restricted to (None: no restriction)."""
    lca = _lowest_common(focus, other)
    if lca is None:
        return set(), None
    towards_other = _path(lca, other)
    split = _first_split(towards_other)
    if split is not None:
        return {t.i for t in split.subtree}, None
    towards_focus = _path(lca, focus)
    split = _first_split(towards_focus)
    if split is not None:
        clause = _own_clause(split, other)
        if clause is not None:
            return set(), clause
        if split.dep_ == "conj" and lca.pos_ in NOMINAL:
            return _own_part(lca) - {t.i for t in split.subtree}, None
    if towards_other:
        return {t.i for t in towards_other[0].subtree}, None
    return {other.i}, None


def _list_members(focus: Token) -> list[Token]:
    """The nominal coordination the focus figure sits in: its members (the focus's own
    member first), or nothing."""
    for node in _ancestors(focus):
        head = node.head if node.dep_ == "conj" else node
        if head.pos_ not in NOMINAL:
            continue
        members = [head]
        stack = [head]
        while stack:
            current = stack.pop()
            for child in current.children:
                if child.dep_ == "conj" and child.pos_ in NOMINAL:
                    members.append(child)
                    stack.append(child)
        if len(members) >= 2:
            return [node, *[member for member in members if member.i != node.i]]
    return []


def _other_members(focus: Token, anchors: Sequence[Token], allowed: set[int]) -> set[int]:
    """Words of the other members of the focus's nominal list when the list holds figures
    in two or more members (a variant keeps its own member)."""
    members = _list_members(focus)
    holding = sum(1 for member in members if any(a.i in _own_part(member) for a in anchors))
    if holding < 2:
        return set()
    own = _own_part(members[0])
    dropped: set[int] = set()
    for member in members[1:]:
        dropped |= _own_part(member) - own
    return {index for index in dropped if index in allowed}


def _joiner(token: Token) -> bool:
    """A coordinator or a separating punctuation mark (not a bracket, a quote or a
    figure's own sign)."""
    if token.dep_ in {"cc", "preconj"}:
        return True
    return _separator(token)


def _separator(token: Token) -> bool:
    """Punctuation that separates (not a bracket, a quote or "%")."""
    return trailing_mark(token) and token.text not in _BRACKETS and not token.is_quote


def balanced(tokens: Sequence[Token]) -> list[Token]:
    """The tokens without closing brackets that close nothing."""
    opened = 0
    kept: list[Token] = []
    for token in tokens:
        if token.text in OPENING_BRACKETS:
            opened += 1
        elif token.text in CLOSING_BRACKETS:
            if opened == 0:
                continue
            opened -= 1
        kept.append(token)
    return kept


def _tidy(tokens: list[Token], dropped: set[int]) -> list[Token]:
    """Drop coordinators and punctuation left dangling by the removals (before a removed
    stretch, or doubled), unmatched brackets, and joiners at either edge."""
    kept: list[Token] = []
    for token in tokens:
        if _joiner(token):
            after_gap = bool(kept) and kept[-1].i < token.i - 1
            if token.i + 1 in dropped or after_gap:
                continue
            if kept and _joiner(kept[-1]):
                kept.pop()
        kept.append(token)
    kept = balanced(kept)
    while kept and (_joiner(kept[0]) or kept[0].dep_ == "mark" or kept[0].is_punct):
        kept = kept[1:]
    while kept and _joiner(kept[-1]):
        kept = kept[:-1]
    return kept


def _main(group: Sequence[int], figures: Sequence[Figure]) -> int:
    """The group's figure: its first in digits, else its first."""
    digits = [index for index in group if figures[index].digits]
    return (digits or list(group))[0]


def figure_variants(tokens: Sequence[Token]) -> list[tuple[list[Token], Figure]]:
    """The clause once per group of figures that makes a claim of its own (see the module
    doc), each without the other groups' branches and with its group's figure as found
    (its place in the doc); empty when there are fewer than two."""
    ordered = sorted((t for t in tokens if not t.is_space), key=lambda token: token.i)
    figures = [figure for figure in find_figures(ordered) if not figure.duration]
    if len(figures) < 2:
        return []
    anchors = [_anchor(figure, ordered) for figure in figures]
    groups = _groups(figures, anchors, ordered)
    if len(groups) < 2:
        return []
    allowed = {token.i for token in ordered}
    variants: list[tuple[list[Token], Figure]] = []
    for group in groups:
        main = _main(group, figures)
        dropped: set[int] = set()
        keep: set[int] = set(allowed)
        for other in groups:
            if other is group:
                continue
            for index in other:
                drop, only = _branch(anchors[main], anchors[index])
                dropped |= drop
                if only is not None:
                    keep &= only
        dropped |= _other_members(anchors[main], anchors, allowed)
        figure = figures[main]
        dropped |= allowed - keep
        dropped -= set(range(figure.start, figure.end))
        kept = _tidy([token for token in ordered if token.i not in dropped], dropped)
        words = sum(1 for token in kept if not token.is_punct)
        if words >= MIN_WORDS:
            variants.append((kept, figure))
    return variants if len(variants) >= 2 else []
