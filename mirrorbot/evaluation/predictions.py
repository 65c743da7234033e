"""`Predictions`: what one system (the model or a peer) said about each example of a task."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

Advance = Callable[[int], None]
"""A progress callback: called with the number of examples just finished."""


@dataclass
class Predictions:
    """One system's answers, in the task's order.

    Attributes:
        family_sets: the predicted Ekman families of each example, the leading family first.
        labels: the predicted GoEmotions labels, for systems that have them (else None).
        values: numeric outputs by name: "valence" (-1..1), "arousal", and "intensity" (the
            intensity of the emotion each example is rated on, for WASSA).
        extra: other per-example answers, e.g. "carer" (the 6-class CARER label of a CARER model).
        seconds: wall time of the predictions.
        notes: how the system made its answers, for the report.
    """

    family_sets: list[tuple[str, ...]]
    labels: list[tuple[str, ...]] | None = None
    values: dict[str, np.ndarray] = field(default_factory=dict)
    extra: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def families(self) -> list[str]:
        """The leading family of each example."""
        return [row[0] for row in self.family_sets]

    @property
    def examples_per_s(self) -> float:
        return len(self.family_sets) / self.seconds if self.seconds > 0 else float("inf")


class System(Protocol):
    """Anything that can answer a task: the model, a peer, a compared model."""

    name: str

    def predict(self, task: object, advance: Advance | None = None) -> Predictions: ...
