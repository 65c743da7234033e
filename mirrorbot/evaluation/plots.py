"""PNG plots of an evaluation (matplotlib, Agg backend): confusion heatmap, per-class F1 beside the
peers, predicted-vs-gold scatter for valence/arousal/intensity sets."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from mirrorbot.evaluation.runner import EvalResult


def _pyplot():  # noqa: ANN202 - matplotlib.pyplot, imported with the file-only backend
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def confusion_heatmap(result: EvalResult, path: Path) -> Path | None:
    """The model's confusion matrix over the families, rows normalised, counts written in the cells."""
    found = result.model.get("confusion")
    if not found:
        return None
    plt = _pyplot()
    classes, matrix = found["classes"], np.array(found["matrix"], dtype=float)
    shares = matrix / np.maximum(matrix.sum(1, keepdims=True), 1)
    size = 1.0 + 0.7 * len(classes)
    figure, axes = plt.subplots(figsize=(size + 1.5, size))
    image = axes.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    axes.set_xticks(range(len(classes)), classes, rotation=45, ha="right")
    axes.set_yticks(range(len(classes)), classes)
    axes.set_xlabel("predicted family")
    axes.set_ylabel("gold family")
    for i in range(len(classes)):
        for j in range(len(classes)):
            colour = "white" if shares[i, j] > 0.5 else "black"
            axes.text(j, i, f"{int(matrix[i, j])}", ha="center", va="center", fontsize=8, color=colour)
    figure.colorbar(image, ax=axes, label="share of the gold row")
    axes.set_title(f"{result.model_name} on {result.task.name} {result.task.split}")
    return _save(plt, figure, path)


def f1_bars(result: EvalResult, path: Path, key: str = "per_family") -> Path | None:
    """Per-class F1 of the model beside each peer that has scores for the same classes."""
    model = result.model.get(key)
    if not model:
        return None
    classes = list(model)
    systems = [name for name, metrics in result.metrics.items() if set(classes) <= set(metrics.get(key) or {})]
    plt = _pyplot()
    width = 0.8 / len(systems)
    figure, axes = plt.subplots(figsize=(min(14.0, max(6.0, 0.4 * len(classes) + 2)), 4.2))
    positions = np.arange(len(classes))
    for k, name in enumerate(systems):
        scores = [result.metrics[name][key][label]["f1"] for label in classes]
        label = result.model_name if name == "model" else name
        axes.bar(positions + (k - (len(systems) - 1) / 2) * width, scores, width, label=label)
    axes.set_xticks(positions, classes, rotation=60 if len(classes) > 8 else 0, ha="right" if len(classes) > 8 else "center")
    axes.set_ylabel("F1")
    axes.set_ylim(0, 1)
    axes.legend(fontsize=8, ncols=min(4, len(systems)))
    axes.set_title(f"per-{'label' if key == 'per_class' else 'family'} F1 · {result.task.name} {result.task.split}")
    return _save(plt, figure, path)


def scatter(result: EvalResult, path: Path) -> Path | None:
    """The model's predicted values against the gold ratings (valence, arousal or intensity)."""
    task, predictions = result.task, result.predictions["model"]
    pairs = {"vad": [("V", "valence"), ("A", "arousal")], "intensity": [("intensity", "intensity")]}.get(task.kind)
    if not pairs:
        return None
    pairs = [(gold, name) for gold, name in pairs if name in predictions.values]
    plt = _pyplot()
    figure, axes_list = plt.subplots(1, len(pairs), figsize=(4.5 * len(pairs), 4), squeeze=False)
    for axes, (gold_key, name) in zip(axes_list[0], pairs, strict=True):
        gold, predicted = task.values[gold_key], predictions.values[name]
        if task.emotions:
            for emotion in sorted(set(task.emotions)):
                rows = np.array(task.emotions) == emotion
                axes.scatter(gold[rows], predicted[rows], s=8, alpha=0.6, label=emotion)
            axes.legend(fontsize=8)
        else:
            axes.scatter(gold, predicted, s=6, alpha=0.4)
        axes.set_xlabel(f"gold {name}")
        axes.set_ylabel(f"predicted {name}")
        axes.set_title(f"{name} · {task.name} {task.split}")
    return _save(plt, figure, path)


def _save(plt, figure, path: Path) -> Path:  # noqa: ANN001
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path
