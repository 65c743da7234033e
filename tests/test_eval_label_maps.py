"""The label maps in data/label_maps and the errors for labels outside them."""

import json
import re
from pathlib import Path

import pytest

from mirrorbot.errors import DatasetError
from mirrorbot.evaluation.label_maps import BUILTIN_MAPS, MAPS_DIR, file_map, load_map, map_labels
from mirrorbot.evaluation.tasks import file_task
from mirrorbot.taxonomy import FAMILIES, FAMILY_OF

SAMPLES = Path(__file__).parent / "samples"


def test_goemotions_map_equals_the_taxonomy():
    assert load_map("goemotions") == FAMILY_OF


@pytest.mark.parametrize("name", BUILTIN_MAPS)
def test_every_builtin_map_targets_families_and_is_documented(name: str) -> None:
    assert set(load_map(name).values()) <= {*FAMILIES, None}
    assert f"`{name}.json`" in (MAPS_DIR / "README.md").read_text()


def test_carer_and_dailydialog_maps():
    assert load_map("carer")["love"] == "joy"
    assert load_map("dailydialog") == {
        "no emotion": "neutral", "anger": "anger", "disgust": "disgust", "fear": "fear",
        "happiness": "joy", "sadness": "sadness", "surprise": "surprise",
    }


def test_map_labels_normalizes_case_and_underscores():
    mapping = file_map()
    assert map_labels([("Happy",), ("NO_EMOTION",), ("grief", "Sadness")], mapping, "x") == [("joy",), ("neutral",), ("sadness",)]


def test_unknown_labels_are_listed_with_counts():
    path = SAMPLES / "unknown_labels.csv"
    message = f"{path}: 2 label(s) are not in the label map: 'meh' (2), 'bored stiff' (1). Add them to a JSON map"
    with pytest.raises(DatasetError, match=re.escape(message)):
        file_task(path, "text", "label")


def test_map_values_must_be_families():
    path = SAMPLES / "bad_map.json"
    with pytest.raises(DatasetError, match=re.escape(f"{path}: values must be Ekman families (anger, disgust, fear, joy, sadness, surprise, neutral) or null; found 'yay' → 'happiness'")):
        load_map(path)


def test_map_that_is_not_json_or_missing(tmp_path: Path) -> None:
    broken = tmp_path / "m.json"
    broken.write_text('{"a": "joy",\n "b" }')
    with pytest.raises(DatasetError, match=re.escape(f"{broken}:2: column 6: the label map is not valid JSON")):
        load_map(broken)
    with pytest.raises(DatasetError, match=re.escape("the label map 'nowhere.json' is neither a file nor a built-in map")):
        load_map("nowhere.json")


def test_nrc_map_keeps_ekmans_six_and_ignores_the_rest():
    nrc = json.loads((MAPS_DIR / "nrc.json").read_text())
    assert {key for key, family in nrc.items() if family} == set(FAMILIES) - {"neutral"}
    assert nrc["positive"] is None and nrc["trust"] is None
