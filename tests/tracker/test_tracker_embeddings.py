"""Embedding backends: the lexical fallback, the offline MiniLM model, backend choice."""

from __future__ import annotations

import os

import numpy as np
import pytest

from extraction.tracker import embeddings
from extraction.tracker.embeddings import (
    LEXICAL_NAME,
    MINILM_NAME,
    Embedder,
    LexicalEmbedder,
    from_blob,
    get_embedder,
    text_hash,
    to_blob,
)

TROOPS = "North Korean troops are in Russia."
TROOPS_AGAIN = "North Korea has sent soldiers to Russia."
PACT = "The parliament ratified a trade agreement on grain exports."


def _cos(vectors: np.ndarray, i: int, j: int) -> float:
    return float(vectors[i] @ vectors[j])


def test_lexical_vectors_are_unit_length_and_deterministic(lexical: Embedder) -> None:
    first = lexical.encode([TROOPS, PACT])
    again = LexicalEmbedder().encode([TROOPS, PACT])
    assert first.shape == (2, 4096)
    assert first.dtype == np.float32
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0)
    assert np.array_equal(first, again)


def test_lexical_similarity_follows_shared_wording(lexical: Embedder) -> None:
    vectors = lexical.encode([TROOPS, TROOPS_AGAIN, PACT])
    assert _cos(vectors, 0, 1) > _cos(vectors, 0, 2) + 0.2


def test_lexical_empty_text_gives_a_zero_vector(lexical: Embedder) -> None:
    vectors = lexical.encode(["", TROOPS])
    assert not vectors[0].any()
    assert lexical.encode([]).shape == (0, 4096)


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown embedding backend"):
        get_embedder("word2vec")


def test_the_environment_chooses_the_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(embeddings.BACKEND_ENV, "lexical")
    assert get_embedder().name == LEXICAL_NAME


def test_auto_falls_back_to_lexical_with_a_warning_without_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(embeddings, "minilm_available", lambda: False)
    with pytest.warns(RuntimeWarning, match="lexical fallback"):
        chosen = get_embedder("auto")
    assert chosen.name == LEXICAL_NAME
    with pytest.raises(embeddings.EmbeddingUnavailableError):
        get_embedder("minilm")


def test_embedders_are_shared_within_a_process() -> None:
    assert get_embedder("lexical") is get_embedder("lexical")


def test_vectors_round_trip_through_the_store_format() -> None:
    vector = np.array([0.25, -1.5, 3.0], dtype=np.float32)
    dim, blob = to_blob(vector)
    assert dim == 3
    assert np.array_equal(from_blob(dim, blob), vector)
    with pytest.raises(ValueError, match="expected 4"):
        from_blob(4, blob)
    assert text_hash(TROOPS) == text_hash(TROOPS) != text_hash(PACT)


@pytest.mark.slow
def test_minilm_runs_offline_from_the_bundled_weights(minilm: Embedder) -> None:
    assert minilm.name == MINILM_NAME
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    vectors = minilm.encode([TROOPS, TROOPS_AGAIN, PACT])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert _cos(vectors, 0, 1) > 0.75
    assert _cos(vectors, 0, 2) < 0.3
    assert minilm.encode([]).shape == (0, 384)
