"""Turn content tokens into a self-contained statement, split conjoined propositions and
decide whether a sentence is check-worthy.

A statement is the content clause as written (taken by character offsets, so it keeps the
article's spelling), without quotation marks, a wire dateline ("HARWICK - "), the
complementiser ("that", "whether"),
leading conjunctions or hedging frames ("it appears that"), capitalised and ending with a
period. Leading "he"/"she"/"they" that stand for the claimant are replaced by its name, and
"it"/"its" where the claimant is a body ("The bank said its profit rose" -> "The bank's
profit rose."), unless "it" only holds a place for a clause ("it is too early to say").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from extraction.engines.rules import lexicon
from extraction.engines.rules.certainty import predicate_hedged
from extraction.engines.rules.datelines import strip_dateline

_QUOTES = re.compile(r"''|``|[\"“”„«»]|(?<![A-Za-z])['‘’](?=\s|$)|(?<=\s)['‘’](?=[A-Za-z])|^['‘’]")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?%])")
_SPACES = re.compile(r"\s+")
#: A comma doubled where a clause between two commas was left out ("Brand, , predicts").
_DOUBLED_COMMA = re.compile(r",(\s*,)+")
_LEADING = re.compile(
    r"^(?:(?:and|but|so|yet|also|then|however|meanwhile|still|that|whether)\b[,]?\s+)+",
    re.IGNORECASE,
)
_FRAMES = re.compile(
    r"^it\s+(?:now\s+)?(?:appears|seems|is\s+likely|is\s+possible|is\s+probable|"
    r"is\s+believed|is\s+expected|is\s+clear|is\s+true)\s+(?:that\s+)?",
    re.IGNORECASE,
)
_PRONOUN_START = re.compile(r"^(he|she|they)\b\s+", re.IGNORECASE)
_BODY_START = re.compile(r"^(it|its)\b\s+", re.IGNORECASE)
#: "It" holding the place of a clause or an infinitive that follows ("It is too early to
#: say", "It would not be correct to connect them", "It remains unclear whether ..."):
#: a linking or taking verb, at most four words, then what opens the clause.
_PLACEHOLDER_IT = re.compile(
    r"^it\s+(?:is|was|'s|’s|would|will|could|can|may|might|should|has|had|remains|remained|"
    r"seems|seemed|appears|appeared|takes|took|looks|looked|makes|made)\b"
    r"(?:\s+[\w’'-]+){0,4}?\s+(?:to|that|whether|if|how|what|when|where|why|who|for|as)\b",
    re.IGNORECASE,
)
MIN_CONJUNCT_TOKENS = 4


def doc_text(doc: Doc) -> str:
    """The doc's text, computed once (spaCy rebuilds `doc.text` on every access)."""
    cached = doc.user_data.get("text")
    if not isinstance(cached, str):
        cached = doc.text
        doc.user_data["text"] = cached
    return cached


def span_text(tokens: Iterable[Token]) -> str:
    """The doc text from the first to the last of `tokens`, as written."""
    ordered = sorted(tokens, key=lambda item: item.i)
    if not ordered:
        return ""
    start, end = ordered[0].idx, ordered[-1].idx + len(ordered[-1].text)
    return doc_text(ordered[0].doc)[start:end]


def absolute(token: Token) -> int:
    """The token's start offset in the article text.

    A doc may cover one block of the article (`user_data["offset"]`) or several blocks
    joined together (`user_data["segments"]`: (offset in doc, offset in article) pairs).
    """
    segments = token.doc.user_data.get("segments")
    if segments:
        index = bisect_right(segments, (token.idx, float("inf"))) - 1
        doc_start, article_start = segments[max(index, 0)]
        return int(article_start) + token.idx - int(doc_start)
    return int(token.doc.user_data.get("offset", 0)) + token.idx


def absolute_end(token: Token) -> int:
    """The token's end offset in the article text."""
    return absolute(token) + len(token.text)


def runs(tokens: Iterable[Token]) -> list[list[Token]]:
    """Maximal runs of doc-adjacent tokens, in order."""
    grouped: list[list[Token]] = []
    for token in sorted(tokens, key=lambda item: item.i):
        if grouped and token.i == grouped[-1][-1].i + 1:
            grouped[-1].append(token)
        else:
            grouped.append([token])
    return grouped


def raw_text(text: str, tokens: Iterable[Token]) -> str:
    """The article text of the tokens, runs joined by a space."""
    pieces = [text[absolute(run[0]) : absolute_end(run[-1])] for run in runs(tokens)]
    return " ".join(piece for piece in pieces if piece)


def clean_statement(raw: str) -> str:
    """Quotes, a dateline, complementisers and frames removed; capitalised; one final
    period."""
    cleaned = _QUOTES.sub(" ", raw)
    cleaned = _SPACES.sub(" ", cleaned).strip()
    cleaned = _SPACE_BEFORE_PUNCT.sub(r"\1", cleaned)
    cleaned = _DOUBLED_COMMA.sub(",", cleaned)
    cleaned = strip_dateline(cleaned)
    for _ in range(3):
        before = cleaned
        cleaned = _LEADING.sub("", cleaned)
        cleaned = _FRAMES.sub("", cleaned)
        if cleaned == before:
            break
    cleaned = cleaned.strip(" ,;:-—–")
    cleaned = cleaned.rstrip(".").rstrip()
    if not cleaned:
        return ""
    if cleaned.endswith(("?", "!")):
        return cleaned[0].upper() + cleaned[1:]
    return cleaned[0].upper() + cleaned[1:] + "."


#: Tags of a cue said in the past ("expected", "had forecast").
_PAST_TAGS = frozenset({"VBD", "VBN"})


def future_of_infinitive(statement: str, root: Token | None) -> str:
    """A forecast's infinitive clause as a sentence: "analysts expect [the economy to grow
    2%]" -> "The economy will grow 2%." ("would" when the forecast was made in the past).
    Only for a clause governed by a verb of `FORECAST_CUES` and with its own subject
    before "to"; anything else is returned as it is ("urged the council to act" is no
    forecast)."""
    if root is None or root.tag_ != "VB" or root.head.i == root.i:
        return statement
    forecast = root.head
    if forecast.lemma_.lower() not in lexicon.FORECAST_CUES:
        return statement
    to = [c for c in root.children if c.dep_ == "aux" and c.tag_ == "TO" and c.i == root.i - 1]
    subject = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < root.i]
    if not to or not subject or subject[0].tag_ == "PRP":
        return statement  # "expect us to share the pain": no subject to stand on
    modal = "would" if forecast.tag_ in _PAST_TAGS else "will"
    pattern = re.compile(rf"\bto {re.escape(root.text)}\b")
    return pattern.sub(f"{modal} {root.text}", statement, count=1)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def substitute_claimant(
    statement: str, claimant: str | None, plural: bool, is_person: bool = True
) -> str:
    """Replace a leading "He"/"She" (or "They" for groups) by the claimant's name, and a
    leading "It"/"Its" by the name of a claimant that is a body (`is_person` and `plural`
    false), unless the "it" holds the place of a clause that follows."""
    if not claimant:
        return statement
    body = _BODY_START.match(statement)
    if body is not None:
        if is_person or plural or _PLACEHOLDER_IT.match(statement):
            return statement
        owner = f"{claimant}'" if claimant.endswith("s") else f"{claimant}'s"
        name = owner if body.group(1).lower() == "its" else claimant
        return _capitalised(f"{name} {statement[body.end() :]}")
    match = _PRONOUN_START.match(statement)
    if match is None:
        return statement
    pronoun = match.group(1).lower()
    if (pronoun == "they") != plural:
        return statement
    return _capitalised(f"{claimant} {statement[match.end() :]}")


_SPEAKER_START = re.compile(r"^(?P<pronoun>I|We)(?:['’][a-z]+|\s+[A-Za-z]+)?")
#: Tags of a verb after "I"/"we" that any name agrees with (past tense, modal).
_ANY_SUBJECT_TAGS = frozenset({"VBD", "MD"})


def substitute_speaker(
    statement: str, tokens: Sequence[Token], claimant: str | None, is_person: bool, plural: bool
) -> str:
    """Name the speaker of a quoted statement that opens with their own "I" (a person) or
    "we" (a body): "We are making enquiries" -> "The ministry is making enquiries". The
    verb after the pronoun is made to agree (`SPEAKER_VERB_AGREEMENT`); where it cannot be
    ("we expect"), the statement is kept as it is."""
    words = [token for token in tokens if not (token.is_punct or token.is_space)]
    if not claimant or len(words) < 2:
        return statement
    pronoun, verb = words[0], words[1]
    if not ((pronoun.lower_ == "i" and is_person) or (pronoun.lower_ == "we" and not is_person)):
        return statement
    match = _SPEAKER_START.match(statement)
    if match is None or match.group("pronoun").lower() != pronoun.lower_:
        return statement
    name = claimant[:1].upper() + claimant[1:]
    after_pronoun = statement[len(match.group("pronoun")) :]
    if plural:
        return f"{name}{after_pronoun}" if verb.text[:1].isalpha() else statement
    agreed = lexicon.SPEAKER_VERB_AGREEMENT.get(verb.lower_)
    if agreed is not None:
        return f"{name} {agreed}{statement[match.end() :]}"
    if verb.tag_ in _ANY_SUBJECT_TAGS:
        return f"{name}{after_pronoun}"
    return statement


def build_statement(text: str, tokens: Sequence[Token]) -> str:
    """The statement for a content given as tokens of the article."""
    return clean_statement(raw_text(text, tokens))


def _subject_tokens(root: Token) -> list[Token]:
    """Tokens of the root's subject (and its auxiliaries are not shared)."""
    for child in root.children:
        if child.dep_ in {"nsubj", "nsubjpass", "expl"}:
            return list(child.subtree)
    return []


def _content_words(tokens: Iterable[Token]) -> int:
    return sum(1 for token in tokens if not token.is_punct and not token.is_space)


def _stance_verb(token: Token) -> bool:
    """A conjunct that states a stance ("but couldn't confirm ...", "but denied ...")."""
    lemma = token.lemma_.lower()
    return lemma in lexicon.CONFIRM_VERBS or lemma in lexicon.DENIAL_CUES


def split_conjuncts(
    content: Sequence[Token], roots: Sequence[Token]
) -> list[tuple[list[Token], Token]]:
    """Split a content clause at conjoined predicates into (tokens, root) parts.

    "11,000 troops are in Russia and will be ready to fight" becomes "11,000 troops are
    in Russia" and "11,000 troops will be ready to fight" (the subject is shared). Only
    verbal conjuncts joined by "and" (or by "but" before a stance verb: "are alarmed but
    couldn't confirm that ...") whose parts both have at least MIN_CONJUNCT_TOKENS
    words are split; anything else stays one part.
    """
    content_ids = {token.i for token in content}
    if len(roots) != 1:
        return [(list(content), roots[0])] if roots else []
    root = roots[0]
    conjuncts = [
        child
        for child in root.children
        if child.dep_ == "conj"
        and child.pos_ in {"VERB", "AUX"}
        and child.i in content_ids
        and any(
            c.dep_ == "cc" and (c.lower_ == "and" or (c.lower_ == "but" and _stance_verb(child)))
            for c in root.children
        )
    ]
    if len(conjuncts) != 1:
        return [(list(content), root)]
    conjunct = conjuncts[0]
    conjunct_ids = {token.i for token in conjunct.subtree}
    joiners = {
        child.i for child in root.children if child.dep_ in {"cc", "punct"} and child.i < conjunct.i
    }
    first = [
        token
        for token in content
        if token.i not in conjunct_ids and not (token.i in joiners and token.i > root.i)
    ]
    own_subject = _subject_tokens(conjunct)
    shared = [] if own_subject else [t for t in _subject_tokens(root) if t.i in content_ids]
    second = shared + [token for token in content if token.i in conjunct_ids]
    if _content_words(first) < MIN_CONJUNCT_TOKENS or _content_words(second) < MIN_CONJUNCT_TOKENS:
        return [(list(content), root)]
    return [(first, root), (second, conjunct)]


def embedded_clause(root: Token) -> list[Token]:
    """The proposition a stance verb takes: "confirm (claims) that C" -> C's tokens."""
    for child in root.children:
        if child.dep_ == "ccomp":
            return [t for t in child.subtree if not (t.dep_ == "mark" and t.head.i == child.i)]
    for child in root.children:
        if child.dep_ in {"dobj", "nsubjpass"}:
            for grand in child.children:
                if grand.dep_ in {"acl", "ccomp", "relcl", "appos"} and grand.pos_ in {
                    "VERB",
                    "AUX",
                }:
                    tokens = list(grand.subtree)
                    if tokens and tokens[0].lower_ == "that":
                        return tokens[1:]
    return []


def is_opinion(root: Token, has_figure: bool) -> bool:
    """True for content that is a judgement or a call, not a checkable claim."""
    if has_figure:
        return False
    if any(c.dep_ == "aux" and c.lower_ in lexicon.OBLIGATION_MODALS for c in root.children):
        return True
    clausal = any(child.dep_ in {"xcomp", "ccomp"} for child in root.children)
    if root.lemma_.lower() in lexicon.OBLIGATION_MODALS and clausal:
        return True
    subject = _subject_tokens(root)
    pronoun_subject = bool(subject) and subject[-1].lower_ in {"it", "this", "that"}
    first_person = bool(subject) and subject[-1].lower_ in {"i", "we"}
    lemma = root.lemma_.lower()
    if first_person and lemma in lexicon.OPINION_VERBS:
        return True
    states_a_clause = any(child.dep_ == "ccomp" for child in root.children)
    return lemma in lexicon.JUDGEMENT_PREDICATES and pronoun_subject and not states_a_clause


def has_clause(tokens: Sequence[Token]) -> bool:
    """True when the tokens hold a finite-looking clause (a verb and three words)."""
    return _content_words(tokens) >= 3 and any(t.pos_ in {"VERB", "AUX"} for t in tokens)


def _is_imperative(root: Token) -> bool:
    return root.tag_ == "VB" and not any(
        child.dep_ in {"nsubj", "nsubjpass", "expl"} for child in root.children
    )


def own_voice_checkworthy(sentence: Span, has_figure: bool, has_day: bool) -> bool:
    """Whether a sentence without attribution is a check-worthy claim in the outlet's voice:
    a declarative statement with a subject, not hedged, not a call or judgement, not in
    the first or second person, and with a figure or a day and a named actor."""
    words = [token for token in sentence if not token.is_space]
    if not 6 <= len(words) <= 90:
        return False
    if not sentence.text.rstrip().rstrip(" \"'”’)").endswith("."):
        return False
    if any(token.lower_ in lexicon.PERSONAL_WORDS for token in words):
        return False
    root = sentence.root
    if root.pos_ not in {"VERB", "AUX"} or _is_imperative(root):
        return False
    if not any(child.dep_ in {"nsubj", "nsubjpass", "expl"} for child in root.children):
        return False
    if predicate_hedged(root) or is_opinion(root, has_figure=False):
        return False
    if has_figure:
        return True
    named_actor = any(
        token.dep_ in {"nsubj", "nsubjpass"} and token.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
        for token in words
    )
    return has_day and named_actor


_WORDS = re.compile(r"[\w’']+")


def _word_string(text: str) -> str:
    return " " + " ".join(_WORDS.findall(text.lower())) + " "


_NEWSROOM_STEPS = tuple(_word_string(phrase) for phrase in lexicon.NEWSROOM_STEPS)
_UNKNOWN_ENDS = tuple(_word_string(phrase) for phrase in lexicon.UNKNOWN_ENDS)
#: A speaker left at the end of a statement the attribution was not read from ("Their
#: number is unknown, the minister added.").
_TRAILING_SPEAKER = re.compile(
    r",\s+(?:[\w.'’-]+\s+){1,5}?(?:said|says|added|adds|noted|notes|stated|wrote)\.?$"
)


def is_non_claim(statement: str) -> bool:
    """True for a statement that says what is not known ("It is unclear where the troops
    will go.", "Their number is unknown.") or tells the newsroom's own steps ("The
    ministry did not respond to a request for comment.", "Reuters could not independently
    verify the footage."): the lists are `UNKNOWN_STARTS`, `UNKNOWN_ENDS` and
    `NEWSROOM_STEPS` in data/opinions.toml), or reports a mood ("Concerns about the talks
    have escalated."; `MOOD_NOUNS`, `MOOD_VERBS`)."""
    lowered = statement.lower()
    if lowered.startswith(lexicon.UNKNOWN_STARTS) or any(
        f" that {start}" in lowered for start in lexicon.UNKNOWN_STARTS
    ):
        return True  # also reported: "The envoy said that it is unclear how many ..."
    if _word_string(_TRAILING_SPEAKER.sub("", statement)).endswith(_UNKNOWN_ENDS):
        return True
    words = _word_string(statement)
    return any(phrase in words for phrase in _NEWSROOM_STEPS) or _reports_a_mood(statement)


_MOOD_VERBS = re.compile(
    r"\b(?:" + "|".join(re.escape(verb) for verb in lexicon.MOOD_VERBS) + r")\b"
)


def _reports_a_mood(statement: str) -> bool:
    """ "Concerns about the ties have escalated this week.", "Growing fears of a strike are
    spreading.": a subject headed by a mood noun (`MOOD_NOUNS`, among its first three
    words), a verb of `MOOD_VERBS`, and no figure."""
    if any(char.isdigit() for char in statement):
        return False
    lowered = statement.lower()
    first = lowered.split()[:3]
    if not any(word.strip(",.") in lexicon.MOOD_NOUNS for word in first):
        return False
    return _MOOD_VERBS.search(lowered) is not None
