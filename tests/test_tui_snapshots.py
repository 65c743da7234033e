"""SVG snapshots of the chat's main states (pytest-textual-snapshot; `--snapshot-update` rewrites them).

Deterministic: a fixed clock, a fake bot, a fresh home per test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tui_support import FakeBot, FixedClock, Gate

from mirrorbot.tui.app import ChatApp, make_app
from mirrorbot.tui.settings import load_config


@pytest.fixture(autouse=True)
def clean_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith("MIRRORBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("MIRRORBOT_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def chat_app(bot_factory=None) -> ChatApp:  # noqa: ANN001
    return make_app(load_config({}, env={}), bot_factory or (lambda config: FakeBot()), clock=FixedClock())


def conversation(*messages: str):  # noqa: ANN201
    async def run_before(pilot) -> None:  # noqa: ANN001
        app = pilot.app
        await pilot.pause()
        for text in messages:
            replies = len(app.reply_latencies_ms)
            await pilot.press(*text, "enter")
            for _ in range(250):
                if len(app.reply_latencies_ms) > replies:
                    break
                await pilot.pause(0.02)
        await pilot.pause(0.1)

    return run_before


def test_loading_with_a_queued_message(snap_compare) -> None:  # noqa: ANN001
    gate = Gate(FakeBot())
    try:
        assert snap_compare(chat_app(gate), press=[*"hello, anyone there?", "enter"])
    finally:
        gate.open()


def test_conversation(snap_compare) -> None:  # noqa: ANN001
    assert snap_compare(chat_app(), run_before=conversation("I am so happy today!", "my boss makes me furious"))


def test_crisis_reply(snap_compare) -> None:  # noqa: ANN001
    assert snap_compare(chat_app(), run_before=conversation("I'm so sad", "I want to hurt myself"))


def test_narrow_terminal(snap_compare) -> None:  # noqa: ANN001
    assert snap_compare(chat_app(), run_before=conversation("wow, I'm shocked"), terminal_size=(60, 20))


def test_help_screen(snap_compare) -> None:  # noqa: ANN001
    assert snap_compare(chat_app(), press=["f1"])


def test_settings_screen(snap_compare) -> None:  # noqa: ANN001
    assert snap_compare(chat_app(), press=["ctrl+s"])


def test_conversation_list(snap_compare) -> None:  # noqa: ANN001
    async def run_before(pilot) -> None:  # noqa: ANN001
        await conversation("thank you so much!")(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause(0.1)

    assert snap_compare(chat_app(), run_before=run_before)
