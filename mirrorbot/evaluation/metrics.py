"""Metrics as the design notes define them, computed with scikit-learn and scipy."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.stats import pearsonr, spearmanr
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_curve,
    precision_recall_fscore_support,
)

from mirrorbot.taxonomy import FAMILIES, FAMILY_OF, LABELS


def tune_thresholds(gold: np.ndarray, scores: np.ndarray, labels: Sequence[str] = LABELS) -> dict[str, float]:
    """Per label, the score threshold that maximises F1 on this (dev) data; 0.5 if a label never occurs.

    The threshold sits halfway between the lowest dev score it lets through and the next lower
    one, not on a dev score itself: there, a difference of 1e-6 from another engine (the merged
    adapter, int8) drops that example, which for a label with few examples moved dev F1 by points.
    """
    thresholds = {}
    for j, label in enumerate(labels):
        if gold[:, j].sum() == 0:
            thresholds[label] = 0.5
            continue
        precision, recall, cuts = precision_recall_curve(gold[:, j], scores[:, j])
        f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
        best = int(np.argmax(f1[:-1]))
        cut = (cuts[best] + cuts[best - 1]) / 2 if best > 0 else cuts[best] / 2
        thresholds[label] = float(min(0.95, max(0.02, cut)))
    return thresholds


def bagged_thresholds(
    gold: np.ndarray, scores: np.ndarray, labels: Sequence[str] = LABELS, rounds: int = 20, seed: int = 0
) -> dict[str, float]:
    """Per label, the mean of `tune_thresholds`' cuts over `rounds` bootstrap resamples of the data.

    One F1-best cut follows the few dozen dev examples of a rare label closely; the mean over
    resamples moves less with the sample, and scored higher on held-out data (see the model card).
    """
    rng = np.random.default_rng(seed)
    cuts: dict[str, list[float]] = {label: [] for label in labels}
    for _ in range(rounds):
        rows = rng.integers(0, len(gold), len(gold))
        tuned = tune_thresholds(gold[rows], scores[rows], labels)
        for j, label in enumerate(labels):
            if gold[rows, j].any():
                cuts[label].append(tuned[label])
    return {label: float(np.mean(values)) if values else 0.5 for label, values in cuts.items()}


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
    if len(gold) < 2 or np.ptp(np.asarray(predicted, dtype=float)) == 0 or np.ptp(np.asarray(gold, dtype=float)) == 0:
        return {"pearson": 0.0, "spearman": 0.0}
    return {"pearson": float(pearsonr(gold, predicted)[0]), "spearman": float(spearmanr(gold, predicted)[0])}


def multi_hot(rows: Sequence[Sequence[str]], classes: Sequence[str]) -> np.ndarray:
    """Rows of label names as a 0/1 matrix with one column per class (names outside `classes` dropped)."""
    from sklearn.preprocessing import MultiLabelBinarizer

    binarizer = MultiLabelBinarizer(classes=list(classes))
    known = set(classes)
    return binarizer.fit_transform([[label for label in row if label in known] for row in rows]).astype(int)


def per_class(gold: Sequence[str] | np.ndarray, predicted: Sequence[str] | np.ndarray, classes: Sequence[str]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support of each class.

    Takes single labels (sequences of names) or multi-hot matrices whose columns are `classes`.
    """
    if isinstance(gold, np.ndarray) and gold.ndim == 2:
        precision, recall, f1, support = precision_recall_fscore_support(gold, predicted, zero_division=0)
    else:
        precision, recall, f1, support = precision_recall_fscore_support(
            list(gold), list(predicted), labels=list(classes), zero_division=0
        )
    return {
        name: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
        for name, p, r, f, s in zip(classes, precision, recall, f1, support, strict=True)
    }


def confusion(gold: Sequence[str], predicted: Sequence[str], classes: Sequence[str]) -> list[list[int]]:
    """Confusion matrix: row = gold class, column = predicted class, in the order of `classes`."""
    return confusion_matrix(list(gold), list(predicted), labels=list(classes)).tolist()


def family_report(gold: Sequence[str], predicted: Sequence[str], classes: Sequence[str] | None = None) -> dict[str, float]:
    """Single-label metrics over `classes` (default: the classes that occur in `gold`).

    accuracy is over all examples; macro- and micro-F1 are over `classes`, so a prediction outside
    them (say neutral on a set without neutral) is a miss for the gold class and no extra false positive.
    """
    classes = list(classes) if classes is not None else sorted(set(gold))
    return {
        "accuracy": float(accuracy_score(list(gold), list(predicted))),
        "macro_f1": float(f1_score(list(gold), list(predicted), labels=classes, average="macro", zero_division=0)),
        "micro_f1": float(f1_score(list(gold), list(predicted), labels=classes, average="micro", zero_division=0)),
    }
