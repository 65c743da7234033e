"""The evaluation metrics against values computed by hand on tiny inputs."""

import math

import numpy as np
import pytest

from mirrorbot.evaluation.metrics import (
    confusion,
    correlation,
    family_report,
    multi_hot,
    multilabel_report,
    per_class,
    single_label_report,
)
from mirrorbot.taxonomy import LABELS


def test_per_class_single_label():
    # joy: 1 of 1 predicted right, 1 of 2 found -> P 1, R 1/2, F1 2/3; anger: P 2/3, R 1, F1 4/5
    scores = per_class(["joy", "joy", "anger", "anger"], ["joy", "anger", "anger", "anger"], ["anger", "joy"])
    assert scores["joy"] == pytest.approx({"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2})
    assert scores["anger"] == pytest.approx({"precision": 2 / 3, "recall": 1.0, "f1": 0.8, "support": 2})


def test_per_class_multi_hot():
    gold, predicted = np.array([[1, 0], [1, 1]]), np.array([[1, 1], [0, 1]])
    scores = per_class(gold, predicted, ["x", "y"])
    assert scores["x"] == pytest.approx({"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2})
    assert scores["y"] == pytest.approx({"precision": 0.5, "recall": 1.0, "f1": 2 / 3, "support": 1})


def test_family_report_counts_predictions_outside_the_set_as_misses_only():
    # classes anger, joy: accuracy 2/3; joy F1 2/3, anger F1 1 -> macro 5/6; micro: TP 2, FP 0, FN 1 -> 0.8
    report = family_report(["joy", "joy", "anger"], ["joy", "neutral", "anger"])
    assert report == pytest.approx({"accuracy": 2 / 3, "macro_f1": 5 / 6, "micro_f1": 0.8})


def test_single_label_report_hand_computed():
    report = single_label_report(["joy", "joy", "anger", "anger"], ["joy", "anger", "anger", "anger"])
    assert report == pytest.approx({"accuracy": 0.75, "macro_f1": (2 / 3 + 0.8) / 2})


def test_confusion_rows_are_gold_columns_predicted():
    matrix = confusion(["joy", "joy", "anger"], ["joy", "neutral", "anger"], ["anger", "joy", "neutral"])
    assert matrix == [[1, 0, 0], [0, 1, 1], [0, 0, 0]]


def test_multi_hot_drops_unknown_names():
    assert multi_hot([("b",), ("a", "zzz"), ()], ["a", "b"]).tolist() == [[0, 1], [1, 0], [0, 0]]


def test_multilabel_report_hand_computed():
    gold = multi_hot([("joy",), ("anger", "annoyance"), ("neutral",), ("surprise", "gratitude")], LABELS)
    predicted = multi_hot([("joy",), ("anger",), ("neutral",), ("gratitude",)], LABELS)
    report = multilabel_report(gold, predicted)
    # 4 labels with F1 1 out of 28; micro: TP 4, FP 0, FN 2 -> 0.8; families: anger, joy, neutral right of 7
    assert report == pytest.approx({"macro_f1": 4 / 28, "micro_f1": 0.8, "ekman_macro_f1": 3 / 7})


def test_correlation_hand_computed():
    # deviations (-1, 0, 1) and (-7/3, -1/3, 8/3): r = 5 / sqrt(2 * 114/9) = 15 / sqrt(228)
    result = correlation([1, 2, 3], [2, 4, 7])
    assert result["pearson"] == pytest.approx(15 / math.sqrt(228))
    assert result["spearman"] == pytest.approx(1.0)


def test_correlation_of_a_constant_is_zero_not_nan():
    assert correlation([1.0, 2.0, 3.0], [3.044] * 3) == {"pearson": 0.0, "spearman": 0.0}


def test_thresholds_sit_between_dev_scores_not_on_one():
    from mirrorbot.evaluation.metrics import tune_thresholds

    gold = np.array([[0, 0], [0, 0], [1, 0], [1, 0]])
    scores = np.array([[0.1, 0.2], [0.3, 0.1], [0.6, 0.4], [0.8, 0.3]])
    thresholds = tune_thresholds(gold, scores, labels=("a", "b"))
    assert thresholds["a"] == pytest.approx(0.45)  # lets 0.6 and 0.8 through, halfway down to 0.3
    assert thresholds["b"] == 0.5  # never occurs


def test_bagged_thresholds_separate_clean_data_and_repeat_with_the_seed():
    from mirrorbot.evaluation.metrics import bagged_thresholds

    gold = np.array([[0, 0], [0, 0], [1, 0], [1, 0]] * 3)
    scores = np.array([[0.1, 0.2], [0.3, 0.1], [0.6, 0.4], [0.8, 0.3]] * 3)
    thresholds = bagged_thresholds(gold, scores, labels=("a", "b"), rounds=10, seed=3)
    assert 0.3 < thresholds["a"] < 0.6  # every resample's cut lies between the classes, so their mean does
    assert thresholds["b"] == 0.5
    assert bagged_thresholds(gold, scores, labels=("a", "b"), rounds=10, seed=3) == thresholds
