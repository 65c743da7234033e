"""Mapping tables from a dataset's labels to the Ekman families (`data/label_maps/*.json`).

A map is `{"label": "family"}`; a `None` (JSON `null`) value means the label is ignored. Keys are
matched after `normalize` (lower case, `_` as a space, outer whitespace dropped).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from mirrorbot.errors import DatasetError
from mirrorbot.paths import PROJECT_DATA_DIR
from mirrorbot.taxonomy import FAMILIES, LABELS

MAPS_DIR = PROJECT_DATA_DIR / "label_maps"
BUILTIN_MAPS = ("carer", "dailydialog", "goemotions", "generic", "nrc")

LabelMap = dict[str, str | None]


def normalize(label: str) -> str:
    """The form labels are compared in: lower case, `_` read as a space, no outer whitespace."""
    return " ".join(label.replace("_", " ").lower().split())


def load_map(name_or_path: str | Path) -> LabelMap:
    """A built-in map by name (`carer`, `generic`, ...) or a JSON file `{"label": "family"}`."""
    path = Path(name_or_path)
    if str(name_or_path) in BUILTIN_MAPS:
        path = MAPS_DIR / f"{name_or_path}.json"
    if not path.is_file():
        raise DatasetError(
            f"the label map {str(name_or_path)!r} is neither a file nor a built-in map; expected a JSON file "
            f"like {{\"happy\": \"joy\"}} or one of {', '.join(BUILTIN_MAPS)}"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DatasetError(f"{path}:{error.lineno}: column {error.colno}: the label map is not valid JSON ({error.msg})") from None
    if not isinstance(data, dict):
        raise DatasetError(f"{path}: expected a JSON object {{\"label\": \"family\"}}, found a {type(data).__name__}")
    bad = {key: value for key, value in data.items() if value is not None and value not in FAMILIES}
    if bad:
        shown = ", ".join(f"{key!r} → {value!r}" for key, value in bad.items())
        raise DatasetError(f"{path}: values must be Ekman families ({', '.join(FAMILIES)}) or null; found {shown}")
    return {normalize(key): value for key, value in data.items()}


def file_map(extra: LabelMap | None = None) -> LabelMap:
    """The map for `--file` sets: GoEmotions labels, family names, `generic.json`, then `extra` on top."""
    result: LabelMap = {label: family for label, family in load_map("goemotions").items()}
    result.update({family: family for family in FAMILIES})
    result.update(load_map("generic"))
    result.update(extra or {})
    return result


def map_labels(rows: Iterable[tuple[str, ...]], mapping: Mapping[str, str | None], source: str) -> list[tuple[str, ...]]:
    """Each row's labels as Ekman families (order kept, repeats and ignored labels dropped).

    Raises `DatasetError` listing every label missing from `mapping` with its count.
    """
    rows = list(rows)
    unknown = Counter(label for row in rows for label in row if normalize(label) not in mapping)
    if unknown:
        listed = ", ".join(f"{label!r} ({count})" for label, count in unknown.most_common())
        raise DatasetError(
            f"{source}: {len(unknown)} label(s) are not in the label map: {listed}. "
            "Add them to a JSON map {\"label\": \"family\"} and pass it with --label-map"
        )
    result = []
    for row in rows:
        families = [mapping[normalize(label)] for label in row]
        result.append(tuple(dict.fromkeys(family for family in families if family is not None)))
    return result


def goemotions_map() -> LabelMap:
    """The 28 GoEmotions labels → families, from `goemotions.json`."""
    mapping = load_map("goemotions")
    missing = [label for label in LABELS if label not in mapping]
    if missing:
        raise DatasetError(f"{MAPS_DIR / 'goemotions.json'} lacks {', '.join(missing)}; restore it from git")
    return mapping
