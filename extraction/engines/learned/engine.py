"""The `learned` engine: the rules engine's parse and candidates, kept or dropped by a
sentence classifier trained from strong-model labels and reviews (`claimdesk train`).

For one article:

1. The rules engine (`extraction.engines.rules`) segments and parses it with spaCy and
   finds its attributed claims (own-voice claims off: the classifier decides those).
2. `units.build_units` turns every prose sentence into a unit with its candidates: the
   rules claims of the sentence, an own-voice claim (claimant null, figure from
   `rules.quantities`, the publication date) and a claim inherited from the speaker named
   just before; and feature markers.
3. The model directory's spaCy `textcat_multilabel` scores each unit's labels; `decide`
   keeps the candidates whose label passes the model's thresholds (tuned at training).

Evidence is always a sentence sliced from the article text, so every claim grounds
exactly. `extract_batch` parses articles with `nlp.pipe` in batches and, for batches large
enough, spreads them over worker processes (`workers`, default: the CPU count up to 2),
so both cores of a small machine are used; `close` stops the workers.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from pydantic import Field
from spacy.language import Language

from extraction.engines.base import (
    EngineError,
    EngineOptions,
    EnginePlugin,
    EngineSettings,
    parse_options,
)
from extraction.engines.learned.analyser import SentenceAnalyser
from extraction.engines.learned.model_dir import (
    COMPONENT,
    ModelInfo,
    default_model_path,
    load_pipeline,
    read_model_info,
)
from extraction.engines.learned.units import LABEL_SCHEME, ArticleUnits, decide
from extraction.engines.rules.engine import rules_hash
from extraction.schema import Article, Claim, ExtractionResult

#: Articles per worker task when a batch is spread over processes.
CHUNK = 8
#: Largest number of worker processes.
MAX_WORKERS = 2

_CLASSIFIERS: dict[str, Language] = {}
_CLASSIFIER_LOCK = threading.Lock()
_SCORE_LOCK = threading.Lock()


def _classifier(info: ModelInfo) -> Language:
    """The model's spaCy pipeline, loaded once per process and directory."""
    key = str(info.path.resolve())
    with _CLASSIFIER_LOCK:
        nlp = _CLASSIFIERS.get(key)
        if nlp is None:
            nlp = load_pipeline(info)
            _CLASSIFIERS[key] = nlp
        return nlp


def score_units(nlp: Language, units: Sequence[ArticleUnits]) -> list[list[dict[str, float]]]:
    """Label scores of every unit of every article (one `nlp.pipe` over all sentences)."""
    texts = [unit.feature_text for item in units for unit in item.units]
    with _SCORE_LOCK:
        docs = list(nlp.pipe(texts, batch_size=256))
    flat = [dict(doc.cats) for doc in docs]
    scores: list[list[dict[str, float]]] = []
    position = 0
    for item in units:
        scores.append(flat[position : position + len(item.units)])
        position += len(item.units)
    return scores


class LearnedEngine(SentenceAnalyser):
    """Rules candidates kept by a trained sentence classifier (offline, CPU)."""

    name = "learned"
    #: Articles the pipeline hands to one `extract_batch` call.
    batch_size = 64

    def __init__(
        self,
        model_path: str | Path | None = None,
        spacy_model: str | None = None,
        workers: int | None = None,
    ) -> None:
        """Validate and load the model directory (default: the model in the package)."""
        super().__init__(spacy_model=spacy_model)
        self._info = read_model_info(model_path or default_model_path())
        self._nlp = _classifier(self._info)
        self._workers = max(1, min(workers or os.cpu_count() or 1, MAX_WORKERS))
        self._learned_pool: Executor | None = None

    # ---------------------------------------------------------------- protocol
    @property
    def model(self) -> str:
        """'learned-<model version>'."""
        return f"learned-{self._info.version}"

    @property
    def prompt_version(self) -> str:
        """The label scheme the model was trained with."""
        return LABEL_SCHEME

    @property
    def prompt_hash(self) -> str:
        """Hash of the model version, its thresholds and the rules that make candidates."""
        if self._hash is None:
            digest = hashlib.sha256(self._info.version.encode("utf-8"))
            digest.update(repr(sorted(self._info.thresholds.items())).encode("utf-8"))
            digest.update(rules_hash().encode("utf-8"))
            self._hash = digest.hexdigest()
        return self._hash

    @property
    def parameters(self) -> dict[str, Any]:
        """Options recorded with a run."""
        return {
            "model_path": str(self._info.path),
            "model_version": self._info.version,
            "thresholds": dict(self._info.thresholds),
            "spacy_model": super().parameters["spacy_model"],
        }

    @property
    def info(self) -> ModelInfo:
        """The loaded model directory."""
        return self._info

    def extract_batch(self, articles: Sequence[Article]) -> list[ExtractionResult | EngineError]:
        """One result (or EngineError) per article, in order; parsed in batches, and in
        worker processes when the batch is large enough to keep them busy."""
        if self._workers > 1 and len(articles) >= 2 * CHUNK:
            return self._in_workers(articles)
        return _extract_chunk(self, list(articles))

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._learned_pool is not None:
            self._learned_pool.shutdown()
            self._learned_pool = None
        super().close()

    # ---------------------------------------------------------------- decisions
    def scores(self, units: Sequence[ArticleUnits]) -> list[list[dict[str, float]]]:
        """The model's label scores for analysed articles."""
        return score_units(self._nlp, units)

    def decide(
        self,
        units: ArticleUnits,
        scores: Sequence[Mapping[str, float]],
        thresholds: Mapping[str, float] | None = None,
    ) -> list[Claim]:
        """Claims of analysed units under the model's (or the given) thresholds."""
        return decide(units, scores, thresholds or self._info.thresholds)

    def claims_of(self, units: ArticleUnits) -> list[Claim]:
        """The claims the model keeps among an article's candidates."""
        return self.decide(units, self.scores([units])[0])

    # ---------------------------------------------------------------- workers
    def _in_workers(self, articles: Sequence[Article]) -> list[ExtractionResult | EngineError]:
        if self._learned_pool is None:
            # forkserver: workers start from a clean process, not from a copy of this one
            # (which may run other threads: the pipeline's writer, a progress bar)
            methods = multiprocessing.get_all_start_methods()
            method = "forkserver" if "forkserver" in methods else "spawn"
            context = multiprocessing.get_context(method)
            self._learned_pool = ProcessPoolExecutor(
                max_workers=self._workers,
                mp_context=context,
                initializer=_init_worker,
                initargs=(str(self._info.path), self._spacy_model),
            )
        chunks = [list(articles[i : i + CHUNK]) for i in range(0, len(articles), CHUNK)]
        results: list[ExtractionResult | EngineError] = []
        for part in self._learned_pool.map(_worker_chunk, chunks):
            results.extend(part)
        return results


def _extract_chunk(engine: LearnedEngine, articles: list[Article]) -> list[Any]:
    """extract_many with every failure turned into that article's EngineError."""
    try:
        return list(engine.extract_many(articles))
    except Exception:  # name the failing article: one at a time
        return [_extract_one(engine.extract, article) for article in articles]


def _extract_one(
    extract: Callable[[Article], ExtractionResult], article: Article
) -> ExtractionResult | EngineError:
    try:
        return extract(article)
    except EngineError as error:
        return error
    except Exception as error:  # an engine bug must not stop the batch
        return EngineError(f"learned engine failed on article {article.id}: {error}")


_WORKER: LearnedEngine | None = None


def _init_worker(model_path: str, spacy_model: str | None) -> None:
    global _WORKER
    _WORKER = LearnedEngine(model_path=model_path, spacy_model=spacy_model, workers=1)


def _worker_chunk(articles: list[Article]) -> list[Any]:
    if _WORKER is None:  # pragma: no cover - the initializer always ran
        raise EngineError("learned engine worker was not initialised")
    return _extract_chunk(_WORKER, articles)


class LearnedOptions(EngineOptions):
    """The learned engine's options (`--model-path DIR`, `-o key=value`)."""

    model_path: str | None = Field(
        None, description="Model directory written by `claimdesk train` (default: packaged)."
    )
    spacy_model: str | None = Field(
        None, description="spaCy package or path for the parse (default: the model's own)."
    )
    workers: int | None = Field(
        None, ge=1, description="Processes that extract a large batch (default: the CPUs)."
    )


def create_engine(settings: EngineSettings) -> LearnedEngine:
    """Build the learned engine from its typed options (an option it does not take, such as
    an LLM engine's `temperature`, is a one-line EngineConfigError)."""
    options = parse_options("learned", LearnedOptions, settings.options or {})
    return LearnedEngine(
        model_path=options.model_path,
        spacy_model=options.spacy_model,
        workers=options.workers,
    )


#: The `claimdesk.engines` entry point of this engine.
PLUGIN = EnginePlugin(
    factory=create_engine,
    options=LearnedOptions,
    summary="rules candidates kept by a classifier trained from a strong LLM and reviews"
    " (offline; the default)",
)


__all__: list[str] = [
    "COMPONENT",
    "PLUGIN",
    "LearnedEngine",
    "LearnedOptions",
    "create_engine",
    "score_units",
]
