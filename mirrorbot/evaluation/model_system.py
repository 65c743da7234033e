"""The evaluated model (or a `--compare` model) as a system: a `Detector` read over a task.

Besides the `Affect` of each text, a mirrorbot model's raw heads are used where a task needs them:
- EmoBank arousal: the `vad` head's arousal output; valence is `Affect.valence` (the `vad` head's
  valence for mirrorbot models). A model without a `vad` head is scored on `Affect.intensity` as
  its arousal.
- WASSA-2017: the `intensity` head column of the emotion each tweet is rated on (see
  `wassa_intensity`). A model without that head is scored on its score for that emotion's family.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from mirrorbot.affect import Affect
from mirrorbot.datasets import WASSA_EMOTIONS
from mirrorbot.detector.detector import Detector
from mirrorbot.evaluation.predictions import Advance, Predictions
from mirrorbot.evaluation.tasks import Task
from mirrorbot.taxonomy import FAMILY_OF

CHUNK = 256  # texts per detect_batch call: the progress bar moves, memory stays flat


def wassa_intensity(detector: Detector, texts: Sequence[str], emotions: Sequence[str]) -> np.ndarray | None:
    """The intensity head's output for each text's own emotion (anger, fear, joy or sadness).

    None when the model has no `intensity` head.
    """
    outputs = detector.head_outputs(texts)
    if not outputs or "intensity" not in outputs:
        return None
    head = detector.head_labels("intensity") or WASSA_EMOTIONS
    columns = [head.index(emotion) for emotion in emotions]
    return outputs["intensity"][np.arange(len(columns)), columns]


def carer_labels(detector: Detector, affects: Sequence[Affect]) -> list[str] | None:
    """For a CARER model (one with a `carer` head), its top CARER class per text (`love` included)."""
    head = detector.head_labels("carer")
    if head is None:
        return None
    from mirrorbot.detector.label_maps import build_map

    inverse = {target: label for label, target in build_map(head).items()}
    return [inverse.get(affect.labels[0], affect.labels[0]) for affect in affects]


def engine_note(detector: Detector) -> str:
    """Which backend read the texts, e.g. 'engine: OnnxBackend'."""
    return f"engine: {detector.engine_name or 'none (test double)'}"


def family_sets(affect: Affect) -> tuple[str, ...]:
    """The families of an Affect's labels, leading family first, without repeats."""
    return tuple(dict.fromkeys([affect.family, *(FAMILY_OF[label] for label in affect.labels)]))


class ModelSystem:
    """Reads a task with a Detector; sorts texts by length across the whole set so batches pad little."""

    def __init__(self, detector: Detector, name: str = "model") -> None:
        self.detector = detector
        self.name = name

    def affects(self, texts: Sequence[str], advance: Advance | None = None) -> list[Affect]:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        result: list[Affect | None] = [None] * len(texts)
        for start in range(0, len(order), CHUNK):
            chunk = order[start : start + CHUNK]
            for index, affect in zip(chunk, self.detector.detect_batch([texts[i] for i in chunk]), strict=True):
                result[index] = affect
            if advance:
                advance(len(chunk))
        return result  # type: ignore[return-value]

    def predict(self, task: Task, advance: Advance | None = None) -> Predictions:
        started = time.perf_counter()
        self.detector.load()
        loaded = time.perf_counter()
        affects = self.affects(task.texts, advance)
        predictions = Predictions(
            family_sets=[family_sets(affect) for affect in affects],
            labels=[affect.labels for affect in affects],
            values={"valence": np.array([affect.valence for affect in affects])},
        )
        carer = carer_labels(self.detector, affects)
        if carer is not None:
            predictions.extra["carer"] = carer
        if task.kind == "vad" and "A" in task.values:  # a user's file may rate valence only
            outputs = self.detector.head_outputs(task.texts)
            if outputs and "vad" in outputs:
                predictions.values["arousal"] = outputs["vad"][:, 1]
                predictions.notes.append("arousal: the model's vad head (arousal output)")
            else:
                predictions.values["arousal"] = np.array([affect.intensity for affect in affects])
                predictions.notes.append("arousal: Affect.intensity (the model has no vad head)")
        if task.kind == "intensity":
            heads = wassa_intensity(self.detector, task.texts, task.emotions)
            if heads is not None:
                predictions.values["intensity"] = heads
                predictions.notes.append("intensity: the model's intensity head for each tweet's emotion")
            else:
                scores = [affect.family_scores()[emotion] for affect, emotion in zip(affects, task.emotions, strict=True)]
                predictions.values["intensity"] = np.array(scores)
                predictions.notes.append("intensity: the model's score for the tweet's emotion family (no intensity head)")
        predictions.seconds = time.perf_counter() - loaded
        predictions.notes.append(f"{engine_note(self.detector)}; model load {loaded - started:.1f} s (not counted in throughput)")
        return predictions
