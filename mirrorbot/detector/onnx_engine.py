"""The fast inference path: the default model exported to ONNX, int8-quantized, run by ONNX Runtime.

The engine file is built from the committed weights on first use (or by `mirrorbot prepare`) and
cached in `$MIRRORBOT_CACHE` (default `~/.cache/mirrorbot`), named by a hash of the weights, so a
retrained model gets a new engine. Building needs torch and onnx; running needs only onnxruntime,
tokenizers and numpy, which is why a process that uses it starts fast.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from mirrorbot.detector.config import CONFIG_FILE, HEADS_FILE, ModelConfig, read_config, read_thresholds, resolve_base
from mirrorbot.errors import ModelNotFoundError

ENGINE_VERSION = 4


def cache_dir() -> Path:
    override = os.environ.get("MIRRORBOT_CACHE")
    if override:
        return Path(override)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mirrorbot"


def engine_path(folder: Path, quantized: bool = True) -> Path:
    """Where the engine of the model in `folder` is cached (the name changes with the weights)."""
    digest = hashlib.sha256(str(ENGINE_VERSION).encode())
    for name in (CONFIG_FILE, "adapter_model.safetensors", HEADS_FILE):
        digest.update((folder / name).read_bytes())
    kind = "int8" if quantized else "fp32"
    return cache_dir() / f"model-{digest.hexdigest()[:16]}.{kind}.onnx"


def build(folder: Path, quantized: bool = True) -> Path:
    """Export the model in `folder` to ONNX (quantized to int8 by default); return the engine path."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from mirrorbot.detector import model as model_io
    from mirrorbot.detector.inference import activate

    target = engine_path(folder, quantized)
    if target.is_file():
        return target
    network, _ = model_io.load(folder)
    names = [head.name for head in network.config.heads]

    class Exported(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.network = network

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, ...]:
            outputs = activate(self.network, self.network(input_ids, attention_mask))
            return tuple(outputs[name] for name in names)

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        plain = Path(scratch) / "model.onnx"
        sample = torch.ones(2, 8, dtype=torch.long)
        mask = sample.clone()
        mask[1, 4:] = 0  # a padded row: an all-ones mask lets the tracer drop the masking altogether
        dynamic = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}}
        torch.onnx.export(
            Exported().eval(), (sample, mask), str(plain), input_names=list(dynamic), output_names=names,
            dynamic_axes={**dynamic, **{name: {0: "batch"} for name in names}}, opset_version=17, dynamo=False,
        )
        staged = Path(scratch) / "final.onnx"
        if quantized:
            # Every matrix product goes to int8, the small heads included: the quantizer rewrites
            # their Gemm nodes before it reads an exclusion list, and excluding them as rewritten
            # made no difference on GoEmotions dev (0.527 vs 0.531 macro-F1).
            quantize_dynamic(str(plain), str(staged), weight_type=QuantType.QInt8, per_channel=True)
        else:
            plain.rename(staged)
        os.replace(staged, target)  # atomic: a half-written engine is never picked up
    return target


class OnnxBackend:
    """Runs a built engine; produces the same `Readings` as the torch backend."""

    single_label = False

    def __init__(self, folder: Path, engine: Path, threads: int | None = None) -> None:
        from tokenizers import Tokenizer

        self.config: ModelConfig = read_config(folder)
        self.max_length = self.config.max_length
        self.thresholds = read_thresholds(folder)
        tokenizer_file = Path(resolve_base(self.config.base_model)) / "tokenizer.json"
        if not tokenizer_file.is_file():
            raise ModelNotFoundError(f"the fast path needs {tokenizer_file}, which is missing")
        self.tokenizer = _TokenizerAdapter(Tokenizer.from_file(str(tokenizer_file)))
        self.engine = engine
        self.threads = threads or min(4, os.cpu_count() or 1)
        self.session = self._open(self.threads)  # one text on every core: lowest latency
        self._pool_session: object | None = None  # many texts: one thread each, run side by side
        self._pool_lock = threading.Lock()
        self.names = [output.name for output in self.session.get_outputs()]
        self.single_label = self.config.head("carer") is not None

    def _open(self, threads: int):  # noqa: ANN202 - an onnxruntime.InferenceSession
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.enable_cpu_mem_arena = False  # give buffers back: keeps the process's peak RSS low
        options.enable_mem_pattern = False
        return ort.InferenceSession(str(self.engine), options, providers=["CPUExecutionProvider"])

    def _parallel_session(self):  # noqa: ANN202
        """A single-threaded session that several workers share (ONNX Runtime's `run` is thread-safe)."""
        with self._pool_lock:
            if self._pool_session is None:
                self._pool_session = self._open(1)
            return self._pool_session

    def outputs(self, texts: list[str], batch_size: int) -> dict[str, np.ndarray]:
        """Activated head outputs, in input order. `batch_size` is not used: every text runs alone.

        Dynamic int8 quantization scales activations per tensor, so in a shared batch a text's
        scores moved with its batch-mates (by up to 0.15; 580 of the 5,427 GoEmotions test texts
        changed labels when the batching changed). Alone, a text reads the same in a file as in a
        chat. On two cores this costs no speed: one text per forward pass on a worker per core
        (single-threaded sessions) ran the GoEmotions test texts in 7.5 s (median of 3), padded
        batches in 7.3 s. One text on its own runs on every core instead (lowest latency).
        """
        encoded = self.tokenizer.encode_each(texts, self.max_length)
        if not encoded:
            return {name: np.zeros((0, len(self.config.head(name).labels)), dtype=np.float32) for name in self.names}  # type: ignore[union-attr]
        if len(encoded) > 1 and self.threads > 1:
            session = self._parallel_session()
            longest_first = sorted(range(len(encoded)), key=lambda i: -encoded[i][0].shape[1])  # balances the workers
            with ThreadPoolExecutor(self.threads) as pool:
                finished = dict(zip(longest_first, pool.map(lambda i: self._run(session, encoded[i]), longest_first), strict=True))
            results = [finished[i] for i in range(len(encoded))]
        else:
            results = [self._run(self.session, one) for one in encoded]
        return {name: np.concatenate([result[k] for result in results]) for k, name in enumerate(self.names)}

    @staticmethod
    def _run(session, batch: tuple[np.ndarray, np.ndarray]) -> list[np.ndarray]:  # noqa: ANN001
        ids, mask = batch
        return session.run(None, {"input_ids": ids, "attention_mask": mask})

    def read(self, texts: list[str], batch_size: int):  # noqa: ANN201
        from mirrorbot.detector.backends import readings_from_outputs

        return readings_from_outputs(self.outputs(texts, batch_size), self.config)


class _TokenizerAdapter:
    """The `tokenizers` tokenizer, with the two calls the detector makes of a transformers one."""

    def __init__(self, tokenizer) -> None:  # noqa: ANN001
        self._tokenizer = tokenizer
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()

    def encode_each(self, texts: list[str], max_length: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per text, (input_ids, attention_mask) of shape (1, tokens), cut to `max_length` keeping [SEP]."""
        result = []
        for encoding in self._tokenizer.encode_batch(texts):
            tokens = encoding.ids
            if len(tokens) > max_length:
                tokens = tokens[: max_length - 1] + tokens[-1:]
            ids = np.asarray([tokens], dtype=np.int64)
            result.append((ids, np.ones_like(ids)))
        return result

    def __call__(self, text: str, add_special_tokens: bool = False, return_offsets_mapping: bool = True) -> dict[str, list]:
        encoding = self._tokenizer.encode(text, add_special_tokens=add_special_tokens)
        return {"offset_mapping": encoding.offsets}
