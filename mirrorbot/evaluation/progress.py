"""A rich progress bar per system, or nothing when disabled (not a terminal, tests, --quiet)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from mirrorbot.evaluation.predictions import Advance


class Bars:
    """Hands out `advance` callbacks, one progress bar each; silent when it has no Progress."""

    def __init__(self, progress: object | None = None) -> None:
        self.progress = progress

    def bar(self, description: str, total: int) -> Advance | None:
        if self.progress is None:
            return None
        task = self.progress.add_task(description, total=total)  # type: ignore[attr-defined]
        return lambda done: self.progress.advance(task, done)  # type: ignore[union-attr]


@contextmanager
def progress_bars(enabled: bool) -> Iterator[Bars]:
    """Progress bars on stderr while the block runs (when `enabled`); they vanish when it ends."""
    if not enabled:
        yield Bars()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        yield Bars(progress)
