"""Backends turn a batch of (short) texts into raw readings; `Detector` does the rest.

- `MirrorbotBackend`: a mirrorbot model folder (encoder + LoRA adapter + heads + thresholds).
- `HuggingFaceBackend`: any sequence-classification model folder or hub id, its labels mapped into
  the GoEmotions labels (see `label_maps`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mirrorbot.datasets import WASSA_EMOTIONS
from mirrorbot.detector.config import CONFIG_FILE, ModelConfig, check_folder, resolve_base
from mirrorbot.detector.label_maps import build_map
from mirrorbot.errors import ModelNotFoundError
from mirrorbot.taxonomy import FAMILIES, FAMILY_OF, LABELS

# Which Ekman families each WASSA intensity head speaks for.
_INTENSITY_FAMILIES = {"anger": ("anger", "disgust"), "fear": ("fear",), "joy": ("joy", "surprise"), "sadness": ("sadness",)}


@dataclass
class Readings:
    """Raw model outputs for n texts: 28 label scores, intensity, and valence where a head gives it."""

    scores: np.ndarray  # (n, 28)
    intensity: np.ndarray  # (n,)
    valence: np.ndarray | None  # (n,)


def family_scores(scores: np.ndarray) -> np.ndarray:
    """(n, 28) label scores -> (n, 7) family scores (the highest label score of each family)."""
    result = np.zeros((scores.shape[0], len(FAMILIES)), dtype=scores.dtype)
    for j, label in enumerate(LABELS):
        k = FAMILIES.index(FAMILY_OF[label])
        result[:, k] = np.maximum(result[:, k], scores[:, j])
    return result


def blend_intensity(scores: np.ndarray, heads: np.ndarray) -> np.ndarray:
    """The intensity of each text: the four WASSA heads weighted by how present their families are."""
    families = family_scores(scores)
    weights = np.stack(
        [families[:, [FAMILIES.index(f) for f in _INTENSITY_FAMILIES[e]]].max(1) for e in WASSA_EMOTIONS], axis=1
    )
    weights = weights + 1e-6
    return (heads * weights).sum(1) / weights.sum(1)


class MirrorbotBackend:
    """A model trained by `mirrorbot train`."""

    single_label = False

    def __init__(self, folder: Path, device: str = "cpu") -> None:
        from transformers import AutoTokenizer

        from mirrorbot.detector import model as model_io

        self.model, self.thresholds = model_io.load(folder)
        self.model.to(device)
        self.config = self.model.config
        self.max_length = self.config.max_length
        self.tokenizer = AutoTokenizer.from_pretrained(resolve_base(self.config.base_model))
        heads = {spec.name for spec in self.config.heads}
        if not heads & {"goemotions", "carer"}:
            raise ModelNotFoundError(f"{folder} has no emotion head (found {sorted(heads)})")
        self.single_label = "carer" in heads

    def outputs(self, texts: list[str], batch_size: int) -> dict[str, np.ndarray]:
        """Every head's activated output, in input order."""
        from mirrorbot.detector.inference import predict

        return predict(self.model, self.tokenizer, texts, batch_size=batch_size)

    def read(self, texts: list[str], batch_size: int) -> Readings:
        return readings_from_outputs(self.outputs(texts, batch_size), self.config)


def readings_from_outputs(outputs: dict[str, np.ndarray], config: ModelConfig) -> Readings:
    """Turn a mirrorbot model's activated head outputs into `Readings` (any engine)."""
    carer = config.head("carer")
    if carer is not None:
        scores = _spread(outputs["carer"], list(build_map(carer.labels).values()))
        return Readings(scores, scores.max(1), None)
    scores = outputs["goemotions"]
    if "intensity" in outputs:
        intensity = blend_intensity(scores, outputs["intensity"])
    else:
        intensity = 1.0 - scores[:, LABELS.index("neutral")]
    valence = outputs["vad"][:, 0] if "vad" in outputs else None
    return Readings(scores, intensity, valence)


class HuggingFaceBackend:
    """Any transformers sequence-classification model; intensity is its confidence in the feeling."""

    def __init__(self, name: str, device: str = "cpu") -> None:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        try:
            self.tokenizer = AutoTokenizer.from_pretrained(name)
            self.model = AutoModelForSequenceClassification.from_pretrained(name).to(device).eval()
        except (OSError, ValueError) as error:
            raise ModelNotFoundError(
                f"could not load the model {name!r}: {error}. Give a local model folder (with config.json, "
                "the weights and a tokenizer) or a hub id on a machine with network access"
            ) from None
        id2label = self.model.config.id2label
        self.labels = [id2label[i] for i in range(len(id2label))]
        self.targets = list(build_map(self.labels).values())
        self.single_label = self.model.config.problem_type != "multi_label_classification"
        self.thresholds: dict[str, float] = {}
        self.max_length = min(int(getattr(self.tokenizer, "model_max_length", 512) or 512), 512)

    def read(self, texts: list[str], batch_size: int) -> Readings:
        import torch

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        parts = []
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                chunk = [texts[i] for i in order[start : start + batch_size]]
                encoded = self.tokenizer(chunk, padding=True, truncation=True, max_length=self.max_length, return_tensors="pt")
                logits = self.model(**encoded.to(self.model.device)).logits.float()
                probs = torch.softmax(logits, -1) if self.single_label else torch.sigmoid(logits)
                parts.append(probs.cpu().numpy())
        probs = np.concatenate(parts)[np.argsort(order)]
        scores = _spread(probs, self.targets)
        emotional = np.delete(scores, LABELS.index("neutral"), axis=1)
        return Readings(scores, emotional.max(1), None)


def _onnx_backend(folder: Path) -> object:
    from mirrorbot.detector.onnx_engine import OnnxBackend, build, engine_path

    engine = engine_path(folder)
    return OnnxBackend(folder, engine if engine.is_file() else build(folder))


def _spread(probs: np.ndarray, targets: list[str]) -> np.ndarray:
    """Put foreign-label probabilities on their GoEmotions columns (summing labels that share one)."""
    scores = np.zeros((probs.shape[0], len(LABELS)), dtype=np.float32)
    for k, target in enumerate(targets):
        scores[:, LABELS.index(target)] += probs[:, k]
    return np.clip(scores, 0.0, 1.0)


ENGINES = ("auto", "onnx", "torch")


def open_backend(model: str | Path, device: str = "cpu", engine: str = "auto") -> object:
    """A mirrorbot model folder, a Hugging Face model folder, or a hub id.

    For a mirrorbot model on the CPU, `engine="auto"` uses the int8 ONNX engine (built and cached
    on first use) and falls back to torch, with a warning, if that cannot be built or run;
    `"onnx"` insists on it and `"torch"` skips it. Other models always run on torch.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    path = Path(model).expanduser()
    if path.is_dir() and (path / CONFIG_FILE).is_file():
        check_folder(path)
        if engine != "torch" and device == "cpu":
            try:
                return _onnx_backend(path)
            except Exception as error:  # noqa: BLE001 - any failure of the fast path falls back to torch
                if engine == "onnx":
                    raise ModelNotFoundError(f"the ONNX engine for {path} could not be built or loaded: {error}") from error
                warnings.warn(f"mirrorbot: the fast ONNX engine is unavailable ({error}); using torch", stacklevel=2)
        _quiet_transformers()
        return MirrorbotBackend(path, device)
    if path.is_dir() and not (path / "config.json").is_file():
        raise ModelNotFoundError(
            f"{path} holds neither {CONFIG_FILE} (a mirrorbot model) nor config.json (a Hugging Face model); "
            "point --model at a model folder, or rebuild the default with `mirrorbot train`"
        )
    if not path.exists() and (str(model).startswith((".", "/", "~")) or str(model).count("/") > 1):
        raise ModelNotFoundError(
            f"the model folder {str(model)!r} does not exist; give a model folder or a hub id, "
            "or leave --model out for the bundled model"
        )
    _quiet_transformers()
    return HuggingFaceBackend(str(model), device)


def _quiet_transformers() -> None:
    """Load reports and progress bars are noise for a chat user."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()

