"""Train the sentence classifier with spaCy's own trainer (`spacy.training.loop.train`).

The pipeline is a blank English tokenizer and one `textcat_multilabel` component: a
bag-of-ngrams linear model (`bow`, small and fast) or spaCy's ensemble of that model with
a small CNN over hashed word features (`ensemble`). Training data go through DocBin files
and `spacy.Corpus.v1` like any `spacy train` run; the config is generated here, recorded
in the model directory, and seeded (`[training] seed`), so one seed gives one model.
A `claimdesk.progress.v1` logger reports every step to a callback (the CLI's progress bar
with its ETA) instead of spaCy's table.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import DocBin
from spacy.training.initialize import init_nlp
from spacy.training.loop import train as spacy_train
from spacy.util import registry
from thinc.api import Config

from extraction.engines.learned.units import LABELS

#: (feature text, labels) of one sentence.
Example = tuple[str, dict[str, float]]
ProgressFn = Callable[[int, int], None]
ARCHITECTURES = ("bow", "ensemble")

_PROGRESS: list[ProgressFn | None] = [None]

_BOW = """
[components.textcat_multilabel.model]
@architectures = "spacy.TextCatBOW.v3"
exclusive_classes = false
length = {length}
ngram_size = 2
no_output_layer = false
"""

_ENSEMBLE = """
[components.textcat_multilabel.model]
@architectures = "spacy.TextCatEnsemble.v2"
nO = null

[components.textcat_multilabel.model.linear_model]
@architectures = "spacy.TextCatBOW.v3"
exclusive_classes = false
length = {length}
ngram_size = 2
no_output_layer = false

[components.textcat_multilabel.model.tok2vec]
@architectures = "spacy.Tok2Vec.v2"

[components.textcat_multilabel.model.tok2vec.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = 64
rows = [5000, 2500, 2500, 2500]
attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE"]
include_static_vectors = false

[components.textcat_multilabel.model.tok2vec.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 64
window_size = 1
maxout_pieces = 3
depth = 2
"""

_BASE = """
[paths]
train = null
dev = null

[system]
gpu_allocator = null
seed = {seed}

[nlp]
lang = "en"
pipeline = ["textcat_multilabel"]
batch_size = 256

[components]

[components.textcat_multilabel]
factory = "textcat_multilabel"
threshold = 0.5
{model}
[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${{paths.train}}
max_length = 0

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${{paths.dev}}
max_length = 0

[training]
seed = {seed}
dropout = 0.1
accumulate_gradient = 1
patience = 0
max_epochs = {epochs}
max_steps = {max_steps}
eval_frequency = {eval_frequency}
frozen_components = []
annotating_components = []
train_corpus = "corpora.train"
dev_corpus = "corpora.dev"

[training.batcher]
@batchers = "spacy.batch_by_sequence.v1"
size = {batch_size}
get_length = null

[training.logger]
@loggers = "claimdesk.progress.v1"

[training.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = true
eps = 0.00000001
learn_rate = 0.001

[training.score_weights]
cats_macro_f = 1.0

[initialize]
vectors = null

[initialize.components]

[initialize.components.textcat_multilabel]
labels = {labels}
"""


@registry.loggers("claimdesk.progress.v1")  # type: ignore[untyped-decorator]
def progress_logger() -> Callable[..., Any]:
    """A spaCy training logger that reports (step, total steps) to the trainer's callback."""

    def setup(nlp: Language, stdout: Any = None, stderr: Any = None) -> tuple[Any, Any]:
        total = int(nlp.config["training"]["max_steps"])
        step = [0]

        def log_step(info: dict[str, Any] | None) -> None:
            step[0] += 1
            callback = _PROGRESS[0]
            if callback is not None:
                callback(min(step[0], total), total)

        def finalize() -> None:
            return None

        return log_step, finalize

    return setup


def make_config(
    *, seed: int, epochs: int, n_train: int, batch_size: int, arch: str, max_steps: int = 0
) -> Config:
    """The training config: `epochs` passes over `n_train` sentences (or `max_steps`)."""
    if arch not in ARCHITECTURES:
        raise ValueError(f"unknown architecture {arch!r}; choose one of {ARCHITECTURES}")
    steps_per_epoch = max(1, math.ceil(n_train / batch_size))
    steps = max_steps if max_steps > 0 else steps_per_epoch * epochs
    model = (_BOW if arch == "bow" else _ENSEMBLE).format(length=2**18)
    text = _BASE.format(
        seed=seed,
        epochs=epochs,
        max_steps=steps,
        eval_frequency=max(1, min(steps, steps_per_epoch)),
        batch_size=batch_size,
        model=model,
        labels=json.dumps(list(LABELS)),
    )
    return Config().from_str(text, interpolate=False)


def clean_config(path: Path) -> None:
    """Drop the training run's temporary corpus paths from a saved pipeline's config.cfg
    (they name files that no longer exist and vary per run)."""
    config = Config().from_disk(path, interpolate=False)
    config["paths"]["train"] = None
    config["paths"]["dev"] = None
    for name in ("train", "dev"):
        config["corpora"][name]["path"] = f"${{paths.{name}}}"
    config.to_disk(path)


def _docbin(nlp: Language, examples: Sequence[Example]) -> DocBin:
    bin_ = DocBin(attrs=[], store_user_data=False)
    for text, cats in examples:
        doc = nlp.make_doc(text)
        doc.cats = {name: float(value) for name, value in cats.items() if name in LABELS}
        bin_.add(doc)
    return bin_


def train_classifier(
    train: Sequence[Example],
    dev: Sequence[Example],
    workdir: Path,
    *,
    seed: int,
    epochs: int,
    arch: str,
    batch_size: int = 64,
    max_steps: int = 0,
    progress: ProgressFn | None = None,
) -> tuple[Language, Config]:
    """Train on `train` (checkpoints chosen on `dev`) and return the best pipeline."""
    blank = spacy.blank("en")
    workdir.mkdir(parents=True, exist_ok=True)
    train_path, dev_path = workdir / "train.spacy", workdir / "dev.spacy"
    _docbin(blank, train).to_disk(train_path)
    _docbin(blank, dev or train[: max(1, len(train) // 10)]).to_disk(dev_path)
    config = make_config(
        seed=seed,
        epochs=epochs,
        n_train=len(train),
        batch_size=batch_size,
        arch=arch,
        max_steps=max_steps,
    )
    config["paths"]["train"] = str(train_path)
    config["paths"]["dev"] = str(dev_path)
    config = config.interpolate()
    filled = spacy.util.load_model_from_config(config, auto_fill=True, validate=True).config
    nlp = init_nlp(filled)
    _PROGRESS[0] = progress
    (workdir / "output").mkdir(exist_ok=True)
    try:
        spacy_train(nlp, workdir / "output", stdout=io.StringIO(), stderr=io.StringIO())
    finally:
        _PROGRESS[0] = None
    best = spacy.load(workdir / "output" / "model-best")
    return best, config
