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
outside it, so one engine instance may be shared by worker threads. `extract_batch`
parses a batch of articles with `nlp.pipe` (about 10-20% faster than one `extract` each),
on worker processes (`workers`) when the batch is large.

Modules, by concern: `nlp` (the spaCy model), `documents` (an article made ready for
parsing), `context` (per-article state), `speakers` (quotations and continuations),
`referents` (what "the reports" refers to), `claims` (claims from attributions),
`workers` (the process pool), `lexicon` + `wordlists` (the word lists in data/). This
module holds the engine, its options and its plugin entry; names that used to live
here stay importable from it.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import threading
import warnings
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import spacy
from spacy.tokens import Doc, Span

from extraction.engines.base import (
    EngineBase,
    EngineConfigError,
    EngineError,
    EnginePlugin,
    EngineSettings,
    extract_one,
    parse_options,
)
from extraction.engines.rules import lexicon
from extraction.engines.rules.claims import ClaimBuilder, _result
from extraction.engines.rules.documents import _Prepared, prepare, sentences
from extraction.engines.rules.nlp import _PARSE_LOCK, MODEL_PACKAGES, available_model, load_model
from extraction.engines.rules.options import RulesOptions
from extraction.engines.rules.workers import WorkerPool
from extraction.schema import Article, Claim, ExtractionResult

#: Guards the creation of an engine's worker pool (batches may come from several threads).
_POOL_LOCK = threading.Lock()


def rules_hash() -> str:
    """sha256 of the word-list files and of the rule modules' source: any rule change
    changes it."""
    digest = hashlib.sha256(lexicon.lexicon_fingerprint().encode("utf-8"))
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()


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
            with _POOL_LOCK:
                if self._pool is None:
                    factory = functools.partial(
                        RulesEngine,
                        self._spacy_model,
                        self._prompt_version,
                        self._own_voice,
                        self._split,
                    )
                    self._pool = WorkerPool(self.workers, factory)
                pool = self._pool
            try:
                return pool.run(articles)
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
        with _POOL_LOCK:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

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
        """Tokenise an article for parsing (`documents.prepare`)."""
        return prepare(load_model(self._spacy_model), article)

    def _claims(self, prepared: _Prepared) -> list[Claim]:
        """Claims from a parsed article."""
        found, blocks_of = sentences(prepared)
        title = prepared.title_doc if isinstance(prepared.title_doc, Doc) else None
        return self._extract(prepared.article, found, blocks_of, prepared.quotes, title)

    def _extract(
        self,
        article: Article,
        sentences: list[Span],
        blocks_of: list[int],
        quotes: list[tuple[int, int]],
        title: Doc | None,
    ) -> list[Claim]:
        """Claims from an article's sentences (`claims.ClaimBuilder`)."""
        builder = ClaimBuilder(self._own_voice, self._split)
        return builder._extract(article, sentences, blocks_of, quotes, title)


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
    summary="deterministic attribution rules on spaCy; no LLM, no network",
)


#: Names this module held before it was split by concern (or imported), and the rule
#: module that holds them now: `from extraction.engines.rules.engine import X` still works.
_MOVED: dict[str, str] = {
    "Attribution": "attribution",
    "find_attributions": "attribution",
    "combine": "certainty",
    "cue_certainty": "certainty",
    "phrase_certainty": "certainty",
    "predicate_hedged": "certainty",
    "ClaimantResolver": "claimants",
    "Resolved": "claimants",
    "source_mentions": "claimants",
    "Certainty": "claims",
    "ClaimantType": "claims",
    "DUPLICATE_SIMILARITY": "claims",
    "Iterable": "claims",
    "ValidationError": "claims",
    "_ANY_DAY": "claims",
    "_certainty": "claims",
    "_deduplicate": "claims",
    "_stance_of": "claims",
    "_Context": "context",
    "_evidence": "context",
    "_is_question": "context",
    "_quoted_tokens": "context",
    "_sentence_span": "context",
    "_source_key": "context",
    "field": "context",
    "date_in_tokens": "dates",
    "BLOCK_SEPARATOR": "documents",
    "MAX_DOC_CHARS": "documents",
    "Token": "documents",
    "_closes_quote_after_stop": "documents",
    "_force_block_starts": "documents",
    "bisect_right": "documents",
    "dataclass": "documents",
    "DISABLED_PIPES": "nlp",
    "Language": "nlp",
    "_LOAD_LOCK": "nlp",
    "_MODELS": "nlp",
    "main_quantity": "quantities",
    "Quantity": "referents",
    "_previous_claim": "referents",
    "_recent_report": "referents",
    "_referent_quantity": "referents",
    "_referent_statement": "referents",
    "_sentence_proposition": "referents",
    "_title_statement": "referents",
    "Block": "segments",
    "prose_blocks": "segments",
    "quote_spans": "segments",
    "quoted_share": "segments",
    "QUOTED": "speakers",
    "_FUTURE_AUX": "speakers",
    "_add_colon_and_quote_speakers": "speakers",
    "_colon_speaker": "speakers",
    "_inherit": "speakers",
    "_neighbour_speaker": "speakers",
    "_reported_continuation": "speakers",
    "_speaker_of_quotes": "speakers",
    "replace": "speakers",
    "absolute": "statements",
    "absolute_end": "statements",
    "build_statement": "statements",
    "clean_statement": "statements",
    "embedded_clause": "statements",
    "has_clause": "statements",
    "is_opinion": "statements",
    "own_voice_checkworthy": "statements",
    "span_text": "statements",
    "split_conjuncts": "statements",
    "substitute_claimant": "statements",
}


def __getattr__(name: str) -> Any:
    """Old import paths of names that moved to the rule modules (PEP 562)."""
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"extraction.engines.rules.{module}"), name)


__all__: list[str] = [
    "MODEL_PACKAGES",
    "PLUGIN",
    "RulesEngine",
    "RulesOptions",
    "create_engine",
    "load_model",
]
