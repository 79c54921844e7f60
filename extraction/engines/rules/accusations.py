"""Accusations: "X accused Y of doing Z" and "X blamed Y for Z" are X's claims about Y
(and "X attributed A to B" X's claim about a cause).

CLAIMS.md makes a claim of what a source states as fact; an accusation states it of the
accused: "The ministry accused Norland of providing false figures to the inspectors" is
the ministry's claim "Norland provided false figures to the inspectors.", and "The
opposition blamed the government for the killings" (or "blamed the killings on the
government") the opposition's claim "The government was responsible for the killings.".
The cues and their prepositions are `ACCUSATION_CUES` in data/cues.toml.

How the statement is made:

* "accuse Y of" + a gerund: Y, the gerund in the past tense (`past_tense`, irregular forms
  in `IRREGULAR_PAST`), and the rest of its phrase ("of having lied" -> "had lied",
  "of being a spy" -> "was a spy");
* "accuse Y of" + a noun phrase: "Y was guilty of" + the phrase;
* "blame Y for Z" / "blame Z on Y": "Y was responsible for Z";
* "attribute A to B": "A was due to B".

An object pronoun becomes a subject ("accused him of lying" -> "He lied."). A negated
cue ("did not blame"), a passive one ("was accused of") and one without a subject or an
object give no claim.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from extraction.engines.rules import lexicon
from extraction.engines.rules.certainty import is_negated
from extraction.engines.rules.speech import Attribution, own_subject
from extraction.engines.rules.statements import clean_statement, runs, span_text

_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
#: What the accused's name leaves out ("the new dam, which opened in May").
_CLAUSES_ON_NAME = frozenset({"relcl", "appos", "acl"})
_VOWELS = frozenset("aeiou")


def _words(tokens: Iterable[Token]) -> str:
    """The tokens' text as written, runs of adjacent tokens joined by a space."""
    return " ".join(span_text(run) for run in runs(tokens))


def past_tense(gerund: Token, plural: bool = False) -> str:
    """The simple past of a gerund's verb: irregular forms from `IRREGULAR_PAST` ("be" is
    "were" for a plural subject), else the regular "-ed" spelling ("providing" ->
    "provided", "planning" -> "planned", "copying" -> "copied")."""
    lemma = gerund.lemma_.lower()
    if lemma == "be" and plural:
        return "were"
    if lemma in lexicon.IRREGULAR_PAST:
        return lexicon.IRREGULAR_PAST[lemma]
    word = gerund.lower_
    stem = word[:-3] if word.endswith("ing") else lemma
    if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS | {"l", "s"}:
        return stem + "ed"
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        return lemma[:-1] + "ied"
    return lemma + "ed"


def _preposition(cue: Token, word: str) -> Token | None:
    return next(
        (child for child in cue.children if child.dep_ == "prep" and child.lower_ == word), None
    )


def _object_of(preposition: Token) -> Token | None:
    return next((child for child in preposition.children if child.dep_ in {"pobj", "pcomp"}), None)


def _named(target: Token, without: Token | None = None) -> tuple[str, bool]:
    """The accused as a subject: its words (an object pronoun in its subject form; without
    the `without` phrase the parser hung on it), and whether it is plural."""
    cut = {token.i for token in without.subtree} if without is not None else set()
    for child in target.children:
        if child.dep_ in _CLAUSES_ON_NAME:
            cut |= {token.i for token in child.subtree}
    kept = [token for token in target.subtree if token.i not in cut]
    while kept and kept[-1].is_punct:
        kept.pop()
    words = _words(kept)
    pronoun = lexicon.SUBJECT_FORMS.get(target.lower_)
    if pronoun is not None and len(list(target.subtree)) == 1:
        return pronoun, pronoun in {"they", "we"}
    plural = target.tag_ in _PLURAL_TAGS or any(child.dep_ == "conj" for child in target.children)
    return words, plural


def _is_gerund(token: Token) -> bool:
    """A gerund, also where the tagger took it for a noun ("of [hiding] losses")."""
    if token.tag_ == "VBG":
        return True
    return token.lower_.endswith("ing") and any(
        child.dep_ in {"dobj", "prt"} for child in token.children
    )


def _was(plural: bool) -> str:
    return "were" if plural else "was"


def _accuser(cue: Token) -> Token | None:
    """The subject of the accusation, as a speaker's (`speech.own_subject`: the nearest
    subject; for a relative clause, "the union, which blamed ...", the noun it describes);
    None for a relative pronoun left without one."""
    subject = own_subject(cue)
    if subject is None or subject.lower_ in lexicon.RELATIVE_PRONOUNS:
        return None
    return subject


def _gerund_predicate(gerund: Token, plural: bool) -> str:
    """ "providing false figures to X" -> "provided false figures to X"; "having lied" ->
    "had lied"."""
    rest = [token for token in gerund.subtree if token.i > gerund.i]
    before = [token for token in gerund.subtree if token.i < gerund.i and token.dep_ == "neg"]
    verb = past_tense(gerund, plural)
    if before:
        verb = f"did not {gerund.lemma_.lower()}"
    return " ".join(piece for piece in (verb, _words(rest)) if piece)


def _statement(cue: Token) -> tuple[str, list[Token]] | None:
    lemma = cue.lemma_.lower()
    word = lexicon.ACCUSATION_CUES[lemma]
    target = next((child for child in cue.children if child.dep_ == "dobj"), None)
    if target is None:
        return None
    preposition = _preposition(cue, word)
    on = _preposition(cue, "on") if lemma == "blame" else None
    if preposition is None and on is not None:
        accused = _object_of(on)
        if accused is None:
            return None
        what, target = target, accused
        name, plural = _named(target)
        deed = _words(what.subtree)
        tokens = sorted([*target.subtree, *what.subtree], key=lambda token: token.i)
        return clean_statement(f"{name} {_was(plural)} responsible for {deed}"), tokens
    on_target = None
    if preposition is None:
        # "accused [the mayor of corruption]": the phrase hung on the accused
        preposition = on_target = _preposition(target, word)
    if preposition is None:
        return None
    deed_head = _object_of(preposition)
    if deed_head is None:
        return None
    name, plural = _named(target, on_target)
    deed_tokens = sorted(deed_head.subtree, key=lambda token: token.i)
    tokens = sorted({*target.subtree, *deed_tokens}, key=lambda token: token.i)
    if lemma == "attribute":
        return clean_statement(f"{name} {_was(plural)} due to {_words(deed_tokens)}"), tokens
    if lemma == "blame":
        return clean_statement(
            f"{name} {_was(plural)} responsible for {_words(deed_tokens)}"
        ), tokens
    if _is_gerund(deed_head):
        return clean_statement(f"{name} {_gerund_predicate(deed_head, plural)}"), tokens
    return clean_statement(f"{name} {_was(plural)} guilty of {_words(deed_tokens)}"), tokens


def find_accusations(sentence: Span) -> list[Attribution]:
    """The accusations of a sentence: attributions of kind "accusation" (cue, accuser as
    source, the accused and the deed as content) that carry their statement."""
    found: list[Attribution] = []
    for cue in sentence:
        if cue.pos_ != "VERB" or cue.lemma_.lower() not in lexicon.ACCUSATION_CUES:
            continue
        if is_negated(cue) or any(child.dep_ in {"nsubjpass", "auxpass"} for child in cue.children):
            continue
        subject = _accuser(cue)
        if subject is None:
            continue
        made = _statement(cue)
        if made is None:
            continue
        statement, tokens = made
        found.append(
            Attribution(
                kind="accusation",
                sentence=sentence,
                cue=cue,
                source=subject,
                content=tokens,
                roots=[cue],
                stance_cue=cue,
                date_tokens=[child for child in cue.children if child.dep_ == "npadvmod"],
                statement=statement,
            )
        )
    return found
