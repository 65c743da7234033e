"""The base encoder as an ONNX Runtime sentence embedder, for the zero-shot peer.

The encoder (all-MiniLM-L6-v2 as shipped) with mean pooling and L2 normalisation is exported to
ONNX once and cached beside the detector's engines (`$MIRRORBOT_CACHE`, default
`~/.cache/mirrorbot`), named by a hash of the weights. It runs in fp32: the same embeddings as
the sentence-transformers model (to ~1e-6), only faster on the CPU than torch eager.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np

from mirrorbot.detector.config import BUNDLED_BASE, resolve_base
from mirrorbot.detector.onnx_engine import cache_dir
from mirrorbot.evaluation.predictions import Advance

VERSION = 1
MAX_LENGTH = 128  # tokens per text, as the detector reads them
TOKEN_BUDGET = 4096  # padded tokens per forward pass


def engine_path(folder: Path) -> Path:
    """Where the exported encoder of `folder` is cached (the name changes with the weights)."""
    digest = hashlib.sha256(f"{VERSION}".encode())
    digest.update((folder / "model.safetensors").read_bytes())
    return cache_dir() / f"encoder-{digest.hexdigest()[:16]}.fp32.onnx"


def build(folder: Path) -> Path:
    """Export the encoder in `folder` with mean pooling and normalisation; return the engine path."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    from mirrorbot.detector.model import mean_pool

    target = engine_path(folder)
    if target.is_file():
        return target
    hf_logging.set_verbosity_error()  # the unused-pooler load report is noise here
    encoder = AutoModel.from_pretrained(str(folder), add_pooling_layer=False).eval()

    class Embedder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            return torch.nn.functional.normalize(mean_pool(hidden, attention_mask), dim=-1)

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        plain = Path(scratch) / "encoder.onnx"
        sample = torch.ones(2, 8, dtype=torch.long)
        mask = sample.clone()
        mask[1, 4:] = 0  # a padded row, so the tracer keeps the masking
        dynamic = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}}
        torch.onnx.export(
            Embedder().eval(), (sample, mask), str(plain), input_names=list(dynamic), output_names=["embedding"],
            dynamic_axes={**dynamic, "embedding": {0: "batch"}}, opset_version=17, dynamo=False,
        )
        os.replace(plain, target)  # atomic: a half-written engine is never picked up
    return target


class OnnxEmbedder:
    """Unit-length sentence embeddings from the cached ONNX export of the base encoder."""

    def __init__(self, name: str = BUNDLED_BASE, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = Path(resolve_base(name))
        engine = engine_path(folder)
        if not engine.is_file():
            build(folder)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_LENGTH)
        self.tokenizer.enable_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(engine), options, providers=["CPUExecutionProvider"])

    def embed(self, texts: list[str], batch_size: int = 64, advance: Advance | None = None) -> np.ndarray:
        """Embeddings in input order; batches sorted by length, at most TOKEN_BUDGET padded tokens each."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        parts = []
        start = 0
        while start < len(order):
            width = min(MAX_LENGTH, len(texts[order[min(len(order), start + batch_size) - 1]]) // 3 + 2)
            size = max(1, min(batch_size, TOKEN_BUDGET // width))
            chunk = [texts[i] for i in order[start : start + size]]
            encodings = self.tokenizer.encode_batch(chunk)
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            parts.append(self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0])
            if advance:
                advance(len(chunk))
            start += size
        if not parts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.concatenate(parts)[np.argsort(np.asarray(order))]
