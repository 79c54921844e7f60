"""A loopback OpenAI-compatible server with the Files and Batches endpoints, for CLI tests.

`BatchServer(answer)` implements `POST /v1/files` (multipart upload), `GET
/v1/files/{id}/content`, `POST /v1/batches`, `GET /v1/batches/{id}` and, for live
re-asks and live runs, `POST /v1/chat/completions`. A batch is "run" when it is created:
each request line of its input file is answered by `answer(body)` (a ChatCompletion dict,
or an (HTTP status, error dict) pair), the answers go to an output file (status 200) and
an error file (any other status), in OpenAI's line format.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = Callable[[dict[str, Any]], dict[str, Any] | tuple[int, dict[str, Any]]]


def _multipart(content_type: str, body: bytes) -> dict[str, tuple[str | None, bytes]]:
    """The parts of a multipart/form-data body: name -> (filename, bytes)."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=default_policy).parsebytes(head + body)
    parts: dict[str, tuple[str | None, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        parts[str(name)] = (part.get_filename(), payload if isinstance(payload, bytes) else b"")
    return parts


class BatchServer:
    """The server; use as a context manager. `base_url` is its /v1 URL."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.chat_requests: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """The OpenAI base URL of the server."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> BatchServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _add_file(self, data: bytes, filename: str, purpose: str) -> dict[str, Any]:
        with self._lock:
            file_id = f"file-{len(self.files) + 1}"
            self.files[file_id] = data
        return {
            "id": file_id,
            "object": "file",
            "bytes": len(data),
            "created_at": int(time.time()),
            "filename": filename,
            "purpose": purpose,
            "status": "processed",
        }

    def _run_batch(self, request: dict[str, Any]) -> dict[str, Any]:
        """Answer every line of the input file now; the batch is completed."""
        lines = self.files[request["input_file_id"]].decode("utf-8").splitlines()
        output, errors = [], []
        for number, raw in enumerate(line for line in lines if line.strip()):
            line = json.loads(raw)
            reply = self.answer(line["body"])
            status, body = reply if isinstance(reply, tuple) else (200, reply)
            result = {
                "id": f"batch_req_{number}",
                "custom_id": line["custom_id"],
                "response": {"status_code": status, "request_id": f"req_{number}", "body": body},
                "error": None,
            }
            (output if status == 200 else errors).append(json.dumps(result))
        out = self._add_file(("\n".join(output) + "\n").encode(), "output.jsonl", "batch_output")
        err = (
            self._add_file(("\n".join(errors) + "\n").encode(), "errors.jsonl", "batch_output")
            if errors
            else None
        )
        with self._lock:
            batch_id = f"batch_{len(self.batches) + 1}"
            batch = {
                "id": batch_id,
                "object": "batch",
                "endpoint": request["endpoint"],
                "errors": None,
                "input_file_id": request["input_file_id"],
                "completion_window": request["completion_window"],
                "status": "completed",
                "output_file_id": out["id"],
                "error_file_id": err["id"] if err else None,
                "created_at": int(time.time()),
                "request_counts": {
                    "total": len(output) + len(errors),
                    "completed": len(output),
                    "failed": len(errors),
                },
                "metadata": request.get("metadata"),
            }
            self.batches[batch_id] = batch
        return batch

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("content-type", content_type)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _json(self, status: int, payload: Any) -> None:
                self._send(status, json.dumps(payload).encode(), "application/json")

            def _not_found(self) -> None:
                self._json(404, {"error": {"message": f"no such path {self.path}"}})

            def do_GET(self) -> None:
                outer.paths.append(f"GET {self.path}")
                parts = self.path.strip("/").split("/")
                if parts[:2] == ["v1", "batches"] and len(parts) == 3:
                    batch = outer.batches.get(parts[2])
                    return self._json(200, batch) if batch else self._not_found()
                if parts[:2] == ["v1", "files"] and len(parts) == 4 and parts[3] == "content":
                    data = outer.files.get(parts[2])
                    if data is None:
                        return self._not_found()
                    return self._send(200, data, "application/octet-stream")
                return self._not_found()

            def do_POST(self) -> None:
                outer.paths.append(f"POST {self.path}")
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                if self.path == "/v1/files":
                    parts = _multipart(self.headers["content-type"], raw)
                    filename, data = parts["file"]
                    purpose = parts["purpose"][1].decode()
                    return self._json(200, outer._add_file(data, filename or "upload", purpose))
                if self.path == "/v1/batches":
                    return self._json(200, outer._run_batch(json.loads(raw)))
                if self.path == "/v1/chat/completions":
                    request = json.loads(raw)
                    outer.chat_requests.append(request)
                    reply = outer.answer(request)
                    status, body = reply if isinstance(reply, tuple) else (200, reply)
                    return self._json(status, body)
                return self._not_found()

            def log_message(self, *args: object) -> None:
                return

        return Handler
