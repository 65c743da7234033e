"""The model card written beside a trained model: data, command, seed, time, metrics."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mirrorbot.training.mix import other_source_counts

TEMPLATE = """# mirrorbot emotion model

Base encoder: `{base}` (all-MiniLM-L6-v2), LoRA rank {rank} on every linear layer, mean pooling,
heads: {heads}.

## How it was trained
- Command: `{command}`
- Dataset setting: `{dataset}`; seed {seed}; {epochs} epochs, batch {batch}, max length {max_length}
- Training items: {items}; optimiser steps: {steps}
- Time: {minutes:.1f} minutes on {machine}

The default mix (see `mirrorbot/training/mix.py`): GoEmotions train (28-label head); CARER train
({carer:,} tweets) and DailyDialog train ({dialog_emotional:,} emotional + {dialog_quiet:,} plain turns) through the Ekman
family loss (weight {family_weight}); WASSA-2017 train for the intensity head (plus 3,000 neutral
texts at intensity 0); EmoBank train for valence/arousal; `data/events_train.jsonl`
(project-written first-person accounts of everyday events, seen twice per epoch) through
the family loss (weight {events_weight}). Per-label thresholds: the mean of the F1-best
cuts over 20 bootstrap resamples of GoEmotions dev. The mix and its weights were chosen by dev
metrics (GoEmotions dev, WASSA-2017 dev, EmoBank dev, CARER and DailyDialog validation, the
project chat dev set) over a small sweep; no test split was looked at.

## Dev metrics (written by `mirrorbot train`)
```json
{dev}
```

## Test metrics
{test}
"""


def write_card(folder: Path, record: dict[str, Any], test_section: str | None = None) -> None:
    """Write `README.md` and `metrics.json` for the model in `folder` from a training record."""
    args = record["arguments"]
    config = json.loads((folder / "mirrorbot.json").read_text())
    counts = other_source_counts(float(args.get("other_sources", 0.6)))
    text = TEMPLATE.format(
        base=args["base_model"],
        rank=args["lora_rank"],
        heads=", ".join(f"{h['name']} ({h['kind']}, {len(h['labels'])})" for h in config["heads"]),
        command=args["command"],
        dataset=args["dataset"],
        family_weight=args.get("family_weight", "-"),
        events_weight=args.get("events_weight", 0.5),  # records from before it was an argument: 0.5
        **counts,
        seed=args["seed"],
        epochs=args["epochs"],
        batch=args["batch_size"],
        max_length=args["max_length"],
        items=record["training_items"],
        steps=record["steps"],
        minutes=record["seconds"] / 60,
        machine=record["machine"],
        dev=json.dumps(record["dev"], indent=2),
        test=test_section or "Run `make results` (or `mirrorbot eval ...`) to add the test-split numbers.",
    )
    (folder / "README.md").write_text(text)
    (folder / "metrics.json").write_text(json.dumps({"dev": record["dev"]}, indent=2))
