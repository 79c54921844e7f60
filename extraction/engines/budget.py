"""The token budget of a batch (`--max-tokens`): checked before every LLM request."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar


class TokenBudget:
    """A batch's token allowance (`--max-tokens`), shared by every worker thread.

    An LLM engine asks `can_afford(estimate)` before each request (every chunk, re-ask
    and retry) with the most that request can cost (its prompt plus its `max_tokens`),
    and records what each answer really cost with `spend`."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._spent = 0
        self._lock = threading.Lock()

    @property
    def spent(self) -> int:
        """Tokens spent so far."""
        with self._lock:
            return self._spent

    def can_afford(self, estimate: int) -> bool:
        """True when a request costing up to `estimate` tokens stays within the limit."""
        with self._lock:
            return self._spent + max(0, estimate) <= self.limit

    def spend(self, tokens: int) -> None:
        """Record tokens an answer cost."""
        with self._lock:
            self._spent += max(0, tokens)


_BUDGET: ContextVar[TokenBudget | None] = ContextVar("claimdesk_token_budget", default=None)


@contextmanager
def budget_scope(budget: TokenBudget | None) -> Iterator[None]:
    """Make `budget` the one that LLM requests in this thread check while the block runs."""
    token = _BUDGET.set(budget)
    try:
        yield
    finally:
        _BUDGET.reset(token)


def current_budget() -> TokenBudget | None:
    """The token budget of the extraction running in this thread, if any."""
    return _BUDGET.get()


__all__ = ["TokenBudget", "budget_scope", "current_budget"]
