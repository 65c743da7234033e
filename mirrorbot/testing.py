"""Test doubles for code built on the detector: a `FakeDetector` that needs no model.

Like the real one it returns `Affect`s, but from a queue you fill (`enqueue`) or, when the queue
is empty, from a few keyword rules; every call is recorded in `history`.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Sequence

from mirrorbot.affect import Affect
from mirrorbot.detector.detector import Detector, clean_text
from mirrorbot.taxonomy import FAMILY_OF, FAMILY_VALENCE, LABELS

KEYWORDS: dict[str, tuple[str, float]] = {
    "furious": ("anger", 0.9), "angry": ("anger", 0.7), "annoy": ("annoyance", 0.4), "hate": ("anger", 0.75),
    "terrified": ("fear", 0.9), "scared": ("fear", 0.7), "nervous": ("nervousness", 0.45), "worried": ("nervousness", 0.5),
    "ecstatic": ("excitement", 0.9), "thrilled": ("excitement", 0.8), "happy": ("joy", 0.6), "glad": ("joy", 0.45),
    "funny": ("amusement", 0.5), "thank": ("gratitude", 0.5), "love": ("love", 0.6),
    "devastated": ("grief", 0.9), "sad": ("sadness", 0.6), "disappoint": ("disappointment", 0.45),
    "gross": ("disgust", 0.6), "disgust": ("disgust", 0.8), "wow": ("surprise", 0.6), "shocked": ("surprise", 0.8),
    "confus": ("confusion", 0.5), "wonder": ("curiosity", 0.4),
}  # fmt: skip


def make_affect(label: str, intensity: float) -> Affect:
    """An Affect led by `label` at `intensity` (score 0.9 for the label, small elsewhere)."""
    scores = dict.fromkeys(LABELS, 0.02)
    scores[label] = 0.9
    return Affect(
        scores=scores,
        labels=(label,),
        family=FAMILY_OF[label],
        valence=FAMILY_VALENCE[FAMILY_OF[label]] * (0.5 + intensity / 2),
        intensity=intensity if label != "neutral" else min(intensity, 0.1),
    )


def keyword_affect(text: str) -> Affect:
    """A crude reading by keywords; 'neutral' at low intensity when none matches."""
    lowered = text.lower()
    for keyword, (label, intensity) in KEYWORDS.items():
        if keyword in lowered:
            boost = 0.1 if "!" in text or "very" in lowered or "so " in lowered else 0.0
            return make_affect(label, min(1.0, intensity + boost))
    return make_affect("neutral", 0.05)


class FakeDetector(Detector):
    """A `Detector` with canned readings: `enqueue` affects, inspect `history`."""

    def __init__(self, *affects: Affect) -> None:
        super().__init__(model="fake")
        self.queue: deque[Affect] = deque(affects)
        self.history: list[str] = []
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return True

    def load(self) -> FakeDetector:
        return self

    @property
    def thresholds(self) -> dict[str, float]:
        return dict.fromkeys(LABELS, 0.5)

    def head_outputs(self, texts: Sequence[str]) -> None:
        return None  # a fake has no heads, like a foreign model

    def head_labels(self, head: str) -> None:
        return None

    def enqueue(self, *affects: Affect) -> FakeDetector:
        self.queue.extend(affects)
        return self

    def detect_batch(self, texts: Sequence[str], batch_size: int | None = None) -> list[Affect]:
        cleaned = [clean_text(text) for text in texts]
        with self._lock:
            self.history.extend(cleaned)
            return [self.queue.popleft() if self.queue else keyword_affect(text) for text in cleaned]
