"""`Detector`: text in, `Affect` out. Lazy, thread-safe, batched; long text read in windows.

Long text: a text longer than the model's window (128 tokens for the default model) is cut into
overlapping windows of that size (a quarter overlap) and each window is read; the emotion scores
and the intensity are the maximum over windows (a feeling expressed anywhere in the text counts),
the neutral score is the minimum (a text is neutral only if every part of it is) and the valence
is the mean. Text beyond `MAX_CHARS` characters is not read; the Affect's
`extra["truncated_chars"]` says how much was dropped.
"""

from __future__ import annotations

import asyncio
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from mirrorbot.affect import Affect
from mirrorbot.errors import EmptyTextError
from mirrorbot.paths import DEFAULT_MODEL_DIR
from mirrorbot.taxonomy import LABELS

MAX_CHARS = 20_000
NEUTRAL_INDEX = LABELS.index("neutral")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\ufeff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Drop control and direction-override characters; raise `EmptyTextError` if nothing readable is left."""
    if not isinstance(text, str):
        raise TypeError(f"expected text as str, got {type(text).__name__}")
    cleaned = _CONTROL.sub(" ", text).strip()
    if not cleaned:
        raise EmptyTextError("the text is empty (or only whitespace/control characters); give some words to read")
    return cleaned


class Detector:
    """Reads the feeling in text.

    Args:
        model: a mirrorbot model folder, a local Hugging Face model folder or a hub id
            (default: the bundled model in `mirrorbot/weights/default`).
        device: torch device for inference.
        batch_size: texts per forward pass in `detect_batch`.
        engine: "auto" (the int8 ONNX engine for mirrorbot models on the CPU, else torch),
            "onnx" or "torch"; `$MIRRORBOT_ENGINE` sets the default.

    The model loads on first use (or on `load()`), once, even when many threads ask at once.
    """

    def __init__(
        self, model: str | Path | None = None, *, device: str = "cpu", batch_size: int = 64, engine: str | None = None
    ) -> None:
        self.model_name = str(model) if model is not None else str(DEFAULT_MODEL_DIR)
        self.device = device
        self.engine = engine or os.environ.get("MIRRORBOT_ENGINE", "auto")
        self.batch_size = batch_size
        self._backend: object | None = None
        self._load_lock = threading.Lock()
        self._run_lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._backend is not None

    def load(self) -> Detector:
        """Load the model now (otherwise the first detection does); returns self."""
        self._get_backend()
        return self

    def _get_backend(self):  # noqa: ANN202 - backends share no base class on purpose
        if self._backend is None:
            with self._load_lock:
                if self._backend is None:
                    from mirrorbot.detector.backends import open_backend

                    self._backend = open_backend(self.model_name, self.device, self.engine)
        return self._backend

    @property
    def engine_name(self) -> str | None:
        """The backend that reads the texts (e.g. "OnnxBackend"); None until the model is loaded."""
        return None if self._backend is None else type(self._backend).__name__

    @property
    def thresholds(self) -> dict[str, float]:
        return dict(self._get_backend().thresholds)

    def detect(self, text: str) -> Affect:
        """The Affect of one text. Raises `EmptyTextError` for empty text."""
        return self.detect_batch([text])[0]

    def detect_batch(self, texts: Sequence[str], batch_size: int | None = None) -> list[Affect]:
        """Affects for many texts, in order; batched and sorted by length internally."""
        cleaned = [clean_text(text) for text in texts]
        if not cleaned:
            return []
        backend = self._get_backend()
        windows, owners, dropped = self._windows(backend, cleaned)
        with self._run_lock:
            readings = backend.read(windows, batch_size or self.batch_size)
        return self._combine(backend, readings, owners, dropped)

    def head_outputs(self, texts: Sequence[str]) -> dict[str, np.ndarray] | None:
        """A mirrorbot model's raw head outputs (e.g. "intensity": the four WASSA emotions, "carer"),
        one row per text, each text truncated to one window; None for other models."""
        backend = self._get_backend()
        if not hasattr(backend, "outputs"):
            return None
        with self._run_lock:
            return backend.outputs([clean_text(text) for text in texts], self.batch_size)

    def head_labels(self, head: str) -> tuple[str, ...] | None:
        """The labels of a mirrorbot model's head (None when there is no such head)."""
        config = getattr(self._get_backend(), "config", None)
        spec = config.head(head) if config is not None else None
        return spec.labels if spec is not None else None

    async def adetect(self, text: str) -> Affect:
        """`detect` in a worker thread, for asyncio code."""
        return await asyncio.to_thread(self.detect, text)

    async def adetect_batch(self, texts: Sequence[str]) -> list[Affect]:
        return await asyncio.to_thread(self.detect_batch, texts)

    # -- long text ------------------------------------------------------------------------------
    @staticmethod
    def _windows(backend, texts: list[str]) -> tuple[list[str], list[int], list[int]]:  # noqa: ANN001
        """Cut each text into spans of at most the model's window; return spans, owner index, dropped chars."""
        spans: list[str] = []
        owners: list[int] = []
        dropped: list[int] = []
        limit = backend.max_length - 2
        for index, text in enumerate(texts):
            dropped.append(max(0, len(text) - MAX_CHARS))
            text = text[:MAX_CHARS]
            pieces = [text] if len(text) <= limit else _split(backend.tokenizer, text, limit)
            spans.extend(pieces)
            owners.extend([index] * len(pieces))
        return spans, owners, dropped

    @staticmethod
    def _combine(backend, readings, owners: list[int], dropped: list[int]) -> list[Affect]:  # noqa: ANN001
        thresholds = backend.thresholds if not backend.single_label else dict.fromkeys(LABELS, 1.01)
        # `owners` is sorted (each text's windows are contiguous): text i owns rows starts[i]:starts[i + 1].
        starts = np.searchsorted(np.asarray(owners), np.arange(len(dropped) + 1))
        first, counts = starts[:-1], np.diff(starts)
        scores = np.maximum.reduceat(readings.scores, first, axis=0)
        scores[:, NEUTRAL_INDEX] = np.minimum.reduceat(readings.scores[:, NEUTRAL_INDEX], first)  # neutral only if every window is
        intensity = np.maximum.reduceat(readings.intensity, first).tolist()
        valence = None if readings.valence is None else (np.add.reduceat(readings.valence, first) / counts).tolist()
        affects = []
        for index, (row, cut) in enumerate(zip(scores.tolist(), dropped, strict=True)):
            extra = {"windows": float(counts[index])}
            if cut:
                extra["truncated_chars"] = float(cut)
            affects.append(
                Affect.from_scores(
                    dict(zip(LABELS, row, strict=True)),
                    thresholds,
                    valence=None if valence is None else valence[index],
                    intensity=intensity[index],
                    extra=extra,
                )
            )
        return affects


def _split(tokenizer, text: str, limit: int) -> list[str]:  # noqa: ANN001
    """Spans of `text` of at most `limit` tokens, each overlapping the previous by a quarter."""
    offsets = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)["offset_mapping"]
    if len(offsets) <= limit:
        return [text]
    step = max(1, limit * 3 // 4)
    pieces = []
    for start in range(0, len(offsets), step):
        chunk = offsets[start : start + limit]
        pieces.append(text[chunk[0][0] : chunk[-1][1]])
        if start + limit >= len(offsets):
            break
    return pieces
