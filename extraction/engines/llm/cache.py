"""Response cache keys: the same request to the same model is answered once.

The key is the sha256 of the endpoint, model, prompt hash, parameters and the rendered
messages; the store (through `EngineSettings.cache`) maps it to a raw response logged
earlier with `parsed=True`. Retry bounds are not part of the key: they do not change
what a successful answer is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from extraction.engines.base import ResponseCache


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no whitespace, non-ASCII kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def cache_key(
    *,
    endpoint: str,
    model: str,
    prompt_hash: str,
    parameters: Mapping[str, Any],
    messages: Sequence[Mapping[str, Any]],
) -> str:
    """The cache key of one request."""
    payload = {
        "endpoint": endpoint,
        "model": model,
        "prompt_hash": prompt_hash,
        "parameters": dict(parameters),
        "messages": [dict(message) for message in messages],
    }
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def lookup(cache: ResponseCache | None, key: str) -> str | None:
    """The cached raw response for `key`, or None (no cache, a miss, or a broken cache)."""
    if cache is None:
        return None
    try:
        return cache.get(key)
    except Exception:  # a cache is an optimisation: never fail an article over it
        return None


def cache_hit_request(key: str, messages: Sequence[Mapping[str, Any]]) -> str:
    """The `request` recorded for a cache hit: the messages, and a note saying so."""
    return canonical_json({"cache_hit": key, "messages": [dict(m) for m in messages]})
