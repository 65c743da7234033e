"""`mirrorbot eval`: score the model on a labeled emotion set, side by side with baseline peers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from mirrorbot.datasets import DATASETS

DEFAULT_SPLIT = {"wassa2017": "dev"}  # the official WASSA-2017 test gold is not in the data folder


@click.command("eval")
@click.option("--dataset", type=click.Choice(DATASETS), default=None, help="A standard dataset in the data folder.")
@click.option("--split", default=None, help="Split to score (default: test; dev for wassa2017).")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), envvar="MIRRORBOT_DATA",
              help="Folder with goemotions/, carer/, ... (default: $MIRRORBOT_DATA, then ../shared/data).")
@click.option("--file", "file_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Your own labeled CSV, TSV or JSONL file (with --mirror: the messages to answer).")
@click.option("--text-column", default="text", show_default=True, help="With --file: the column (or JSON key) of the text.")
@click.option("--label-column", default="label", show_default=True, help="With --file: the column (or JSON key) of the label.")
@click.option("--rating", type=click.Choice(["valence", "arousal"]), default=None,
              help="With --file: the label column holds a number rating this (any scale), scored by Pearson/Spearman.")
@click.option("--label-map", default=None,
              help="With --file: a JSON file {\"label\": \"family\"} or a built-in map name (see data/label_maps/README.md).")
@click.option("--model", default=None, envvar="MIRRORBOT_MODEL",
              help="A mirrorbot model folder, a local Hugging Face model folder or a hub id (default: the bundled model).")
@click.option("--compare", multiple=True, metavar="MODEL", help="Also score this Hugging Face model (repeatable).")
@click.option("--no-peers", is_flag=True, help="Skip the majority, NRC and zero-shot peers.")
@click.option("--limit", type=int, default=None, help="Score only the first N examples (quick checks).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the metrics as JSON ('-' for stdout).")
@click.option("--report", "report_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write report.md, metrics.json and PNG plots into this folder.")
@click.option("--mirror", is_flag=True, help="Evaluate the mirror (fidelity, mildness, repetition, safety) on --file MESSAGES.")
@click.option("--quiet", is_flag=True, help="No progress bars.")
def eval_command(dataset: str | None, split: str | None, data_dir: Path | None, file_path: Path | None,
                 text_column: str, label_column: str, rating: str | None, label_map: str | None, model: str | None,
                 compare: tuple[str, ...], no_peers: bool, limit: int | None, json_out: Path | None,
                 report_dir: Path | None, mirror: bool, quiet: bool) -> None:
    """Score the model on --dataset NAME or --file PATH beside the majority, NRC and zero-shot peers."""
    if mirror:
        if file_path is None or dataset is not None:
            raise click.UsageError("--mirror needs --file MESSAGES (one message per line, or JSONL/CSV with a text column)")
        return _mirror(file_path, text_column, model, json_out)
    if (dataset is None) == (file_path is None):
        raise click.UsageError("give either --dataset NAME or --file PATH")
    from mirrorbot.detector.detector import Detector
    from mirrorbot.evaluation.model_system import ModelSystem
    from mirrorbot.evaluation.progress import progress_bars
    from mirrorbot.evaluation.runner import evaluate
    from mirrorbot.evaluation.table import render
    from mirrorbot.paths import DEFAULT_MODEL_DIR

    if rating is not None and (file_path is None or label_map is not None):
        raise click.UsageError("--rating goes with --file (and not with --label-map: a rating is a number, not a label)")
    task = _task(dataset, split, data_dir, file_path, text_column, label_column, label_map, limit, rating)
    systems = [] if no_peers else _peers()
    systems += [ModelSystem(Detector(name), name=name) for name in compare]
    model_name = model or DEFAULT_MODEL_DIR.name
    with progress_bars(not quiet and sys.stderr.isatty()) as bars:
        result = evaluate(task, ModelSystem(Detector(model)), systems, bars, model_name=model_name)
    render(result)
    if json_out is not None:
        text = json.dumps(result.to_json(), indent=2)
        if str(json_out) == "-":
            click.echo(text)
        else:
            json_out.parent.mkdir(parents=True, exist_ok=True)
            json_out.write_text(text + "\n")
    if report_dir is not None:
        from mirrorbot.evaluation.report import write_report

        click.echo(f"wrote {write_report(result, report_dir)}", err=True)


def _task(dataset: str | None, split: str | None, data_dir: Path | None, file_path: Path | None, text_column: str,
          label_column: str, label_map: str | None, limit: int | None, rating: str | None = None):  # noqa: ANN202 - a Task
    from mirrorbot.evaluation.tasks import file_task, load_task, rated_file_task
    from mirrorbot.paths import data_dir as resolve_data_dir

    if file_path is not None and rating is not None:
        return rated_file_task(file_path, text_column, label_column, rating, limit)
    if file_path is not None:
        return file_task(file_path, text_column, label_column, label_map, limit)
    assert dataset is not None
    return load_task(dataset, resolve_data_dir(data_dir), split or DEFAULT_SPLIT.get(dataset, "test"), limit)


def _peers() -> list[object]:
    from mirrorbot.evaluation.peers import MajorityPeer, NrcPeer
    from mirrorbot.evaluation.zero_shot import ZeroShotPeer

    return [MajorityPeer(), NrcPeer(), ZeroShotPeer()]


def _mirror(path: Path, text_column: str, model: str | None, json_out: Path | None) -> None:
    from mirrorbot.detector.detector import Detector
    from mirrorbot.evaluation.mirror import evaluate_messages, mirror_table, read_messages

    metrics = evaluate_messages(read_messages(path, text_column), Detector(model))
    mirror_table(metrics)
    if json_out is not None:
        text = json.dumps(metrics, indent=2, default=str)
        if str(json_out) == "-":
            click.echo(text)
        else:
            json_out.write_text(text + "\n")
