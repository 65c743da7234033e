"""The terminal view of an evaluation: a rich table of metrics × systems, and the model's per-class scores."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table

from mirrorbot.evaluation.runner import EvalResult
from mirrorbot.evaluation.summary import fmt, headline_rows


def headline_table(result: EvalResult) -> Table:
    """Metrics as rows, the model and each peer as columns; the best cell of each row in bold."""
    task = result.task
    title = f"{task.name} {task.split} · {len(task)} examples · {result.seconds:.1f} s"
    table = Table(title=title, title_justify="left")
    table.add_column("metric")
    names = list(result.metrics)
    for name in names:
        table.add_column(result.model_name if name == "model" else name, justify="right")
    for title_text, cells in headline_rows(result):
        throughput = title_text == "examples/s"
        scored = [cell for cell in cells.values() if cell is not None]
        best = max(scored) if scored and not throughput else None
        row = []
        for name in names:
            text = fmt(cells.get(name), throughput)
            row.append(f"[bold]{text}[/bold]" if best is not None and cells.get(name) == best else text)
        table.add_row(title_text, *row)
    return table


def per_class_table(result: EvalResult, system: str = "model") -> Table | None:
    """Precision, recall, F1 and support of each class for one system (None if it has none)."""
    per_class = result.metrics[system].get("per_class")
    if not per_class:
        return None
    table = Table(title=f"per class · {result.model_name if system == 'model' else system}", title_justify="left")
    for column in ("class", "precision", "recall", "F1", "support"):
        table.add_column(column, justify="left" if column == "class" else "right")
    for name, scores in per_class.items():
        table.add_row(name, fmt(scores["precision"]), fmt(scores["recall"]), fmt(scores["f1"]), str(scores["support"]))
    return table


def render(result: EvalResult, console: Console | None = None, per_class: bool = True) -> None:
    """Print the headline table (and the model's per-class table) to `console`."""
    console = console or Console()
    parts: list[Table] = [headline_table(result)]
    detail = per_class_table(result) if per_class else None
    if detail is not None:
        parts.append(detail)
    console.print(Group(*parts))
    notes = [f"majority: {result.task.majority.source}"]
    if result.task.skipped:
        notes.append(f"{result.task.skipped} rows skipped (empty text or a label the map ignores)")
    if result.task.label_map:
        notes.append(f"labels mapped with {result.task.label_map}; families scored: {', '.join(result.task.classes)}")
    notes.extend(note for note in result.predictions["model"].notes)
    console.print("[dim]" + "\n".join(notes) + "[/dim]")
