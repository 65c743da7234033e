"""Run the model and its peers over one task, on the same examples, and collect their scores."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

from mirrorbot.evaluation.predictions import Predictions, System
from mirrorbot.evaluation.progress import Bars
from mirrorbot.evaluation.scoring import score
from mirrorbot.evaluation.tasks import Task

PEERS = ("majority", "nrc", "zero_shot")


@dataclass
class EvalResult:
    """Every system's metrics and predictions on one task; the first system is the evaluated model."""

    task: Task
    model_name: str
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)
    predictions: dict[str, Predictions] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def model(self) -> dict[str, Any]:
        return self.metrics["model"]

    def to_json(self) -> dict[str, Any]:
        """The model's metrics at the top level, each peer's under its name, compared models under `compare`."""
        data: dict[str, Any] = {
            "dataset": self.task.name,
            "split": self.task.split,
            "kind": self.task.kind,
            "model_name": self.model_name,
            "skipped": self.task.skipped,
            "label_map": self.task.label_map or None,
            "wall_seconds": round(self.seconds, 2),
            **self.model,
        }
        compare = {}
        for name, metrics in self.metrics.items():
            if name == "model":
                continue
            if name in PEERS:
                data[name] = metrics
            else:
                compare[name] = metrics
        if compare:
            data["compare"] = compare
        data["notes"] = {name: predictions.notes for name, predictions in self.predictions.items()}
        data["majority_source"] = self.task.majority.source
        return _finite(data)


def _finite(data: Any) -> Any:
    """The same structure with NaN and infinite floats as None (JSON has no NaN)."""
    if isinstance(data, dict):
        return {key: _finite(item) for key, item in data.items()}
    if isinstance(data, list | tuple):
        return [_finite(item) for item in data]
    if isinstance(data, float) and not math.isfinite(data):
        return None
    return data


def evaluate(task: Task, model: System, peers: list[System], bars: Bars | None = None, model_name: str = "model") -> EvalResult:
    """Score `model` and each peer on `task` (same examples, same order) and time each of them."""
    bars = bars or Bars()
    started = time.perf_counter()
    result = EvalResult(task=task, model_name=model_name)
    for key, system in [("model", model), *((peer.name, peer) for peer in peers)]:
        predictions = system.predict(task, bars.bar(system.name, len(task)))
        result.predictions[key] = predictions
        result.metrics[key] = score(task, predictions)
    result.seconds = time.perf_counter() - started
    return result
