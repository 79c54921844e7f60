"""Attributions and their cues: the `Attribution` record, which verbs report speech,
a stated position or a finding, and who the speaker of a cue is."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from extraction.engines.rules import lexicon

_RELATIVES = lexicon.RELATIVE_PRONOUNS


_FINITE = frozenset({"VBD", "VBZ", "VBP"})


_MARKS = lexicon.COMPLEMENTIZERS


_CLAUSAL = frozenset({"VERB", "AUX"})


_SOURCE_LIKE = (
    lexicon.ANONYMOUS_HEADS
    | lexicon.EXPERT_WORDS
    | lexicon.INTELLIGENCE_WORDS
    | lexicon.GOVERNMENT_WORDS
    | lexicon.MILITARY_WORDS
    | lexicon.MEDIA_WORDS
    | (lexicon.TITLE_WORDS - {"the", "state", "former", "senior", "acting"})
    | frozenset({"service", "authority", "authorities", "police", "company", "spokesperson"})
)


@dataclass
class Attribution:
    """One attribution found in a sentence; tokens index the sentence's doc."""

    kind: str  # verb | according | noun | quote | colon | accusation
    sentence: Span
    cue: Token | None
    source: Token | None
    content: list[Token] = field(default_factory=list)
    roots: list[Token] = field(default_factory=list)
    via: Token | None = None
    via_is_relay: bool = False
    stance_cue: Token | None = None
    date_tokens: list[Token] = field(default_factory=list)
    refers_back: Token | None = None
    opinion: bool = False
    #: The statement, where the content's words do not make it themselves (an
    #: accusation: "accused Y of stealing" -> "Y stole.").
    statement: str | None = None

    @property
    def content_ids(self) -> set[int]:
        """Doc indices of the content tokens."""
        return {token.i for token in self.content}


def _is_cue_verb(token: Token) -> bool:
    """True for a verb that can report speech, a stated position or a finding."""
    if token.pos_ != "VERB":
        return False
    lemma = token.lemma_.lower()
    if lemma in lexicon.PARTICLE_CUES:
        particles = lexicon.PARTICLE_CUES[lemma]
        if not any(child.dep_ == "prt" and child.lower_ in particles for child in token.children):
            return False
    if lemma in lexicon.PREPOSITION_CUES:
        preps = lexicon.PREPOSITION_CUES[lemma]
        return any(child.dep_ == "prep" and child.lower_ in preps for child in token.children)
    return (
        lemma in lexicon.SPEECH_VERBS
        or lemma in lexicon.FINDING_VERBS
        or lemma in lexicon.OPINION_VERBS
    )


def own_subject(token: Token) -> Token | None:
    """The nominal subject of `token` (the nearest one when the parser gives several),
    a relative pronoun replaced by its antecedent."""
    subjects = [child for child in token.children if child.dep_ == "nsubj"]
    if not subjects:
        return None
    child = min(subjects, key=lambda item: abs(item.i - token.i))
    if child.lower_ in _RELATIVES and token.dep_ == "relcl":
        return token.head
    return child


def find_subject(token: Token, depth: int = 0) -> Token | None:
    """The speaker of a cue: its own subject, or (for participles, conjuncts and
    "went on to say") the subject of the verb it hangs on."""
    subject = own_subject(token)
    if subject is not None or depth > 2:
        return subject
    if token.dep_ in {"conj", "advcl", "xcomp"} and token.head.i != token.i:
        if token.dep_ == "advcl" and token.tag_ not in {"VBG", "VB"}:
            return None
        if token.head.pos_ in _CLAUSAL:
            return find_subject(token.head, depth + 1)
        if token.head.pos_ == "ADJ" and token.head.dep_ == "acomp":
            return find_subject(token.head.head, depth + 1)  # "has not been able to verify"
    return None


def finding_reports_claim(subject: Token, cue: Token) -> bool:
    """A finding verb reports a claim when a document finds ("a poll shows") or when
    researchers find that something is so ("the researchers found that ...")."""
    lemma = subject.lemma_.lower()
    if lemma in lexicon.EVIDENCE_SOURCE_NOUNS:
        return True
    clause = any(child.dep_ == "ccomp" for child in cue.children)
    return clause and (lemma in lexicon.EXPERT_WORDS or subject.lower_ in lexicon.EXPERT_WORDS)
