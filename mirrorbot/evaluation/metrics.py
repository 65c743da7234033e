"""Metrics as the design notes define them, computed with scikit-learn and scipy."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.stats import pearsonr, spearmanr
from sklearn.metrics import accuracy_score, f1_score, precision_recall_curve

from mirrorbot.taxonomy import FAMILIES, FAMILY_OF, LABELS


def tune_thresholds(gold: np.ndarray, scores: np.ndarray, labels: Sequence[str] = LABELS) -> dict[str, float]:
    """Per label, the score threshold that maximises F1 on this (dev) data; 0.5 if a label never occurs."""
    thresholds = {}
    for j, label in enumerate(labels):
        if gold[:, j].sum() == 0:
            thresholds[label] = 0.5
            continue
        precision, recall, cuts = precision_recall_curve(gold[:, j], scores[:, j])
        f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
        best = int(np.argmax(f1[:-1]))
        thresholds[label] = float(min(0.95, max(0.02, cuts[best])))
    return thresholds


def apply_thresholds(scores: np.ndarray, thresholds: dict[str, float], labels: Sequence[str] = LABELS) -> np.ndarray:
    """Multi-hot predictions; a row with nothing above threshold gets its top label (as `Affect` does)."""
    limits = np.array([thresholds.get(label, 0.5) for label in labels])
    predicted = (scores >= limits).astype(int)
    empty = predicted.sum(1) == 0
    predicted[empty, scores[empty].argmax(1)] = 1
    return predicted


def to_families(multi_hot: np.ndarray, labels: Sequence[str] = LABELS) -> np.ndarray:
    """Map 28-label multi-hot rows to 7-family multi-hot rows."""
    result = np.zeros((multi_hot.shape[0], len(FAMILIES)), dtype=int)
    for j, label in enumerate(labels):
        result[:, FAMILIES.index(FAMILY_OF[label])] |= multi_hot[:, j]
    return result


def multilabel_report(gold: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """GoEmotions metrics: macro/micro F1 over the 28 labels and macro-F1 over the Ekman families."""
    return {
        "macro_f1": float(f1_score(gold, predicted, average="macro", zero_division=0)),
        "micro_f1": float(f1_score(gold, predicted, average="micro", zero_division=0)),
        "ekman_macro_f1": float(f1_score(to_families(gold), to_families(predicted), average="macro", zero_division=0)),
    }


def single_label_report(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """Accuracy and macro-F1 over the classes that occur in the gold labels."""
    classes = sorted(set(gold))
    return {
        "accuracy": float(accuracy_score(gold, predicted)),
        "macro_f1": float(f1_score(gold, predicted, labels=classes, average="macro", zero_division=0)),
    }


def correlation(gold: Sequence[float], predicted: Sequence[float]) -> dict[str, float]:
    """Pearson and Spearman correlation (0.0 where undefined, e.g. constant predictions)."""
    if len(gold) < 2 or np.std(predicted) == 0 or np.std(gold) == 0:
        return {"pearson": 0.0, "spearman": 0.0}
    return {"pearson": float(pearsonr(gold, predicted)[0]), "spearman": float(spearmanr(gold, predicted)[0])}
