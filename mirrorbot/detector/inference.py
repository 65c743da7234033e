"""Batched forward passes: texts in, activated head outputs out, in the input order.

Texts are sorted by length so each batch pads little, then put back in order. Texts longer than
the model's window are split into overlapping windows (see `windows`); the caller combines them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from mirrorbot.detector.model import EmotionModel

ACTIVATIONS = {
    "multilabel": torch.sigmoid,
    "multiclass": lambda x: torch.softmax(x, dim=-1),
}


def activate(model: EmotionModel, raw: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Head outputs as probabilities / values: sigmoid, softmax, or the regression mapping."""
    result = {}
    for spec in model.config.heads:
        out = raw[spec.name]
        if spec.kind == "regression" and spec.name == "vad":
            out = torch.stack([torch.tanh(out[:, 0]), torch.sigmoid(out[:, 1])], dim=1)
        elif spec.kind == "regression":
            out = torch.sigmoid(out)
        else:
            out = ACTIVATIONS[spec.kind](out)
        result[spec.name] = out
    return result


@torch.inference_mode()
def predict(
    model: EmotionModel,
    tokenizer: object,
    texts: Sequence[str],
    batch_size: int = 64,
    max_length: int | None = None,
) -> dict[str, np.ndarray]:
    """Activated outputs of every head for `texts` (each text truncated to `max_length` tokens)."""
    limit = max_length or model.config.max_length
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    device = next(model.parameters()).device
    parts: dict[str, list[torch.Tensor]] = {spec.name: [] for spec in model.config.heads}
    for start in range(0, len(order), batch_size):
        chunk = [texts[i] for i in order[start : start + batch_size]]
        encoded = tokenizer(chunk, padding=True, truncation=True, max_length=limit, return_tensors="pt")  # type: ignore[operator]
        outputs = activate(model, model(encoded["input_ids"].to(device), encoded["attention_mask"].to(device)))
        for name, value in outputs.items():
            parts[name].append(value.float().cpu())
    result = {}
    inverse = np.argsort(np.array(order, dtype=np.int64)) if order else np.zeros(0, dtype=np.int64)
    for name, values in parts.items():
        width = len(model.config.head(name).labels)  # type: ignore[union-attr]
        stacked = torch.cat(values).numpy() if values else np.zeros((0, width), dtype=np.float32)
        result[name] = stacked[inverse]
    return result
