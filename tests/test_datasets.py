import re
from pathlib import Path

import pytest

from mirrorbot.datasets import load
from mirrorbot.errors import DatasetError


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_goemotions_reads_label_ids(tmp_path):
    write(tmp_path, "goemotions/dev.tsv", "I love this\t18\tid1\nwhat?\t6,26\tid2\n")
    examples = load("goemotions", tmp_path, "dev")
    assert [e.labels for e in examples] == [("love",), ("confusion", "surprise")]


def test_goemotions_bad_label_names_file_line_and_column(tmp_path):
    path = write(tmp_path, "goemotions/train.tsv", "fine\t27\ta\nbroken\tx,3\tb\n")
    with pytest.raises(DatasetError, match=re.escape(f"{path}:2: column 2: expected label ids like '3,27', found 'x,3'")):
        load("goemotions", tmp_path, "train")


def test_carer_unknown_label(tmp_path):
    path = write(tmp_path, "carer/test.txt", "i feel fine;joy\ni feel odd;weird\n")
    with pytest.raises(DatasetError, match=re.escape(f"{path}:2: column 2: unknown label 'weird'")):
        load("carer", tmp_path, "test")


def test_emobank_header_and_numbers(tmp_path):
    write(tmp_path, "emobank/emobank.csv", "id,split,V,A,D,text\na,test,3.2,2.9,3.0,\"Hi, there\"\nb,train,1,1,1,no\n")
    examples = load("emobank", tmp_path, "test")
    assert len(examples) == 1 and examples[0].text == "Hi, there" and examples[0].values["V"] == 3.2
    write(tmp_path, "emobank/emobank.csv", "id,split,V,A,D,text\na,test,high,2.9,3.0,x\n")
    with pytest.raises(DatasetError, match=re.escape("column 3 (V): expected a number, found 'high'")):
        load("emobank", tmp_path, "test")


def test_dailydialog_pairs_turns_with_labels_and_detokenizes(tmp_path):
    write(tmp_path, "dailydialog/test/dialogues_test.txt", "Really ? I don ' t know . __eou__ Great ! __eou__\n")
    write(tmp_path, "dailydialog/test/dialogues_emotion_test.txt", "6 4\n")
    examples = load("dailydialog", tmp_path, "test")
    assert [(e.text, e.labels[0]) for e in examples] == [("Really? I don't know.", "surprise"), ("Great!", "happiness")]


def test_missing_file_and_unknown_split(tmp_path):
    with pytest.raises(DatasetError, match="does not exist"):
        load("wassa2017", tmp_path, "dev")
    with pytest.raises(DatasetError, match=re.escape("wassa2017 has no split 'test'; expected one of dev, train, validation")):
        load("wassa2017", tmp_path, "test")
    with pytest.raises(DatasetError, match="unknown dataset 'imdb'"):
        load("imdb", tmp_path, "test")
