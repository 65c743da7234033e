"""`mirrorbot serve`: the HTTP API on uvicorn (loopback unless --host says otherwise)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

LOOPBACK_HOST = "127.0.0.1"


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost'."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option(
    "--host",
    default=None,
    help=f"Interface to listen on (default {LOOPBACK_HOST}: this machine only). Give 0.0.0.0 to open it to the network.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--model",
    default=None,
    envvar="MIRRORBOT_MODEL",
    help="A mirrorbot model folder, a local Hugging Face model folder or a hub id (default: the bundled model).",
)
@click.option(
    "--api-key",
    default=None,
    envvar="MIRRORBOT_API_KEY",
    help="Require this key on /v1 requests (Authorization: Bearer KEY or X-API-Key). Default: $MIRRORBOT_API_KEY, else none.",
)
@click.option(
    "--sessions",
    "sessions_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SQLite file that keeps the conversations across restarts (default: in memory).",
)
@click.option(
    "--responder",
    default="template",
    show_default=True,
    help="Responder name (template, openai, transformers or a plugin).",
)
@click.option(
    "--mildness",
    type=click.FloatRange(0.0, 1.0),
    default=0.5,
    show_default=True,
    help="How much of the user's intensity the reply carries.",
)
@click.option(
    "--max-body-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Largest request body accepted; larger ones get 413 (default 131072).",
)
@click.option(
    "--log-level",
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
    default="info",
    show_default=True,
)
def serve_command(
    host: str | None,
    port: int,
    model: str | None,
    api_key: str | None,
    sessions_path: Path | None,
    responder: str,
    mildness: float,
    max_body_bytes: int | None,
    log_level: str,
) -> None:
    """Serve the HTTP API: /v1/detect, /v1/reply, /v1/sessions/{id}, /health and /docs."""
    import uvicorn

    from mirrorbot.detector.detector import Detector
    from mirrorbot.mirror.bot import MirrorBot
    from mirrorbot.mirror.sessions import MemoryStore, SQLiteStore
    from mirrorbot.server import DEFAULT_MAX_BODY_BYTES, create_app

    bind = host or LOOPBACK_HOST
    if not is_loopback(bind) and not api_key:
        click.echo(
            f"Warning: listening on {bind} without an API key: anyone who can reach this port can use it "
            "(set --api-key or MIRRORBOT_API_KEY).",
            err=True,
        )
    store = SQLiteStore(sessions_path) if sessions_path else MemoryStore()
    detector = Detector(model)
    bot = MirrorBot(detector, mildness=mildness, responder=responder, store=store)
    click.echo(f"loading the model {detector.model_name} ...", err=True)
    detector.load()
    app = create_app(bot, api_key=api_key, max_body_bytes=max_body_bytes or DEFAULT_MAX_BODY_BYTES)
    uvicorn.run(app, host=bind, port=port, log_level=log_level)
