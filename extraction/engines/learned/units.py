"""Sentence units: what the `learned` engine's classifier reads and decides on.

The rules engine parses an article (spaCy `en_core_web_sm`) and finds its attributed
claims; each prose sentence then becomes a `SentenceUnit` that carries

- its character span in the article text and its statement (rules' statement builder);
- the rules engine's attributed claims whose evidence starts in it;
- an own-voice candidate (claimant null, the publication's date, the figure of
  `rules.quantities`) and, when a speaker was named just before, an inherited candidate
  (that speaker, for quotation and continuation sentences the rules did not attribute);
- feature markers (`xx...` tokens: quoted, figure, day, position, neighbours, the rules'
  own findings) prepended to the sentence text for the classifier (`feature_text`).

The classifier's labels (`LABELS`) say which candidates to keep; `decide` turns scores
and thresholds into claims. Training (extraction.training) builds the same units for
labelled articles, so the engine and the trainer read sentences identically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process
from spacy.tokens import Span, Token

from extraction.engines.learned.features import hedged as is_hedged
from extraction.engines.learned.features import is_report_frame as is_report_frame
from extraction.engines.learned.features import sentence_markers
from extraction.engines.learned.figure_split import figure_variants
from extraction.engines.learned.part_statements import describe_part
from extraction.engines.learned.propositions import clause_parts
from extraction.engines.learned.result_lists import results_list_parts
from extraction.engines.rules import lexicon
from extraction.engines.rules.certainty import passes_on_unverified
from extraction.engines.rules.claims import finish_claims
from extraction.engines.rules.dates import date_in_tokens
from extraction.engines.rules.quantities import find_figures, main_quantity
from extraction.engines.rules.segments import quoted_share
from extraction.engines.rules.statements import (
    absolute,
    absolute_end,
    build_statement,
    own_voice_checkworthy,
)
from extraction.schema import Article, Certainty, Claim, ClaimantType, Quantity

#: The label scheme this code reads and writes; a model trained with another is refused.
#: (v2: the syntax markers of `features._syntax_markers` joined the features; v3: parts
#: split once per figure group, `figure_split`, and the `xxfigparts` marker.)
LABEL_SCHEME = "claimdesk-sentence-v3"
#: Keep the own-voice candidate (a gold claim with claimant null rests on the sentence).
OWN = "OWN"
#: Keep the rules engine's attributed claims of the sentence.
RULES = "RULES"
#: Keep the inherited candidate (the speaker named just before makes the claim).
INHERIT = "INHERIT"
#: Some gold claim with a named claimant rests on the sentence (reported, not decided on).
ATTR = "ATTR"
#: The claim resting on the sentence is hedged (applies to own and inherited candidates).
HEDGED = "HEDGED"
#: Several claims by one claimant rest on the sentence: its proposition parts are claims.
MULTI = "MULTI"
#: The claims resting on the sentence have a figure (below the threshold: no quantity).
QUANTITY = "QUANTITY"
LABELS: tuple[str, ...] = (OWN, RULES, INHERIT, ATTR, HEDGED, MULTI, QUANTITY)

#: Decision thresholds used when a model directory gives none.
DEFAULT_THRESHOLDS: dict[str, float] = {
    OWN: 0.5,
    RULES: 0.3,
    INHERIT: 0.5,
    HEDGED: 0.5,
    MULTI: 0.5,
    QUANTITY: 0.0,
}
#: A part belongs to a rules claim when its statement is this contained in the claim's.
PART_OF_CLAIM = 90.0
#: A part is an attributed claim's when no more than this share of its words is missing
#: from the claim's statement and claimant.
UNCOVERED_SHARE = 0.1
#: Sentences before the current one in which an inherited speaker is looked for.
INHERIT_WINDOW = 3
#: Statements this similar (rapidfuzz token-sort ratio) by one claimant are one claim.
#: Shortest statement kept (characters).
MIN_STATEMENT = 12
#: Stand-in publication date used only to ask "does this name a day?".
_ANY_DAY = dt.date(2000, 6, 15)


@dataclass
class SentenceUnit:
    """One prose sentence of an article with its candidates and features."""

    index: int
    start: int
    end: int
    text: str
    statement: str
    quantity: Quantity | None
    hedged: bool
    markers: list[str]
    rules_claims: list[Claim] = field(default_factory=list)
    inherit_from: Claim | None = None
    parts: list[tuple[str, Quantity | None]] = field(default_factory=list)
    #: The sentence only frames a report ("The minister has said.", "The mayor stated on
    #: Friday, citing intelligence"): no own-voice claim rests on it.
    frame: bool = False
    #: The sentence passes on a report its writer has not verified ("reportedly"): its
    #: own-voice claims are unconfirmed.
    unverified: bool = False

    @property
    def feature_text(self) -> str:
        """Markers, then the sentence: what the classifier reads."""
        return " ".join([*self.markers, "xxsep", self.text])


@dataclass
class ArticleUnits:
    """An article's sentence units, in reading order."""

    article: Article
    units: list[SentenceUnit]


def sentence_span(sentence: Span) -> tuple[int, int]:
    """Absolute (start, end) of a sentence in the article text, without edge whitespace."""
    tokens = [token for token in sentence if not token.is_space]
    if not tokens:
        return absolute(sentence[0]), absolute(sentence[0])
    return absolute(tokens[0]), absolute_end(tokens[-1])


def _owner(spans: Sequence[tuple[int, int]], start: int) -> int | None:
    """The sentence whose span holds offset `start` (or the first one after it)."""
    for index, (left, right) in enumerate(spans):
        if start < right and start >= left - 1:
            return index
    for index, (left, _) in enumerate(spans):
        if left >= start:
            return index
    return None


def _assign_rules_claims(
    text: str, spans: Sequence[tuple[int, int]], claims: Sequence[Claim]
) -> tuple[list[list[Claim]], set[int]]:
    """Rules claims per sentence (by where their evidence starts) and the sentences any
    rules evidence covers."""
    per_sentence: list[list[Claim]] = [[] for _ in spans]
    covered: set[int] = set()
    for claim in claims:
        start = text.find(claim.evidence)
        if start < 0:
            continue
        end = start + len(claim.evidence)
        owner = _owner(spans, start)
        if owner is None:
            continue
        per_sentence[owner].append(claim)
        covered.update(i for i, (left, right) in enumerate(spans) if left < end and start < right)
    return per_sentence, covered


def reported_content(sentence: Span) -> list[Token]:
    """What a sentence reports: the clause a reporting verb at its root introduces ("the
    commission confirmed that [...]"), else the whole sentence."""
    root = sentence.root
    lemma = root.lemma_.lower()
    if lemma in lexicon.SPEECH_VERBS or lemma in lexicon.CONFIRM_VERBS:
        for child in root.children:
            if child.dep_ == "ccomp":
                return [token for token in child.subtree if not token.is_space]
    return [token for token in sentence if not token.is_space]


def proposition_parts(
    text: str, sentence: Span, several_figures: bool = True
) -> tuple[list[tuple[str, Quantity | None]], bool]:
    """A sentence's proposition parts with their figures: its clause parts, each split
    once per figure group where it states several separate figures, or the sentence split
    that way when it has no clause parts; and whether a figure split was made. With
    `several_figures` False (the sentence has fewer than two figures) no split is tried."""
    clauses = clause_parts(sentence)
    pieces = clauses or [reported_content(sentence)]
    parts: list[tuple[str, Quantity | None]] = []
    by_figure = False
    for piece in pieces:
        variants = figure_variants(piece) if several_figures else []
        if variants:
            by_figure = True
            listed = results_list_parts(text, variants, piece)
            if listed is None:
                listed = [
                    describe_part(text, tokens, found.to_quantity()) for tokens, found in variants
                ]
            parts.extend(listed)
        elif clauses:
            parts.append(describe_part(text, piece, main_quantity(piece)))
    return parts, by_figure


def build_units(
    article: Article,
    sentences: Sequence[Span],
    blocks_of: Sequence[int],
    quotes: list[tuple[int, int]],
    rules_claims: Sequence[Claim],
) -> ArticleUnits:
    """The sentence units of a parsed article, given the rules engine's attributed claims."""
    text = article.text
    spans = [sentence_span(sentence) for sentence in sentences]
    per_sentence, covered = _assign_rules_claims(text, spans, rules_claims)
    published = article.published
    units: list[SentenceUnit] = []
    last_speaker: tuple[int, Claim] | None = None
    for index, sentence in enumerate(sentences):
        start, end = spans[index]
        tokens = [token for token in sentence if not token.is_space]
        if not tokens or end <= start:
            continue
        quantity = main_quantity(tokens)
        figures = len(find_figures(tokens)) if quantity is not None else 0
        has_day = date_in_tokens(tokens, published or _ANY_DAY) is not None
        share = quoted_share(start, end, quotes, text)
        markers = sentence_markers(index, sentence, tokens, blocks_of, per_sentence, covered, share)
        if quantity is not None:
            markers.append("xxnum")
            if figures > 1:
                markers.append(f"xxfigs{min(figures, 3)}")
        if has_day:
            markers.append("xxday")
        if own_voice_checkworthy(sentence, quantity is not None, has_day):
            markers.append("xxcheckworthy")
        hedged = is_hedged(sentence)
        if hedged:
            markers.append("xxhedgecue")
        parts, by_figure = proposition_parts(text, sentence, several_figures=figures > 1)
        if parts:
            markers.append(f"xxparts{min(len(parts), 3)}")
        if by_figure:
            markers.append("xxfigparts")
        inherit_from = None
        if not per_sentence[index] and last_speaker is not None:
            distance = index - last_speaker[0]
            if distance <= INHERIT_WINDOW:
                inherit_from = last_speaker[1]
                markers.append(f"xxinherit{distance}")
        units.append(
            SentenceUnit(
                index=index,
                start=start,
                end=end,
                text=text[start:end],
                statement=build_statement(text, tokens),
                quantity=quantity,
                hedged=hedged,
                markers=markers,
                rules_claims=list(per_sentence[index]),
                inherit_from=inherit_from,
                parts=parts,
                frame=is_report_frame(sentence),
                unverified=passes_on_unverified(text[start:end]),
            )
        )
        named = [claim for claim in per_sentence[index] if claim.claimant]
        if named:
            last_speaker = (index, named[-1])
    return ArticleUnits(article=article, units=units)


# ------------------------------------------------------------------ decisions


def _certainty(scores: Mapping[str, float], threshold: float) -> Certainty:
    if scores.get(HEDGED, 0.0) >= threshold:
        return Certainty.hedged
    return Certainty.asserted


def _propositions(unit: SentenceUnit, multi: bool) -> list[tuple[str, Quantity | None]]:
    """The sentence as one proposition, or its parts when several claims rest on it."""
    if multi and unit.parts:
        return list(unit.parts)
    return [(unit.statement, unit.quantity)]


def _parts_inside(claim: Claim, parts: Sequence[tuple[str, Quantity | None]]) -> list[int]:
    """Indexes of the sentence parts whose words the claim's statement holds."""
    return [
        index
        for index, (statement, _) in enumerate(parts)
        if fuzz.token_set_ratio(statement, claim.statement, processor=default_process)
        >= PART_OF_CLAIM
    ]


def _rules_claims(unit: SentenceUnit, multi: bool, figures: bool) -> list[Claim]:
    """The rules claims of a unit (without their figure when the sentence's claims have
    none); when several claims rest on the sentence, each rules claim whose statement
    holds two or more of the sentence's parts is split into them (a part goes to one
    claim only)."""
    claims = list(unit.rules_claims)
    if not figures:
        claims = [claim.model_copy(update={"quantity": None}) for claim in claims]
    if not multi or not unit.parts:
        return claims
    used: set[int] = set()
    result: list[Claim] = []
    for claim in claims:
        inside = [index for index in _parts_inside(claim, unit.parts) if index not in used]
        kept = [index for index in inside if len(unit.parts[index][0]) >= MIN_STATEMENT]
        if len(kept) < 2:
            result.append(claim)
            continue
        used.update(kept)
        for index in kept:
            statement, quantity = unit.parts[index]
            result.append(
                claim.model_copy(
                    update={"statement": statement, "quantity": quantity if figures else None}
                )
            )
    return result


def _made_by_claimant(statement: str, attributed: Sequence[Claim]) -> bool:
    """True when an attributed claim of the sentence (kept or not) states the proposition
    (its words hold the statement's, or its words and its claimant's name hold nearly all
    of them: "X had promised 300 buses according to city officials"): the sentence reports
    what a named speaker says, so the publication does not assert it in its own voice."""
    return any(
        fuzz.token_set_ratio(statement, claim.statement, processor=default_process) >= PART_OF_CLAIM
        or _covered(statement, f"{claim.statement} {claim.claimant or ''}")
        for claim in attributed
    )


def _covered(statement: str, words_of: str) -> bool:
    """True when all but `UNCOVERED_SHARE` of the statement's words occur in `words_of`."""
    words = set(default_process(statement).split())
    said = set(default_process(words_of).split())
    return bool(words) and len(words - said) <= UNCOVERED_SHARE * len(words)


def decide(
    article_units: ArticleUnits,
    scores: Sequence[Mapping[str, float]],
    thresholds: Mapping[str, float],
) -> list[Claim]:
    """The claims of an article: each unit's candidates kept where its label scores pass
    the thresholds (`scores[i]` belongs to `article_units.units[i]`)."""
    article = article_units.article
    claims: list[Claim] = []
    for unit, score in zip(article_units.units, scores, strict=True):
        multi = score.get(MULTI, 0.0) >= thresholds[MULTI]
        figures = score.get(QUANTITY, 0.0) >= thresholds[QUANTITY]
        attributed: list[Claim] = []
        if unit.rules_claims and score.get(RULES, 0.0) >= thresholds[RULES]:
            attributed = _rules_claims(unit, multi, figures)
            claims.extend(attributed)
        if len(unit.statement) < MIN_STATEMENT or unit.statement.endswith("?"):
            continue
        certainty = Certainty.hedged if unit.hedged else _certainty(score, thresholds[HEDGED])
        keep_own = score.get(OWN, 0.0) >= thresholds[OWN]
        source = unit.inherit_from
        keep_inherited = source is not None and score.get(INHERIT, 0.0) >= thresholds[INHERIT]
        for statement, found in _propositions(unit, multi):
            if len(statement) < MIN_STATEMENT:
                continue
            quantity = found if figures else None
            if keep_own and not unit.frame and not _made_by_claimant(statement, unit.rules_claims):
                claims.append(
                    Claim(
                        statement=statement,
                        claimant=None,
                        claimant_type=ClaimantType.media,
                        quantity=quantity,
                        claim_date=article.published,
                        certainty=Certainty.unconfirmed if unit.unverified else certainty,
                        evidence=unit.text,
                    )
                )
            if keep_inherited and source is not None:
                claims.append(
                    Claim(
                        statement=statement,
                        claimant=source.claimant,
                        claimant_type=source.claimant_type,
                        quantity=quantity,
                        claim_date=source.claim_date,
                        certainty=certainty,
                        evidence=unit.text,
                    )
                )
    return finish_claims(claims, article.published)
