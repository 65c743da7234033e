"""`mirrorbot detect`: read the feeling in text, one message or a file of them."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import click

from mirrorbot.errors import EmptyTextError

CHUNK = 8192  # lines read per detect_batch call: bounded memory, output streams as it goes


def _render(text: str, affect: object) -> str:
    """A few readable lines: family, the top labels with bars, intensity and valence."""
    from mirrorbot.affect import Affect

    assert isinstance(affect, Affect)
    lines = [f"{affect.family}  ·  intensity {affect.intensity:.2f}  ·  valence {affect.valence:+.2f}"]
    shown = list(affect.labels[:3])
    shown += [label for label, _ in affect.top(6) if label not in shown][: max(0, 3 - len(shown))]
    for label in shown:
        score = affect.scores[label]
        mark = "*" if label in affect.labels else " "
        lines.append(f" {mark} {label:<15} {'█' * round(score * 20):<20} {score:.2f}")
    lines.append(" (* above the model's threshold for that label)")
    return "\n".join(lines)


def _records(handle: TextIO) -> Iterator[list[str]]:
    chunk: list[str] = []
    for line in handle:
        chunk.append(line.rstrip("\r\n"))
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _detect_file(detector: object, path: str, jsonl: bool) -> None:
    from mirrorbot.detector.detector import clean_text

    handle = sys.stdin if path == "-" else open(path, encoding="utf-8", errors="replace")  # noqa: SIM115
    with handle:
        for lines in _records(handle):
            readable = []
            for i, line in enumerate(lines):
                try:
                    clean_text(line)
                    readable.append(i)
                except EmptyTextError:
                    pass
            affects = dict(zip(readable, detector.detect_batch([lines[i] for i in readable]), strict=True))  # type: ignore[attr-defined]
            out = []
            for i, line in enumerate(lines):
                affect = affects.get(i)
                if jsonl:
                    record = {"text": line, **affect.to_dict()} if affect else {"text": line, "error": "empty text"}
                    out.append(json.dumps(record, ensure_ascii=False))
                else:
                    out.append(f"{line}\n{_render(line, affect)}\n" if affect else f"{line}\n  (empty line skipped)\n")
            click.echo("\n".join(out))


@click.command("detect")
@click.argument("text", nargs=-1)
@click.option("--json", "json_out", is_flag=True, help="Print one JSON object.")
@click.option("--input", "input_file", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="Read one text per line from FILE ('-' for stdin).")
@click.option("--jsonl", is_flag=True, help="With --input: one JSON object per line, in input order.")
@click.option("--model", default=None, envvar="MIRRORBOT_MODEL",
              help="A mirrorbot model folder, a Hugging Face model folder or a hub id (default: the bundled model).")
def detect_command(text: tuple[str, ...], json_out: bool, input_file: str | None, jsonl: bool, model: str | None) -> None:
    """Read the feeling in TEXT (or in each line of --input FILE)."""
    from mirrorbot.detector.detector import Detector, clean_text

    if input_file is None and not text:
        raise click.UsageError("give a TEXT to read, or --input FILE")
    if input_file is not None and text:
        raise click.UsageError("give either TEXT or --input FILE, not both")
    if input_file is None:
        joined = " ".join(text)
        clean_text(joined)  # an empty text fails here, before the model loads
    detector = Detector(Path(model) if model and Path(model).exists() else model)
    if input_file is not None:
        _detect_file(detector, input_file, jsonl or json_out)
        return
    affect = detector.detect(joined)
    if json_out:
        click.echo(json.dumps({"text": joined, **affect.to_dict()}, ensure_ascii=False))
    else:
        click.echo(_render(joined, affect))
