"""Claims from a parsed article's attributions: statements, claimants, certainty,
dates, evidence, own-voice claims and de-duplication (`ClaimBuilder`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from pydantic import ValidationError
from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from extraction.engines.rules import lexicon
from extraction.engines.rules.attribution import Attribution, find_attributions
from extraction.engines.rules.certainty import (
    clause_hedged,
    combine,
    cue_certainty,
    figure_hedged,
    forecasts_figure,
    passes_on_unverified,
    phrase_certainty,
    source_hedged,
)
from extraction.engines.rules.claimants import (
    ClaimantResolver,
    Resolved,
    source_mentions,
)
from extraction.engines.rules.context import (
    _Context,
    _evidence,
    _is_question,
    _quoted_tokens,
    _sentence_span,
    _source_key,
)
from extraction.engines.rules.dates import date_in_tokens
from extraction.engines.rules.quantities import main_quantity
from extraction.engines.rules.referents import (
    _referent_quantity,
    _referent_statement,
    _title_statement,
)
from extraction.engines.rules.relative_days import resolve_relative_days
from extraction.engines.rules.relative_periods import resolve_relative_periods
from extraction.engines.rules.segments import quoted_share
from extraction.engines.rules.speakers import (
    _add_colon_and_quote_speakers,
)
from extraction.engines.rules.statements import (
    build_statement,
    embedded_clause,
    future_of_infinitive,
    has_clause,
    is_non_claim,
    is_opinion,
    own_voice_checkworthy,
    split_conjuncts,
    substitute_claimant,
    substitute_speaker,
)
from extraction.schema import Article, Certainty, Claim, ClaimantType, ExtractionResult, Quantity

#: Statements this similar (rapidfuzz token-sort ratio) by one claimant are one claim.
DUPLICATE_SIMILARITY = 90.0


#: Stand-in publication date used only to ask "does this name a day?".
_ANY_DAY = dt.date(2000, 6, 15)


class ClaimBuilder:
    """Builds an article's claims from its parsed sentences (one builder per engine)."""

    def __init__(self, own_voice: bool = True, split: bool = True) -> None:
        self._own_voice = own_voice
        self._split = split

    # ---------------------------------------------------------------- extraction
    def _extract(
        self,
        article: Article,
        sentences: list[Span],
        blocks_of: list[int],
        quotes: list[tuple[int, int]],
        title: Doc | None,
    ) -> list[Claim]:
        context = _Context(
            article=article,
            sentences=sentences,
            blocks_of=blocks_of,
            quotes=quotes,
            resolver=ClaimantResolver(article.text, article.publication, sentences),
            title_statement=_title_statement(title),
        )
        found = [find_attributions(sentence) for sentence in sentences]
        _add_colon_and_quote_speakers(context, found)
        self._resolve_sources(context, found)
        for index, attributions in enumerate(found):
            if attributions:
                for attribution in attributions:
                    self._claims_for(context, index, attribution)
            elif self._own_voice:
                self._own_voice_claim(context, index)
        return finish_claims([claim for _, claim in context.claims], context.article.published)

    def _resolve_sources(self, context: _Context, found: list[list[Attribution]]) -> None:
        """Resolve every explicit source in reading order (pronouns need the history)."""
        resolver = context.resolver
        for index, attributions in enumerate(found):
            resolver.note_subjects(context.sentences[index], index)
            for attribution in attributions:
                if attribution.source is None or attribution.kind == "quote":
                    continue
                key = _source_key(attribution.source)
                if key in context.resolved:
                    continue
                mentions = source_mentions(attribution.source, resolver.surnames)
                resolved = [resolver.resolve(mention, index) for mention in mentions]
                context.resolved[key] = [item for item in resolved if item is not None]

    # ---------------------------------------------------------------- claims
    def _claims_for(self, context: _Context, index: int, attribution: Attribution) -> None:
        if attribution.opinion or attribution.source is None:
            return
        claimants = context.resolved.get(_source_key(attribution.source), [])
        if not claimants:
            return
        via = self._via(context, index, attribution)
        for claimant in claimants:
            for statement, quantity, stance, tokens in self._propositions(
                context, index, attribution, claimant
            ):
                certainty = combine(_certainty(attribution), stance)
                try:
                    claim = Claim(
                        statement=statement,
                        claimant=claimant.name,
                        claimant_type=claimant.type,
                        via=via if via != claimant.name else None,
                        quantity=quantity,
                        claim_date=self._claim_date(context, attribution, claimant),
                        certainty=certainty,
                        evidence=_evidence(context, attribution, tokens),
                    )
                except ValidationError:
                    # a degenerate content span ("1.") is no claim; never fail the article
                    continue
                context.claims.append((index, claim))

    def _propositions(
        self, context: _Context, index: int, attribution: Attribution, claimant: Resolved
    ) -> Iterable[tuple[str, Quantity | None, Certainty | None, list[Token]]]:
        """(statement, quantity, stance, tokens) for each proposition of an attribution."""
        if attribution.statement is not None:
            yield attribution.statement, main_quantity(attribution.content), None, []
            return
        if attribution.refers_back is not None:
            statement = _referent_statement(context, index, attribution.refers_back)
            if statement:
                yield statement, _referent_quantity(context, attribution, statement), None, []
            return
        content, roots = unwrap_finding(attribution.content, attribution.roots)
        parts = (
            split_conjuncts(content, roots)
            if self._split and roots
            else [(content, roots[0] if roots else None)]
        )
        for tokens, root in parts:
            stance: Certainty | None = None
            if root is not None and (
                attribution.stance_cue is None or root.i != attribution.stance_cue.i
            ):
                stance = _stance_of(root)
                embedded = embedded_clause(root) if stance is not None else []
                if embedded:
                    tokens, root = embedded, embedded[0].head
                    while root.i in {t.i for t in embedded} and root.head.i != root.i:
                        if root.head.i not in {t.i for t in embedded}:
                            break
                        root = root.head
            # the object of a figure-reporting verb ("put [the toll at 35]") has no verb of
            # its own: its clause is the cue's
            figure_object = root is not None and root is attribution.cue
            if not tokens or not (has_clause(tokens) or figure_object):
                continue
            quantity = main_quantity(tokens)
            if root is not None and is_opinion(root, quantity is not None):
                continue
            statement = future_of_infinitive(build_statement(context.text, tokens), root)
            if len(statement) < 12 or statement.endswith("?") or _is_question(context, tokens):
                continue
            if not _quoted_tokens(context, tokens):
                statement = substitute_claimant(
                    statement, claimant.name, claimant.is_plural, claimant.is_person
                )
            else:
                statement = substitute_speaker(
                    statement, tokens, claimant.name, claimant.is_person, claimant.is_plural
                )
            hedged = clause_hedged(root, tokens) or forecasts_figure(root)
            yield statement, quantity, stance or (Certainty.hedged if hedged else None), tokens

    def _via(self, context: _Context, index: int, attribution: Attribution) -> str | None:
        if attribution.via is None:
            return None
        return context.resolver.resolve_via(
            attribution.via, index, require_media=not attribution.via_is_relay
        )

    def _claim_date(
        self, context: _Context, attribution: Attribution, claimant: Resolved
    ) -> dt.date | None:
        published = context.article.published
        if claimant.name is None:
            return published
        explicit = date_in_tokens(attribution.date_tokens, published)
        if explicit is not None:
            context.last_dates[claimant.name] = explicit
            return explicit
        return context.last_dates.get(claimant.name)

    def _own_voice_claim(self, context: _Context, index: int) -> None:
        sentence = context.sentences[index]
        start, end = _sentence_span(sentence)
        if quoted_share(start, end, context.quotes, context.text) > 0.3:
            return
        tokens = [token for token in sentence if not token.is_space]
        quantity = main_quantity(tokens)
        has_day = date_in_tokens(tokens, context.article.published or _ANY_DAY) is not None
        if not own_voice_checkworthy(sentence, quantity is not None, has_day):
            return
        statement = build_statement(context.text, tokens)
        if len(statement) < 12:
            return
        claim = Claim(
            statement=statement,
            claimant=None,
            claimant_type=ClaimantType.media,
            quantity=quantity,
            claim_date=context.article.published,
            certainty=_own_voice_certainty(context.text[start:end], tokens),
            evidence=context.text[start:end],
        )
        context.claims.append((index, claim))


def _own_voice_certainty(sentence: str, tokens: list[Token]) -> Certainty:
    """Unconfirmed when the publication passes on what it has not verified
    ("reportedly"), hedged when its figure is an estimate, else asserted."""
    if passes_on_unverified(sentence):
        return Certainty.unconfirmed
    return Certainty.hedged if figure_hedged(tokens) else Certainty.asserted


def unwrap_finding(content: list[Token], roots: list[Token]) -> tuple[list[Token], list[Token]]:
    """A reported "a survey showed C" is the claim C, by whom reported it: the content and
    root of C (so that its conjuncts split), for a finding verb of `PLAIN_FINDING_VERBS`
    ("suggest" and "indicate" hedge, so their frame stays) with an evidence subject; any
    other content as it is."""
    if len(roots) != 1:
        return content, roots
    root = roots[0]
    if root.lemma_.lower() not in lexicon.PLAIN_FINDING_VERBS:
        return content, roots
    subject = next((child for child in root.children if child.dep_ == "nsubj"), None)
    clause = next((child for child in root.children if child.dep_ == "ccomp"), None)
    if subject is None or clause is None:
        return content, roots
    if subject.lemma_.lower() not in lexicon.EVIDENCE_SOURCE_NOUNS:
        return content, roots
    ids = {token.i for token in content}
    inner = [
        token
        for token in clause.subtree
        if token.i in ids and not (token.dep_ == "mark" and token.head.i == clause.i)
    ]
    return (inner, [clause]) if inner else (content, roots)


def _stance_of(root: Token) -> Certainty | None:
    """Denied/unconfirmed when a content part is itself a stance verb ("but couldn't
    confirm claims that ...")."""
    lemma = root.lemma_.lower()
    if lemma in lexicon.CONFIRM_VERBS or lemma in lexicon.DENIAL_CUES:
        stance = cue_certainty(root)
        if stance in {Certainty.denied, Certainty.unconfirmed}:
            return stance
    return None


def _certainty(attribution: Attribution) -> Certainty | None:
    """The stance of the (possibly nested) cue and fixed phrases around it."""
    stance_cue = attribution.stance_cue
    cue_stance = cue_certainty(stance_cue) if stance_cue is not None else None
    region = " ".join(token.text for token in attribution.date_tokens)
    if stance_cue is not None:
        region = f"{stance_cue.text} {region}"
    phrase = phrase_certainty(region) if stance_cue is not None else None
    source = Certainty.hedged if source_hedged(attribution.source) else None
    if cue_stance is None and phrase is None and source is None:
        return None
    return combine(cue_stance, phrase, source)


def deduplicate(claims: Sequence[Claim]) -> list[Claim]:
    """One claim per proposition and claimant: later near-duplicates are dropped."""
    kept: list[Claim] = []
    for claim in claims:
        duplicate = any(
            (other.claimant or "").lower() == (claim.claimant or "").lower()
            and fuzz.token_sort_ratio(other.statement, claim.statement) >= DUPLICATE_SIMILARITY
            for other in kept
        )
        if not duplicate:
            kept.append(claim)
    return kept


#: The name the rules engine's modules knew it by.
_deduplicate = deduplicate


def finish_claims(claims: Sequence[Claim], published: dt.date | None) -> list[Claim]:
    """An article's claims as an engine returns them: relative periods in statements
    named ("last year" -> "in 2018", counted from the claim's date, else `published`),
    then relative days ("on Monday" -> "on June 10, 2024", counted from `published`),
    near-duplicates dropped (`deduplicate`), then statements that are no claim
    (`is_non_claim`: "It is unclear whether ...", "X did not respond to a request for
    comment")."""
    resolved = [
        claim.model_copy(
            update={
                "statement": resolve_relative_days(
                    resolve_relative_periods(claim.statement, claim.claim_date or published),
                    published,
                )
            }
        )
        for claim in claims
    ]
    return [claim for claim in deduplicate(resolved) if not is_non_claim(claim.statement)]


def _result(claims: list[Claim]) -> ExtractionResult:
    return ExtractionResult(claims=claims, notes=[f"rules: {len(claims)} claims"])
