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
import torch

from mirrorbot.detector.config import BUNDLED_BASE as BASE
from mirrorbot.detector.model import mean_pool
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

MAX_LENGTH = 128  # tokens per text, as the detector reads them


class ZeroShotPeer:
    """Cosine similarity of the base encoder's sentence embeddings to label descriptions."""

    name = "zero_shot"

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model: tuple[object, object] | None = None

    def _encoder(self) -> tuple[object, object]:
        """The base encoder and its tokenizer (loaded once)."""
        if self._model is None:
            from transformers import AutoModel, AutoTokenizer
            from transformers.utils import logging as hf_logging

            from mirrorbot.detector.config import resolve_base

            hf_logging.set_verbosity_error()  # the unused-pooler load report is noise here
            folder = resolve_base(BASE)
            self._model = (AutoTokenizer.from_pretrained(folder), AutoModel.from_pretrained(folder, add_pooling_layer=False).eval())
        return self._model

    @torch.inference_mode()
    def embed(self, texts: list[str], advance: Advance | None = None) -> np.ndarray:
        """Unit-length sentence embeddings (mean pooling, as the sentence-transformers model is set up).

        Texts are sorted by length across the whole set so each batch pads little.
        """
        tokenizer, model = self._encoder()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        parts = []
        for start in range(0, len(order), self.batch_size):
            chunk = [texts[i] for i in order[start : start + self.batch_size]]
            encoded = tokenizer(chunk, padding=True, truncation=True, max_length=MAX_LENGTH, return_tensors="pt")  # type: ignore[operator]
            hidden = model(**encoded).last_hidden_state  # type: ignore[operator]
            parts.append(torch.nn.functional.normalize(mean_pool(hidden, encoded["attention_mask"]), dim=-1).numpy())
            if advance:
                advance(len(chunk))
        if not parts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.concatenate(parts)[np.argsort(np.array(order))]

    def predict(self, task: Task, advance: Advance | None = None) -> Predictions:
        self._encoder()
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
