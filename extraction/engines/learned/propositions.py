"""Split a parsed sentence into proposition parts (one candidate claim each).

News sentences often state several checkable things ("The quake killed 12 people and
injured 40, officials said"; "Sales rose 4% to $2bn, which beat forecasts"). A part is
the subtree of a clause head (the root, a verbal conjunct, an adverbial, relative or
complement clause) without the clauses nested in it; a part without its own subject
borrows the subject of the clause it hangs on (and a relative clause the noun it
modifies). Parts that only frame a report ("the ministry said on Monday") or have fewer
than `MIN_WORDS` words are dropped. The classifier decides whether a sentence's claims
are its parts or the sentence as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from extraction.engines.learned.features import CONTENT_DEPS
from extraction.engines.learned.figure_split import CLOSING_BRACKETS, balanced
from extraction.engines.rules import lexicon
from extraction.engines.rules.content import trailing_mark

CLAUSE_DEPS = frozenset({"ROOT", "conj", "advcl", "relcl", "ccomp"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl"})
#: Words a part needs (punctuation not counted).
MIN_WORDS = 4
#: A part headed by a speech verb with at most this many words only frames a report.
FRAME_WORDS = 9
_EDGE_DEPS = frozenset({"cc", "mark", "punct", "prep"})
_RELATIVE_WORDS = frozenset({"which", "who", "that", "whom", "whose"})


#: Tags of a finite verb (a clause that can stand as a sentence of its own).
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
#: Words that open a clause which only sets the scene of another ("where", "when", "if").
_SCENE_OPENERS = frozenset({"where", "when", "while", "whereas", "if", "unless", "as", "because"})


def _finite(token: Token) -> bool:
    """A verb with tense of its own, or with a tensed auxiliary ("has been killed")."""
    if token.tag_ in _FINITE_TAGS:
        return True
    return any(
        child.dep_ in {"aux", "auxpass"} and child.tag_ in _FINITE_TAGS for child in token.children
    )


def _opens_scene(token: Token) -> bool:
    """An adverbial or relative clause opened by "where" / "when" / "if" ...: it frames
    its host clause rather than stating a claim of its own."""
    return token.dep_ in {"advcl", "relcl"} and any(
        child.lower_ in _SCENE_OPENERS and child.dep_ in {"mark", "advmod"} and child.i < token.i
        for child in token.children
    )


#: Words that open an indirect question ("asked whether ...", "to see how ...").
_QUESTION_WORDS = frozenset({"how", "why", "whether", "what", "if"})


def _asks(token: Token) -> bool:
    """A complement clause that is an indirect question ("keen to see how he aims to ...",
    "asked whether the plan would work"): it states nothing, and stays inside its host."""
    if token.dep_ != "ccomp":
        return False
    opener = token.left_edge
    # "if" opens a question only as the clause's own marker ("asked if it would"), not
    # when it opens a condition inside it ("said if talks fail, prices will rise")
    return opener.lower_ in _QUESTION_WORDS and (opener.lower_ != "if" or opener.head == token)


def _is_head(token: Token) -> bool:
    """A clause head that can make a part: a finite verb of a clause of its own (an
    infinitive, "to support", a scene-setting clause and an indirect question stay inside
    their host)."""
    return (
        token.pos_ in {"VERB", "AUX"}
        and token.dep_ in CLAUSE_DEPS
        and _finite(token)
        and not _opens_scene(token)
        and not _asks(token)
    )


def _subject(head: Token) -> list[Token]:
    for child in head.children:
        if child.dep_ in SUBJECT_DEPS:
            return list(child.subtree)
    return []


def _antecedent(head: Token) -> list[Token]:
    """The noun phrase a relative clause describes, up to the clause ("two storms" in
    "two storms that passed ..."), without punctuation at its end."""
    noun = head.head
    inside = {token.i for token in head.subtree}
    phrase = [t for t in noun.subtree if t.i < head.i and t.i not in inside]
    phrase = [t for t in phrase if t.i >= noun.left_edge.i]
    while phrase and (
        (phrase[-1].is_punct and not _closes_bracket(phrase))
        or phrase[-1].lower_ in _RELATIVE_WORDS
    ):
        phrase = phrase[:-1]
    return phrase


def _pronoun_subject(head: Token) -> bool:
    """A clause whose subject is a relative pronoun: a relative clause ("who resigned"),
    or a clause inside one ("phones that it hopes [would slow ...]"), which has no subject
    of its own to stand on."""
    return any(
        child.dep_ in SUBJECT_DEPS and child.lower_ in _RELATIVE_WORDS for child in head.children
    )


def _borrowed_subject(head: Token, heads: set[int]) -> list[Token]:
    """The subject a subject-less part borrows: the clause it hangs on (walking up), or
    for a relative clause the noun phrase it describes."""
    if head.dep_ == "relcl":
        return _antecedent(head)
    if head.dep_ == "conj" and (host := _subject(head.head)):  # "X began ... and still holds"
        return host
    current = head
    while current.head.i != current.i:
        current = current.head
        if current.i in heads:
            found = _subject(current)
            if found:
                return found
    return []


def _dangling_cue(token: Token, kept: set[int]) -> bool:
    """A participle cue ("adding", "saying") whose content clause went to a part of its
    own: left alone, it would end this part with a bare "..., adding."."""
    if token.tag_ != "VBG" or token.lemma_.lower() not in lexicon.PARTICIPLE_CUES:
        return False
    return not any(child.i in kept and not child.is_punct for child in token.children)


def _owner_for_whose(head: Token, part: list[Token]) -> list[Token]:
    """A relative clause opened by "whose" names its owner in its place: "the exchange,
    whose index was up" gives the part "the exchange index was up" (its statement takes the
    possessive: `part_statements`), not "Whose index was up"."""
    if not part or part[0].lower_ != "whose":
        return part
    owner = [t for t in _antecedent(head) if t.i not in {p.i for p in part}]
    return owner + part[1:] if owner else part


def _relative_opening(part: list[Token]) -> list[Token]:
    """A relative clause's part without its opening "in which" / "of whom"."""
    if len(part) > 2 and part[0].dep_ == "prep" and part[1].lower_ in _RELATIVE_WORDS:
        return part[2:]
    return part


#: Marks that set off a clause ("Brandt, who chairs the board, cut ...").
_SEPARATORS = frozenset({",", ";", "—", "–", "-"})


def _borders(token: Token, removed: set[int]) -> bool:
    """A comma or dash next to a clause left out of the part: it set that clause off."""
    return token.text in _SEPARATORS and (token.i + 1 in removed or token.i - 1 in removed)


def _frames_report(head: Token, part: Sequence[Token], heads: set[int]) -> bool:
    """A part that only frames a report: a speech verb with a few words ("the ministry
    said on Monday"), or with nothing said in it (said elsewhere in the sentence, or in a
    part of its own: "..., the mayor stated on Friday, citing police figures"); or any verb
    with a few words whose complement clause is a part of its own ("the survey found")."""
    content = [child for child in head.children if child.dep_ in CONTENT_DEPS]
    if head.lemma_.lower() not in lexicon.SPEECH_VERBS:
        # "A survey of 40 towns showed [that ...]", "[...], official figures showed": its
        # clause is a part of its own. A passive verb frames no clause before it ("troops
        # suffered four dead, 30 insurgents were killed": a list hung on its last verb).
        passive = any(child.dep_ == "auxpass" for child in head.children)
        complement_elsewhere = any(
            child.dep_ == "ccomp" and child.i in heads and (child.i > head.i or not passive)
            for child in content
        )
        return complement_elsewhere and _words(part) <= FRAME_WORDS
    if _words(part) <= FRAME_WORDS:
        return True
    return all(child.i in heads for child in content)


def _closes_bracket(tokens: Sequence[Token]) -> bool:
    """The last token is a closing bracket whose opening bracket is among the tokens
    ("the Danish Dementia Study (DADS)"): it belongs to the part."""
    if not tokens or tokens[-1].text not in CLOSING_BRACKETS:
        return False
    return balanced(tokens)[-1].i == tokens[-1].i


def _trim(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[0].dep_ in _EDGE_DEPS or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and (
        (trailing_mark(tokens[-1]) and not _closes_bracket(tokens))
        or tokens[-1].dep_ in {"cc", "mark"}
    ):
        tokens = tokens[:-1]
    return tokens


def _words(tokens: Sequence[Token]) -> int:
    return sum(1 for token in tokens if not token.is_punct and not token.is_space)


def clause_parts(sentence: Span) -> list[list[Token]]:
    """The proposition parts of a sentence, in reading order (empty: no useful split)."""
    tokens = [token for token in sentence if not token.is_space]
    heads = [token for token in tokens if _is_head(token)]
    if len(heads) < 2:
        return []
    head_ids = {head.i for head in heads}
    parts: list[list[Token]] = []
    for head in heads:
        nested: set[int] = set()
        for token in head.subtree:
            if token.i != head.i and token.i in head_ids:
                nested.update(item.i for item in token.subtree)
        part = [
            t
            for t in head.subtree
            if t.i not in nested and not t.is_space and not _borders(t, nested)
        ]
        kept = {t.i for t in part}
        part = [t for t in part if t.i == head.i or not _dangling_cue(t, kept)]
        if head.dep_ == "relcl":
            part = [t for t in part if not (t.lower_ in _RELATIVE_WORDS and t.dep_ in SUBJECT_DEPS)]
            part = _relative_opening(sorted(part, key=lambda t: t.i))
            part = _owner_for_whose(head, part)
        pronoun_subject = _pronoun_subject(head)
        if not _subject(head) or (pronoun_subject and head.dep_ == "relcl"):
            borrowed = [
                t for t in _borrowed_subject(head, head_ids) if t.i not in {p.i for p in part}
            ]
            if not borrowed and not _subject(head):
                continue  # no subject to lend: "... and were taken" is no proposition
            part = borrowed + part
        elif pronoun_subject:
            continue  # "phones that it hopes [would slow ...]": the relative clause's inside
        part = _trim(sorted(part, key=lambda t: t.i))
        if _words(part) < MIN_WORDS:
            continue
        if _frames_report(head, part, head_ids):
            continue
        parts.append(part)
    return parts if len(parts) >= 2 else []
