"""`mirrorbot bench`: print the detector's speed and memory beside the fp32 baseline."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("bench")
@click.option("--model", default=None, help="Model to measure (default: the bundled model).")
@click.option("--engine", type=click.Choice(["auto", "onnx", "torch"]), default=None, help="Inference engine.")
@click.option("--rounds", type=int, default=10, show_default=True, help="Passes over the sample messages.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), envvar="MIRRORBOT_DATA", default=None,
              help="With the datasets present, throughput is measured on the GoEmotions test split.")
@click.option("--mirror", "with_mirror", is_flag=True, help="Also time template replies (responder alone, and bot.reply end to end).")
@click.option("--chat", "with_chat", is_flag=True, help="Also time the chat app: window up, first reply, later replies (3 cold runs).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write the numbers here.")
def bench_command(model: str | None, engine: str | None, rounds: int, data_dir: Path | None, with_mirror: bool,
                  with_chat: bool, json_out: Path | None) -> None:
    """Measure single-message latency, batch throughput, cold start and peak memory."""
    from rich.console import Console
    from rich.table import Table

    from mirrorbot import bench
    from mirrorbot.datasets import load
    from mirrorbot.errors import DatasetError
    from mirrorbot.paths import data_dir as resolve

    texts = None
    try:
        texts = [example.text for example in load("goemotions", resolve(data_dir), "test")]
    except DatasetError:
        pass
    result: dict[str, object] = dict(bench.run(model, rounds, texts, engine))
    if with_mirror:
        from mirrorbot.detector.detector import Detector
        from mirrorbot.mirror.bot import MirrorBot
        from mirrorbot.mirror.evaluate import bench_template_latency

        bot = MirrorBot(Detector(model, engine=engine))
        result["template_responder_p50_ms"] = bench_template_latency(bot)
        result["mirror_reply_p50_ms"] = bench_template_latency(bot, n=100, full_reply=True)
    if with_chat:
        from mirrorbot.tui.bench import run_bench

        chat = run_bench(runs=3, model=model)
        result.update({f"chat_{key}": value for key, value in chat.items() if key not in ("targets", "runs")})
    table = Table(title=f"mirrorbot bench ({result['engine']}, {result['batch_texts']} texts for throughput)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in result.items():
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    Console().print(table)
    if json_out:
        json_out.write_text(json.dumps(result, indent=2))
