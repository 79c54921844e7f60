"""A loopback OpenAI-compatible chat server for CLI tests, answering from a script.

`ScriptedServer(answer)` runs a ThreadingHTTPServer on 127.0.0.1 in a thread; `answer`
maps the request JSON to the completion JSON (or to a raw body string, or to a
(status, body) pair) to send back.
`good_answer` builds a valid tool-call answer whose one claim quotes the first sentence
of the article, so grounding succeeds and nothing is re-asked. Requests are counted per
article (the text between the `<article>` tags).
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_ARTICLE = re.compile(r"<article>\n?(.*?)\n?</article>", re.DOTALL)
_SENTENCE = re.compile(r"[^.!?\n]{20,400}[.!?]")

Answer = Callable[[dict[str, Any]], dict[str, Any] | str | tuple[int, str]]


def article_of(request: dict[str, Any]) -> str:
    """The article text inside the request's user message."""
    for message in reversed(request.get("messages") or []):
        found = _ARTICLE.search(str(message.get("content") or ""))
        if found:
            return found.group(1)
    return ""


def tool_completion(request: dict[str, Any], arguments: str, **choice: Any) -> dict[str, Any]:
    """A chat completion with one call of the request's tool carrying `arguments`."""
    tools = request.get("tools") or [{"function": {"name": "ArticleClaims"}}]
    message = {
        "role": "assistant",
        "content": None,
        "refusal": None,
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": tools[0]["function"]["name"], "arguments": arguments},
            }
        ],
    }
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1715155200,
        "model": request.get("model", "test"),
        "choices": [{"index": 0, "finish_reason": "stop", "message": message, **choice}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


def good_answer(request: dict[str, Any]) -> dict[str, Any]:
    """A valid answer: one claim quoting the first sentence of the article."""
    found = _SENTENCE.search(article_of(request))
    evidence = found.group(0).strip() if found else "article"
    claim = {
        "statement": evidence,
        "claimant": None,
        "claimant_type": "media",
        "via": None,
        "quantity": None,
        "claim_date": None,
        "certainty": "asserted",
        "evidence": evidence,
    }
    return tool_completion(request, json.dumps({"claims": [claim]}))


class ScriptedServer:
    """The server; use as a context manager. `base_url` is its /v1 URL."""

    def __init__(self, answer: Answer = good_answer) -> None:
        self.answer = answer
        self.per_article: Counter[str] = Counter()
        self.requests = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """The OpenAI base URL of the server."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                request = json.loads(self.rfile.read(length) or b"{}")
                with outer._lock:
                    outer.requests += 1
                    outer.per_article[article_of(request)] += 1
                reply = outer.answer(request)
                status = 200
                if isinstance(reply, tuple):
                    status, reply = reply
                body = reply if isinstance(reply, str) else json.dumps(reply)
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                return

        return Handler
