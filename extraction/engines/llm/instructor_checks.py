"""instructor's per-call check for async validators, done once per response model class.

instructor 1.17 runs `reject_async_validators` on the response model up to seven times
per `create` call (the client, the patch, `prepare_response_model` twice, the retry loop,
...). Each run walks the model class, its whole MRO and every field annotation, and for
ClaimDesk's `ArticleClaims` the seven walks cost about as much CPU as building and
sending the request (a quarter of a worker's time against an instant server).

What the walk checks cannot change for a class once it is built (its members and
fields), so `install` replaces the check with one that walks a class the first time and
remembers the classes that passed (weakly: a class that is dropped is forgotten). A class
with an async validator still raises, every time; anything that is not a class (a
`list[...]`, a union) is walked as before.

Installed on import of `extraction.engines.llm.wire`; an instructor without that check
(an older or newer layout) is left as it is.
"""

from __future__ import annotations

import importlib
import threading
import weakref
from collections.abc import Callable
from typing import Any

#: Modules that hold their own reference to the check (`from ... import` at module level);
#: the others import it from `async_validators` when they call it.
_HOLDERS = ("instructor.v2.validation.async_validators", "instructor.v2.core.patch")
_NAME = "reject_async_validators"

_installed: Callable[[Any], None] | None = None


def once_per_class(check: Callable[[Any], None]) -> Callable[[Any], None]:
    """`check`, skipped for a class it has already accepted."""
    passed: weakref.WeakSet[type] = weakref.WeakSet()
    lock = threading.Lock()

    def checked_once(response_model: Any) -> None:
        if not isinstance(response_model, type):
            check(response_model)
            return
        with lock:
            if response_model in passed:
                return
        check(response_model)  # raises for a model with an async validator
        with lock:
            passed.add(response_model)

    checked_once.__wrapped__ = check  # type: ignore[attr-defined]
    return checked_once


def install() -> bool:
    """Replace instructor's check with `once_per_class` of it (idempotent); False when
    this instructor has no such check."""
    global _installed
    if _installed is not None:
        return True
    try:
        modules = [importlib.import_module(name) for name in _HOLDERS]
    except ImportError:
        return False
    original = getattr(modules[0], _NAME, None)
    if not callable(original):
        return False
    fast = once_per_class(original)
    for module in modules:
        if getattr(module, _NAME, None) is original:
            setattr(module, _NAME, fast)
    _installed = fast
    return True
