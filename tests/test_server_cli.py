"""`mirrorbot serve`: options, loopback by default, the API key from the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from mirrorbot.cli import main
from mirrorbot.commands.serve import is_loopback
from mirrorbot.testing import FakeDetector


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Runs `serve` with a fake detector and records what uvicorn would have been given."""
    seen: dict[str, Any] = {}
    monkeypatch.setattr("mirrorbot.detector.detector.Detector", lambda model=None: FakeDetector())
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: seen.update(app=app, **kwargs))
    monkeypatch.delenv("MIRRORBOT_API_KEY", raising=False)
    return seen


def test_serve_defaults_to_loopback(launched: dict[str, Any]) -> None:
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    assert (launched["host"], launched["port"]) == ("127.0.0.1", 8000)
    assert "Warning" not in result.output
    with TestClient(launched["app"]) as client:
        assert client.get("/health").json()["auth"] is False
        assert client.post("/v1/detect", json={"text": "I am so happy"}).json()["family"] == "joy"


def test_serve_on_the_network_without_a_key_warns(launched: dict[str, Any]) -> None:
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "9000"])
    assert result.exit_code == 0, result.output
    assert (launched["host"], launched["port"]) == ("0.0.0.0", 9000)
    assert (
        "Warning: listening on 0.0.0.0 without an API key: anyone who can reach this port can use it "
        "(set --api-key or MIRRORBOT_API_KEY)."
    ) in result.output


def test_serve_takes_the_key_from_the_environment(launched: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIRRORBOT_API_KEY", "from-env")
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 0 and "Warning" not in result.output
    with TestClient(launched["app"]) as client:
        assert client.post("/v1/detect", json={"text": "hi"}).status_code == 401
        assert client.post("/v1/detect", json={"text": "hi"}, headers={"X-API-Key": "from-env"}).status_code == 200


def test_serve_keeps_sessions_in_sqlite(launched: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    for _ in range(2):  # a restart keeps the conversation
        assert CliRunner().invoke(main, ["serve", "--sessions", str(path)]).exit_code == 0
        with TestClient(launched["app"]) as client:
            client.post("/v1/reply", json={"text": "I am so sad", "session_id": "kept"})
            turns = client.get("/v1/sessions/kept").json()["turns"]
    assert turns == 2 and path.is_file()


def test_serve_body_limit_option(launched: dict[str, Any]) -> None:
    assert CliRunner().invoke(main, ["serve", "--max-body-bytes", "100"]).exit_code == 0
    with TestClient(launched["app"]) as client:
        assert client.post("/v1/detect", json={"text": "x" * 200}).status_code == 413


def test_serve_rejects_a_bad_port() -> None:
    result = CliRunner().invoke(main, ["serve", "--port", "70000"])
    assert result.exit_code == 2 and "70000 is not in the range 0<=x<=65535" in result.output


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("example.com", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
