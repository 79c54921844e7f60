"""What "the reports", "these claims", "it" or "the figure" refer back to, and the
title's proposition."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from extraction.engines.rules import lexicon
from extraction.engines.rules.attribution import Attribution, find_attributions
from extraction.engines.rules.context import (
    _Context,
)
from extraction.engines.rules.statements import (
    build_statement,
    clean_statement,
    span_text,
)
from extraction.schema import Quantity


def _title_statement(title: Doc | None) -> str | None:
    """The title's proposition (its content clause when it is an attribution)."""
    if title is None:
        return None
    for sentence in title.sents:
        for attribution in find_attributions(sentence):
            if attribution.content:
                return clean_statement(span_text(attribution.content))
    return clean_statement(title.text)


def _referent_statement(context: _Context, index: int, referent: Token) -> str | None:
    """The proposition "the reports" / "these reports" refers to."""
    demonstrative = referent.lower_ in lexicon.DEMONSTRATIVES or any(
        child.lower_ in lexicon.DEMONSTRATIVES for child in referent.children
    )
    recent = _recent_report(context, index, referent)
    if recent is not None:
        return recent
    lemma = referent.lemma_.lower()
    if referent.pos_ == "NOUN" and lemma not in lexicon.REFERRING_OBJECTS:
        return _previous_claim(context, index, lemma in lexicon.FIGURE_NOUNS)
    if not demonstrative and context.title_statement:
        return context.title_statement
    previous = [claim for position, claim in context.claims if position == index - 1]
    if demonstrative and previous:
        return previous[-1].statement
    if demonstrative and index > 0:
        return _sentence_proposition(context.text, context.sentences[index - 1])
    if context.claims:
        return context.claims[0][1].statement
    return None


def _referent_quantity(
    context: _Context, attribution: Attribution, statement: str
) -> Quantity | None:
    """The figure of the claim "could not verify the figure" refers to."""
    referent = attribution.refers_back
    if referent is None or referent.lemma_.lower() not in lexicon.FIGURE_NOUNS:
        return None
    for _, claim in reversed(context.claims):
        if claim.statement == statement and claim.quantity is not None:
            return claim.quantity
    return None


def _previous_claim(context: _Context, index: int, with_figure: bool) -> str | None:
    """The statement of the previous sentence's last claim ("rejected that suggestion",
    "could not confirm the closures"); its last claim with a figure for "the figure"."""
    previous = [claim for position, claim in context.claims if position == index - 1]
    if with_figure:
        previous = [claim for claim in previous if claim.quantity is not None] or previous
    if previous:
        return previous[-1].statement
    if index > 0:
        return _sentence_proposition(context.text, context.sentences[index - 1])
    return None


def _recent_report(context: _Context, index: int, referent: Token) -> str | None:
    """The statement a pronoun ("could not verify it") or "the report" points to when the
    same or the previous sentence just reported it: the latest such claim."""
    pronoun = referent.pos_ == "PRON" and referent.lower_ in {"it", "them"}
    lemma = referent.lemma_.lower()
    reported_before = index > 0 and any(
        token.lemma_.lower() == lemma for token in context.sentences[index - 1]
    )
    if not pronoun and not reported_before:
        return None
    same = [claim for position, claim in context.claims if position == index]
    if pronoun and same:
        return same[-1].statement
    previous = [claim for position, claim in context.claims if position == index - 1]
    return previous[-1].statement if previous else None


def _sentence_proposition(text: str, sentence: Span) -> str:
    """A sentence's proposition: its "reports (emerged) that C" clause, else the sentence."""
    nouns = lexicon.REFERRING_OBJECTS | lexicon.CUE_NOUNS
    for token in sentence:
        if token.lower_ != "that" or token.dep_ != "mark":
            continue
        clause = token.head
        governor = clause.head
        subjects = [c for c in governor.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if governor.lemma_.lower() in nouns or any(
            subject.lemma_.lower() in nouns for subject in subjects
        ):
            tokens = [item for item in clause.subtree if item.i != token.i]
            return build_statement(text, tokens)
    return build_statement(text, [token for token in sentence if not token.is_space])
