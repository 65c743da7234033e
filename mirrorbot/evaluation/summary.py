"""The headline rows of an evaluation (metric × system), shared by the terminal table and the report."""

from __future__ import annotations

import math
from typing import Any

from mirrorbot.evaluation.runner import EvalResult

HEADLINES: dict[str, list[tuple[str, str]]] = {
    "multilabel": [
        ("macro_f1", "macro-F1 (28 labels)"), ("micro_f1", "micro-F1 (28 labels)"),
        ("accuracy", "exact-match accuracy"), ("ekman_macro_f1", "Ekman macro-F1"), ("ekman_micro_f1", "Ekman micro-F1"),
    ],
    "families": [
        ("accuracy", "accuracy (families)"), ("macro_f1", "macro-F1 (families)"), ("micro_f1", "micro-F1 (families)"),
        ("carer_accuracy", "accuracy (6 CARER classes)"), ("carer_macro_f1", "macro-F1 (6 CARER classes)"),
    ],
    "vad": [
        ("valence_pearson", "valence Pearson r"), ("valence_spearman", "valence Spearman ρ"),
        ("arousal_pearson", "arousal Pearson r"), ("arousal_spearman", "arousal Spearman ρ"),
    ],
    "intensity": [("pearson_mean", "mean Pearson r"), ("spearman_mean", "mean Spearman ρ")],
}  # fmt: skip


def value(metrics: dict[str, Any], key: str) -> float | None:
    """A metric by key; `pearson_anger`-style keys read WASSA's per-emotion results; NaN → None."""
    if key.startswith("pearson_") and key != "pearson_mean":
        found = metrics.get("per_emotion", {}).get(key.removeprefix("pearson_"), {}).get("pearson")
    else:
        found = metrics.get(key)
    if found is None or (isinstance(found, float) and math.isnan(found)):
        return None
    return float(found)


def headline_rows(result: EvalResult) -> list[tuple[str, dict[str, float | None]]]:
    """(metric name, {system: value}) for the metrics of the task's kind that some system has."""
    keys = list(HEADLINES[result.task.kind])
    if result.task.kind == "intensity":
        emotions = sorted(set(result.task.emotions))
        keys = [(f"pearson_{emotion}", f"Pearson r, {emotion}") for emotion in emotions] + keys
    rows = []
    for key, title in keys:
        cells = {name: value(metrics, key) for name, metrics in result.metrics.items()}
        if any(cell is not None for cell in cells.values()):
            rows.append((title, cells))
    rows.append(("examples/s", {name: metrics.get("examples_per_s") for name, metrics in result.metrics.items()}))
    return rows


def fmt(cell: float | None, throughput: bool = False) -> str:
    """A cell as text: 3 decimals, whole numbers for throughput, '—' where a system has no answer."""
    if cell is None:
        return "—"
    if throughput:
        return "instant" if cell > 1e6 or math.isinf(cell) else f"{cell:,.0f}"
    return f"{cell:.3f}"
