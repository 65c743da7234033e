"""`mirrorbot eval --mirror --file MESSAGES`: read messages, run the mirror engine's own evaluation
(`mirrorbot.mirror.evaluate.evaluate_mirror`), print its metrics.

MESSAGES: a `.txt` file (one message per line), or a CSV/TSV/JSONL file with a text column; an
optional `crisis` column/key (true/false, 1/0) marks the messages that should get the safety reply.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

from mirrorbot.datasets import iter_jsonl
from mirrorbot.errors import DatasetError

_TRUE = {"1", "true", "yes", "y"}
_FALSE = {"0", "false", "no", "n", ""}


def _flag(value: object, where: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False if text else None
    raise DatasetError(f"{where}: expected crisis to be true/false or 1/0, found {value!r}")


def read_messages(path: Path, text_column: str = "text") -> list[dict[str, Any]]:
    """The messages of `path` as `{"text": str, "crisis": bool | None}` (None: not marked)."""
    if not path.is_file():
        raise DatasetError(f"expected a messages file at {str(path)!r}, but it does not exist")
    suffix = path.suffix.lower()
    messages: list[dict[str, Any]] = []
    if suffix in (".jsonl", ".ndjson"):
        for number, record in iter_jsonl(path):
            if not isinstance(record.get(text_column), str):
                raise DatasetError(f"{path}:{number}: expected an object with a string {text_column!r}, found keys {sorted(record)}")
            messages.append({"text": record[text_column], "crisis": _flag(record.get("crisis"), f"{path}:{number}")})
    elif suffix in (".csv", ".tsv"):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t" if suffix == ".tsv" else ",")
            if text_column not in (reader.fieldnames or []):
                raise DatasetError(f"{path}:1: expected a column {text_column!r} in the header, found {reader.fieldnames}")
            for row in reader:
                where = f"{path}:{reader.line_num}"
                messages.append({"text": row[text_column], "crisis": _flag(row.get("crisis"), where)})
    else:
        messages = [{"text": line, "crisis": None} for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    messages = [message for message in messages if message["text"].strip()]
    if not messages:
        raise DatasetError(f"{path}: expected at least one message, found none")
    return messages


def evaluate_messages(messages: list[dict[str, Any]], detector: object) -> dict[str, Any]:
    """Answer every message with a `MirrorBot` on `detector` and score the replies (design-note metrics)."""
    try:
        from mirrorbot.mirror.bot import MirrorBot
        from mirrorbot.mirror.evaluate import evaluate_mirror
    except ImportError as error:
        raise DatasetError(f"the mirror evaluation is not available in this install ({error})") from None
    bot = MirrorBot(detector)  # type: ignore[arg-type]
    started = time.perf_counter()
    metrics: dict[str, Any] = dict(evaluate_mirror(bot, messages))
    seconds = time.perf_counter() - started
    metrics["seconds"] = round(seconds, 3)
    metrics["messages_per_s"] = round(len(messages) / seconds, 1) if seconds > 0 else None
    return metrics


def mirror_table(metrics: dict[str, Any]) -> None:
    """Print the mirror metrics as a two-column rich table (nested values flattened with dots)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="mirror evaluation", title_justify="left")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in _flatten(metrics).items():
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    Console().print(table)


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        elif not isinstance(value, list):
            flat[name] = value
    return flat
