"""Find attributions in a parsed sentence: cue, source, content, intermediary, date words.

Structures handled (dependency patterns of spaCy's English parser):

* "X said (that) C", "C, X said.", "C, said X.", "X told Y that C": a speech verb with a
  subject and a clausal complement, or a speech verb attached to the content's verb
  (parataxis, conjunct, "as X reported, C").
* "According to X, C" / "C, according to X": source in the "to"-phrase, content the
  clause the phrase hangs on.
* "Y reported, citing X, that C", "Y reported on the basis of X that C": X is the source,
  Y the intermediary that relays it; "in comments published by Y", "in an interview with
  Y", "X told Y": Y is an intermediary when it is a publication.
* "X denied the reports": content to be taken from context (`refers_back`).
* Participles and conjuncts without a subject inherit the speaker ("..., adding that C",
  "X said A but added that B").
* Nested attributions by the same speaker fold into one ("X said he can't confirm C" is
  X's unconfirmed stance on C); a nested different speaker becomes the source and the
  outer speaker the intermediary.
* Noun cues with a source and a that-clause ("reports from Minister Kim that C").

Quotations continued over several sentences and colon introductions ("X said:") are
handled by the engine, which sees neighbouring sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from extraction.engines.rules import lexicon
from extraction.engines.rules.certainty import cue_certainty, is_negated

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

    kind: str  # verb | according | noun | quote | colon
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

    @property
    def content_ids(self) -> set[int]:
        """Doc indices of the content tokens."""
        return {token.i for token in self.content}


def _subtree(token: Token) -> list[Token]:
    return list(token.subtree)


def _is_cue_verb(token: Token) -> bool:
    """True for a verb that can report speech, a stated position or a finding."""
    if token.pos_ != "VERB":
        return False
    lemma = token.lemma_.lower()
    if lemma in lexicon.PARTICLE_CUES:
        particles = lexicon.PARTICLE_CUES[lemma]
        if not any(child.dep_ == "prt" and child.lower_ in particles for child in token.children):
            return False
    return (
        lemma in lexicon.SPEECH_VERBS
        or lemma in lexicon.FINDING_VERBS
        or lemma in lexicon.OPINION_VERBS
    )


def _own_subject(token: Token) -> Token | None:
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
    subject = _own_subject(token)
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
    while kept and (kept[-1].is_punct or kept[-1].is_space or kept[-1].dep_ == "cc"):
        kept.pop()
    return kept


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
            return [], [], child
    finding = cue.lemma_.lower() in lexicon.FINDING_VERBS
    for child in cue.children:
        if child.dep_ in {"dobj", "attr", "parataxis", "dep", "xcomp"}:
            subtree = _subtree(child)
            has_verb = any(token.pos_ in _CLAUSAL for token in subtree)
            framed = _quoted(subtree) or child.dep_ == "parataxis" or finding
            if has_verb and len(subtree) >= 4 and framed:
                return subtree, [child], None
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
        if _own_subject(cue) is None:
            return [], [], None
        own = {token.i for token in cue.subtree}
        tokens = [token for token in head.subtree if token.i not in own]
        return tokens, [head], None
    return [], [], None


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


def _pobj(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "pobj":
            return child
    return None


def _source_like(token: Token) -> bool:
    """True for a noun phrase that can be a claimant (not "information", "data")."""
    if token.pos_ == "PROPN" or token.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}:
        return True
    return token.lemma_.lower() in _SOURCE_LIKE or token.lower_ in _SOURCE_LIKE


def _cited_source(region: list[Token], cue: Token) -> Token | None:
    """The original source in "citing X", "quoting X", "on the basis of X", "based on X"."""
    for token in region:
        lemma = token.lemma_.lower()
        target: Token | None = None
        if lemma in lexicon.CITING_WORDS and token.i != cue.i:
            target = next((c for c in token.children if c.dep_ in {"dobj", "pobj"}), None)
        elif token.lower_ == "basis" and token.head.lower_ == "on":
            of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            target = _pobj(of) if of is not None else None
        elif token.lower_ == "based":
            on = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "on"), None)
            target = _pobj(on) if on is not None else None
        if target is not None and _source_like(target):
            return target
    return None


def _intermediary(region: list[Token], cue: Token) -> Token | None:
    """A candidate intermediary: "published by Y", "interview with Y", "told Y"."""
    for token in region:
        if token.dep_ == "agent" and token.head.lemma_.lower() in lexicon.VIA_VERBS:
            target = _pobj(token)
            if target is not None:
                return target
        if token.dep_ == "prep" and token.lower_ == "on" and token.head.i == cue.i:
            target = _pobj(token)
            if target is not None and target.pos_ == "PROPN":
                return target
        if (
            token.dep_ == "prep"
            and token.lower_ in {"with", "to"}
            and (
                token.head.lower_ in lexicon.VIA_NOUNS
                or token.head.lemma_.lower() in {"speak", "talk"}
            )
        ):
            target = _pobj(token)
            if target is not None:
                return target
    if cue.lemma_.lower() in {"tell", "inform", "brief"}:
        for child in cue.children:
            if child.dep_ in {"dobj", "dative"}:
                return child
    return None


def _np_head(tokens: list[Token]) -> Token | None:
    """The syntactic head of a token range: the token whose head lies outside it."""
    ids = {token.i for token in tokens}
    heads = [token for token in tokens if token.head.i not in ids or token.head.i == token.i]
    nominal = [token for token in heads if token.pos_ in {"NOUN", "PROPN", "PRON"}]
    return nominal[0] if len(nominal) == 1 else None


def _trailing_source(cue: Token, sentence: Span) -> tuple[Token, list[Token]] | None:
    """Surface fallback for "C, SOURCE cue ..." that the parser attached wrongly:
    (source head, content tokens) or None."""
    before = [token for token in sentence if token.i < cue.i]
    commas = [token for token in before if token.text == ","]
    if not commas:
        return None
    comma = commas[-1]
    source_tokens = [token for token in before if token.i > comma.i]
    if not 1 <= len(source_tokens) <= 12:
        return None
    if any(token.pos_ in _CLAUSAL and token.tag_ != "VBN" for token in source_tokens):
        return None
    if source_tokens[0].dep_ == "cc" or any(token.is_quote for token in source_tokens):
        return None
    head = _np_head(source_tokens)
    content = [token for token in before if token.i < comma.i]
    if head is None or not _has_clause(content):
        return None
    after = [token for token in sentence if token.i > cue.i]
    if any(token.dep_ == "ccomp" or token.lower_ == "that" for token in after):
        return None
    return head, content


_CLOSING_QUOTES = frozenset({'"', "”", "''"})
_OPENING_QUOTES = frozenset({'"', "“", "``", "''"})


def _source_after_quote(cue: Token, sentence: Span) -> Token | None:
    """The speaker in '"QUOTE," SOURCE, APPOSITION, said': the noun phrase between the
    closing quotation mark and the cue, which the parser often attaches inside the quote."""
    doc = cue.doc
    closing = None
    for index in range(cue.i - 1, max(sentence.start - 1, cue.i - 16), -1):
        token = doc[index]
        if token.text in _CLOSING_QUOTES and index > 0 and doc[index - 1].is_punct:
            closing = index
            break
    if closing is None:
        return None
    between = [doc[i] for i in range(closing + 1, cue.i) if not doc[i].is_punct]
    if not 1 <= len(between) <= 12:
        return None
    if any(token.pos_ in _CLAUSAL for token in between):
        return None
    return _np_head(between)


def _quote_before_cue(cue: Token, sentence: Span) -> list[Token]:
    """Surface fallback for '"QUOTE," said X' / '"QUOTE," X said' when the parser did not
    attach the quote: the quoted tokens of this sentence before the cue."""
    doc = cue.doc
    closing = None
    for index in range(cue.i - 1, max(-1, cue.i - 16), -1):
        token = doc[index]
        if token.text in _CLOSING_QUOTES and index > 0 and doc[index - 1].is_punct:
            closing = index
            break
    if closing is None:
        return []
    between = [doc[i] for i in range(closing + 1, cue.i) if not doc[i].is_punct]
    if any(token.pos_ in _CLAUSAL for token in between):
        return []
    first = doc[closing - 1].sent.start  # the quoted sentence that ends at the mark
    start = first
    for index in range(closing - 1, first - 1, -1):
        if doc[index].text in _OPENING_QUOTES:
            start = index + 1
            break
    return [doc[i] for i in range(start, closing)]


def _misattached_content(cue: Token, subject: Token, sentence: Span) -> list[Token]:
    """Surface fallback for "C SOURCE cue" parsed as a relative clause: the tokens before
    the source when they form a clause."""
    if subject.i > cue.i or cue.dep_ not in {"relcl", "acl", "appos", "conj", "advcl"}:
        return []
    left = subject.left_edge.i
    content = [token for token in sentence if token.i < left]
    return content if _has_clause(content) and len(content) >= 5 else []


def _has_clause(tokens: list[Token]) -> bool:
    words = [token for token in tokens if not token.is_punct]
    return len(words) >= 4 and any(token.pos_ in _CLAUSAL for token in words)


def _verb_attribution(cue: Token, sentence: Span) -> Attribution | None:
    """The attribution a speech verb carries, or None."""
    lemma = cue.lemma_.lower()
    if is_negated(cue) and lemma not in lexicon.CONFIRM_VERBS | lexicon.DENIAL_CUES:
        return None
    own = _own_subject(cue)
    subject = own or find_subject(cue)
    quoted_source = _source_after_quote(cue, sentence)
    if quoted_source is not None and (
        subject is None or subject.i > cue.i or subject.i < quoted_source.i - 14
    ):
        own = subject = quoted_source
    fallback_content: list[Token] = []
    if own is None and cue.tag_ in _FINITE:
        trailing = _trailing_source(cue, sentence)
        if trailing is not None:
            subject, fallback_content = trailing
    elif (
        own is not None
        and cue.dep_ != "ROOT"
        and not any(c.dep_ == "ccomp" for c in cue.children)
        and not any(c.dep_ == "nsubj" and c.lower_ in _RELATIVES for c in cue.children)
    ):
        fallback_content = _misattached_content(cue, own, sentence)
    if subject is None:
        return None
    finding_only = lemma in lexicon.FINDING_VERBS and lemma not in lexicon.SPEECH_VERBS
    if finding_only and subject.lemma_.lower() not in lexicon.EVIDENCE_SOURCE_NOUNS:
        return None
    if lemma in lexicon.CONFIRM_VERBS and not is_negated(cue):
        return None
    content, roots, referring = _content_of_cue(cue)
    if not content and referring is None and not fallback_content:
        fallback_content = _quote_before_cue(cue, sentence)
    if fallback_content and not content and referring is None:
        content = fallback_content
        roots = [
            token
            for token in fallback_content
            if token.head.i not in {item.i for item in fallback_content} or token.head.i == token.i
        ][:1]
    colon = not content and referring is None and _ends_with_colon(cue, sentence)
    if not content and referring is None and not colon:
        return None
    exclude = {token.i for token in subject.subtree} | {cue.i}
    content = _clean_content(content, roots, exclude)
    content_ids = {token.i for token in content}
    subject_ids = {token.i for token in subject.subtree}
    region = [
        token
        for token in cue.subtree
        if token.i not in content_ids and token.i not in subject_ids and token.i != cue.i
    ]
    attribution = Attribution(
        kind="colon" if colon else "verb",
        sentence=sentence,
        cue=cue,
        source=subject,
        content=content,
        roots=roots,
        stance_cue=cue,
        date_tokens=region,
        refers_back=referring,
        opinion=lemma in lexicon.OPINION_VERBS,
    )
    cited = _cited_source(region, cue)
    if cited is not None:
        attribution.via, attribution.via_is_relay = subject, True
        attribution.source = cited
    else:
        attribution.via = _intermediary(region, cue)
    return attribution


def _ends_with_colon(cue: Token, sentence: Span) -> bool:
    """True for "X said:" introducing content in the next sentences."""
    tail = [token for token in sentence if token.i > cue.i and not token.is_space]
    return bool(tail) and tail[-1].text == ":" and len(tail) <= 8


def _according_attribution(token: Token, sentence: Span) -> Attribution | None:
    """ "According to X, C" and "C, according to X"."""
    to = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "to"), None)
    if to is None:
        doc = token.doc
        if token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            to = doc[token.i + 1]
        else:
            return None
    source = _pobj(to)
    if source is None:
        return None
    head = token.head
    while head.pos_ not in _CLAUSAL and head.head.i != head.i:
        head = head.head
    content: list[Token] = []
    if head.i != token.i and head.pos_ in _CLAUSAL:
        own = {item.i for item in token.subtree}
        content = [item for item in head.subtree if item.i not in own]
        content = _clean_content(content, [head], set())
    if not _has_clause(content):
        content = _according_surface(token, source, sentence)
        head = (
            next(
                (t for t in content if t.dep_ == "ROOT" or t.head.i not in {c.i for c in content}),
                head,
            )
            if content
            else head
        )
    if not content:
        return None
    return Attribution(
        kind="according",
        sentence=sentence,
        cue=token,
        source=source,
        content=content,
        roots=[head],
        date_tokens=[],
    )


def _according_surface(according: Token, source: Token, sentence: Span) -> list[Token]:
    """Surface fallback for a misparsed "According to X, C." / "C, according to X.":
    the clause on the other side of the comma."""
    doc = according.doc
    comma = next((i for i in range(source.i, sentence.end) if doc[i].text == ","), None)
    phrase_end = comma - 1 if comma is not None else source.right_edge.i
    if according.i == sentence.start or (
        according.i > sentence.start
        and doc[according.i - 1].is_punct
        and according.i - 1 == sentence.start
    ):
        start = phrase_end + 1
        while start < sentence.end and doc[start].is_punct:
            start += 1
        content = [doc[i] for i in range(start, sentence.end)]
    elif according.i > sentence.start and doc[according.i - 1].text == ",":
        content = [doc[i] for i in range(sentence.start, according.i - 1)]
    else:
        return []
    content = _clean_content(content, [], set())
    return content if _has_clause(content) else []


def _noun_attribution(token: Token, sentence: Span) -> Attribution | None:
    """ "reports from X that C", "the ministry's claim that C"."""
    clause = None
    for child in token.children:
        if child.dep_ in {"acl", "ccomp", "relcl", "appos"} and child.pos_ in _CLAUSAL:
            first = next(iter(child.subtree))
            if first.lower_ == "that" and first.dep_ == "mark":
                clause = child
    if clause is None:
        return None
    source: Token | None = None
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"from", "by"}:
            source = _pobj(child)
        elif child.dep_ == "poss" and child.tag_ != "PRP$":
            source = child
    if source is None:
        return None
    content = _clean_content(list(clause.subtree), [clause], set())
    return Attribution(
        kind="noun",
        sentence=sentence,
        cue=token,
        source=source,
        content=content,
        roots=[clause],
        stance_cue=token,
        date_tokens=[],
    )


def _same_speaker(outer: Attribution, inner: Attribution) -> bool:
    """True when a nested attribution's speaker is the outer speaker (pronoun or same name)."""
    if inner.source is None or outer.source is None:
        return False
    if inner.source.lower_ in lexicon.PRONOUNS:
        return True
    return inner.source.text.lower() == outer.source.text.lower()


def _real_speaker(source: Token) -> bool:
    """True for a person, organisation or group that can make claims (not "a review",
    "the advertisement", "data")."""
    if source.lower_ in lexicon.PRONOUNS:
        return True
    if source.lemma_.lower() in lexicon.EVIDENCE_SOURCE_NOUNS:
        return False
    return _source_like(source) or source.pos_ == "PROPN"


def _participle_without_subject(attribution: Attribution) -> bool:
    """True for "..., saying that C" whose subject was inherited from the verb it hangs on."""
    cue = attribution.cue
    return (
        cue is not None
        and cue.tag_ == "VBG"
        and cue.dep_ in {"advcl", "xcomp", "conj"}
        and _own_subject(cue) is None
    )


def _merge_according(verbs: list[Attribution], according: list[Attribution]) -> list[Attribution]:
    """Fold "According to X, C, he said" into one attribution: source X, relayed by him."""
    kept: list[Attribution] = []
    for item in according:
        assert item.cue is not None
        host = next(
            (
                verb
                for verb in verbs
                if item.cue.i in verb.content_ids
                or (verb.cue is not None and item.cue.head.i == verb.cue.i)
            ),
            None,
        )
        if host is None:
            kept.append(item)
            continue
        own = {token.i for token in item.cue.subtree}
        host.via, host.via_is_relay = host.source, True
        host.source = item.source
        host.content = [token for token in host.content if token.i not in own]
        host.content = _clean_content(host.content, host.roots, set())
    return kept


def _coordinated_stance(outer: Attribution, inner: Attribution) -> bool:
    """True when the nested cue is the speaker's own stance on a second, coordinated
    clause ('"We counted 400 bodies, and we expect that number to rise," X said'): the
    first clause stays the speaker's claim, the second is a claim of its own."""
    cue = inner.cue
    return (
        cue is not None
        and cue.dep_ == "conj"
        and any(cue.head.i == root.i for root in outer.roots)
        and _same_speaker(outer, inner)
    )


def _fold_nested(verbs: list[Attribution]) -> list[Attribution]:
    """Resolve attributions nested in another's content."""
    dropped: set[int] = set()
    for outer_index, outer in enumerate(verbs):
        for inner_index, inner in enumerate(verbs):
            if inner_index == outer_index or inner_index in dropped or outer_index in dropped:
                continue
            if inner.cue is None or inner.cue.i not in outer.content_ids:
                continue
            if _participle_without_subject(inner) or _coordinated_stance(outer, inner):
                inner.source, inner.via, inner.via_is_relay = (
                    outer.source,
                    outer.via,
                    outer.via_is_relay,
                )
                inner.date_tokens = outer.date_tokens
                own = {token.i for token in inner.cue.subtree}
                outer.content = [token for token in outer.content if token.i not in own]
                outer.content = _clean_content(outer.content, outer.roots, set())
                continue
            if inner.source is not None and not _real_speaker(inner.source):
                dropped.add(inner_index)
                continue
            if _same_speaker(outer, inner):
                if inner.cue is not None and cue_certainty(inner.cue) is not None:
                    outer.content, outer.roots = inner.content, inner.roots
                    outer.stance_cue, outer.refers_back = inner.stance_cue, inner.refers_back
                dropped.add(inner_index)
                continue
            if inner.via is None:
                inner.via, inner.via_is_relay = outer.source, True
            leftover = outer.content_ids - inner.content_ids - {inner.cue.i}
            if inner.source is not None:
                leftover -= {token.i for token in inner.source.subtree}
            if sum(1 for i in leftover if not outer.sentence.doc[i].is_punct) < 3:
                dropped.add(outer_index)
    return [item for index, item in enumerate(verbs) if index not in dropped]


def find_attributions(sentence: Span) -> list[Attribution]:
    """All attributions whose cue lies in `sentence`, nested ones resolved."""
    verbs: list[Attribution] = []
    according: list[Attribution] = []
    nouns: list[Attribution] = []
    for token in sentence:
        if token.lower_ == "according":
            found = _according_attribution(token, sentence)
            if found is not None:
                according.append(found)
        elif _is_cue_verb(token):
            found = _verb_attribution(token, sentence)
            if found is not None:
                verbs.append(found)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in lexicon.CUE_NOUNS:
            found = _noun_attribution(token, sentence)
            if found is not None:
                nouns.append(found)
    according = _merge_according(verbs, according)
    verbs = _fold_nested(verbs)
    covered = {i for verb in verbs for i in verb.content_ids}
    nouns = [noun for noun in nouns if noun.cue is not None and noun.cue.i not in covered]
    return sorted(verbs + according + nouns, key=lambda item: item.cue.i if item.cue else 0)
