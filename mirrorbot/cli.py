"""The `mirrorbot` command. It only parses, reads and prints: the work is in the library.

Heavy imports (torch, transformers, textual) happen inside the commands, so `mirrorbot --help`
answers at once.
"""

from __future__ import annotations

from pathlib import Path

import click

from mirrorbot.errors import MirrorbotError


class _Group(click.Group):
    """Turns library errors into a clean message and exit code 1 (2 for bad input)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except MirrorbotError as error:
            click.echo(f"Error: {error}", err=True)
            code = 2 if isinstance(error, ValueError) else 1
            ctx.exit(code)


@click.group(cls=_Group, invoke_without_command=True)
@click.version_option(package_name="mirrorbot")
@click.pass_context
def main(ctx: click.Context) -> None:
    """mirrorbot: reads the feeling in a message and answers with the same kind of feeling, milder."""
    if ctx.invoked_subcommand is None:
        from mirrorbot.commands.chat import chat_command

        ctx.invoke(chat_command)


data_dir_option = click.option(
    "--data-dir", type=click.Path(file_okay=False, path_type=Path), envvar="MIRRORBOT_DATA",
    help="Folder with goemotions/, carer/, ... (default: $MIRRORBOT_DATA, then ../shared/data).",
)
model_option = click.option(
    "--model", default=None, envvar="MIRRORBOT_MODEL",
    help="A mirrorbot model folder, a local Hugging Face model folder or a hub id (default: the bundled model).",
)


@main.command("train")
@click.option("--dataset", type=click.Choice(["default", "goemotions", "carer"]), default="default", show_default=True)
@data_dir_option
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Model folder to write (default: the bundled model's folder for --dataset default, runs/DATASET otherwise).")
@click.option("--epochs", type=float, default=None, help="Passes over the data (default 2; 3 for carer).")
@click.option("--seed", type=int, default=13, show_default=True)
@click.option("--batch-size", type=int, default=32, show_default=True)
@click.option("--scale", type=float, default=1.0, show_default=True, help="Fraction of each source (quick runs).")
@click.option("--max-steps", type=int, default=None, help="Stop after this many optimiser steps.")
@click.option("--family-weight", type=float, default=None,
              help="Weight of the family loss that CARER and DailyDialog teach through (default 0.25).")
@click.option("--device", default="cpu", show_default=True, help="torch device, e.g. cpu or cuda.")
def train_command(dataset: str, data_dir: Path | None, output: Path | None, epochs: float | None, seed: int,
                  batch_size: int, scale: float, max_steps: int | None, family_weight: float | None, device: str) -> None:
    """Train a model from the labeled datasets (rebuilds the bundled default with no options)."""
    from mirrorbot.paths import DEFAULT_MODEL_DIR
    from mirrorbot.paths import data_dir as resolve_data_dir
    from mirrorbot.training.train import TrainingArguments, train

    folder = output or (DEFAULT_MODEL_DIR if dataset == "default" else Path("runs") / dataset)
    try:
        args = TrainingArguments(
            data_dir=resolve_data_dir(data_dir), output_dir=folder, dataset=dataset, seed=seed,
            epochs=epochs or (3.0 if dataset == "carer" else 2.0), batch_size=batch_size, scale=scale,
            max_steps=max_steps, device=device, **({} if family_weight is None else {"family_weight": family_weight}),
        )
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    record = train(args, progress=True)
    click.echo(f"wrote {folder} in {record['seconds']:.0f} s")
    for name, values in record["dev"].items():  # type: ignore[union-attr]
        click.echo(f"  {name}: {values}")


@main.command("prepare")
@model_option
def prepare_command(model: str | None) -> None:
    """Build and cache the fast int8 ONNX engine of a mirrorbot model (done on first use otherwise)."""
    from mirrorbot.detector.config import check_folder
    from mirrorbot.detector.onnx_engine import build
    from mirrorbot.paths import DEFAULT_MODEL_DIR

    folder = Path(model) if model else DEFAULT_MODEL_DIR
    check_folder(folder)
    click.echo(f"engine ready: {build(folder)}")


# -- commands kept in their own modules (each imports its heavy parts inside the command) --------
from mirrorbot.commands.bench import bench_command  # noqa: E402
from mirrorbot.commands.chat import chat_command  # noqa: E402
from mirrorbot.commands.detect import detect_command  # noqa: E402
from mirrorbot.commands.eval import eval_command  # noqa: E402
from mirrorbot.commands.reply import reply_command  # noqa: E402
from mirrorbot.commands.serve import serve_command  # noqa: E402

for _command in (chat_command, detect_command, reply_command, serve_command, eval_command, train_command, bench_command):
    main.add_command(_command)
