"""Baseline peers scored beside the model: the majority class and the NRC emotion lexicon.

(The zero-shot encoder peer is in `zero_shot.py`; any Hugging Face model is a `ModelSystem`.)
"""

from __future__ import annotations

import re
import time
from collections import Counter

import numpy as np

from mirrorbot.evaluation.label_maps import load_map
from mirrorbot.evaluation.predictions import Advance, Predictions
from mirrorbot.evaluation.tasks import Task
from mirrorbot.taxonomy import FAMILIES

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


class MajorityPeer:
    """Answers every example with the task's majority label/family (or mean rating) from its train split."""

    name = "majority"

    def predict(self, task: Task, advance: Advance | None = None) -> Predictions:
        started = time.perf_counter()
        n = len(task)
        majority = task.majority
        predictions = Predictions(
            family_sets=[majority.families] * n,
            labels=[majority.labels] * n if majority.labels else None,
            values={key: np.full(n, value) for key, value in _renamed(majority.values).items()},
            notes=[f"learned from {majority.source}"],
        )
        if advance:
            advance(n)
        predictions.seconds = time.perf_counter() - started
        return predictions


def _renamed(values: dict[str, float]) -> dict[str, float]:
    """EmoBank's V/A as the valence/arousal names the scorer reads."""
    names = {"V": "valence", "A": "arousal"}
    return {names.get(key, key): value for key, value in values.items()}


def tokens(text: str) -> list[str]:
    """Lower-case word tokens (no lemmatisation, so no corpus download is needed)."""
    return _WORD.findall(text.lower())


class NrcPeer:
    """The NRC emotion lexicon (`nrclex`, tokens passed directly).

    Each emotion word votes for its Ekman family (`data/label_maps/nrc.json`); the family with most
    votes wins (ties: the first in the taxonomy's order); no emotion word → neutral.
    Valence: (positive − negative) / (positive + negative) words; arousal: the share of words
    that carry any emotion; WASSA intensity: the share of words that carry the rated emotion.
    """

    name = "nrc"

    def __init__(self) -> None:
        from nrclex import NRCLex

        self.lexicon = NRCLex()
        self.to_family = load_map("nrc")

    def read(self, text: str) -> tuple[Counter[str], int]:
        """The NRC affect counts of a text and its number of tokens."""
        words = tokens(text)
        self.lexicon.load_token_list(words)
        return Counter(self.lexicon.raw_emotion_scores), len(words)

    def family(self, counts: Counter[str]) -> str:
        votes: Counter[str] = Counter()
        for emotion, count in counts.items():
            family = self.to_family.get(emotion)
            if family:
                votes[family] += count
        if not votes:
            return "neutral"
        best = max(votes.values())
        return next(family for family in FAMILIES if votes.get(family) == best)

    def predict(self, task: Task, advance: Advance | None = None) -> Predictions:
        started = time.perf_counter()
        readings = [self.read(text) for text in task.texts]
        valence, arousal, intensity = [], [], []
        for index, (counts, length) in enumerate(readings):
            polar = counts["positive"] + counts["negative"]
            valence.append((counts["positive"] - counts["negative"]) / polar if polar else 0.0)
            emotional = sum(count for emotion, count in counts.items() if self.to_family.get(emotion))
            arousal.append(emotional / max(1, length))
            if task.emotions:
                intensity.append(counts[task.emotions[index]] / max(1, length))
        predictions = Predictions(
            family_sets=[(self.family(counts),) for counts, _ in readings],
            values={"valence": np.array(valence), "arousal": np.array(arousal)},
            notes=["nrclex lexicon, lower-case word tokens; no emotion word → neutral"],
        )
        if intensity:
            predictions.values["intensity"] = np.array(intensity)
        if advance:
            advance(len(task))
        predictions.seconds = time.perf_counter() - started
        return predictions
