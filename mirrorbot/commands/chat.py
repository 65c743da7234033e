"""`mirrorbot chat` (and bare `mirrorbot`): the terminal chat, and its history from the shell.

Imports nothing heavy at import time: Textual loads when the window opens, torch and transformers
in the app's worker thread while the window is already up.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mirrorbot.errors import MirrorbotError


@click.command("chat")
@click.option("--new", "new", is_flag=True, help="Start a new conversation (default: reopen the last one).")
@click.option("--open", "open_id", type=int, default=None, metavar="ID", help="Open conversation ID.")
@click.option("--list", "list_", is_flag=True, help="List saved conversations and exit.")
@click.option("--delete", "delete_id", type=int, default=None, metavar="ID", help="Delete conversation ID and exit.")
@click.option("--export", "export_id", type=int, default=None, metavar="ID", help="Print (or --output) conversation ID and exit.")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True,
              help="Export format: Markdown or JSON.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the export to this file instead of standard output.")
@click.option("--mildness", type=float, default=None,
              help="0 (flat) .. 1 (as strong as you); default $MIRRORBOT_MILDNESS, the settings file, then 0.5.")
@click.option("--responder", type=click.Choice(["template", "openai"]), default=None,
              help="template (offline) or openai (an OpenAI-compatible endpoint such as Ollama).")
@click.option("--base-url", default=None, help="The LLM endpoint's base URL (default http://localhost:11434/v1).")
@click.option("--llm-model", default=None, help="The model name to ask the LLM endpoint for.")
@click.option("--llm-api-key", default=None, help="The LLM endpoint's API key (default $MIRRORBOT_LLM_API_KEY; never saved).")
@click.option("--theme", default=None, help="A Textual theme, e.g. textual-light, nord, gruvbox.")
@click.option("--model", default=None,
              help="Detector model folder or hub id (default $MIRRORBOT_MODEL, then the bundled model).")
def chat_command(
    new: bool, open_id: int | None, list_: bool, delete_id: int | None, export_id: int | None, fmt: str,
    output: Path | None, mildness: float | None, responder: str | None, base_url: str | None,
    llm_model: str | None, llm_api_key: str | None, theme: str | None, model: str | None,
) -> None:  # fmt: skip
    """Chat in the terminal. Reopens the last conversation; history is in $MIRRORBOT_HOME."""
    from mirrorbot.tui.settings import load_config

    config = load_config({
        "mildness": mildness, "responder": responder, "base_url": base_url, "llm_model": llm_model,
        "api_key": llm_api_key, "theme": theme, "model": model,
    })  # fmt: skip
    if list_ or delete_id is not None or export_id is not None:
        _history_command(config.history_path, list_, delete_id, export_id, fmt, output)
        return
    from mirrorbot.tui.app import make_app

    app = make_app(config, conversation_id=open_id, new=new)
    if open_id is not None:
        _check_conversation(config.history_path, open_id)
    app.run()


def _check_conversation(path: Path, conversation_id: int) -> None:
    from mirrorbot.tui.history import HistoryStore

    store = HistoryStore(path)
    try:
        store.conversation(conversation_id)
    finally:
        store.close()


def _history_command(
    path: Path, list_: bool, delete_id: int | None, export_id: int | None, fmt: str, output: Path | None
) -> None:
    from mirrorbot.tui.history import HistoryStore

    if not path.exists():
        if list_:
            click.echo("no conversations yet (start one with `mirrorbot`)")
            return
        raise MirrorbotError(f"there is no chat history at {path} yet; start a conversation with `mirrorbot`")
    store = HistoryStore(path)
    try:
        if list_:
            conversations = store.conversations()
            if not conversations:
                click.echo("no conversations yet (start one with `mirrorbot`)")
            for item in conversations:
                click.echo(f"{item.id:>4}  {item.updated:%Y-%m-%d %H:%M}  {item.messages:>4} messages  {item.title}")
        if delete_id is not None:
            store.delete(delete_id)
            click.echo(f"deleted conversation {delete_id}", err=True)
        if export_id is not None:
            text = store.export(export_id, fmt)
            if output is None:
                sys.stdout.write(text)
            else:
                output.write_text(text, encoding="utf-8")
                click.echo(f"wrote {output}", err=True)
    finally:
        store.close()
