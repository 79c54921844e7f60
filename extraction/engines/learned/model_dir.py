"""The learned engine's model directory: format, validation and loading.

A model directory holds

- `manifest.json`: `format` ("claimdesk-learned-model"), `format_version`, `version`
  (a content hash of the weights), `label_scheme` and `labels`, decision `thresholds`,
  `created`, `seed`, the training `inputs` (kind, name, sha256 of every file or database
  selection, article count), `training` (steps, seconds, sizes) and `metrics` on the dev
  gold set given to `claimdesk train --dev`;
- `pipeline/`: the spaCy pipeline (a `textcat_multilabel` component), as
  `Language.to_disk` writes it.

The engine reads this format and never imports the trainer. A directory that is not a
model (no manifest), a corrupt one (unreadable manifest or pipeline), a foreign one
(another format) or one trained with another label scheme is refused with one line
naming the problem (`ModelDirError`, an `EngineConfigError`: the CLI exits with 2).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from extraction.engines.base import EngineConfigError
from extraction.engines.learned.units import DEFAULT_THRESHOLDS, LABEL_SCHEME, LABELS

MODEL_FORMAT = "claimdesk-learned-model"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PIPELINE_DIR = "pipeline"
#: The spaCy component that scores sentences.
COMPONENT = "textcat_multilabel"
#: Folder of the default model inside this package.
DEFAULT_MODEL_DIR = "default_model"


class ModelDirError(EngineConfigError):
    """A model directory cannot be used; the message names the directory and the problem."""


@dataclass(frozen=True)
class ModelInfo:
    """A validated model directory."""

    path: Path
    version: str
    label_scheme: str
    labels: tuple[str, ...]
    thresholds: Mapping[str, float]
    manifest: Mapping[str, Any]


def default_model_path() -> Path:
    """The model shipped inside the package (package data)."""
    return Path(str(resources.files("extraction.engines.learned") / DEFAULT_MODEL_DIR))


def _manifest(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise ModelDirError(f"{path}: model directory does not exist")
    if not path.is_dir():
        raise ModelDirError(f"{path}: not a directory (a learned model is a directory)")
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        raise ModelDirError(f"{path}: not a ClaimDesk learned model (no {MANIFEST})")
    try:
        data = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelDirError(f"{manifest_path}: corrupt model manifest ({error})") from error
    if not isinstance(data, dict):
        raise ModelDirError(f"{manifest_path}: corrupt model manifest (not a JSON object)")
    return data


def read_model_info(path: str | Path) -> ModelInfo:
    """Validate a model directory's manifest; raise ModelDirError with one line."""
    target = Path(path)
    data = _manifest(target)
    if data.get("format") != MODEL_FORMAT:
        raise ModelDirError(
            f"{target}: foreign model directory (format {data.get('format')!r},"
            f" expected {MODEL_FORMAT!r})"
        )
    if data.get("format_version") != FORMAT_VERSION:
        raise ModelDirError(
            f"{target}: model format version {data.get('format_version')!r} is not"
            f" supported (this ClaimDesk reads {FORMAT_VERSION})"
        )
    scheme = data.get("label_scheme")
    labels = data.get("labels")
    if scheme != LABEL_SCHEME or not isinstance(labels, list) or tuple(labels) != LABELS:
        raise ModelDirError(
            f"{target}: model trained with label scheme {scheme!r} ({labels!r}); this"
            f" ClaimDesk reads {LABEL_SCHEME!r} ({list(LABELS)!r})"
        )
    thresholds = dict(DEFAULT_THRESHOLDS)
    given = data.get("thresholds") or {}
    if not isinstance(given, dict):
        raise ModelDirError(f"{target}: corrupt model manifest (thresholds is not an object)")
    for name, value in given.items():
        if name not in thresholds or not isinstance(value, int | float):
            raise ModelDirError(f"{target}: corrupt model manifest (threshold {name!r})")
        thresholds[name] = float(value)
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise ModelDirError(f"{target}: corrupt model manifest (no version)")
    return ModelInfo(
        path=target,
        version=version,
        label_scheme=scheme,
        labels=tuple(labels),
        thresholds=thresholds,
        manifest=data,
    )


def load_pipeline(info: ModelInfo) -> Language:
    """The spaCy pipeline of a validated model directory; ModelDirError when corrupt."""
    pipeline_path = info.path / PIPELINE_DIR
    if not (pipeline_path / "config.cfg").is_file():
        raise ModelDirError(f"{info.path}: corrupt model directory (no {PIPELINE_DIR}/config.cfg)")
    try:
        nlp = spacy.load(pipeline_path)
    except Exception as error:  # spaCy raises many kinds on damaged weights
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ModelDirError(
            f"{info.path}: corrupt model directory (cannot load {PIPELINE_DIR}: {message})"
        ) from error
    if COMPONENT not in nlp.pipe_names:
        raise ModelDirError(f"{info.path}: foreign model directory (no {COMPONENT} component)")
    component_labels = tuple(nlp.get_pipe(COMPONENT).labels)  # type: ignore[attr-defined]
    if set(component_labels) != set(info.labels):
        raise ModelDirError(
            f"{info.path}: model trained with labels {list(component_labels)!r}; this"
            f" ClaimDesk reads {list(info.labels)!r}"
        )
    return nlp
