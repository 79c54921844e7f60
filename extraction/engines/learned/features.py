"""Feature markers of a sentence unit: what the learned engine's classifier reads besides
the sentence's words (`xx...` tokens prepended to its text: position, length, the rules
engine's findings around it, quotes, the parse's entity types, tense, modality, subject
kind, negation, first person, a cut-off end) and whether a sentence only frames a report.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from extraction.engines.rules import lexicon
from extraction.engines.rules.accusations import find_accusations
from extraction.engines.rules.certainty import clause_hedged
from extraction.schema import Claim


def _position_marker(index: int) -> str:
    if index < 3:
        return f"xxpos{index}"
    if index < 6:
        return "xxpos3to5"
    if index < 11:
        return "xxpos6to10"
    return "xxposlate"


def _length_marker(n_tokens: int) -> str:
    if n_tokens < 8:
        return "xxlenshort"
    if n_tokens < 20:
        return "xxlenmid"
    if n_tokens < 32:
        return "xxlenlong"
    return "xxlenverylong"


#: Dependents of a speech verb that carry what was said.
CONTENT_DEPS = frozenset({"ccomp", "dobj", "xcomp", "parataxis", "attr", "oprd"})


def is_report_frame(sentence: Span) -> bool:
    """True when the sentence's main verb reports speech ("said", "stated") in the active
    voice and nothing said hangs on it in this sentence: the content is in a quote or
    sentence nearby; or when it makes an accusation the rules read ("The union blamed the
    board for the closures": the union's claim, not the publication's)."""
    root = sentence.root
    if root.lemma_.lower() in lexicon.ACCUSATION_CUES:
        return any(
            accusation.cue is not None and accusation.cue.i == root.i
            for accusation in find_accusations(sentence)
        )
    if root.lemma_.lower() not in lexicon.SPEECH_VERBS:
        return False
    if any(child.dep_ in {"nsubjpass", "auxpass"} for child in root.children):
        return False  # "Three new cases have been confirmed": the subject is what was said
    return not any(child.dep_ in CONTENT_DEPS for child in root.children)


def hedged(sentence: Span) -> bool:
    """True when the sentence's main predicate carries a hedge cue ("may", "likely") or
    its figure is an estimate ("an estimated 1,500 tonnes")."""
    try:
        return clause_hedged(sentence.root, sentence)
    except Exception:  # an odd parse: no hedge cue
        return False


def sentence_markers(
    index: int,
    sentence: Span,
    tokens: Sequence[Token],
    blocks_of: Sequence[int],
    per_sentence: Sequence[Sequence[Claim]],
    covered: set[int],
    quoted: float,
) -> list[str]:
    """Feature markers of one sentence (see the module docstring)."""
    markers = [_position_marker(index), _length_marker(len(tokens))]
    if index == 0 or blocks_of[index - 1] != blocks_of[index]:
        markers.append("xxparastart")
    claims = per_sentence[index]
    if claims:
        markers.append(f"xxrules{min(len(claims), 2)}")
        markers.extend(sorted({f"xxrt{claim.claimant_type.value}" for claim in claims}))
        markers.extend(sorted({f"xxrc{claim.certainty.value}" for claim in claims}))
        if any(claim.via for claim in claims):
            markers.append("xxrvia")
    elif index in covered:
        markers.append("xxcovered")
    if index > 0 and per_sentence[index - 1]:
        markers.append("xxprevrules")
    if index + 1 < len(per_sentence) and per_sentence[index + 1]:
        markers.append("xxnextrules")
    if quoted >= 0.8:
        markers.append("xxquoted")
    elif quoted > 0.2:
        markers.append("xxpartquote")
    markers.extend(_syntax_markers(sentence, tokens))
    stripped = sentence.text.rstrip().rstrip(" \"'”’)")
    if stripped.endswith("?"):
        markers.append("xxquestion")
    elif stripped.endswith(":"):
        markers.append("xxcolon")
    return markers


#: Entity labels worth a marker (what a sentence is about: people, bodies, places, figures).
_ENTITY_MARKERS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "MONEY", "PERCENT", "CARDINAL", "DATE", "TIME", "QUANTITY"}
)
_FIRST_PERSON = frozenset({"i", "we", "my", "our", "us", "me"})


def _syntax_markers(sentence: Span, tokens: Sequence[Token]) -> list[str]:
    """Markers of what the parse says about a sentence, beyond its words: the entity
    types it names, the tense and modality of its main verb, what kind of subject the
    main verb has, negation, first person and whether it is cut off (no final mark)."""
    markers = sorted(
        {f"xxent{ent.label_.lower()}" for ent in sentence.ents if ent.label_ in _ENTITY_MARKERS}
    )
    root = sentence.root
    if root.tag_ == "VBD" or root.tag_ == "VBN":
        markers.append("xxpast")
    elif root.tag_ in {"VBZ", "VBP"}:
        markers.append("xxpresent")
    children = list(root.children)
    if any(child.tag_ == "MD" for child in children):
        markers.append("xxmodal")
    subjects = [child for child in children if child.dep_ in {"nsubj", "nsubjpass", "expl"}]
    if subjects:
        subject = subjects[0]
        kind = {"PROPN": "name", "PRON": "pron", "NOUN": "noun"}.get(subject.pos_, "other")
        markers.append(f"xxsubj{kind}")
        if subject.dep_ == "nsubjpass":
            markers.append("xxpassive")
    else:
        markers.append("xxnosubj")
    if any(token.dep_ == "neg" for token in tokens):
        markers.append("xxneg")
    if any(token.lower_ in _FIRST_PERSON for token in tokens):
        markers.append("xxfirstperson")
    if tokens and not tokens[-1].is_punct:
        markers.append("xxcutoff")
    return markers
