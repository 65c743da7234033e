"""Run the standard evaluations and write the README's results table (never typed by hand).

    python scripts/results.py                      # writes reports/results.md and reports/*.json
    python scripts/results.py --readme README.md   # ... and replaces the table between the markers
    python scripts/results.py --model runs/carer --sets carer   # another model, some sets

Needs the data folder (--data-dir, $MIRRORBOT_DATA or ../shared/data) and the model.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

SETS = {"goemotions": "test", "carer": "test", "emobank": "test", "wassa2017": "dev", "dailydialog": "test"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model folder (default: the bundled model)")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated datasets (default: all five)")
    parser.add_argument("--out", type=Path, default=Path("reports"), help="folder for results.md and the JSON files")
    parser.add_argument("--readme", type=Path, default=None, help="README to update between the results markers")
    args = parser.parse_args(argv)

    from rich.console import Console

    from mirrorbot.detector.detector import Detector
    from mirrorbot.evaluation.model_system import ModelSystem
    from mirrorbot.evaluation.peers import MajorityPeer, NrcPeer
    from mirrorbot.evaluation.progress import progress_bars
    from mirrorbot.evaluation.results import engine_cost, margin_over_nrc, replace_between_markers, results_markdown
    from mirrorbot.evaluation.runner import evaluate
    from mirrorbot.evaluation.tasks import load_task
    from mirrorbot.evaluation.zero_shot import ZeroShotPeer
    from mirrorbot.paths import data_dir

    console = Console(stderr=True)
    root = data_dir(args.data_dir)
    detector = Detector(args.model)
    peers = [MajorityPeer(), NrcPeer(), ZeroShotPeer()]
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    notes: list[str] = []
    for name in args.sets.split(","):
        split = SETS[name]
        with progress_bars(sys.stderr.isatty()) as bars:
            result = evaluate(load_task(name, root, split), ModelSystem(detector), peers, bars,
                              model_name=args.model or "default")
        (args.out / f"{name}-{split}.json").write_text(json.dumps(result.to_json(), indent=2) + "\n")
        console.print(f"{name} {split}: {len(result.task)} examples in {result.seconds:.1f} s")
        results.append(result)
        if name == "goemotions" and detector.load().engine_name == "OnnxBackend":
            exact = evaluate(result.task, ModelSystem(Detector(args.model, engine="torch")), [], None, model_name="fp32 torch")
            (args.out / f"{name}-{split}-fp32.json").write_text(json.dumps(exact.to_json(), indent=2) + "\n")
            notes.append(engine_cost(result, exact))
    command = "python scripts/results.py" + (f" --model {args.model}" if args.model else "")
    table = "\n".join([results_markdown(results, command), *notes])
    (args.out / "results.md").write_text(table + "\n")
    console.print(f"wrote {args.out / 'results.md'}")
    for name, margin in margin_over_nrc(results).items():
        console.print(f"Ekman macro-F1 over NRC on {name}: {margin:+.3f} ({'meets' if margin >= 0.20 else 'MISSES'} the +0.20 target)")
    if args.readme:
        args.readme.write_text(replace_between_markers(args.readme.read_text(), table))
        console.print(f"updated the results table in {args.readme}")
    print(table)  # noqa: T201 - the table is this script's output
    return 0


if __name__ == "__main__":
    sys.exit(main())
