"""Ingestion in a process of its own, for a batch that runs worker processes.

Reading, decoding and cleaning an article (~2 ms of CPU) would otherwise run in turns
with the batch's leases, dispatch and writer under one GIL. A spawned process runs
`iter_ingest` and sends its items (articles and errors, in order) in chunks through a
bounded queue, so it stays at most `AHEAD` chunks ahead. Closing the iterator early (a
`--limit`, a spent budget, Ctrl-C) stops the process; a process that dies is one
error item, and the items it had sent are kept.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
from collections.abc import Iterator, Sequence
from typing import Any

from extraction.pipeline.processes import main_module_hidden
from extraction.schema import Article
from extraction.text.ingest import IngestError, PathInput, iter_ingest

#: Items per message between the processes.
CHUNK = 64
#: Chunks the ingestion process may be ahead of the batch (2,048 articles: a lease burst
#: is read from what is buffered, not waited for).
AHEAD = 32
#: Seconds between checks that the ingestion process is alive while waiting.
POLL_SECONDS = 1.0
_END = "end"


def _produce(
    out: Any, paths: Sequence[PathInput], encoding: str | None
) -> None:  # pragma: no cover - runs in the child process
    """The ingestion process: every item of `iter_ingest`, in chunks, then the end mark."""
    chunk: list[Article | IngestError] = []
    for item in iter_ingest(paths, encoding=encoding):
        chunk.append(item)
        if len(chunk) >= CHUNK:
            out.put(chunk)
            chunk = []
    if chunk:
        out.put(chunk)
    out.put(_END)


def ingest_in_process(
    paths: Sequence[PathInput], encoding: str | None = None
) -> Iterator[Article | IngestError]:
    """The items of `iter_ingest(paths, encoding=encoding)`, computed in another process
    (started now, so it reads ahead while the batch starts)."""
    ctx = multiprocessing.get_context("spawn")
    channel: Any = ctx.Queue(maxsize=AHEAD)
    names = [os.fspath(path) for path in paths]
    process = ctx.Process(
        target=_produce, args=(channel, names, encoding), name="claimdesk-ingest", daemon=True
    )
    with main_module_hidden():
        process.start()
    return _drain(process, channel, names)


def _drain(process: Any, channel: Any, names: list[str]) -> Iterator[Article | IngestError]:
    """What the ingestion process sends, until its end mark; stops it when closed."""
    try:
        while True:
            try:
                chunk = channel.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if process.is_alive():
                    continue
                try:  # it may have sent its last chunk just before it ended
                    chunk = channel.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    where = ", ".join(names) or "input"
                    code = process.exitcode
                    yield IngestError(where, f"the ingestion process died (exit code {code})")
                    return
            if chunk == _END:
                return
            yield from chunk
    finally:
        if process.is_alive():
            process.terminate()
        process.join(timeout=5)
        channel.close()
        channel.cancel_join_thread()
