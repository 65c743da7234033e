"""An evaluation task: the examples of one labeled set, their gold in Ekman families or values,
and what the majority peer predicts (taken from the set's train split where it has one).

Kinds:
- `multilabel`: GoEmotions, 28 labels (and their families).
- `families`: single-label sets mapped to the Ekman families (CARER, DailyDialog, user files).
- `vad`: EmoBank valence and arousal (1-5), or a user file rating one of them (any scale: the
  correlations do not depend on it).
- `intensity`: WASSA-2017, the intensity of one named emotion per text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from mirrorbot.datasets import Example, load
from mirrorbot.detector.detector import clean_text
from mirrorbot.errors import DatasetError, EmptyTextError
from mirrorbot.evaluation.label_maps import file_map, goemotions_map, load_map, map_labels
from mirrorbot.taxonomy import FAMILIES

KINDS = {"goemotions": "multilabel", "carer": "families", "dailydialog": "families", "emobank": "vad", "wassa2017": "intensity"}
MAPS = {"goemotions": "goemotions", "carer": "carer", "dailydialog": "dailydialog"}
TRAIN_SPLIT = {"goemotions": "train", "carer": "train", "dailydialog": "train", "emobank": "train", "wassa2017": "train"}


@dataclass
class Majority:
    """What the majority peer answers for every example, and where it learned it."""

    families: tuple[str, ...] = ("neutral",)
    labels: tuple[str, ...] | None = None
    values: dict[str, float] = field(default_factory=dict)
    source: str = ""


@dataclass
class Task:
    """The examples of one evaluated set with their gold in the form the scorer needs."""

    name: str
    split: str
    kind: str
    texts: list[str]
    gold_labels: list[tuple[str, ...]]
    gold_families: list[tuple[str, ...]]
    values: dict[str, np.ndarray] = field(default_factory=dict)
    emotions: list[str] = field(default_factory=list)
    majority: Majority = field(default_factory=Majority)
    skipped: int = 0
    raw_labels: tuple[str, ...] = ()
    label_map: str = ""

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def classes(self) -> list[str]:
        """The Ekman families that occur in the gold, in the taxonomy's order."""
        present = {family for row in self.gold_families for family in row}
        return [family for family in FAMILIES if family in present]


def _readable(examples: list[Example]) -> tuple[list[Example], int]:
    """Drop examples whose text is empty after cleaning; return the rest and how many were dropped."""
    kept = []
    for example in examples:
        try:
            clean_text(example.text)
        except EmptyTextError:
            continue
        kept.append(example)
    return kept, len(examples) - len(kept)


def _most_common(rows: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The most frequent single label over all rows (ties: the first in sorted order)."""
    counts = Counter(label for row in rows for label in row)
    best = max(counts.values())
    return (min(label for label, count in counts.items() if count == best),)


def load_task(name: str, root: Path, split: str, limit: int | None = None) -> Task:
    """A named dataset's split as a Task; the majority peer learns from its train split."""
    if name not in KINDS:
        raise DatasetError(f"unknown dataset {name!r}; expected one of {', '.join(KINDS)}")
    examples, skipped = _readable(load(name, root, split))
    if limit is not None:
        examples = examples[:limit]
    train, _ = _readable(load(name, root, TRAIN_SPLIT[name]))
    kind = KINDS[name]
    source = f"{name} {TRAIN_SPLIT[name]} split ({len(train)} examples)"
    texts = [example.text for example in examples]
    labels = [example.labels for example in examples]
    if kind in ("multilabel", "families"):
        mapping = goemotions_map() if kind == "multilabel" else load_map(MAPS[name])
        families = map_labels(labels, mapping, f"{name} {split}")
        train_families = map_labels([example.labels for example in train], mapping, f"{name} train")
        majority = Majority(families=_most_common(train_families), source=source)
        if kind == "multilabel":
            majority.labels = _most_common([example.labels for example in train])
        return Task(name, split, kind, texts, labels, families, majority=majority, skipped=skipped,
                    raw_labels=tuple(sorted({label for row in labels for label in row})),
                    label_map=f"data/label_maps/{MAPS[name]}.json")
    keys = ("V", "A") if kind == "vad" else ("intensity",)
    values = {key: np.array([example.values[key] for example in examples], dtype=float) for key in keys}
    means = {key: float(np.mean([example.values[key] for example in train])) for key in keys}
    emotions = [example.labels[0] for example in examples] if kind == "intensity" else []
    families = [(label,) for label in emotions] if emotions else [() for _ in examples]
    return Task(name, split, kind, texts, labels, families, values=values, emotions=emotions,
                majority=Majority(values=means, source=f"{source}: the mean rating"), skipped=skipped)


def file_task(path: Path, text_column: str, label_column: str, label_map: str | None = None, limit: int | None = None) -> Task:
    """A user's CSV/TSV/JSONL file as a `families` Task; the majority peer learns from the file itself."""
    from mirrorbot.evaluation.files import read_labeled_file

    examples, skipped = _readable(read_labeled_file(path, text_column, label_column))
    mapping = file_map(load_map(label_map) if label_map else None)
    families = map_labels([example.labels for example in examples], mapping, str(path))
    kept = [i for i, row in enumerate(families) if row]  # drops rows whose labels the map ignores (null)
    skipped += len(families) - len(kept)
    examples = [examples[i] for i in kept][:limit]
    families = [families[i] for i in kept][:limit]
    labels = [example.labels for example in examples]
    majority = Majority(families=_most_common(families), source=f"{Path(path).name} itself (no train split)")
    used = "data/label_maps/generic.json + the GoEmotions labels and family names" + (f" + {label_map}" if label_map else "")
    return Task(Path(path).name, "file", "families", [example.text for example in examples], labels, families,
                majority=majority, skipped=skipped, raw_labels=tuple(sorted({label for row in labels for label in row})),
                label_map=used)


RATED_KEYS = {"valence": "V", "arousal": "A"}


def rated_file_task(path: Path, text_column: str, value_column: str, rating: str, limit: int | None = None) -> Task:
    """A user's file with a numeric `rating` ("valence" or "arousal") per text, as a `vad` Task."""
    from mirrorbot.evaluation.files import read_rated_file

    if rating not in RATED_KEYS:
        raise DatasetError(f"unknown rating {rating!r}; expected one of {', '.join(RATED_KEYS)}")
    examples, skipped = _readable(read_rated_file(path, text_column, value_column))
    examples = examples[:limit]
    ratings = np.array([example.values["rating"] for example in examples], dtype=float)
    key = RATED_KEYS[rating]
    majority = Majority(values={key: float(ratings.mean())}, source=f"{Path(path).name} itself: the mean rating")
    return Task(Path(path).name, "file", "vad", [example.text for example in examples], [() for _ in examples],
                [() for _ in examples], values={key: ratings}, majority=majority, skipped=skipped)
