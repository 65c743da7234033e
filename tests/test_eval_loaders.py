"""Every loader the evaluation uses, on tiny sample files written for the tests (tests/samples)."""

import re
from pathlib import Path

import pytest
from sample_data import sample_data_dir

from mirrorbot.errors import DatasetError
from mirrorbot.evaluation.files import read_labeled_file
from mirrorbot.evaluation.mirror import read_messages
from mirrorbot.evaluation.tasks import file_task, load_task

SAMPLES = Path(__file__).parent / "samples"
DATA = sample_data_dir()


def test_goemotions_task_keeps_labels_and_families():
    task = load_task("goemotions", DATA, "test")
    assert task.kind == "multilabel" and len(task) == 4
    assert task.gold_labels[1] == ("anger", "annoyance")
    assert task.gold_families == [("joy",), ("anger",), ("neutral",), ("surprise", "joy")]
    assert task.majority.labels == ("neutral",) and task.majority.families == ("neutral",)
    assert task.majority.source == "goemotions train split (4 examples)"


def test_carer_task_maps_love_to_joy_and_learns_the_majority_from_train():
    task = load_task("carer", DATA, "test")
    assert [row[0] for row in task.gold_families] == ["sadness", "joy", "joy", "fear", "surprise"]
    assert task.classes == ["fear", "joy", "sadness", "surprise"]
    assert task.majority.families == ("joy",)


def test_dailydialog_task_detokenizes_and_maps():
    task = load_task("dailydialog", DATA, "test")
    assert task.texts[:2] == ["Hello, how are you?", "I'm great, thanks!"]
    assert [row[0] for row in task.gold_families] == ["neutral", "joy", "disgust", "sadness", "surprise"]
    assert task.majority.source == "dailydialog train split (5 examples)"


def test_emobank_task_reads_the_split_and_train_means():
    task = load_task("emobank", DATA, "test")
    assert task.kind == "vad" and task.values["V"].tolist() == [4.2, 1.8, 3.0]
    assert task.majority.values == pytest.approx({"V": 3.5, "A": 3.25})


def test_wassa_task_reads_all_four_emotions():
    task = load_task("wassa2017", DATA, "dev")
    assert len(task) == 12 and sorted(set(task.emotions)) == ["anger", "fear", "joy", "sadness"]
    assert task.values["intensity"][:3].tolist() == [0.3, 0.9, 0.2]


def test_limit_keeps_the_first_examples():
    assert load_task("carer", DATA, "test", limit=2).texts == ["i feel so lonely tonight", "i am thrilled about the trip"]


def test_unknown_dataset():
    with pytest.raises(DatasetError, match=re.escape("unknown dataset 'isear'; expected one of goemotions, carer")):
        load_task("isear", DATA, "test")


def test_csv_tsv_and_jsonl_files():
    csv_rows = read_labeled_file(SAMPLES / "labeled.csv", "text", "label")
    assert [(e.text, e.labels) for e in csv_rows][2] == ("Well, that was unexpected.", ("surprised",))
    assert read_labeled_file(SAMPLES / "labeled.tsv", "text", "label")[1].labels == ("sadness",)
    jsonl = read_labeled_file(SAMPLES / "labeled.jsonl", "text", "label")
    assert jsonl[1].labels == ("disgust", "anger")


def test_file_task_maps_synonyms_to_families():
    task = file_task(SAMPLES / "labeled.csv", "text", "label")
    assert [row[0] for row in task.gold_families] == ["joy", "anger", "surprise", "neutral"]
    assert task.majority.source == "labeled.csv itself (no train split)"


def test_file_task_with_a_label_map_drops_null_labels():
    task = file_task(SAMPLES / "mapped.csv", "text", "label", label_map=str(SAMPLES / "my_map.json"))
    assert task.texts == ["yay we won", "meh whatever"]
    assert [row[0] for row in task.gold_families] == ["joy", "neutral"]


def test_missing_column_names_file_line_and_the_option():
    path = SAMPLES / "bad_header.csv"
    with pytest.raises(DatasetError, match=re.escape(f"{path}:1: expected a column 'text' (--text-column) in the header, found ['words', 'label']")):
        read_labeled_file(path, "text", "label")


def test_wrong_number_of_columns_names_the_line():
    path = SAMPLES / "bad_columns.csv"
    with pytest.raises(DatasetError, match=re.escape(f"{path}:3: expected 2 columns as in the header, found 3")):
        read_labeled_file(path, "text", "label")


def test_empty_text_names_line_and_column():
    path = SAMPLES / "empty_text.csv"
    with pytest.raises(DatasetError, match=re.escape(f"{path}:3: column 1 ('text'): expected a non-empty value, found an empty one")):
        read_labeled_file(path, "text", "label")


def test_bad_json_names_line_and_column():
    path = SAMPLES / "bad_json.jsonl"
    with pytest.raises(DatasetError, match=re.escape(f"{path}:2: column 29: expected a JSON object, Expecting value")):
        read_labeled_file(path, "text", "label")


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    odd = tmp_path / "set.xlsx"
    odd.write_text("x")
    with pytest.raises(DatasetError, match=re.escape(f"{odd}: cannot tell the format from the extension '.xlsx'")):
        read_labeled_file(odd, "text", "label")
    with pytest.raises(DatasetError, match=re.escape(f"expected a labeled file at '{tmp_path / 'nope.csv'}', but it does not exist")):
        read_labeled_file(tmp_path / "nope.csv", "text", "label")


def test_messages_file_for_the_mirror(tmp_path: Path) -> None:
    assert [m["text"] for m in read_messages(SAMPLES / "messages.txt")] == [
        "I am so happy today!", "This makes me furious.", "I just want it all to end.",
    ]
    marked = tmp_path / "m.jsonl"
    marked.write_text('{"text": "hi", "crisis": false}\n{"text": "help", "crisis": "maybe"}\n')
    with pytest.raises(DatasetError, match=re.escape(f"{marked}:2: expected crisis to be true/false or 1/0, found 'maybe'")):
        read_messages(marked)
