"""Loaders for the labeled emotion datasets in the data folder (see each folder's SOURCE.md).

Every loader returns a list of `Example`. Malformed files raise `DatasetError` naming the file,
line and column, so a user pointing a loader at their own copy sees what is wrong.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mirrorbot.errors import DatasetError
from mirrorbot.taxonomy import LABELS

CARER_LABELS = ("sadness", "joy", "love", "anger", "fear", "surprise")
DAILYDIALOG_LABELS = ("no emotion", "anger", "disgust", "fear", "happiness", "sadness", "surprise")
WASSA_EMOTIONS = ("anger", "fear", "joy", "sadness")
DATASETS = ("goemotions", "carer", "emobank", "wassa2017", "dailydialog")


@dataclass(frozen=True)
class Example:
    """One labeled text: its labels in the dataset's own names and/or its numeric ratings."""

    text: str
    labels: tuple[str, ...] = ()
    values: dict[str, float] = field(default_factory=dict)


def _require(path: Path) -> Path:
    if not path.is_file():
        raise DatasetError(f"expected the dataset file {str(path)!r}, but it does not exist")
    return path


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    with _require(path).open(encoding="utf-8", errors="replace", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\r\n")
            if line.strip():
                yield number, line


def iter_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line of a JSONL file; malformed lines raise
    `DatasetError` naming the file, line and column."""
    with _require(path).open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise DatasetError(f"{path}:{number}: column {error.colno}: expected a JSON object, {error.msg}") from None
            if not isinstance(record, dict):
                raise DatasetError(f"{path}:{number}: expected a JSON object, found a {type(record).__name__}")
            yield number, record


def _split_name(split: str, names: dict[str, str], dataset: str) -> str:
    try:
        return names[split]
    except KeyError:
        raise DatasetError(
            f"{dataset} has no split {split!r}; expected one of {', '.join(sorted(names))}"
        ) from None


def load_goemotions(root: Path, split: str) -> list[Example]:
    """GoEmotions `{split}.tsv`: text, comma-separated label ids (0-27), comment id.

    Read as the dataset's SOURCE.md says, with a tab-separated CSV reader: some texts are stored in
    double quotes (with doubled inner quotes) and come back unquoted.
    """
    name = _split_name(split, {"train": "train", "dev": "dev", "validation": "dev", "test": "test"}, "goemotions")
    path = _require(root / "goemotions" / f"{name}.tsv")
    examples = []
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        for columns in reader:
            number = reader.line_num
            if not columns or not any(column.strip() for column in columns):
                continue
            if len(columns) < 2:
                raise DatasetError(f"{path}:{number}: expected 3 tab-separated columns (text, label ids, id), found {len(columns)}")
            try:
                ids = [int(part) for part in columns[1].split(",")]
            except ValueError:
                raise DatasetError(f"{path}:{number}: column 2: expected label ids like '3,27', found {columns[1]!r}") from None
            bad = [i for i in ids if not 0 <= i < len(LABELS)]
            if bad:
                raise DatasetError(f"{path}:{number}: column 2: label ids must be 0-27, found {bad}")
            examples.append(Example(columns[0], tuple(LABELS[i] for i in ids)))
    return examples


def load_carer(root: Path, split: str) -> list[Example]:
    """CARER `{split}.txt`: `text;label`, 6 labels."""
    name = _split_name(split, {"train": "train", "dev": "val", "validation": "val", "val": "val", "test": "test"}, "carer")
    path = root / "carer" / f"{name}.txt"
    examples = []
    for number, line in _lines(path):
        text, sep, label = line.rpartition(";")
        if not sep:
            raise DatasetError(f"{path}:{number}: expected 'text;label', found no ';'")
        if label not in CARER_LABELS:
            raise DatasetError(
                f"{path}:{number}: column 2: unknown label {label!r}; expected one of {', '.join(CARER_LABELS)}"
            )
        examples.append(Example(text, (label,)))
    return examples


def load_emobank(root: Path, split: str) -> list[Example]:
    """EmoBank `emobank.csv` rows of one split; values V, A, D on the 1-5 scale."""
    _split_name(split, {"train": "train", "dev": "dev", "test": "test"}, "emobank")
    path = _require(root / "emobank" / "emobank.csv")
    examples = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        expected = ["id", "split", "V", "A", "D", "text"]
        if header != expected:
            raise DatasetError(f"{path}:1: expected the header {expected}, found {header}")
        for row in reader:
            number = reader.line_num
            if len(row) != 6:
                raise DatasetError(f"{path}:{number}: expected 6 columns, found {len(row)}")
            if row[1] != split:
                continue
            values = {}
            for column, key in ((2, "V"), (3, "A"), (4, "D")):
                try:
                    values[key] = float(row[column])
                except ValueError:
                    raise DatasetError(f"{path}:{number}: column {column + 1} ({key}): expected a number, found {row[column]!r}") from None
            examples.append(Example(row[5], (), values))
    return examples


def load_wassa2017(root: Path, split: str, emotions: tuple[str, ...] = WASSA_EMOTIONS) -> list[Example]:
    """WASSA-2017 EmoInt: id, tweet, emotion, intensity in [0, 1]. Splits: train, dev."""
    suffix = _split_name(split, {"train": "train", "dev": "dev.gold", "validation": "dev.gold"}, "wassa2017")
    examples = []
    for emotion in emotions:
        path = root / "wassa2017" / f"{emotion}-ratings-0to1.{suffix}.txt"
        for number, line in _lines(path):
            columns = line.split("\t")
            if len(columns) != 4:
                raise DatasetError(f"{path}:{number}: expected 4 tab-separated columns (id, tweet, emotion, score), found {len(columns)}")
            try:
                score = float(columns[3])
            except ValueError:
                raise DatasetError(f"{path}:{number}: column 4: expected a score in [0, 1], found {columns[3]!r}") from None
            examples.append(Example(columns[1], (columns[2],), {"intensity": score}))
    return examples


def load_dailydialog(root: Path, split: str) -> list[Example]:
    """DailyDialog utterances with their emotion label (one per `__eou__`-ended turn)."""
    name = _split_name(split, {"train": "train", "dev": "validation", "validation": "validation", "test": "test"}, "dailydialog")
    folder = root / "dailydialog" / name
    text_path = folder / f"dialogues_{name}.txt"
    label_path = folder / f"dialogues_emotion_{name}.txt"
    labels_by_line = dict(_lines(label_path))
    examples = []
    for number, line in _lines(text_path):
        turns = [turn.strip() for turn in line.split("__eou__")]
        turns = [turn for turn in turns if turn]
        raw = labels_by_line.get(number, "").split()
        try:
            ids = [int(value) for value in raw]
        except ValueError:
            raise DatasetError(f"{label_path}:{number}: expected emotion ids 0-6 separated by spaces") from None
        # One official train line has one label fewer than turns: pair what pairs, as others do.
        for turn, label_id in zip(turns, ids, strict=False):
            if not 0 <= label_id < len(DAILYDIALOG_LABELS):
                raise DatasetError(f"{label_path}:{number}: emotion id {label_id} outside 0-6")
            examples.append(Example(_detokenize(turn), (DAILYDIALOG_LABELS[label_id],)))
    return examples


def _detokenize(text: str) -> str:
    """DailyDialog spaces out punctuation ("Really ? I don ' t ."); join it back as people write."""
    text = re.sub(r" ([,.?!;:%])", r"\1", text)
    text = re.sub(r" ?[’'] ?(s|t|re|ve|ll|d|m)\b", r"'\1", text)
    return text


LOADERS = {
    "goemotions": load_goemotions,
    "carer": load_carer,
    "emobank": load_emobank,
    "wassa2017": load_wassa2017,
    "dailydialog": load_dailydialog,
}


def load(name: str, root: Path, split: str) -> list[Example]:
    """Load a named dataset split from the data folder `root`."""
    try:
        loader = LOADERS[name]
    except KeyError:
        raise DatasetError(f"unknown dataset {name!r}; expected one of {', '.join(DATASETS)}") from None
    return loader(root, split)


def sample(examples: list[Example], limit: int | None, seed: int) -> list[Example]:
    """A reproducible random subset of at most `limit` examples (all of them when limit is None)."""
    if limit is None or limit >= len(examples):
        return list(examples)
    return random.Random(seed).sample(examples, limit)
