"""Progress of a run: a rich bar on a terminal, a caller's callback, or nothing."""
from __future__ import annotations

import sys
import time


class Progress:
    """A rich progress bar on a terminal, a callback, or nothing."""

    def __init__(self, total: int, quiet: bool, callback):
        self.total, self.callback, self.done, self.failed = total, callback, 0, 0
        self.bar = self.task = None
        if callback is None and not quiet and total and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                       TimeRemainingColumn)
            self.bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                                MofNCompleteColumn(),
                                TextColumn("{task.fields[rate]} files/s"),
                                TimeRemainingColumn(),
                                TextColumn("[red]failed {task.fields[failed]}"),
                                console=Console(stderr=True), transient=False)
        self.started = time.monotonic()

    def __enter__(self):
        if self.bar is not None:
            self.bar.start()
            self.task = self.bar.add_task("jixiao", total=self.total, rate="-", failed=0)
        return self

    def phase(self, text: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, description=f"jixiao: {text}")

    def advance(self, status: str) -> None:
        self.done += 1
        self.failed += status == "failed"
        if self.callback is not None:
            self.callback(self.done, self.total, self.failed)
        elif self.bar is not None:
            rate = self.done / max(time.monotonic() - self.started, 1e-6)
            self.bar.update(self.task, advance=1, rate=f"{rate:.1f}", failed=self.failed)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
