"""Score one system's `Predictions` against a `Task`, with the metrics of the design notes.

Keys (absent where a system cannot answer):
- multilabel (GoEmotions): `macro_f1`, `micro_f1`, `accuracy` (exact match of the label set) over
  the 28 labels; `ekman_macro_f1`, `ekman_micro_f1` over the 7 families; `per_class` (28 labels,
  or the families for systems without labels); `per_family`; `confusion` over the families, on the examples whose
  gold labels fall in one family, leading predicted family.
- families (CARER, DailyDialog, files): `accuracy`, `macro_f1`, `micro_f1` over the families the set
  has, `ekman_macro_f1` (= `macro_f1`), `per_class`, `confusion`; for a CARER model on CARER also
  `carer_accuracy` and `carer_macro_f1` over the 6 original classes.
- vad (EmoBank): `valence_pearson`, `valence_spearman`, `arousal_pearson`, `arousal_spearman`.
- intensity (WASSA-2017): `per_emotion` {emotion: {pearson, spearman}}, `pearson_mean`, `spearman_mean`.
Every system also gets `n`, `seconds` and `examples_per_s`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import f1_score

from mirrorbot.datasets import CARER_LABELS
from mirrorbot.evaluation.metrics import (
    confusion,
    correlation,
    family_report,
    multi_hot,
    multilabel_report,
    per_class,
)
from mirrorbot.evaluation.predictions import Predictions
from mirrorbot.evaluation.tasks import Task
from mirrorbot.taxonomy import FAMILIES, LABELS


def score(task: Task, predictions: Predictions) -> dict[str, Any]:
    """The metrics of `predictions` on `task` (see the module docstring for the keys)."""
    scorer = {"multilabel": _multilabel, "families": _families, "vad": _vad, "intensity": _intensity}[task.kind]
    result = scorer(task, predictions)
    result.update(
        n=len(task),
        seconds=round(predictions.seconds, 3),
        examples_per_s=round(predictions.examples_per_s, 1),
    )
    return result


def confusion_classes(task: Task, predictions: Predictions) -> list[str]:
    """The families a confusion matrix shows: those in the gold or the leading predictions."""
    present = set(task.classes) | set(predictions.families)
    return [family for family in FAMILIES if family in present]


def _multilabel(task: Task, predictions: Predictions) -> dict[str, Any]:
    result: dict[str, Any] = {}
    gold_families = multi_hot(task.gold_families, FAMILIES)
    predicted_families = multi_hot(predictions.family_sets, FAMILIES)
    if predictions.labels is not None:
        gold = multi_hot(task.gold_labels, LABELS)
        predicted = multi_hot(predictions.labels, LABELS)
        result.update(multilabel_report(gold, predicted))
        result["accuracy"] = float((gold == predicted).all(1).mean())
        result["per_class"] = per_class(gold, predicted, LABELS)
    result["ekman_macro_f1"] = float(f1_score(gold_families, predicted_families, average="macro", zero_division=0))
    result["ekman_micro_f1"] = float(f1_score(gold_families, predicted_families, average="micro", zero_division=0))
    result["per_family"] = per_class(gold_families, predicted_families, FAMILIES)
    if predictions.labels is None:
        result["per_class"] = result["per_family"]
    single = [i for i, row in enumerate(task.gold_families) if len(row) == 1]
    classes = confusion_classes(task, predictions)
    result["confusion"] = {
        "classes": classes,
        "matrix": confusion([task.gold_families[i][0] for i in single], [predictions.families[i] for i in single], classes),
    }
    return result


def _families(task: Task, predictions: Predictions) -> dict[str, Any]:
    gold = [row[0] for row in task.gold_families]
    predicted = predictions.families
    result: dict[str, Any] = dict(family_report(gold, predicted, task.classes))
    result["ekman_macro_f1"] = result["macro_f1"]
    result["per_class"] = result["per_family"] = per_class(gold, predicted, task.classes)
    classes = confusion_classes(task, predictions)
    result["confusion"] = {"classes": classes, "matrix": confusion(gold, predicted, classes)}
    carer = predictions.extra.get("carer")
    if carer is not None and task.name == "carer":
        gold_carer = [row[0] for row in task.gold_labels]
        own = family_report(gold_carer, carer, CARER_LABELS)
        result["carer_accuracy"] = own["accuracy"]
        result["carer_macro_f1"] = own["macro_f1"]
    return result


def _vad(task: Task, predictions: Predictions) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, key in (("valence", "V"), ("arousal", "A")):
        if name in predictions.values and key in task.values:
            pair = correlation(task.values[key], predictions.values[name])
            result[f"{name}_pearson"] = pair["pearson"]
            result[f"{name}_spearman"] = pair["spearman"]
    return result


def _intensity(task: Task, predictions: Predictions) -> dict[str, Any]:
    if "intensity" not in predictions.values:
        return {}
    gold = task.values["intensity"]
    emotions = np.array(task.emotions)
    per_emotion = {}
    for emotion in sorted(set(task.emotions)):
        rows = emotions == emotion
        per_emotion[emotion] = correlation(gold[rows], predictions.values["intensity"][rows])
    return {
        "per_emotion": per_emotion,
        "pearson_mean": float(np.mean([pair["pearson"] for pair in per_emotion.values()])),
        "spearman_mean": float(np.mean([pair["spearman"] for pair in per_emotion.values()])),
    }
