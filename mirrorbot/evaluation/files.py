"""Read a user's labeled file (CSV, TSV or JSONL) into `Example`s, with errors that say file:line.

- CSV / TSV (by extension `.csv`, `.tsv`, `.tab`): a header row naming the columns.
- JSONL (`.jsonl`, `.ndjson`): one JSON object per line; a label may be a string or a list of strings
  (multi-label).

A rated file (`read_rated_file`) holds a number in the label column instead, e.g. a 1-5 valence rating;
it lands in `Example.values["rating"]`.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import NamedTuple

from mirrorbot.datasets import Example, iter_jsonl
from mirrorbot.errors import DatasetError


class Row(NamedTuple):
    """One read row and where it was: line number, and column number in a CSV/TSV (None in JSONL)."""

    line: int
    column: int | None
    example: Example


FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def read_labeled_file(path: str | Path, text_column: str, label_column: str) -> list[Example]:
    """The rows of `path` as Examples whose labels are the raw strings of `label_column`."""
    return _read(Path(path), text_column, label_column, rated=False)


def read_rated_file(path: str | Path, text_column: str, value_column: str) -> list[Example]:
    """The rows of `path` as Examples with the number in `value_column` as `values["rating"]`."""
    return _read(Path(path), text_column, value_column, rated=True)


def _read(path: Path, text_column: str, label_column: str, rated: bool) -> list[Example]:
    if not path.is_file():
        raise DatasetError(f"expected a labeled file at {str(path)!r}, but it does not exist")
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise DatasetError(
            f"{path}: cannot tell the format from the extension {path.suffix!r}; expected one of "
            f"{', '.join(sorted(FORMATS))} (rename the file)"
        )
    if kind == "jsonl":
        rows = _read_jsonl(path, text_column, label_column)
    else:
        rows = _read_delimited(path, "\t" if kind == "tsv" else ",", text_column, label_column)
    examples = [_rated(path, row, label_column) if rated else row.example for row in rows]
    if not examples:
        raise DatasetError(f"{path}: expected at least one labeled row, found none")
    return examples


def _read_delimited(path: Path, delimiter: str, text_column: str, label_column: str) -> list[Row]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None)
        if header is None:
            raise DatasetError(f"{path}:1: expected a header row naming the columns, found an empty file")
        positions = {}
        for name, option in ((text_column, "--text-column"), (label_column, "--label-column")):
            if name not in header:
                raise DatasetError(
                    f"{path}:1: expected a column {name!r} ({option}) in the header, found {header}"
                )
            positions[name] = header.index(name)
        rows = []
        for row in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise DatasetError(f"{path}:{number}: expected {len(header)} columns as in the header, found {len(row)}")
            text = row[positions[text_column]]
            label = row[positions[label_column]].strip()
            _check(path, number, text, label, text_column, label_column, header)
            rows.append(Row(number, positions[label_column] + 1, Example(text, (label,))))
    return rows


def _read_jsonl(path: Path, text_column: str, label_column: str) -> list[Row]:
    rows = []
    for number, record in iter_jsonl(path):
        for key in (text_column, label_column):
            if key not in record:
                raise DatasetError(f"{path}:{number}: expected the key {key!r}, found keys {sorted(record)}")
        text, raw = record[text_column], record[label_column]
        labels = raw if isinstance(raw, list) else [raw]
        if not isinstance(text, str) or not all(isinstance(label, str | int) for label in labels):
            raise DatasetError(
                f"{path}:{number}: expected {text_column!r} to be a string and {label_column!r} a string "
                f"or a list of strings, found {type(text).__name__} and {type(raw).__name__}"
            )
        labels = [str(label).strip() for label in labels]
        _check(path, number, text, ",".join(labels), text_column, label_column, None)
        rows.append(Row(number, None, Example(text, tuple(labels))))
    return rows


def _check(path: Path, number: int, text: str, label: str, text_column: str, label_column: str, header: list[str] | None) -> None:
    """Raise for an empty text or label, naming the column (and its position in a CSV header)."""
    for value, name in ((text, text_column), (label, label_column)):
        if not value.strip():
            where = f"column {header.index(name) + 1} ({name!r})" if header else f"key {name!r}"
            raise DatasetError(f"{path}:{number}: {where}: expected a non-empty value, found an empty one")


def _rated(path: Path, row: Row, column: str) -> Example:
    """The row's example with its label parsed as a finite number; an error names the file, line and column."""
    raw = ",".join(row.example.labels)
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not math.isfinite(value):
        where = f"column {row.column} ({column!r})" if row.column else f"key {column!r}"
        raise DatasetError(f"{path}:{row.line}: {where}: expected a number (a rating), found {raw!r}")
    return Example(row.example.text, (), {"rating": value})
