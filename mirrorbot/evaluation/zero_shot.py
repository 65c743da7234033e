"""Zero-shot peer: the base encoder (all-MiniLM-L6-v2 as shipped, untuned) and label descriptions.

Each text and each label description is embedded; cosine similarity scores the labels. The peer
predicts the single most similar GoEmotions label (top-1, no threshold: thresholds tuned on dev
would no longer be zero-shot), whose Ekman family is its family answer. Valence is
sim(pleasant) − sim(unpleasant), arousal sim(excited) − sim(calm), and a WASSA intensity the
similarity to the rated emotion's description.
"""

from __future__ import annotations

import time

import numpy as np

from mirrorbot.evaluation.encoder_engine import OnnxEmbedder
from mirrorbot.evaluation.predictions import Advance, Predictions
from mirrorbot.evaluation.tasks import Task
from mirrorbot.taxonomy import FAMILY_OF, LABELS

DESCRIPTIONS: dict[str, str] = {
    "admiration": "I admire this, it is impressive and wonderful.",
    "amusement": "This is funny, it makes me laugh.",
    "anger": "I am angry and furious about this.",
    "annoyance": "This is annoying and irritating.",
    "approval": "I agree, I approve of this.",
    "caring": "I care about you and want to help.",
    "confusion": "I am confused, I don't understand this.",
    "curiosity": "I am curious and want to know more.",
    "desire": "I really want this, I wish I had it.",
    "disappointment": "I am disappointed, this let me down.",
    "disapproval": "I disagree, I disapprove of this.",
    "disgust": "This is disgusting and gross.",
    "embarrassment": "I am embarrassed and ashamed.",
    "excitement": "I am so excited about this!",
    "fear": "I am afraid and scared.",
    "gratitude": "Thank you, I am grateful.",
    "grief": "I am grieving a terrible loss.",
    "joy": "I am happy and full of joy.",
    "love": "I love this so much.",
    "nervousness": "I am nervous and anxious.",
    "optimism": "I am hopeful and optimistic about the future.",
    "pride": "I am proud of this.",
    "realization": "I just realized something.",
    "relief": "What a relief, I am relieved.",
    "remorse": "I am sorry, I regret what I did.",
    "sadness": "I am sad and unhappy.",
    "surprise": "Wow, I am surprised, I did not expect that.",
    "neutral": "This is a plain, factual statement with no emotion.",
}
"""One description per GoEmotions label, in the first person as people write."""

ANCHORS = {
    "pleasant": "This is pleasant, good and positive.",
    "unpleasant": "This is unpleasant, bad and negative.",
    "excited": "I am very excited, agitated and aroused.",
    "calm": "I am calm, relaxed and sleepy.",
}


class ZeroShotPeer:
    """Cosine similarity of the base encoder's sentence embeddings to label descriptions.

    The encoder runs as a cached fp32 ONNX export (`encoder_engine`): the same embeddings as
    sentence-transformers gives, at about twice the speed of torch on the CPU.
    """

    name = "zero_shot"

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._embedder: OnnxEmbedder | None = None

    def embed(self, texts: list[str], advance: Advance | None = None) -> np.ndarray:
        """Unit-length embeddings of `texts`, in order."""
        if self._embedder is None:
            self._embedder = OnnxEmbedder()
        return self._embedder.embed(texts, self.batch_size, advance)

    def predict(self, task: Task, advance: Advance | None = None) -> Predictions:
        self.embed(["warm up"])  # load (and on first use, export) the encoder outside the timing
        started = time.perf_counter()
        texts = self.embed(task.texts, advance)
        labels = self.embed([DESCRIPTIONS[label] for label in LABELS])
        anchors = dict(zip(ANCHORS, self.embed(list(ANCHORS.values())), strict=True))
        similarity = texts @ labels.T
        top = similarity.argmax(1)
        predictions = Predictions(
            family_sets=[(FAMILY_OF[LABELS[j]],) for j in top],
            labels=[(LABELS[j],) for j in top],
            values={
                "valence": texts @ (anchors["pleasant"] - anchors["unpleasant"]),
                "arousal": texts @ (anchors["excited"] - anchors["calm"]),
            },
            notes=["top-1 label by cosine similarity to a description of each of the 28 labels"],
        )
        if task.emotions:
            columns = [LABELS.index(emotion) for emotion in task.emotions]
            predictions.values["intensity"] = similarity[np.arange(len(columns)), columns]
        predictions.seconds = time.perf_counter() - started
        return predictions
