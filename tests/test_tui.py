"""The terminal chat: settings, history, the `chat` command and the app driven by the pilot."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from tui_support import FakeBot, FixedClock, Gate

from mirrorbot.cli import main
from mirrorbot.testing import FakeDetector, make_affect
from mirrorbot.tui.app import ChatApp, make_app
from mirrorbot.tui.history import HistoryError, HistoryStore
from mirrorbot.tui.settings import ChatConfig, SettingsError, load_config, save_config
from mirrorbot.tui.widgets import MessageView


@pytest.fixture(autouse=True)
def clean_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty MIRRORBOT_HOME and no MIRRORBOT_* settings from outside."""
    for name in list(os.environ):
        if name.startswith("MIRRORBOT_"):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    monkeypatch.setenv("MIRRORBOT_HOME", str(home))
    return home


async def wait_for(pilot, predicate: Callable[[], bool], timeout: float = 5.0) -> None:  # noqa: ANN001
    for _ in range(int(timeout / 0.02)):
        if predicate():
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError("timed out waiting for the app")


def views(app: ChatApp) -> list[MessageView]:
    return list(app.query(MessageView))


def chips(view: MessageView) -> list[str]:
    return view.chip_labels


async def send(pilot, app: ChatApp, text: str) -> None:  # noqa: ANN001
    replies = len(app.reply_latencies_ms)
    await pilot.press(*text, "enter")
    await wait_for(pilot, lambda: len(app.reply_latencies_ms) > replies)


# -- settings ------------------------------------------------------------------------------------
def test_config_order_is_cli_then_env_then_file_then_defaults(clean_home: Path) -> None:
    clean_home.mkdir()
    (clean_home / "settings.json").write_text(json.dumps({"mildness": 0.2, "responder": "openai", "theme": "nord"}))
    env = {"MIRRORBOT_MILDNESS": "0.3", "MIRRORBOT_RESPONDER": "template"}
    config = load_config({"mildness": 0.4, "theme": None}, env=env)
    assert (config.mildness, config.responder, config.theme, config.llm_model) == (0.4, "template", "nord", "llama3.2")
    assert load_config({}, env=env).mildness == 0.3
    assert load_config({}, env={}).mildness == 0.2
    assert ChatConfig().mildness == 0.5


def test_config_rejects_bad_values_and_tolerates_a_broken_file(clean_home: Path) -> None:
    with pytest.raises(SettingsError, match=re.escape("mildness must be from 0 (flat) to 1 (as strong as the user), got 1.5 (from the command line)")):
        load_config({"mildness": 1.5}, env={})
    with pytest.raises(SettingsError, match="responder must be one of template, openai, got 'gpt' \\(from the environment\\)"):
        load_config({}, env={"MIRRORBOT_RESPONDER": "gpt"})
    clean_home.mkdir()
    (clean_home / "settings.json").write_text("{not json")
    config = load_config({}, env={})
    assert config.mildness == 0.5
    assert "is not valid JSON (line 1, column 2)" in config.warnings[0]
    (clean_home / "settings.json").write_text(json.dumps({"mildness": 7, "responder": "openai"}))
    config = load_config({}, env={})
    assert (config.mildness, config.responder) == (0.5, "openai")
    assert "mildness must be from 0" in config.warnings[0]


def test_saved_settings_round_trip_without_the_api_key(clean_home: Path) -> None:
    config = ChatConfig(mildness=0.3, responder="openai", api_key="secret", theme="nord")
    path = save_config(config)
    assert "secret" not in path.read_text()
    again = load_config({}, env={})
    assert (again.mildness, again.responder, again.theme, again.api_key) == (0.3, "openai", "nord", None)


# -- history -------------------------------------------------------------------------------------
def test_history_writes_lists_exports_and_deletes(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3", clock=FixedClock())
    first = store.new_conversation()
    key = store.add_message(first, "user", "I am so happy today!")
    store.set_affect(key, make_affect("joy", 0.7))
    store.add_message(first, "bot", "Glad to hear it.", affect=make_affect("amusement", 0.35),
                      data={"target": make_affect("amusement", 0.35).to_dict(), "crisis": False, "mood": 0.35})
    store.add_message(first, "user", "still here?")
    empty = store.new_conversation()
    assert [c.id for c in store.conversations()] == [first]
    assert store.last_conversation() == empty
    assert [m.text for m in store.unanswered(first)] == ["still here?"]
    assert store.conversation(first).title == "I am so happy today!"

    markdown = store.export(first, "md")
    assert markdown.startswith("# I am so happy today!\n")
    assert "**You** · 09:31 · joy (0.70)\n\n> I am so happy today!" in markdown
    assert "**mirrorbot** · 09:32 · amusement (0.35)" in markdown
    data = json.loads(store.export(first, "json"))
    assert [m["role"] for m in data["messages"]] == ["user", "bot", "user"]
    assert data["messages"][1]["target"]["labels"] == ["amusement"]

    store.delete(first)
    with pytest.raises(HistoryError, match="there is no conversation 1; `mirrorbot chat --list` shows"):
        store.export(first)


def test_history_survives_a_killed_process(tmp_path: Path) -> None:
    """Each message is committed when written: another connection sees it at once."""
    path = tmp_path / "h.sqlite3"
    store = HistoryStore(path)
    conversation = store.new_conversation()
    store.add_message(conversation, "user", "written before any reply")
    rows = sqlite3.connect(path).execute("SELECT text FROM messages").fetchall()  # no close(), no commit()
    assert rows == [("written before any reply",)]


def read_only(store: HistoryStore) -> HistoryStore:
    """Make the store's connection refuse writes the way a read-only file does (also as root)."""
    store._db.execute("PRAGMA query_only = 1")
    return store


def test_read_only_history_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    HistoryStore(path).new_conversation()
    store = read_only(HistoryStore(path))
    with pytest.raises(HistoryError, match="is read-only .* set MIRRORBOT_HOME to a writable folder"):
        store.add_message(1, "user", "hello")


# -- the command ---------------------------------------------------------------------------------
def test_chat_command_lists_exports_and_deletes(clean_home: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["chat", "--list"]).output == "no conversations yet (start one with `mirrorbot`)\n"
    store = HistoryStore(clean_home / "history.sqlite3", clock=FixedClock())
    conversation = store.new_conversation()
    store.add_message(conversation, "user", "hello there")
    store.add_message(conversation, "bot", "hi")
    result = runner.invoke(main, ["chat", "--list"])
    assert result.exit_code == 0
    assert result.output == "   1  2025-01-15 09:32     2 messages  hello there\n"
    result = runner.invoke(main, ["chat", "--export", "1", "--format", "json"])
    assert json.loads(result.output)["messages"][0]["text"] == "hello there"
    out = tmp_path / "c.md"
    result = runner.invoke(main, ["chat", "--export", "1", "--output", str(out)])
    assert result.exit_code == 0 and out.read_text().startswith("# hello there")
    result = runner.invoke(main, ["chat", "--delete", "2"])
    assert result.exit_code == 1
    assert "Error: there is no conversation 2; `mirrorbot chat --list` shows the ones there are" in result.output
    assert runner.invoke(main, ["chat", "--delete", "1"]).exit_code == 0
    assert "no conversations yet" in runner.invoke(main, ["chat", "--list"]).output
    result = runner.invoke(main, ["chat", "--list", "--mildness", "3"])
    assert result.exit_code == 2 and "mildness must be from 0" in result.output


def test_chat_modules_do_not_import_torch() -> None:
    import subprocess
    import sys

    code = "import sys, mirrorbot.cli, mirrorbot.tui.app; print(sorted({'torch', 'transformers'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# -- the app -------------------------------------------------------------------------------------
def app_with(bot_factory: Callable, **kwargs) -> ChatApp:  # noqa: ANN003
    return make_app(load_config({}, env={}), bot_factory, clock=FixedClock(), **kwargs)


async def test_send_shows_the_reply_and_its_feeling() -> None:
    app = app_with(lambda config: FakeBot())
    async with app.run_test(size=(80, 24)) as pilot:
        await send(pilot, app, "I am so happy today!")
        user, bot = views(app)
        assert (user.role, user.text, chips(user)) == ("user", "I am so happy today!", ["joy"])
        assert (bot.role, bot.text, chips(bot)) == ("bot", "I feel a little amusement with you about that.", ["amusement"])
        assert "0.70" in user.intensity_text
        assert str(app.query_one("#face").content) == "( ^‿^ )"
        assert app.query_one("#user-bar").value == pytest.approx(0.7)
        assert app.query_one("#bot-bar").value == pytest.approx(0.35)
        assert app.query_one("#mood").values == (0.35,)


async def test_a_message_sent_before_the_model_is_ready_is_answered() -> None:
    gate = Gate(FakeBot())
    app = app_with(gate)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"so happy", "enter")
        await pilot.press(*"so sad", "enter")
        await pilot.pause(0.1)
        assert not app.bot_ready
        assert [v.text for v in views(app)] == ["so happy", "so sad"]
        assert views(app)[0].intensity_text == "waiting for the model…"
        assert "2 messages waiting" in str(app.query_one("#status").content)
        gate.open()
        await wait_for(pilot, lambda: len(app.reply_latencies_ms) == 2)
        assert [v.role for v in views(app)] == ["user", "user", "bot", "bot"]
        assert [call[0] for call in gate.bot.calls] == ["so happy", "so sad"]
        assert str(app.query_one("#status").content) == "ready"


async def test_history_is_written_at_once_and_reopened(clean_home: Path) -> None:
    gate = Gate(FakeBot())
    app = app_with(gate)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"written first", "enter")
        await pilot.pause()
        rows = sqlite3.connect(clean_home / "history.sqlite3").execute("SELECT role, text FROM messages").fetchall()
        assert rows == [("user", "written first")]  # before the model even loaded
        gate.open()
        await wait_for(pilot, lambda: len(app.reply_latencies_ms) == 1)
    again = app_with(lambda config: FakeBot())
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [(v.role, v.text) for v in views(again)] == [
            ("user", "written first"), ("bot", "I feel a little neutral with you about that."),
        ]
        assert chips(views(again)[0]) == ["neutral"]
        assert again.sub_title == "written first"


async def test_unanswered_messages_of_a_killed_session_are_answered_on_reopen(clean_home: Path) -> None:
    store = HistoryStore(clean_home / "history.sqlite3")
    conversation = store.new_conversation()
    store.add_message(conversation, "user", "I'm so glad")
    bot = FakeBot()
    app = app_with(lambda config: bot)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: len(app.reply_latencies_ms) == 1)
        assert [call[0] for call in bot.calls] == ["I'm so glad"]


async def test_new_conversation_and_open_from_the_list() -> None:
    app = app_with(lambda config: FakeBot())
    async with app.run_test(size=(80, 24)) as pilot:
        await send(pilot, app, "first chat")
        first = app.conversation_id
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.conversation_id != first and views(app) == []
        await send(pilot, app, "second chat")
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.conversation_id == first
        assert [v.text for v in views(app)][0] == "first chat"


async def test_mildness_change_takes_effect_and_is_saved(clean_home: Path) -> None:
    bot = FakeBot()
    app = app_with(lambda config: bot)
    async with app.run_test(size=(80, 24)) as pilot:
        await send(pilot, app, "so happy")
        await pilot.press("f2", "f2")
        await send(pilot, app, "so happy")
        assert [call[2] for call in bot.calls] == [0.5, pytest.approx(0.3)]
        assert app.query_one("#bot-bar").value == pytest.approx(0.7 * 0.3)
        assert "mildness 0.30" in str(app.query_one("#settings-line").content)
    assert json.loads((clean_home / "settings.json").read_text())["mildness"] == 0.3


async def test_llm_endpoint_down_falls_back_to_templates_and_says_so(clean_home: Path) -> None:
    from mirrorbot.mirror.bot import MirrorBot

    def factory(config: ChatConfig) -> MirrorBot:
        return MirrorBot(FakeDetector(), mildness=config.mildness, responder="template", seed=1)

    app = app_with(factory)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#base_url").value = "http://127.0.0.1:9/v1"
        app.screen.query_one("#responder").value = "openai"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.config.responder == "openai" and app.config.base_url == "http://127.0.0.1:9/v1"
        await send(pilot, app, "I am so happy today!")
        assert views(app)[-1].role == "bot" and views(app)[-1].text
        messages = [n.message for n in app._notifications]
        assert any(re.search("answer(ed|ing) with templates", message) for message in messages), messages


async def test_missing_model_is_a_notification_and_messages_are_kept(clean_home: Path) -> None:
    from mirrorbot.errors import ModelNotFoundError

    def factory(config: ChatConfig) -> None:
        raise ModelNotFoundError("the model folder '/nowhere' does not exist")

    app = app_with(factory)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.model_error is not None)
        await pilot.press(*"hello", "enter")
        await pilot.pause()
        assert any("/nowhere" in n.message for n in app._notifications)
        assert views(app)[0].intensity_text == "not answered yet: no model"
    store = HistoryStore(clean_home / "history.sqlite3")
    assert [m.text for m in store.unanswered(1)] == ["hello"]


async def test_crisis_reply_is_plain_support_not_a_mirrored_feeling() -> None:
    app = app_with(lambda config: FakeBot())
    async with app.run_test(size=(80, 24)) as pilot:
        await send(pilot, app, "I want to hurt myself")
        reply = views(app)[-1]
        assert reply.has_class("-crisis")
        assert chips(reply) == ["support"]
        assert "crisis line" in reply.text
        assert str(app.query_one("#caption").content) == "offering support"
        assert app.query_one("#mood").values == ()


async def test_read_only_history_is_a_notification_and_the_chat_goes_on(clean_home: Path) -> None:
    path = clean_home / "history.sqlite3"
    HistoryStore(path).new_conversation()
    app = app_with(lambda config: FakeBot(), store=read_only(HistoryStore(path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await send(pilot, app, "so happy")
        assert [v.role for v in views(app)] == ["user", "bot"]
        assert any("read-only" in n.message for n in app._notifications)


async def test_locked_history_keeps_messages_and_writes_them_later(clean_home: Path) -> None:
    path = clean_home / "history.sqlite3"
    HistoryStore(path).new_conversation()
    app = app_with(lambda config: FakeBot())
    other = sqlite3.connect(path, isolation_level=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        other.execute("BEGIN EXCLUSIVE")
        await send(pilot, app, "while locked")
        assert any("locked by another program" in n.message for n in app._notifications)
        other.execute("COMMIT")
        await send(pilot, app, "after the lock")
    texts = [m.text for m in HistoryStore(path).messages(1)]
    assert texts == ["while locked", "I feel a little neutral with you about that.", "after the lock",
                     "I feel a little neutral with you about that."]


async def test_narrow_terminal_folds_the_panel() -> None:
    app = app_with(lambda config: FakeBot())
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert not app.query_one("#panel").display
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.query_one("#panel").display


@pytest.mark.slow
async def test_real_model_answers() -> None:
    from mirrorbot.paths import DEFAULT_MODEL_DIR

    app = make_app(load_config({"model": str(DEFAULT_MODEL_DIR)}, env={}), clock=FixedClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"I am so happy, I got the job!", "enter")
        await wait_for(pilot, lambda: len(app.reply_latencies_ms) == 1, timeout=60)
        user, bot = views(app)
        assert chips(user) and chips(bot) and bot.text
        assert app.model_error is None
        from mirrorbot.taxonomy import FAMILY_OF

        assert FAMILY_OF[chips(user)[0]] == "joy", chips(user)
