"""Progress of a long command: a bar with the total and ETA on a terminal, and plain
periodic lines (`extracting: 40/200 (20%), 1m05s elapsed, about 4m20s left`) when the
output is a file or a pipe (CI logs, `nohup`), so a long run is never silent."""

from __future__ import annotations

import os
import time
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

#: Seconds between plain progress lines when not on a terminal (env CLAIMDESK_PROGRESS_SECONDS).
PLAIN_INTERVAL = 10.0
INTERVAL_ENV = "CLAIMDESK_PROGRESS_SECONDS"


def progress_bar(console: Console) -> Progress:
    """The terminal bar of ClaimDesk's long commands: description, bar, N/total, elapsed, ETA."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )


def duration(seconds: float) -> str:
    """12s, 4m05s, 1h02m."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"


class BatchProgress:
    """Counts finished items against a known total and shows it (bar or plain lines)."""

    def __init__(self, console: Console, total: int | None, label: str = "extracting") -> None:
        self.console = console
        self.total = total
        self.label = label
        self.done = 0
        self.started = time.monotonic()
        self.interval = float(os.environ.get(INTERVAL_ENV) or PLAIN_INTERVAL)
        self.last_line = self.started
        self.shown = 0
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> BatchProgress:
        if self.console.is_terminal:
            self._bar = progress_bar(self.console)
            self._bar.__enter__()
            self._task = self._bar.add_task(self.label, total=self.total)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, error, trace)
        elif self.done != self.shown and kind is None:
            self._line()

    def advance(self, event: str = "") -> None:
        """One more item finished (`event`: done, skipped, failed, error)."""
        self.done += 1
        if self._bar is not None and self._task is not None:
            description = f"{self.label} ({event})" if event else self.label
            self._bar.update(self._task, advance=1, description=description)
            return
        now = time.monotonic()
        if now - self.last_line >= self.interval:
            self.last_line = now
            self._line()

    def eta(self) -> float | None:
        """Seconds left at the mean pace so far, or None when unknown."""
        if not self.total or not self.done or self.done >= self.total:
            return None
        elapsed = time.monotonic() - self.started
        return elapsed / self.done * (self.total - self.done)

    def status(self) -> str:
        """The plain progress line."""
        elapsed = duration(time.monotonic() - self.started)
        if not self.total:
            return f"{self.label}: {self.done} done, {elapsed} elapsed"
        share = min(100, round(100 * self.done / self.total))
        left = self.eta()
        tail = f", about {duration(left)} left" if left is not None else ""
        return f"{self.label}: {self.done}/{self.total} ({share}%), {elapsed} elapsed{tail}"

    def _line(self) -> None:
        self.shown = self.done
        self.console.print(self.status(), highlight=False, markup=False, soft_wrap=True)


class PhaseProgress:
    """Progress of a command that runs in named phases of known size (`claimdesk train`:
    analysing, training, tuning): one bar per phase on a terminal; off a terminal, a plain
    line per phase at most every `interval` seconds and when the phase completes."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.interval = float(os.environ.get(INTERVAL_ENV) or PLAIN_INTERVAL)
        self._bar: Progress | None = None
        self._tasks: dict[str, TaskID] = {}
        self._plain: dict[str, BatchProgress] = {}

    def __enter__(self) -> PhaseProgress:
        if self.console.is_terminal:
            self._bar = progress_bar(self.console)
            self._bar.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, error, trace)

    def update(self, phase: str, done: int, total: int) -> None:
        """`done` of `total` steps of `phase` are finished."""
        if self._bar is not None:
            if phase not in self._tasks:
                self._tasks[phase] = self._bar.add_task(phase, total=total)
            self._bar.update(self._tasks[phase], completed=done, total=total)
            return
        plain = self._plain.get(phase)
        if plain is None:
            plain = self._plain[phase] = BatchProgress(self.console, total, label=phase)
        plain.total = total
        plain.done = done
        now = time.monotonic()
        finished = bool(total) and done >= total and plain.shown != done
        if finished or now - plain.last_line >= self.interval:
            plain.last_line = now
            plain._line()
