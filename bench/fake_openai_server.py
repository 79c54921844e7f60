"""A minimal OpenAI-compatible chat-completions server for benchmarks (127.0.0.1 only).

Every `POST /v1/chat/completions` is answered (at once, or after `--latency-ms`) with a
valid claim list: `--claims` claims whose evidence is a verbatim sentence of the article
between the request's `<article>` tags, so the openai engine's grounding validator
accepts it on the first attempt and no re-ask happens. The answer takes the shape the
request asks for: a forced tool call when the request has `tools` (the engine's default
`tools` mode), JSON message content otherwise (`json`, `json_schema`, `md_json`). Usage
tokens are estimated as characters / 4.

    .venv/bin/python bench/fake_openai_server.py --port 8765 --latency-ms 500 --claims 3

`--port 0` picks a free port; the chosen one is printed as `listening on PORT` (first line
of stdout), which is how the bench scripts learn it. `GET /stats` returns the request count.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_ARTICLE = re.compile(r"<article>\n?(.*?)\n?</article>", re.DOTALL)
_SENTENCE = re.compile(r"[^.!?\n]{40,400}[.!?]")
_FALLBACK_EVIDENCE = "article"


class Counter:
    """Thread-safe request counter."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0

    def enter(self) -> None:
        """One more request in flight."""
        with self._lock:
            self.requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self) -> None:
        """One request answered."""
        with self._lock:
            self.in_flight -= 1


def article_of(messages: list[dict[str, Any]]) -> str:
    """The article text of the last message that has `<article>` tags (else all content)."""
    for message in reversed(messages):
        content = message.get("content")
        if isinstance(content, str):
            found = _ARTICLE.findall(content)
            if found:
                return str(found[-1])
    return "\n".join(str(m.get("content") or "") for m in messages)


def evidence_sentences(article: str, count: int) -> list[str]:
    """`count` verbatim sentences spread over the article (repeats when it has fewer)."""
    sentences = [m.group(0).strip() for m in _SENTENCE.finditer(article)]
    sentences = list(dict.fromkeys(s for s in sentences if s and s in article))
    if not sentences:
        words = article.split()
        sentences = [" ".join(words[:12])] if words else [_FALLBACK_EVIDENCE]
    if count <= 0:
        return []
    step = max(1, len(sentences) // count)
    return [sentences[(i * step) % len(sentences)] for i in range(count)]


def claims_for(article: str, count: int) -> list[dict[str, Any]]:
    """A fixed-shape, valid claim list grounded in `article`."""
    claims = []
    for index, sentence in enumerate(evidence_sentences(article, count)):
        claims.append(
            {
                "statement": f"Benchmark claim {index + 1}: {sentence[:120]}",
                "claimant": f"Bench Source {index + 1}",  # distinct: no merging
                "claimant_type": "government" if index % 2 == 0 else "media",
                "via": None,
                "quantity": {"value": 1000 + index, "unit": "troops", "qualifier": "about"},
                "claim_date": "2024-10-18",
                "certainty": "asserted" if index % 3 else "hedged",
                "evidence": sentence,
            }
        )
    return claims


def completion(request: dict[str, Any], count: int, serial: int) -> dict[str, Any]:
    """The chat-completion body answering `request`."""
    messages = request.get("messages") or []
    arguments = json.dumps({"claims": claims_for(article_of(messages), count)})
    prompt_chars = sum(len(str(m.get("content") or "")) for m in messages)
    usage = {
        "prompt_tokens": prompt_chars // 4,
        "completion_tokens": len(arguments) // 4,
        "total_tokens": prompt_chars // 4 + len(arguments) // 4,
    }
    tools = request.get("tools") or []
    if tools:
        name = tools[0].get("function", {}).get("name", "ArticleClaims")
        message: dict[str, Any] = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": f"call_{serial}",
                    "type": "function",
                    "function": {"name": name, "arguments": arguments},
                }
            ],
        }
        finish = "tool_calls"
    else:
        message = {"role": "assistant", "content": arguments}
        finish = "stop"
    return {
        "id": f"chatcmpl-bench-{serial}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "fake"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": usage,
    }


def make_handler(latency_s: float, count: int, counter: Counter) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to the server's settings."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: clients reuse connections
        # Headers and body are separate writes: without TCP_NODELAY, Nagle's algorithm and
        # the client's delayed ACK hold every answer back by ~40 ms.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def _send(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/stats"):
                self._send(
                    200,
                    {"requests": counter.requests, "max_in_flight": counter.max_in_flight},
                )
            elif self.path.rstrip("/").endswith("/models"):
                self._send(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})
            else:
                self._send(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send(404, {"error": {"message": f"no route {self.path}"}})
                return
            counter.enter()
            try:
                started = time.perf_counter()
                try:
                    request = json.loads(raw)
                except ValueError:
                    self._send(400, {"error": {"message": "body is not JSON"}})
                    return
                body = completion(request, count, counter.requests)
                remaining = latency_s - (time.perf_counter() - started)
                if remaining > 0:
                    time.sleep(remaining)
                self._send(200, body)
            finally:
                counter.leave()

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # listen backlog: 64+ clients connect at once


def serve(port: int, latency_ms: float, claims: int) -> None:
    """Run the server until interrupted."""
    counter = Counter()
    server = _Server(("127.0.0.1", port), make_handler(latency_ms / 1000, claims, counter))
    print(f"listening on {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and serve."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay before each answer")
    parser.add_argument("--claims", type=int, default=3, help="claims per response")
    args = parser.parse_args(argv)
    serve(args.port, args.latency_ms, args.claims)
    return 0


if __name__ == "__main__":
    sys.exit(main())
