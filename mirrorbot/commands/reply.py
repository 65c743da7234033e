"""`mirrorbot reply`: answer a message (or each line of a file, each a fresh conversation) with the mirror."""

from __future__ import annotations

import json
import sys
import uuid
from typing import Any

import click

JSONL_KEYS = ("text", "reply", "user", "target", "reply_affect", "crisis")


def build_bot(model: str | None, mildness: float, responder: str, settings: dict[str, Any]) -> Any:
    """The bot the command uses (tests replace this to hand in a fake detector)."""
    from mirrorbot.detector.detector import Detector
    from mirrorbot.mirror import MirrorBot

    return MirrorBot(Detector(model), mildness=mildness, responder=responder, **settings)


def _render(turn: Any) -> str:
    lines = [f"you: {turn.user_text}", f"     {turn.user.describe()}", f"bot: {turn.text}"]
    if turn.crisis:
        lines.append("     (safety reply: this message suggests the writer may be in crisis; it was not mirrored)")
    else:
        lines.append(f"     target {turn.target.describe()}")
        lines.append(f"     read   {turn.reply_affect.describe()}")
    if turn.note:
        lines.append(f"     note: {turn.note}")
    return "\n".join(lines)


def _reply_file(bot: Any, path: str, jsonl: bool) -> None:
    from mirrorbot.errors import EmptyTextError

    handle = sys.stdin if path == "-" else open(path, encoding="utf-8", errors="replace")  # noqa: SIM115
    with handle:
        for raw in handle:
            line = raw.rstrip("\r\n")
            session = f"line-{uuid.uuid4().hex}"
            try:
                turn = bot.reply(line, session_id=session)
            except EmptyTextError:
                click.echo(json.dumps({"text": line, "error": "empty text"}) if jsonl else f"{line}\n  (empty line skipped)\n")
                continue
            finally:
                bot.reset(session)
            if jsonl:
                record = turn.to_dict()
                click.echo(json.dumps({key: record[key] for key in JSONL_KEYS}, ensure_ascii=False))
            else:
                click.echo(_render(turn) + "\n")


@click.command("reply")
@click.argument("text", nargs=-1)
@click.option("--json", "json_out", is_flag=True, help="Print the turn as one JSON object.")
@click.option("--input", "input_file", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="Answer each line of FILE ('-' for stdin), each as a fresh conversation.")
@click.option("--jsonl", is_flag=True, help="With --input: one JSON object per line: text, reply, user, target, reply_affect, crisis.")
@click.option("--mildness", type=click.FloatRange(0.0, 1.0), default=0.5, show_default=True,
              help="Share of the user's intensity the reply carries (0..1).")
@click.option("--responder", default="template", show_default=True, envvar="MIRRORBOT_RESPONDER",
              help="template, openai (an OpenAI-compatible endpoint), transformers (a local causal LM) or a plugin.")
@click.option("--base-url", default=None, envvar="MIRRORBOT_LLM_BASE_URL", help="openai: the endpoint, e.g. http://localhost:11434/v1.")
@click.option("--llm-model", default=None, envvar="MIRRORBOT_LLM_MODEL", help="openai: the model name; transformers: the model folder.")
@click.option("--api-key", default=None, envvar="MIRRORBOT_LLM_API_KEY", help="openai: the key, if the endpoint needs one.")
@click.option("--model", default=None, envvar="MIRRORBOT_MODEL", help="The detector model (default: the bundled model).")
def reply_command(text: tuple[str, ...], json_out: bool, input_file: str | None, jsonl: bool, mildness: float,
                  responder: str, base_url: str | None, llm_model: str | None, api_key: str | None, model: str | None) -> None:
    """Answer TEXT with the same kind of feeling, milder (or each line of --input FILE)."""
    if input_file is None and not text:
        raise click.UsageError("give a TEXT to answer or --input FILE (one message per line)")
    if input_file is not None and text:
        raise click.UsageError("give either TEXT or --input FILE, not both")
    if jsonl and input_file is None:
        raise click.UsageError("--jsonl goes with --input FILE; for one message use --json")
    settings: dict[str, Any] = {}
    if responder == "openai":
        settings = {key: value for key, value in {"base_url": base_url, "model": llm_model, "api_key": api_key}.items() if value}
    elif responder == "transformers" and llm_model:
        settings = {"model": llm_model}
    bot = build_bot(model, mildness, responder, settings)
    if input_file is not None:
        _reply_file(bot, input_file, jsonl)
        return
    turn = bot.reply(" ".join(text))
    click.echo(json.dumps(turn.to_dict(), ensure_ascii=False) if json_out else _render(turn))
