"""`claimdesk train`: labelled articles in, a versioned learned-model directory out.

Steps: load the inputs (gold/silver files, an extraction run, reviews) -> refuse articles
of `--dev` / `--exclude` files (by text hash) -> analyse every article into sentence
units with the rules engine -> label the units -> split off a held-out part (by seed) ->
train the classifier with spaCy's trainer -> tune the decision thresholds on the held-out
part (coordinate ascent on all-correct F1) -> write the model directory (to a temporary
sibling first, renamed at the end, so a failed run leaves nothing) -> score `--dev`.
Bad input raises `TrainingInputError` before anything is written. The threshold tuning
lives in `thresholds`, the model directory's version hash and manifest in `model_files`.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy

from extraction.engines.learned.analyser import SentenceAnalyser
from extraction.engines.learned.engine import LearnedEngine, score_units
from extraction.engines.learned.model_dir import (
    FORMAT_VERSION,
    MODEL_FORMAT,
    PIPELINE_DIR,
)
from extraction.engines.learned.units import (
    LABEL_SCHEME,
    LABELS,
    ArticleUnits,
)
from extraction.evaluation.bootstrap import bootstrap
from extraction.evaluation.gold import GoldFileError, load_gold
from extraction.evaluation.runner import run_eval
from extraction.schema import GoldArticle, GoldClaim
from extraction.store.connection import Store
from extraction.training.labels import unit_labels
from extraction.training.model_files import model_version, write_manifest
from extraction.training.sources import (
    LabelledArticle,
    SourceRecord,
    TrainingInputError,
    excluded_hashes,
    load_labelled_file,
    load_reviews,
    load_run,
    text_keys,
)
from extraction.training.spacy_train import (
    ARCHITECTURES,
    Example,
    clean_config,
    train_classifier,
)
from extraction.training.thresholds import GRIDS, TUNING_ROUNDS, tune_thresholds

__all__ = [
    "GRIDS",
    "TUNING_ROUNDS",
    "ProgressFn",
    "TrainOutcome",
    "TrainRequest",
    "check_leaks",
    "load_inputs",
    "split_heldout",
    "train",
    "tune_thresholds",
]

#: Phase, done, total: the CLI draws a progress bar per phase.
ProgressFn = Callable[[str, int, int], None]


@dataclass(frozen=True)
class TrainRequest:
    """What to train on and how."""

    out: Path
    files: Sequence[Path] = ()
    runs: Sequence[str] = ()
    reviews: bool = False
    db: Path | None = None
    dev: Path | None = None
    exclude: Sequence[Path] = ()
    seed: int = 0
    epochs: int = 10
    max_steps: int = 0
    arch: str = "bow"
    heldout: float = 0.15
    #: Held-out articles are drawn only from articles whose id matches this regex (None:
    #: from all): tune on the articles most like the text the model will meet.
    heldout_from: str | None = None
    overwrite: bool = False


@dataclass
class TrainOutcome:
    """What a training run produced."""

    path: Path
    manifest: dict[str, Any]
    seconds: float
    n_articles: int
    n_units: int
    metrics: dict[str, Any] | None = None
    warnings: list[str] = field(default_factory=list)


def _check_request(request: TrainRequest) -> None:
    if request.arch not in ARCHITECTURES:
        raise TrainingInputError(f"--arch must be one of {', '.join(ARCHITECTURES)}")
    if not request.files and not request.runs and not request.reviews:
        raise TrainingInputError(
            "no training input: give gold/silver files, --from-run or --from-reviews"
        )
    if request.epochs < 1:
        raise TrainingInputError("--epochs must be at least 1")
    if not 0.0 <= request.heldout < 1.0:
        raise TrainingInputError("--heldout must lie in [0, 1)")
    if request.heldout_from is not None:
        try:
            re.compile(request.heldout_from)
        except re.error as error:
            raise TrainingInputError(f"--heldout-from: not a regular expression: {error}") from None
    for path in [*request.files, *request.exclude, *([request.dev] if request.dev else [])]:
        if not path.is_file():
            raise TrainingInputError(f"{path}: no such file")
    out = request.out
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not request.overwrite:
        raise TrainingInputError(f"{out}: exists and is not empty (use --overwrite to replace it)")
    if (request.runs or request.reviews) and request.db is not None and not request.db.exists():
        raise TrainingInputError(f"{request.db}: no such database")


def load_inputs(request: TrainRequest) -> tuple[list[LabelledArticle], list[SourceRecord]]:
    """Every labelled article of the request's inputs, with one record per input."""
    articles: list[LabelledArticle] = []
    records: list[SourceRecord] = []
    for path in request.files:
        found, record = load_labelled_file(path)
        articles.extend(found)
        records.append(record)
    if request.runs or request.reviews:
        store = Store(request.db)
        if not store.path.exists():
            raise TrainingInputError(f"{store.path}: no such database")
        for ref in request.runs:
            found, record = load_run(store, ref)
            articles.extend(found)
            records.append(record)
        if request.reviews:
            found, record = load_reviews(store)
            articles.extend(found)
            records.append(record)
    if not articles:
        raise TrainingInputError("the training set is empty: the inputs hold no articles")
    if not any(item.claims or item.rejected for item in articles):
        raise TrainingInputError(
            f"the training set has no labels: {len(articles)} articles and not one claim"
        )
    return _unique(articles), records


def _unique(articles: Sequence[LabelledArticle]) -> list[LabelledArticle]:
    """One labelled article per text (the first input that gives it wins)."""
    seen: set[str] = set()
    kept: list[LabelledArticle] = []
    for item in articles:
        if item.text_hash in seen:
            continue
        seen.add(item.text_hash)
        kept.append(item)
    return kept


def check_leaks(articles: Sequence[LabelledArticle], request: TrainRequest) -> None:
    """Refuse to train on any article of the --dev or --exclude files (by text hash)."""
    protected = [*([request.dev] if request.dev else []), *request.exclude]
    if not protected:
        return
    hashes = excluded_hashes(protected)
    leaks: dict[str, list[str]] = {}
    for item in articles:
        for key in text_keys(item.article.text):
            if key in hashes:
                leaks.setdefault(hashes[key], []).append(
                    item.article.external_id or item.article.id
                )
                break
    if leaks:
        name, ids = next(iter(leaks.items()))
        total = sum(len(found) for found in leaks.values())
        raise TrainingInputError(
            f"refusing to train: {total} training article(s) are articles of {name}"
            f" (matched by text hash, e.g. {ids[0]!r}); remove them from the training inputs"
        )


def split_heldout(
    articles: Sequence[LabelledArticle], fraction: float, seed: int, drawn_from: str | None = None
) -> tuple[list[int], list[int]]:
    """Indices of training and held-out articles (held-out: complete labels only, and
    with `drawn_from` only articles whose id matches it; `fraction` is of those)."""
    order = list(range(len(articles)))
    random.Random(seed).shuffle(order)
    pattern = re.compile(drawn_from) if drawn_from is not None else None
    candidates = [
        index
        for index in order
        if articles[index].complete
        and (pattern is None or pattern.search(articles[index].article.id))
    ]
    count = round(len(candidates) * fraction)
    if fraction > 0 and count == 0 and len(candidates) >= 2:
        count = 1
    held = sorted(candidates[:count])
    held_set = set(held)
    return [index for index in range(len(articles)) if index not in held_set], held


def _examples(units: ArticleUnits, labels: Sequence[Mapping[str, float]]) -> list[Example]:
    return [
        (unit.feature_text, dict(cats))
        for unit, cats in zip(units.units, labels, strict=True)
        if cats
    ]


def _gold(item: LabelledArticle) -> GoldArticle:
    return GoldArticle(
        **item.article.model_dump(),
        claims=[GoldClaim(**claim.model_dump()) for claim in item.claims],
    )


def _metrics(gold_path: Path, model_dir: Path) -> dict[str, Any]:
    try:
        golds = load_gold(gold_path)
    except GoldFileError as error:
        raise TrainingInputError(str(error)) from error
    engine = LearnedEngine(model_path=model_dir, workers=1)
    run = run_eval(golds, engine)
    intervals = bootstrap(run.score.articles)
    result = run.score
    return {
        "gold": str(gold_path),
        "n_articles": result.n_articles,
        "n_gold": result.n_gold,
        "n_pred": result.n_pred,
        "claims": result.claims.as_dict(),
        "all_correct": result.all_correct.as_dict(),
        "fields": dict(result.fields),
        "grounding_rate": result.grounding_rate,
        "intervals": intervals.as_dict(),
    }


def train(request: TrainRequest, progress: ProgressFn | None = None) -> TrainOutcome:
    """Run a whole training (see the module docstring); raise TrainingInputError on bad
    input, before anything is written."""
    started = time.perf_counter()
    report = progress or (lambda phase, done, total: None)
    _check_request(request)
    articles, records = load_inputs(request)
    check_leaks(articles, request)
    analyser = SentenceAnalyser()
    units: list[ArticleUnits] = []
    batch = 16
    for offset in range(0, len(articles), batch):
        chunk = articles[offset : offset + batch]
        units.extend(analyser.analyse_many([item.article for item in chunk]))
        report("analysing articles", min(offset + batch, len(articles)), len(articles))
    labels = [unit_labels(unit, item) for unit, item in zip(units, articles, strict=True)]
    n_labelled = sum(1 for cats in labels for unit_cats in cats if unit_cats)
    if n_labelled == 0:
        raise TrainingInputError("the training set has no labels: no sentence carries a claim")
    train_idx, held_idx = split_heldout(
        articles, request.heldout, request.seed, request.heldout_from
    )
    train_examples = [ex for i in train_idx for ex in _examples(units[i], labels[i])]
    held_examples = [ex for i in held_idx for ex in _examples(units[i], labels[i])]
    if not train_examples:
        raise TrainingInputError("the training set has no labels: no sentence carries a claim")
    out = request.out
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        with tempfile.TemporaryDirectory(prefix="claimdesk-train-") as workdir:
            nlp, config = train_classifier(
                train_examples,
                held_examples,
                Path(workdir),
                seed=request.seed,
                epochs=request.epochs,
                arch=request.arch,
                max_steps=request.max_steps,
                progress=lambda done, total: report("training", done, total),
            )
        steps = config["training"]["max_steps"]
        report("training", steps, steps)
        held_golds = [_gold(articles[i]) for i in held_idx]
        held_units = [units[i] for i in held_idx]
        report("tuning thresholds", 0, 1)
        held_scores = score_units(nlp, held_units)
        thresholds, tuned = tune_thresholds(held_golds, held_units, held_scores)
        report("tuning thresholds", 1, 1)
        nlp.to_disk(staging / PIPELINE_DIR)
        clean_config(staging / PIPELINE_DIR / "config.cfg")
        version = model_version(staging / PIPELINE_DIR, thresholds)
        manifest: dict[str, Any] = {
            "format": MODEL_FORMAT,
            "format_version": FORMAT_VERSION,
            "version": version,
            "label_scheme": LABEL_SCHEME,
            "labels": list(LABELS),
            "thresholds": thresholds,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "seed": request.seed,
            "spacy_version": spacy.about.__version__,
            "inputs": [record.as_dict() for record in records],
            "training": {
                "architecture": request.arch,
                "epochs": request.epochs,
                "max_steps": int(config["training"]["max_steps"]),
                "n_articles": len(articles),
                "n_train_articles": len(train_idx),
                "n_heldout_articles": len(held_idx),
                "heldout_from": request.heldout_from,
                "n_train_sentences": len(train_examples),
                "n_heldout_sentences": len(held_examples),
                "heldout": tuned,
            },
            "metrics": None,
        }
        write_manifest(staging, manifest)
        metrics = None
        if request.dev is not None:
            report("scoring --dev", 0, 1)
            metrics = _metrics(request.dev, staging)
            manifest["metrics"] = metrics
            report("scoring --dev", 1, 1)
        manifest["training"]["seconds"] = round(time.perf_counter() - started, 1)
        write_manifest(staging, manifest)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    warnings = [line for record in records for line in record.skipped]
    return TrainOutcome(
        path=out,
        manifest=manifest,
        seconds=time.perf_counter() - started,
        n_articles=len(articles),
        n_units=len(train_examples) + len(held_examples),
        metrics=metrics,
        warnings=warnings,
    )
