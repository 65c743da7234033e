"""Read a user's labeled file (CSV, TSV or JSONL) into `Example`s, with errors that say file:line.

- CSV / TSV (by extension `.csv`, `.tsv`, `.tab`): a header row naming the columns.
- JSONL (`.jsonl`, `.ndjson`): one JSON object per line; a label may be a string or a list of strings
  (multi-label).
"""

from __future__ import annotations

import csv
from pathlib import Path

from mirrorbot.datasets import Example, iter_jsonl
from mirrorbot.errors import DatasetError

FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def read_labeled_file(path: str | Path, text_column: str, label_column: str) -> list[Example]:
    """The rows of `path` as Examples whose labels are the raw strings of `label_column`."""
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"expected a labeled file at {str(path)!r}, but it does not exist")
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise DatasetError(
            f"{path}: cannot tell the format from the extension {path.suffix!r}; expected one of "
            f"{', '.join(sorted(FORMATS))} (rename the file)"
        )
    if kind == "jsonl":
        examples = _read_jsonl(path, text_column, label_column)
    else:
        examples = _read_delimited(path, "\t" if kind == "tsv" else ",", text_column, label_column)
    if not examples:
        raise DatasetError(f"{path}: expected at least one labeled row, found none")
    return examples


def _read_delimited(path: Path, delimiter: str, text_column: str, label_column: str) -> list[Example]:
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
        examples = []
        for row in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise DatasetError(f"{path}:{number}: expected {len(header)} columns as in the header, found {len(row)}")
            text = row[positions[text_column]]
            label = row[positions[label_column]].strip()
            _check(path, number, text, label, text_column, label_column, header)
            examples.append(Example(text, (label,)))
    return examples


def _read_jsonl(path: Path, text_column: str, label_column: str) -> list[Example]:
    examples = []
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
        examples.append(Example(text, tuple(labels)))
    return examples


def _check(path: Path, number: int, text: str, label: str, text_column: str, label_column: str, header: list[str] | None) -> None:
    """Raise for an empty text or label, naming the column (and its position in a CSV header)."""
    for value, name in ((text, text_column), (label, label_column)):
        if not value.strip():
            where = f"column {header.index(name) + 1} ({name!r})" if header else f"key {name!r}"
            raise DatasetError(f"{path}:{number}: {where}: expected a non-empty value, found an empty one")
