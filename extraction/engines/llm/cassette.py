"""Record and replay HTTP exchanges, so an evaluation of a prompt runs again without a server.

A cassette is a JSON Lines file, one exchange a line: the request hash (method, path and
canonical JSON body; not the host, so a cassette recorded against one port replays on
any), the request body, and the response status, content type and body. Headers are not
recorded, so API keys never reach the file. Transient failures (429, 5xx) are not
recorded: a replay serves the answers, not the weather.

Replay serves the recorded responses of a request hash in order (the last one repeats);
a request that was never recorded gets a 404 naming its hash.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import defaultdict, deque
from pathlib import Path
from typing import Any

import httpx

from extraction.engines.base import EngineConfigError
from extraction.engines.llm.cache import canonical_json
from extraction.engines.llm.retry import is_retryable_status
from extraction.engines.llm.secrets import Redactor

REPLAY_MISS_STATUS = 404


def request_hash(request: httpx.Request) -> str:
    """Identity of a request for replay: method, path and canonical JSON body."""
    body = request.read()
    try:
        canonical = canonical_json(json.loads(body)) if body else ""
    except ValueError:
        canonical = body.decode("utf-8", errors="replace")
    raw = "\n".join([request.method.upper(), request.url.path, canonical])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class RecordingTransport(httpx.BaseTransport):
    """Appends each answered exchange of the wrapped transport to a cassette file."""

    def __init__(self, inner: httpx.BaseTransport, path: Path, redactor: Redactor) -> None:
        self._inner = inner
        self._path = path
        self._redactor = redactor
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request` and record the exchange unless it failed transiently."""
        response = self._inner.handle_request(request)
        body = response.read()
        if not is_retryable_status(response.status_code):
            self._append(request, response, body)
        return response

    def _append(self, request: httpx.Request, response: httpx.Response, body: bytes) -> None:
        entry = {
            "hash": request_hash(request),
            "method": request.method,
            "path": request.url.path,
            "request": self._redactor.redact(request.read().decode("utf-8", errors="replace")),
            "status": response.status_code,
            "content_type": response.headers.get("content-type", "application/json"),
            "body": self._redactor.redact(body.decode("utf-8", errors="replace")),
        }
        line = json.dumps(entry, ensure_ascii=False)
        with self._lock, self._path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    def close(self) -> None:
        """Close the wrapped transport."""
        self._inner.close()


def load_cassette(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Exchanges of a cassette file grouped by request hash, in recorded order."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise EngineConfigError(f"cannot read replay cassette {path}: {error.strerror}") from error
    exchanges: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            exchanges[str(entry["hash"])].append(entry)
        except (ValueError, KeyError, TypeError) as error:
            raise EngineConfigError(f"{path}:{number}: not a cassette entry ({error})") from error
    return dict(exchanges)


class ReplayTransport(httpx.MockTransport):
    """Serves a cassette's recorded responses instead of calling a server."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._queues = {key: deque(entries) for key, entries in load_cassette(path).items()}
        super().__init__(self._serve)

    def _serve(self, request: httpx.Request) -> httpx.Response:
        key = request_hash(request)
        with self._lock:
            queue = self._queues.get(key)
            if not queue:
                return httpx.Response(
                    REPLAY_MISS_STATUS,
                    json={
                        "error": {
                            "message": f"claimdesk replay: no recorded exchange for request"
                            f" {key[:16]} in {self.path} (re-record with --record)",
                            "type": "replay_miss",
                        }
                    },
                )
            entry = queue.popleft() if len(queue) > 1 else queue[0]
        return httpx.Response(
            int(entry["status"]),
            headers={"content-type": str(entry.get("content_type", "application/json"))},
            content=str(entry["body"]).encode("utf-8"),
        )
