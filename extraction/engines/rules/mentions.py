"""Source mentions: from the head of a source noun phrase to its name, description
and features (person, plural, pronoun, anonymous), before resolution.

A person is named by the name alone ("military intelligence head Kyrylo Budanov" ->
"Kyrylo Budanov"); a body or an unnamed source by its noun phrase without relative
clauses, appositions and parentheses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from extraction.engines.rules import lexicon
from extraction.engines.rules.names import (
    _SPACES,
    _clean_name,
)
from extraction.engines.rules.sources import source_like
from extraction.engines.rules.statements import span_text
from extraction.schema import ClaimantType

_LEFT_KEEP = frozenset(
    {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "predet", "npadvmod"}
)


_LOCATIVE_PREPS = lexicon.LOCATIVE_PREPOSITIONS


_ORGISH_HEADS = lexicon.ORGANISATION_HEADS


@dataclass
class SourceMention:
    """A source noun phrase as written, before resolution against the article."""

    name: str
    description: str
    head: Token
    is_person: bool = False
    is_plural: bool = False
    pronoun: str | None = None
    generic_head: str | None = None  # "official" in "the official" (no name)
    anonymous: bool = False
    named_entity: str = ""  # spaCy label of the head ("GPE", "ORG", ...)


@dataclass
class Resolved:
    """A resolved claimant: its name (None for the reporting publication) and type."""

    name: str | None
    type: ClaimantType
    is_person: bool = False
    is_plural: bool = False


def _text(doc: Doc, tokens: Iterable[Token]) -> str:
    """Text of tokens from the first to the last, as written (whitespace folded)."""
    return _SPACES.sub(" ", span_text(tokens)).strip()


def _subtree_without(token: Token, cut: frozenset[str]) -> set[Token]:
    """`token`'s subtree without the subtrees of children whose dependency is in `cut`."""
    kept: set[Token] = {token}
    for child in token.children:
        if child.dep_ in cut:
            continue
        kept |= _subtree_without(child, cut)
    return kept


_CUT = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "parataxis"})


def _np_tokens(head: Token, generic: bool) -> set[Token]:
    """The core noun phrase of `head`: left modifiers and "of"-phrases (and locative
    phrases for generic heads: "sources in HUR"), without clauses and appositions."""
    kept: set[Token] = {head}
    for child in head.lefts:
        if child.dep_ in _LEFT_KEEP or (child.dep_ == "punct" and child.text in {"-", "–"}):
            kept |= _subtree_without(child, _CUT)
    for child in head.rights:
        if child.dep_ == "case":
            if head.dep_ != "poss":  # a possessor's "'s" belongs to what it owns
                kept.add(child)
        elif (
            (
                child.dep_ == "prep"
                and (child.lower_ == "of" or (generic and child.lower_ in _LOCATIVE_PREPS))
            )
            or _name_continues(head, child)
            or child.dep_ in {"compound", "flat", "nummod"}
            or (
                child.dep_ == "amod"
                and child.lower_ in lexicon.SOURCE_POSTMODIFIERS
                and head.lemma_.lower() in lexicon.BARE_SOURCE_HEADS
            )
        ):
            kept |= _subtree_without(child, _CUT)
        elif child.dep_ == "acl" and child.lemma_.lower() in lexicon.POLL_PARTICIPLES:
            kept |= _poll_phrase(child)
    # keep the phrase contiguous: stop at the first gap after the head
    ordered = sorted(kept, key=lambda token: token.i)
    contiguous = [token for token in ordered if token.i <= head.i]
    for token in ordered:
        if token.i > head.i and token.i == contiguous[-1].i + 1:
            contiguous.append(token)
    return set(contiguous)


def _poll_phrase(participle: Token) -> set[Token]:
    """ "polled by Reuters" of "economists polled by Reuters": the participle and its
    by-agent (not the time or place phrases after it); nothing without an agent."""
    agents = [child for child in participle.children if child.dep_ == "agent"]
    if not agents:
        return set()
    return {participle} | _subtree_without(agents[0], _CUT)


def _name_continues(head: Token, child: Token) -> bool:
    """True for the "for"-phrase of a body's proper name ("Office for National
    Statistics", "Centers for Disease Control"): a capitalised object after a name."""
    if head.pos_ != "PROPN" or child.dep_ != "prep" or child.lower_ != "for":
        return False
    objects = [grandchild for grandchild in child.children if grandchild.dep_ == "pobj"]
    return bool(objects) and objects[0].pos_ == "PROPN" and objects[0].text[:1].isupper()


def person_run(head: Token) -> list[Token]:
    """The name tokens ending at `head`: proper nouns left of it, stopping at titles."""
    if head.pos_ != "PROPN":
        return []
    doc = head.doc
    run = [head]
    index = head.i - 1
    while index >= 0:
        token = doc[index]
        if token.text in {"-", "–"} and index > 0 and doc[index - 1].pos_ == "PROPN":
            run.insert(0, token)
            index -= 1
            continue
        if token.pos_ != "PROPN" or token.lower_ in lexicon.TITLE_WORDS:
            break
        if (token.lower_,) in lexicon.BASIS_PHRASES:  # "Quoting Jane Doe, ..." tagged PROPN
            break
        if token.ent_type_ in {"GPE", "NORP"} and head.ent_type_ != token.ent_type_:
            break
        if token.whitespace_ == "" and token.text.endswith("'s"):
            break
        run.insert(0, token)
        index -= 1
    # a trailing "-won" token belongs to the name as well
    return run


def _looks_like_person(head: Token, run: list[Token], known_surnames: set[str]) -> bool:
    """Heuristic: the run of proper nouns ending at `head` names a person."""
    if not run:
        return False
    words = {token.lower_ for token in run}
    if words & _ORGISH_HEADS or words & lexicon.MEDIA_WORDS or words & lexicon.INTELLIGENCE_WORDS:
        return False
    if head.lower_ in lexicon.MEDIA_NAME_ENDINGS:
        return False
    if any(token.ent_type_ == "PERSON" for token in run):
        return True
    if head.ent_type_ in {"GPE", "NORP", "LOC", "FAC"}:
        return False
    if head.lower_ in known_surnames:
        return True
    before = head.doc[run[0].i - 1] if run[0].i > 0 else None
    titled = before is not None and before.lower_ in lexicon.TITLE_WORDS
    proper = [token for token in run if token.pos_ == "PROPN"]
    return titled and 2 <= len(proper) <= 4


def _named_by_title(head: Token, appos: Token, run: list[Token]) -> bool:
    """A proper name in apposition to a person's title names a person whatever the entity
    tagger says ("The regional health director, Ana Quispe, said" with "Ana Quispe" tagged
    as an organisation)."""
    if head.pos_ != "NOUN" or head.lemma_.lower() not in lexicon.PERSON_TITLES:
        return False
    words = {token.lower_ for token in run}
    if words & _ORGISH_HEADS or words & lexicon.MEDIA_WORDS:
        return False
    proper = [token for token in run if token.pos_ == "PROPN"]
    return 2 <= len(proper) <= 4 and appos.ent_type_ not in {"GPE", "NORP", "LOC", "FAC"}


def _is_plural(head: Token) -> bool:
    """True for plural heads and coordinated sources."""
    return head.tag_ in {"NNS", "NNPS"} or any(child.dep_ == "conj" for child in head.children)


def _appositive(head: Token) -> Token | None:
    """The apposition of the source phrase, if any ("Park Sun-won, a member of ...",
    "The head of Ukraine's intelligence, Kyrylo Budanov"), searched in its "of"-phrases
    too, where the parser often attaches it."""
    for child in head.children:
        if child.dep_ == "appos":
            return child
    for token in head.subtree:
        in_of_phrase = (
            token.head.dep_ == "pobj"
            and token.head.head.lower_ == "of"
            and token.head.head.head.i == head.i
        )
        if token.dep_ == "appos" and token.head.i != head.i and in_of_phrase:
            return token
    return None


def _surface_appositive(core: set[Token]) -> Token | None:
    """A name set off by commas right after the phrase ("HUR's chief, Kyrylo Budanov.")
    that the parser attached elsewhere: the name's last token."""
    if not core:
        return None
    last = max(core, key=lambda token: token.i)
    doc = last.doc
    index = last.i + 1
    if index >= len(doc) - 1 or doc[index].text != ",":
        return None
    end = index + 1
    while end < len(doc) and (doc[end].pos_ == "PROPN" or doc[end].text in {"-", "–"}):
        end += 1
    name = doc[index + 1 : end]
    closed = end >= len(doc) or doc[end].is_punct or doc[end].is_space
    if len(name) >= 2 and closed and any(token.ent_type_ == "PERSON" for token in name):
        return doc[end - 1]
    return None


def describe(head: Token, known_surnames: set[str] | None = None) -> SourceMention:
    """The source noun phrase headed by `head`: name, description and features."""
    known = known_surnames or set()
    doc = head.doc
    if head.lower_ in lexicon.PRONOUNS:
        return SourceMention(
            name=head.text,
            description=head.text,
            head=head,
            pronoun=head.lower_,
            is_plural=head.lower_ in {"they", "we"},
            is_person=lexicon.PRONOUNS[head.lower_] == "person",
        )
    lemma = head.lemma_.lower()
    generic = head.pos_ == "NOUN" and (
        lemma in lexicon.ANONYMOUS_HEADS
        or lemma in lexicon.EXPERT_WORDS
        or (lemma in lexicon.ANONYMOUS_PLURAL_HEADS and head.tag_ == "NNS")
    )
    core = _np_tokens(head, generic)
    appos = _appositive(head) or _surface_appositive(core)
    description_tokens = set(core)
    if appos is not None:
        description_tokens |= _subtree_without(appos, frozenset({"relcl", "acl"}))
    description = _clean_name(_text(doc, description_tokens))
    run = person_run(head)
    if _looks_like_person(head, run, known):
        name = _clean_name(_text(doc, run))
        return SourceMention(
            name=name, description=description, head=head, is_person=True, named_entity="PERSON"
        )
    if appos is not None:
        appos_run = person_run(appos)
        if (
            _looks_like_person(appos, appos_run, known)
            or appos.ent_type_ == "PERSON"
            or _named_by_title(head, appos, appos_run)
        ):
            return SourceMention(
                name=_clean_name(_text(doc, appos_run or [appos])),
                description=description,
                head=appos,
                is_person=True,
                named_entity="PERSON",
            )
    named_appos = _named_appositive(head, appos)
    if named_appos is not None:
        return SourceMention(
            name=_clean_name(_text(doc, named_appos)),
            description=description,
            head=appos or head,
            named_entity=(appos or head).ent_type_,
        )
    name = _clean_name(_text(doc, _proper_part(core, head)))
    determiners = {child.lower_ for child in head.lefts if child.dep_ in {"det", "nummod"}}
    has_possessive = any(child.dep_ == "poss" for child in head.lefts)
    proper = head.pos_ == "PROPN"
    organisational = (
        any(token.ent_type_ in {"ORG", "GPE"} and token.i < head.i for token in core)
        or has_possessive
    )
    anonymous = (
        generic
        and lemma not in lexicon.EXPERT_WORDS
        and not proper
        and (
            bool(determiners & lexicon.INDEFINITE_DETERMINERS)
            or any(token.lower_ in lexicon.ANONYMITY_WORDS for token in core)
            or head.tag_ == "NNS"
            or not organisational
        )
    )
    titled = head.pos_ == "NOUN" and lemma in lexicon.PERSON_TITLES
    definite_generic = (
        lemma
        if (generic or titled) and "the" in determiners and not has_possessive and not proper
        else None
    )
    return SourceMention(
        name=name,
        description=description,
        head=head,
        is_plural=_is_plural(head),
        generic_head=definite_generic,
        anonymous=anonymous,
        named_entity=head.ent_type_,
    )


def _proper_part(core: set[Token], head: Token) -> list[Token]:
    """A body's name without the common words before it ("public broadcaster RTV" ->
    "RTV", "the official Lantern News Agency" -> "Lantern News Agency")."""
    ordered = sorted(core, key=lambda token: token.i)
    if head.pos_ != "PROPN":
        return ordered
    first = next((i for i, token in enumerate(ordered) if token.pos_ == "PROPN"), 0)
    prefix = ordered[:first]
    if not any(token.pos_ in {"NOUN", "ADJ"} for token in prefix) or any(
        token.dep_ == "poss" or token.pos_ == "PROPN" for token in prefix
    ):
        return ordered
    return ordered[first:]


def _named_appositive(head: Token, appos: Token | None) -> list[Token] | None:
    """The name in apposition to a common noun of a body ("the news website Harbour Post",
    "news site harbour.example"): its tokens, or None."""
    if appos is None or head.pos_ != "NOUN" or appos.i < head.i:
        return None
    if head.lemma_.lower() not in lexicon.MEDIA_NOUNS | lexicon.ORGANISATION_NOUNS:
        return None
    tokens = [t for t in appos.subtree if t.dep_ in {"compound", "flat"} or t.i == appos.i]
    looks_named = appos.pos_ == "PROPN" or "." in appos.text or appos.text[:1].isupper()
    return sorted(tokens, key=lambda token: token.i) if looks_named else None


def _ampersand_name(head: Token) -> bool:
    """True when the source's coordination is an ampersand inside a firm's name."""
    return any(child.dep_ == "cc" and child.text == "&" for child in head.children)


def _another_source(conjunct: Token) -> bool:
    """A conjunct of a source that is a source of its own: a name, or a noun that can
    speak ("the ministry and the army said")."""
    return conjunct.pos_ == "PROPN" or (conjunct.pos_ == "NOUN" and source_like(conjunct))


def _speaking_conjuncts(head: Token) -> list[Token]:
    """The conjuncts that can speak when the parse coordinated a source with something
    that cannot ("has milder side effects and analysts say ..." makes "effects and
    analysts" the subject of "say"): empty when the head itself can speak."""
    if source_like(head):
        return []
    conjuncts = [child for child in head.children if child.dep_ == "conj"]
    return [child for child in conjuncts if source_like(child)]


def source_mentions(head: Token, known_surnames: set[str] | None = None) -> list[SourceMention]:
    """One mention per coordinated proper source ("Ukraine and South Korea" -> two); a
    coordinated noun that cannot speak is no source ("side effects and analysts say")."""
    if _ampersand_name(head):  # "Karen Clark & Co.", "Johnson & Johnson": one name
        return [describe(head, known_surnames)]
    speaking = _speaking_conjuncts(head)
    if speaking:
        return [describe(child, known_surnames) for child in speaking]
    mentions = [describe(head, known_surnames)]
    for child in head.children:
        if child.dep_ == "conj" and _another_source(child):
            mentions.append(describe(child, known_surnames))
            mentions.extend(
                describe(grand, known_surnames)
                for grand in child.children
                if grand.dep_ == "conj" and _another_source(grand)
            )
    if len(mentions) > 1:
        for mention in mentions:
            mention.is_plural = mention.head.tag_ in {"NNS", "NNPS"}
    return mentions
