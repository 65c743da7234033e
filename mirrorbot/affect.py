"""`Affect`: the one immutable value for a reading of feeling.

Used for what the detector reads, what the mirror aims at, what the TUI draws, what the eval
scores and what the APIs return.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from mirrorbot.taxonomy import FAMILIES, FAMILY_OF, FAMILY_VALENCE, LABELS, NEUTRAL


def _clip(value: float, low: float, high: float) -> float:
    if math.isnan(value):
        return 0.0
    return min(high, max(low, float(value)))


@dataclass(frozen=True)
class Affect:
    """Per-label scores for the 28 GoEmotions labels plus the summary a reader needs.

    Attributes:
        scores: probability-like score in [0, 1] for each of the 28 labels.
        labels: the labels above their thresholds, highest score first (never empty).
        family: the Ekman family of the leading label.
        valence: unpleasant (-1) to pleasant (+1).
        intensity: how strongly the feeling is expressed, 0 (flat) to 1 (extreme).
    """

    scores: Mapping[str, float]
    labels: tuple[str, ...]
    family: str
    valence: float
    intensity: float
    extra: Mapping[str, float] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        missing = [label for label in LABELS if label not in self.scores]
        if missing:
            raise ValueError(f"Affect scores must cover all 28 labels; missing: {', '.join(missing)}")
        unknown = [label for label in self.scores if label not in FAMILY_OF]
        if unknown:
            raise ValueError(f"Affect scores hold unknown labels: {', '.join(unknown)}")
        if not self.labels:
            raise ValueError("Affect needs at least one label (use 'neutral' for no feeling)")
        if self.family not in FAMILIES:
            raise ValueError(f"unknown family {self.family!r}; expected one of {', '.join(FAMILIES)}")
        scores = {label: _clip(self.scores[label], 0.0, 1.0) for label in LABELS}
        object.__setattr__(self, "scores", MappingProxyType(scores))
        object.__setattr__(self, "labels", tuple(self.labels))
        object.__setattr__(self, "valence", _clip(self.valence, -1.0, 1.0))
        object.__setattr__(self, "intensity", _clip(self.intensity, 0.0, 1.0))
        object.__setattr__(self, "extra", MappingProxyType(dict(self.extra)))

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_scores(
        cls,
        scores: Mapping[str, float],
        thresholds: Mapping[str, float] | None = None,
        *,
        valence: float | None = None,
        intensity: float,
        extra: Mapping[str, float] | None = None,
    ) -> Affect:
        """Build an Affect from label scores, choosing the labels above their thresholds.

        When no label clears its threshold the single highest-scoring label is used, so an
        Affect always names a feeling (possibly neutral). Without a valence, it is estimated
        from the family valences weighted by score.
        """
        full = {label: float(scores.get(label, 0.0)) for label in LABELS}
        limits = thresholds or {}
        chosen = [label for label in LABELS if full[label] >= limits.get(label, 0.5)]
        if not chosen:
            chosen = [max(LABELS, key=full.__getitem__)]
        chosen.sort(key=lambda label: -full[label])
        family = FAMILY_OF[chosen[0]]
        if valence is None:
            weight = sum(full.values()) or 1.0
            valence = sum(full[lab] * FAMILY_VALENCE[FAMILY_OF[lab]] for lab in LABELS) / weight
        return cls(
            scores=full,
            labels=tuple(chosen),
            family=family,
            valence=valence,
            intensity=intensity,
            extra=extra or {},
        )

    @classmethod
    def neutral(cls) -> Affect:
        """A flat reading: neutral, no intensity."""
        scores = dict.fromkeys(LABELS, 0.0)
        scores[NEUTRAL] = 1.0
        return cls(scores=scores, labels=(NEUTRAL,), family="neutral", valence=0.0, intensity=0.0)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Affect:
        """Inverse of `to_dict` (ignores a "text" key)."""
        return cls(
            scores=dict(data["scores"]),
            labels=tuple(data["labels"]),
            family=str(data["family"]),
            valence=float(data["valence"]),
            intensity=float(data["intensity"]),
        )

    # -- views --------------------------------------------------------------------------------
    @property
    def label(self) -> str:
        """The leading label."""
        return self.labels[0]

    @property
    def is_neutral(self) -> bool:
        return self.family == "neutral"

    def top(self, k: int = 3) -> list[tuple[str, float]]:
        """The `k` highest-scoring labels with their scores."""
        ranked = sorted(self.scores.items(), key=lambda item: -item[1])
        return ranked[:k]

    def family_scores(self) -> dict[str, float]:
        """Each Ekman family's score: the highest score among its labels."""
        result = dict.fromkeys(FAMILIES, 0.0)
        for label, score in self.scores.items():
            family = FAMILY_OF[label]
            result[family] = max(result[family], score)
        return result

    def as_pipeline(self) -> list[dict[str, float | str]]:
        """The transformers text-classification pipeline shape: `[{"label", "score"}]`, best first."""
        return [{"label": label, "score": score} for label, score in self.top(len(LABELS))]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: `{"labels", "family", "intensity", "valence", "scores"}`."""
        return {
            "labels": list(self.labels),
            "family": self.family,
            "intensity": round(self.intensity, 4),
            "valence": round(self.valence, 4),
            "scores": {label: round(self.scores[label], 4) for label in LABELS},
        }

    def with_changes(self, **changes: Any) -> Affect:
        """A copy with some fields replaced (the value itself never changes)."""
        return replace(self, **changes)

    def __hash__(self) -> int:
        return hash((self.labels, self.family, round(self.valence, 6), round(self.intensity, 6)))

    def describe(self) -> str:
        """A short human reading, e.g. 'anger (annoyance) · intensity 0.72 · valence -0.61'."""
        names = ", ".join(self.labels[:3])
        return f"{self.family}: {names} · intensity {self.intensity:.2f} · valence {self.valence:+.2f}"


