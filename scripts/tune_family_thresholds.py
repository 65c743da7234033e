"""Add family thresholds to a model folder trained before `mirrorbot train` wrote them.

    python scripts/tune_family_thresholds.py mirrorbot/weights/default

Reads GoEmotions dev with the model (fp32 torch, as training does), tunes one cut per Ekman
family on the families' noisy-OR presence, writes `family_thresholds.json` beside the existing
per-label `thresholds.json` (left as they are), and prints dev metrics without and with them.
Needs the data folder (--data-dir, $MIRRORBOT_DATA or ../shared/data).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path, help="a mirrorbot model folder")
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args(argv)

    import numpy as np
    from rich.console import Console
    from transformers import AutoTokenizer

    from mirrorbot.datasets import load
    from mirrorbot.detector import model as model_io
    from mirrorbot.detector.config import FAMILY_THRESHOLDS_FILE, resolve_base
    from mirrorbot.detector.inference import predict
    from mirrorbot.evaluation.metrics import multilabel_report, read_labels, to_families, tune_family_thresholds
    from mirrorbot.paths import data_dir
    from mirrorbot.taxonomy import LABELS

    model, thresholds = model_io.load(args.model)
    tokenizer = AutoTokenizer.from_pretrained(resolve_base(model.config.base_model))
    dev = load("goemotions", data_dir(args.data_dir), "dev")
    gold = np.array([[1 if label in example.labels else 0 for label in LABELS] for example in dev])
    scores = predict(model, tokenizer, [example.text for example in dev])["goemotions"]
    family_thresholds = tune_family_thresholds(to_families(gold), scores)
    (args.model / FAMILY_THRESHOLDS_FILE).write_text(json.dumps(family_thresholds, indent=2))
    report = {
        "goemotions_dev_tuned": multilabel_report(gold, read_labels(scores, thresholds)),
        "goemotions_dev_family_thresholds": multilabel_report(gold, read_labels(scores, thresholds, family_thresholds)),
    }
    Console().print_json(json.dumps({"family_thresholds": family_thresholds, **report}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
