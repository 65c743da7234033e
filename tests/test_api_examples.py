"""The examples run: the embedded bot loop and the HTTP client against a live server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mirrorbot import MirrorBot
from mirrorbot.server import create_app
from mirrorbot.server.runner import serve_in_thread
from mirrorbot.testing import FakeDetector

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], input=stdin, capture_output=True, text=True, timeout=120)


def test_bot_loop_example(tmp_path: Path) -> None:
    db = tmp_path / "moods.db"
    first = _run(
        str(EXAMPLES / "bot_loop.py"),
        "--fake",
        "--sessions",
        str(db),
        "--user",
        "alice",
        stdin="I am so sad today\n\nstill sad\n",
    )
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert sum(line.startswith("bot: ") for line in lines) == 2
    assert "[you: sadness 0.70 -> reply aims at sadness" in first.stdout
    assert lines[-1].startswith("mood of 'alice' now: sadness:")
    again = _run(str(EXAMPLES / "bot_loop.py"), "--fake", "--sessions", str(db), "--user", "alice")
    assert again.stdout.startswith("mood of 'alice' now: sadness:")  # remembered across the restart


def test_http_client_example() -> None:
    with serve_in_thread(create_app(MirrorBot(FakeDetector()), api_key="k")) as url:
        ok = _run(str(EXAMPLES / "http_client.py"), "--url", url, "--api-key", "k", "I am so happy", "I am thrilled!")
        denied = _run(str(EXAMPLES / "http_client.py"), "--url", url, "hello")
    assert ok.returncode == 0, ok.stderr
    assert "you:  I am so happy  [joy, joy, intensity 0.70]" in ok.stdout
    assert "mood after 2 turns: joy" in ok.stdout
    assert denied.returncode == 1
    assert denied.stderr.startswith("error: POST /v1/detect -> 401: missing or wrong API key")
