"""HTTP retries for 429, 5xx and timeouts: exponential backoff with jitter, Retry-After honoured.

This is an httpx transport wrapper, so it sits under the openai client (whose own retries
are switched off) and every attempt passes through the call-log transport below it.
Validation re-asks are instructor's business and are counted separately (`max_reasks`).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx

#: Default retries after the first attempt (so 5 attempts in all).
DEFAULT_MAX_RETRIES = 4

SleepFn = Callable[[float], None]
PermanentFn = Callable[[httpx.Response], bool]
BadAnswerFn = Callable[[httpx.Response], bool]


@dataclass(frozen=True)
class RetryPolicy:
    """How transient failures are retried.

    `max_retries` counts retries after the first attempt. The wait before retry n is
    `base_delay * 2**(n-1)` capped at `max_delay`, less up to `jitter` of it at random;
    a `Retry-After` (or `retry-after-ms`) header replaces it, capped at `max_retry_after`.
    """

    max_retries: int = DEFAULT_MAX_RETRIES
    base_delay: float = 1.0
    max_delay: float = 30.0
    jitter: float = 0.5
    max_retry_after: float = 300.0

    @property
    def max_attempts(self) -> int:
        """Attempts in all, the first included."""
        return max(0, self.max_retries) + 1

    def backoff(self, retry: int, rng: random.Random) -> float:
        """Seconds to wait before retry number `retry` (1-based) without a Retry-After."""
        ceiling = min(self.max_delay, self.base_delay * (2.0 ** max(0, retry - 1)))
        return ceiling * (1.0 - self.jitter * rng.random())

    def wait(self, retry: int, retry_after: float | None, rng: random.Random) -> float:
        """Seconds to wait before retry `retry`: the server's Retry-After if it gave one."""
        if retry_after is not None:
            return min(max(0.0, retry_after), self.max_retry_after)
        return self.backoff(retry, rng)


def is_retryable_status(status: int) -> bool:
    """429 (rate limited) and every 5xx are worth another try."""
    return status == 429 or 500 <= status <= 599


def parse_retry_after(headers: httpx.Headers, now: dt.datetime | None = None) -> float | None:
    """Seconds the server asks us to wait: `retry-after-ms`, or `Retry-After` as seconds or
    an HTTP date; None when absent or unreadable."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return float(millis) / 1000.0
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    current = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - current).total_seconds())


class RetryTransport(httpx.BaseTransport):
    """Retries transient failures of the wrapped transport.

    Retried: httpx timeouts and connection errors, responses with status 429 or 5xx
    unless `is_permanent(response)` says retrying cannot help (a server that rejects the
    structured-output mode with a 500, say), and 200 answers that `is_bad_answer` calls
    broken in transit (a body that is not JSON, no `choices`). The last failure is
    returned or raised as is.
    """

    def __init__(
        self,
        inner: httpx.BaseTransport,
        policy: RetryPolicy | None = None,
        *,
        sleep: SleepFn = time.sleep,
        is_permanent: PermanentFn | None = None,
        is_bad_answer: BadAnswerFn | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._inner = inner
        self.policy = policy or RetryPolicy()
        self._sleep = sleep
        self._is_permanent = is_permanent
        self._is_bad_answer = is_bad_answer
        self._rng = rng or random.Random()  # jitter only, not security

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request`, retrying transient failures up to the policy's bound."""
        attempts = self.policy.max_attempts
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            try:
                response = self._inner.handle_request(request)
            except (httpx.TimeoutException, httpx.NetworkError):
                if last:
                    raise
                self._sleep(self.policy.wait(attempt, None, self._rng))
                continue
            if last:
                return response
            if not is_retryable_status(response.status_code):
                if self._is_bad_answer is None or response.status_code >= 400:
                    return response
                response.read()
                if not self._is_bad_answer(response):
                    return response
                response.close()
                self._sleep(self.policy.wait(attempt, None, self._rng))
                continue
            response.read()
            if self._is_permanent is not None and self._is_permanent(response):
                return response
            retry_after = parse_retry_after(response.headers)
            response.close()
            self._sleep(self.policy.wait(attempt, retry_after, self._rng))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def close(self) -> None:
        """Close the wrapped transport."""
        self._inner.close()
