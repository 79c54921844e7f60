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
* "Analysts expect growth of 2%", "the ministry reported 40 new cases", "officials put the
  toll at 35": a verb that reports a figure as its object (`FIGURE_OBJECT_CUES`); the object
  and the phrases beside it are the content.
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

import importlib
from typing import Any

from spacy.tokens import Span, Token

from extraction.engines.rules import lexicon
from extraction.engines.rules.accusations import find_accusations
from extraction.engines.rules.certainty import cue_certainty, is_negated
from extraction.engines.rules.content import (
    _clean_content,
    _content_of_cue,
    figure_setting_statement,
)
from extraction.engines.rules.sources import (
    _cited_source,
    _has_clause,
    _intermediary,
    _misattached_content,
    _pobj,
    _quote_before_cue,
    _source_after_quote,
    _trailing_source,
    source_like,
)
from extraction.engines.rules.speech import (
    _CLAUSAL,
    _FINITE,
    _RELATIVES,
    _is_cue_verb,
    finding_reports_claim,
    own_subject,
)
from extraction.engines.rules.speech import Attribution as Attribution
from extraction.engines.rules.speech import find_subject as find_subject
from extraction.engines.rules.statements import clean_statement


def _verb_attribution(cue: Token, sentence: Span) -> Attribution | None:
    """The attribution a speech verb carries, or None."""
    lemma = cue.lemma_.lower()
    if is_negated(cue) and lemma not in lexicon.CONFIRM_VERBS | lexicon.DENIAL_CUES:
        return None
    if any(c.dep_ == "mark" and c.lower_ in lexicon.COMPARATIVE_MARKS for c in cue.children):
        return None  # "longer than we expect": a comparison, not a report
    own = own_subject(cue)
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
    if finding_only and not finding_reports_claim(subject, cue):
        return None
    if lemma in lexicon.CONFIRM_VERBS and not is_negated(cue) and lemma not in lexicon.SPEECH_VERBS:
        return None
    content, roots, referring = _content_of_cue(cue)
    if lemma in lexicon.PREPOSITION_CUES and not (roots and roots[0] is cue):
        return None  # "put ... at" reports only a figure ("put the toll at 35")
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
    if lemma in lexicon.PREPOSITION_CUES:  # "put the toll at 35": "The toll stood at 35."
        setting = figure_setting_statement(cue, content)
        attribution.statement = clean_statement(setting) if setting else None
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


_TO = frozenset({"to", "per"})  # "according to X", "as per X"


def _according_attribution(token: Token, sentence: Span) -> Attribution | None:
    """ "According to X, C" and "C, according to X" (and "As per X, C")."""
    to = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in _TO), None)
    if to is None:
        doc = token.doc
        if token.i + 1 < len(doc) and doc[token.i + 1].lower_ in _TO:
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
    return source_like(source) or source.pos_ == "PROPN"


def _participle_without_subject(attribution: Attribution) -> bool:
    """True for "..., saying that C" whose subject was inherited from the verb it hangs on."""
    cue = attribution.cue
    return (
        cue is not None
        and cue.tag_ == "VBG"
        and cue.dep_ in {"advcl", "xcomp", "conj"}
        and own_subject(cue) is None
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
        if token.lower_ == "according" or token.doc[token.i : token.i + 2].text.lower() == "as per":
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
    accusations = [
        accusation
        for accusation in find_accusations(sentence)
        if accusation.cue is not None and accusation.cue.i not in covered
    ]
    every = verbs + according + nouns + accusations
    return sorted(every, key=lambda item: item.cue.i if item.cue else 0)


#: Names that lived here before the split by concern, and the module that holds them now.
_MOVED: dict[str, str] = {
    "_CLOSING_QUOTES": "content",
    "_DEFINITE": "content",
    "_MARKS": "speech",
    "_OPENING_QUOTES": "content",
    "_SOURCE_LIKE": "speech",
    "_complement_clause": "content",
    "_definite_noun": "content",
    "_misattached_that_clause": "content",
    "_np_head": "sources",
    "_object_path": "content",
    "_quote_after_cue": "content",
    "_quoted": "content",
    "_subtree": "content",
    "dataclass": "speech",
    "field": "speech",
}


def __getattr__(name: str) -> Any:
    """Old import paths of names that moved to other rule modules (PEP 562)."""
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"extraction.engines.rules.{module}"), name)
