"""The content of a speech verb: its clausal complement, the clause a referring object
("denied the reports that C") or a misattached "that" carries, or a quotation after it."""

from __future__ import annotations

from spacy.tokens import Token

from extraction.engines.rules import lexicon
from extraction.engines.rules.speech import (
    _CLAUSAL,
    _MARKS,
    _is_cue_verb,
    own_subject,
)


def _subtree(token: Token) -> list[Token]:
    return list(token.subtree)


def _quoted(tokens: list[Token]) -> bool:
    """True when a token run starts or ends with a quotation mark."""
    if not tokens:
        return False
    marks = {'"', "“", "”", "``", "''"}
    return tokens[0].text in marks or tokens[-1].text in marks


def _clean_content(tokens: list[Token], roots: list[Token], exclude: set[int]) -> list[Token]:
    """Content tokens without complementisers, the attribution and edge punctuation."""
    kept = [
        token
        for token in sorted(tokens, key=lambda item: item.i)
        if token.i not in exclude
        and not (token.dep_ == "mark" and token.head in roots and token.lower_ in _MARKS)
    ]
    while kept and (kept[0].is_punct or kept[0].is_space or kept[0].dep_ == "cc"):
        kept.pop(0)
    while kept and (trailing_mark(kept[-1]) or kept[-1].is_space or kept[-1].dep_ == "cc"):
        kept.pop()
    return kept


def trailing_mark(token: Token) -> bool:
    """Punctuation that can end a content span ("%" belongs to the figure before it)."""
    return token.is_punct and token.text != "%"


def _content_of_cue(cue: Token) -> tuple[list[Token], list[Token], Token | None]:
    """(content tokens, clause roots, referring object) of a speech verb."""
    ccomps = [child for child in cue.children if child.dep_ == "ccomp"]
    if ccomps:
        tokens = [token for root in ccomps for token in root.subtree]
        return tokens, ccomps, None
    for child in cue.children:
        if child.dep_ == "dobj" and child.lemma_.lower() in lexicon.REFERRING_OBJECTS:
            clause = _complement_clause(child)
            if clause is not None:
                return list(clause.subtree), [clause], None
            return [], [], child
    stance_verb = cue.lemma_.lower() in lexicon.DENIAL_CUES | lexicon.CONFIRM_VERBS
    for child in cue.children:
        if stance_verb and child.dep_ == "dobj" and _definite_noun(child):
            clause = _complement_clause(child)
            if clause is not None:
                return list(clause.subtree), [clause], None
            if _states_its_figure(child):
                return [], [], None  # "disputed the figure of 300 job losses": not an earlier claim
            return [], [], child
    finding = cue.lemma_.lower() in lexicon.FINDING_VERBS
    for child in cue.children:
        if child.dep_ in {"dobj", "attr", "parataxis", "dep", "xcomp"}:
            subtree = _subtree(child)
            has_verb = any(token.pos_ in _CLAUSAL for token in subtree)
            framed = _quoted(subtree) or child.dep_ == "parataxis" or finding
            if has_verb and len(subtree) >= 4 and framed:
                return subtree, [child], None
    figure_object = _figure_object(cue)
    if figure_object:
        return figure_object, [cue], None
    quoted = _quote_after_cue(cue)
    if quoted:
        roots = [token for token in quoted if token.head.i not in {t.i for t in quoted}]
        return quoted, roots[:1], None
    that_clause = _misattached_that_clause(cue)
    if that_clause is not None:
        tokens = list(that_clause.subtree)
        return tokens, [that_clause], None
    head = cue.head
    as_clause = any(child.dep_ == "mark" and child.lower_ == "as" for child in cue.children)
    if head.i == cue.i or head.pos_ not in _CLAUSAL or (_is_cue_verb(head) and not as_clause):
        return [], [], None
    if cue.dep_ in {"parataxis", "conj", "ccomp"} or (cue.dep_ == "advcl" and as_clause):
        if own_subject(cue) is None:
            return [], [], None
        own = {token.i for token in cue.subtree}
        tokens = [token for token in head.subtree if token.i not in own]
        return tokens, [head], None
    return [], [], None


#: Dependents of a figure-object cue that make up its content ("expected [growth] [of 2%]
#: [in the quarter]").
_OBJECT_PHRASES = frozenset({"dobj", "prep", "dative", "oprd", "npadvmod"})


def _figure_object(cue: Token) -> list[Token]:
    """The content of a verb that reports a figure as its object ("analysts expect growth of
    2% this year", "the ministry reported 40 new cases", "officials put the toll at 35"):
    the object and the phrases beside it, when they hold a figure and the verb is a main
    verb (not a relative clause: "a market that analysts predict growing to $14 billion")."""
    if cue.lemma_.lower() not in lexicon.FIGURE_OBJECT_CUES or cue.dep_ not in {"ROOT", "conj"}:
        return []
    if not any(child.dep_ == "dobj" for child in cue.children):
        return []
    tokens = [
        token
        for child in cue.children
        if child.dep_ in _OBJECT_PHRASES and child.i > cue.i
        for token in child.subtree
    ]
    if not any(token.like_num for token in tokens):
        return []
    return sorted(tokens, key=lambda token: token.i)


#: Tags of a figure-setting cue in the present ("estimates put the age at ...").
_PRESENT_TAGS = frozenset({"VBZ", "VBP"})


def figure_setting_statement(cue: Token, content: list[Token]) -> str | None:
    """The statement of a verb that sets a figure with a preposition (`PREPOSITION_CUES`:
    "officials put the toll at 35" -> "The toll stood at 35."; "the ministry puts the cost
    at $2 million" -> "The cost stands at $2 million."): the object, then the figure after
    "stood at" / "stands at" (the cue's tense), then the phrases beside them. None when
    the cue has no object or no such preposition in its content, and for an object opened
    by a pronoun ("put its cost at"), which the content's own path resolves."""
    preps = lexicon.PREPOSITION_CUES.get(cue.lemma_.lower())
    kept = {token.i for token in content}
    objects = [c for c in cue.children if c.dep_ == "dobj" and c.i in kept]
    setting = [c for c in cue.children if c.dep_ == "prep" and preps and c.lower_ in preps]
    if not preps or not objects or not setting or setting[0].i not in kept:
        return None
    if objects[0].left_edge.tag_ in {"PRP", "PRP$"}:
        return None  # "put its cost at": the content's own path names whose
    used = {t.i for t in objects[0].subtree} | {t.i for t in setting[0].subtree}
    verb = "stands" if cue.tag_ in _PRESENT_TAGS else "stood"
    figure = [t for t in setting[0].subtree if t.i != setting[0].i]
    rest = [t for t in content if t.i not in used]
    if any(token.like_num for token in rest):
        return None  # a second figure beside them ("put X on 17% and Y at 23%")
    segments = [list(objects[0].subtree), figure, rest]
    texts = ["".join(t.text_with_ws for t in segment).strip() for segment in segments]
    return " ".join([texts[0], verb, setting[0].lower_, *[text for text in texts[1:] if text]])


def _states_its_figure(noun: Token) -> bool:
    """True for a definite noun that gives its own figure ("the figure of 300 job losses",
    "the toll of 35"): it names what it is about, so it does not refer back."""
    return any(
        child.dep_ == "prep"
        and child.lower_ == "of"
        and any(token.like_num for token in child.subtree)
        for child in noun.children
    )


def _definite_noun(token: Token) -> bool:
    """A common noun with a definite or demonstrative determiner ("the closures", "that
    suggestion"): what a stance verb's object refers back to."""
    return token.pos_ == "NOUN" and any(
        child.dep_ == "det" and child.lower_ in _DEFINITE for child in token.children
    )


_DEFINITE = lexicon.DEFINITE_DETERMINERS


def _complement_clause(noun: Token) -> Token | None:
    """The "that"-clause giving a referring noun's content ("denied reports (on social
    media) that C"): a clause on the noun, or on a noun of its prepositional phrase, whose
    "that" is a complementiser, not a relative pronoun."""
    for token in noun.subtree:
        if token.lower_ != "that" or token.dep_ != "mark":
            continue
        clause = token.head
        if clause.dep_ in {"relcl", "acl"} and _object_path(clause.head, noun):
            return clause
    return None


def _misattached_that_clause(cue: Token) -> Token | None:
    """A "that"-clause the parser hung on a noun of the attribution ("reported on the basis
    of an officer that C", "told the Kyiv Independent that C", "said in a statement that C")
    instead of on the cue."""
    for token in cue.subtree:
        if token.lower_ != "that" or token.dep_ not in {"mark", "advmod"}:
            continue
        clause = token.head
        if clause.i == cue.i or clause.dep_ not in {"relcl", "acl", "advcl"}:
            continue
        noun = clause.head
        if noun.pos_ not in {"NOUN", "PROPN"} or any(item.i == cue.i for item in clause.subtree):
            continue
        medium = noun.dep_ == "pobj" and noun.head.head.i == cue.i  # "said in a statement"
        if noun.lemma_.lower() in lexicon.CUE_NOUNS | lexicon.REFERRING_OBJECTS and not medium:
            continue
        if _object_path(noun, cue):
            return clause
    return None


def _object_path(noun: Token, cue: Token) -> bool:
    """True when `noun` hangs on `cue` through objects and prepositions only."""
    current = noun
    for _ in range(6):
        if current.i == cue.i:
            return True
        if current.dep_ not in {"dobj", "dative", "pobj", "prep", "iobj"}:
            return False
        current = current.head
    return False


def _quote_after_cue(cue: Token) -> list[Token]:
    """Surface fallback for 'X said, "QUOTE"' when the parser did not attach the quote:
    the quoted tokens after the cue, up to the closing mark or the sentence end."""
    doc = cue.doc
    index = cue.i + 1
    while index < len(doc) and doc[index].text in {",", ":"}:
        index += 1
    if index >= len(doc) or doc[index].text not in _OPENING_QUOTES:
        return []
    end = cue.sent.end
    tokens: list[Token] = []
    for token in doc[index + 1 : end]:
        if token.text in _CLOSING_QUOTES or token.text == "”":
            break
        tokens.append(token)
    words = [token for token in tokens if not token.is_punct]
    has_verb = any(token.pos_ in _CLAUSAL for token in words)
    return tokens if len(words) >= 3 and has_verb else []


_CLOSING_QUOTES = frozenset({'"', "”", "''"})


_OPENING_QUOTES = frozenset({'"', "“", "``", "''"})
