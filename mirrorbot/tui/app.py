"""The terminal chat app. Build it with `make_app(config, bot_factory)`.

The window comes up at once; the bot (detector + mirror engine) is built by `bot_factory` in a
background thread worker, which then answers the queued messages one by one, in order. A message
is written to the history before anything else happens to it, so neither a slow model nor a
killed process loses it.

This module imports no torch and no transformers: `default_bot_factory` imports them inside the
worker thread.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import get_current_worker

from mirrorbot.tui.history import HistoryError, HistoryStore, StoredMessage, new_key, now
from mirrorbot.tui.screens import ConversationAction, ConversationsScreen, HelpScreen, SettingsScreen
from mirrorbot.tui.settings import ChatConfig, save_config
from mirrorbot.tui.widgets import ChatLog, MessageView, MirrorPanel

BotFactory = Callable[[ChatConfig], Any]
"""Builds the bot (anything with `reply(text, session_id=...) -> Turn`, `mildness`, `responder`)."""

SHOWN_MESSAGES = 200
"""Messages drawn when a conversation opens (all of them stay in the history)."""
MILDNESS_STEP = 0.1
NARROW = 70
WELCOME = (
    "Hi. Tell me how things are going.\n\n"
    "I read the feeling in what you write and answer with the same kind of feeling, a little milder. "
    "Each message shows the feelings I read; the panel on the right shows mine.\n\n"
    "F1 help · F2/F3 milder/stronger · Ctrl+P all commands"
)
"""Below this many columns the mirror panel folds away."""


def default_bot_factory(config: ChatConfig) -> Any:
    """The real bot: the detector model (bundled default or `config.model`) and the mirror engine."""
    from mirrorbot.detector.detector import Detector
    from mirrorbot.mirror.bot import MirrorBot

    detector = Detector(config.model).load()
    detector.detect("hello")  # warm up, so the first reply is as quick as the rest
    store = None
    try:
        from mirrorbot.mirror.sessions import SQLiteStore

        store = SQLiteStore(config.home / "sessions.sqlite3")
    except Exception:  # the mood then lives only in this process
        store = None
    return MirrorBot(
        detector, mildness=config.mildness, responder=config.responder, store=store, **config.responder_settings()
    )


def set_responder(bot: Any, config: ChatConfig) -> None:
    """Point the bot at the responder that `config` names, with its endpoint settings."""
    setter = getattr(bot, "set_responder", None)
    if callable(setter):
        setter(config.responder, **config.responder_settings())
        return
    settings = config.responder_settings()
    if settings:
        from mirrorbot.mirror.responders.registry import create_responder

        bot.responder = create_responder(config.responder, **settings)
    else:
        bot.responder = config.responder


# -- jobs for the worker thread ---------------------------------------------------------------
@dataclass(frozen=True)
class ReplyJob:
    conversation_id: int
    key: str
    text: str
    sent_at: float


@dataclass(frozen=True)
class ConfigureJob:
    config: ChatConfig


class ChatScreen(Screen[None]):
    """The main screen: messages on the left, the mirror panel on the right, the prompt below."""

    AUTO_FOCUS = "#prompt"

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield ChatLog(id="log")
            yield MirrorPanel(id="panel")
        yield Input(placeholder="Write a message — the model is loading, you can type already", id="prompt")
        yield Footer()

    def on_mount(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")
        if isinstance(self.app, ChatApp):
            self.app.start()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")


class ChatApp(App[None]):
    """mirrorbot's terminal chat."""

    CSS_PATH = "chat.tcss"
    TITLE = "mirrorbot"
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("f2", "mildness(-1)", "Milder"),
        Binding("f3", "mildness(1)", "Stronger"),
        Binding("ctrl+r", "toggle_responder", "Responder", show=False),
        Binding("ctrl+s", "settings", "Settings"),
        Binding("ctrl+o", "conversations", "Chats"),
        Binding("ctrl+n", "new_conversation", "New"),
    ]

    def __init__(
        self,
        config: ChatConfig,
        bot_factory: BotFactory = default_bot_factory,
        *,
        store: HistoryStore | None = None,
        clock: Callable[[], datetime] = now,
        conversation_id: int | None = None,
        new: bool = False,
    ) -> None:
        super().__init__()
        self.config = config
        self.bot_factory = bot_factory
        self.clock = clock
        self.store = store
        self.conversation_id: int | None = conversation_id
        self._open_new = new
        self._jobs: queue.Queue[ReplyJob | ConfigureJob] = queue.Queue()
        self._waiting: set[str] = set()  # keys of user messages not answered yet
        self._unsaved: list[Callable[[], object]] = []  # history writes to retry
        self._sent_at: dict[str, float] = {}
        self._mood: list[float] = []
        self._last_note: str | None = None
        self.bot_ready = False
        self.model_error: str | None = None
        self.reply_latencies_ms: list[float] = []
        """Enter → reply on screen, per reply (the bench reads it)."""
        self.first_reply_at: float | None = None

    # -- start ---------------------------------------------------------------------------------
    def get_default_screen(self) -> Screen[None]:
        return ChatScreen()

    def start(self) -> None:
        """Open the history, show the conversation, start the bot worker (once the screen is up)."""
        self._apply_theme()
        for warning in self.config.warnings:
            self.notify(warning, title="Settings", severity="warning", timeout=8)
        self._open_store()
        self.panel.show_settings(self.config.mildness, self.config.responder)
        self.panel.show_status("loading the model…", "loading")
        self._start_conversation()
        self.query_one("#prompt", Input).focus()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self._serve()

    @property
    def panel(self) -> MirrorPanel:
        return self._chat_screen().query_one(MirrorPanel)

    @property
    def log_view(self) -> ChatLog:
        return self._chat_screen().query_one(ChatLog)

    def _chat_screen(self) -> Screen[Any]:
        for screen in self.screen_stack:
            if isinstance(screen, ChatScreen):
                return screen
        return self.screen

    def _apply_theme(self) -> None:
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        else:
            self.notify(f"unknown theme {self.config.theme!r}; using {self.theme}", title="Settings", severity="warning")

    def _theme_changed(self, theme: Any) -> None:
        if theme.name != self.config.theme:
            self._apply_config(self.config.with_changes(theme=theme.name), announce=False)

    def _open_store(self) -> None:
        if self.store is not None:
            return
        try:
            self.store = HistoryStore(self.config.history_path, clock=self.clock)
            self.store.last_conversation()
        except HistoryError as error:
            self.notify(f"{error}", title="History not saved", severity="error", timeout=15)
            self.store = HistoryStore(":memory:", clock=self.clock)

    def _start_conversation(self) -> None:
        assert self.store is not None
        wanted = self.conversation_id
        try:
            if wanted is not None:
                self.store.conversation(wanted)
            else:
                last = self.store.last_conversation()
                if last is not None and (not self._open_new or not self.store.messages(last)):
                    wanted = last
                else:
                    wanted = self.store.new_conversation()
        except HistoryError as error:
            self.notify(str(error), title="History", severity="error", timeout=15)
            self.store = HistoryStore(":memory:", clock=self.clock)
            wanted = self.store.new_conversation()
        self._show_conversation(wanted)

    # -- showing a conversation ------------------------------------------------------------------
    def _show_conversation(self, conversation_id: int) -> None:
        assert self.store is not None
        self.conversation_id = conversation_id
        log = self.log_view
        log.remove_children()
        try:
            conversation = self.store.conversation(conversation_id)
            messages = self.store.messages(conversation_id)
        except HistoryError as error:
            self.notify(str(error), title="History", severity="error")
            return
        self.sub_title = conversation.title or "new conversation"
        self._mood = [float(m.data.get("mood", 0.0)) for m in messages if m.role == "bot" and not m.crisis]
        self.panel.show_mood(self._mood)
        views = [self._view_for(message) for message in messages[-SHOWN_MESSAGES:]]
        log.mount_all(views or [Static(WELCOME, id="welcome")])
        for view, message in zip(views, messages[-SHOWN_MESSAGES:], strict=True):
            self._decorate(view, message)
        last_user = next((m for m in reversed(messages) if m.role == "user"), None)
        last_bot = next((m for m in reversed(messages) if m.role == "bot"), None)
        self.panel.show_turn(
            last_user.affect if last_user else None, last_bot.target if last_bot else None,
            bool(last_bot and last_bot.crisis),
        )  # fmt: skip
        for message in self.store.unanswered(conversation_id):
            if message.key not in self._waiting:
                self._queue_reply(conversation_id, message.key, message.text, time.perf_counter())
        log.scroll_end(animate=False)
        self.call_after_refresh(log.scroll_end, animate=False)

    def _view_for(self, message: StoredMessage) -> MessageView:
        return MessageView(message.role, message.text, message.created, key=message.key)

    def _decorate(self, view: MessageView, message: StoredMessage) -> None:
        if message.role == "bot" and message.crisis:
            view.show_crisis()
        elif message.affect is not None:
            view.show_affect(message.affect)
        elif message.role == "user":
            view.show_pending(self._pending_note())

    def _pending_note(self) -> str:
        if self.model_error:
            return "not answered yet: no model"
        return "reading…" if self.bot_ready else "waiting for the model…"

    # -- sending ---------------------------------------------------------------------------------
    @on(Input.Submitted, "#prompt")
    def send(self, event: Input.Submitted) -> None:
        sent_at = time.perf_counter()
        text = event.value.strip()
        if not text:
            return
        event.input.clear()
        assert self.store is not None and self.conversation_id is not None
        key, created, conversation_id = new_key(), self.clock(), self.conversation_id
        # 1. the history, before anything else
        self._write(lambda: self.store.add_message(conversation_id, "user", text, key=key, created=created))
        if self.sub_title == "new conversation":
            self.sub_title = text if len(text) <= 48 else text[:47] + "…"
        # 2. the screen
        for welcome in self.log_view.query("#welcome"):
            welcome.remove()
        view = self.log_view.add(MessageView("user", text, created, key=key))
        view.show_pending(self._pending_note())
        # 3. the worker's queue
        self._queue_reply(conversation_id, key, text, sent_at)

    def _queue_reply(self, conversation_id: int, key: str, text: str, sent_at: float) -> None:
        self._waiting.add(key)
        self._sent_at[key] = sent_at
        self._jobs.put(ReplyJob(conversation_id, key, text, sent_at))
        self._show_queue()

    def _show_queue(self) -> None:
        waiting = len(self._waiting)
        if self.model_error:
            self.panel.show_status("no model — messages are saved", "error")
        elif not self.bot_ready:
            extra = f"\n{waiting} message{'s' if waiting > 1 else ''} waiting" if waiting else ""
            self.panel.show_status(f"loading the model…{extra}", "loading")
        elif waiting > 1:
            self.panel.show_status(f"thinking…\n{waiting} to answer", "ready")
        elif waiting:
            self.panel.show_status("thinking…", "ready")
        else:
            self.panel.show_status("ready", "ready")

    def _write(self, operation: Callable[[], object]) -> bool:
        """Run a history write, after any earlier writes that failed; keep it for later if it fails."""
        self._unsaved.append(operation)
        while self._unsaved:
            try:
                self._unsaved[0]()
            except HistoryError as error:
                self.notify(str(error), title="History not saved", severity="error", timeout=10)
                return False
            self._unsaved.pop(0)
        return True

    # -- the worker ------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="bot", name="mirror")
    def _serve(self) -> None:
        """Build the bot, then answer queued messages in order (runs in a thread)."""
        worker = get_current_worker()
        try:
            bot = self.bot_factory(self.config)
        except Exception as error:  # model missing, broken, out of memory: say so, keep the messages
            self._call(self._model_failed, error)
            return
        self._call(self._model_ready)
        while not worker.is_cancelled:
            try:
                job = self._jobs.get(timeout=0.1)
            except queue.Empty:
                continue
            if isinstance(job, ConfigureJob):
                self._configure(bot, job.config)
                continue
            turn, mood, error, note = self._answer(bot, job)
            if not self._call(self._show_reply, job, turn, mood, error, note):
                return

    def _call(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        try:
            self.call_from_thread(callback, *args, **kwargs)
        except RuntimeError:  # the app is closing
            return False
        return True

    def _configure(self, bot: Any, config: ChatConfig) -> None:
        bot.mildness = config.mildness
        try:
            set_responder(bot, config)
        except Exception as error:  # e.g. the LLM client is missing: say so, go on with templates
            bot.responder = "template"
            self._call(self.notify, f"could not use the {config.responder} responder ({error}); answering with templates",
                       title="Responder", severity="warning", timeout=10)  # fmt: skip

    def _answer(self, bot: Any, job: ReplyJob) -> tuple[Any, float | None, str | None, str | None]:
        session_id = f"chat-{job.conversation_id}"
        note = None
        try:
            turn = bot.reply(job.text, session_id=session_id)
        except Exception as error:
            if self.config.responder == "template":
                return None, None, f"{type(error).__name__}: {error}", None
            # the LLM endpoint failed in a way the bot did not absorb: answer with templates
            note = f"the LLM endpoint failed ({error}); answered with templates"
            try:
                previous = bot.responder
                bot.responder = "template"
                try:
                    turn = bot.reply(job.text, session_id=session_id)
                finally:
                    bot.responder = previous
            except Exception as second:
                return None, None, f"{type(second).__name__}: {second}", None
        mood = None
        try:
            mood = float(bot.session(session_id).mood.intensity)
        except Exception:
            mood = float(turn.target.intensity)
        return turn, mood, None, note

    # -- results, on the UI thread ------------------------------------------------------------------
    def _model_ready(self) -> None:
        self.bot_ready = True
        self.query_one("#prompt", Input).placeholder = "Write a message and press Enter"
        for view in self.log_view.query(".-pending").results(MessageView):
            view.show_pending("reading…")
        self._show_queue()

    def _model_failed(self, error: Exception) -> None:
        self.model_error = str(error)
        self.notify(
            f"{error}\nYour messages are saved and will be answered once a model loads "
            "(`mirrorbot chat --model DIR`, or rebuild the default with `mirrorbot train`).",
            title="Model not loaded", severity="error", timeout=30,
        )  # fmt: skip
        self.query_one("#prompt", Input).placeholder = "No model: messages are saved, not answered"
        for view in self.log_view.query(".-pending").results(MessageView):
            view.show_pending(self._pending_note())
        self._show_queue()

    def _show_reply(self, job: ReplyJob, turn: Any, mood: float | None, error: str | None, note: str | None) -> None:
        self._waiting.discard(job.key)
        current = job.conversation_id == self.conversation_id
        user_view = self.log_view.find(job.key) if current else None
        if turn is None:
            self.notify(f"could not answer {job.text[:40]!r}: {error}", title="No reply", severity="error", timeout=10)
            if user_view is not None:
                user_view.show_pending("not answered")
            self._show_queue()
            return
        assert self.store is not None
        user_affect = turn.user
        self._write(lambda: self.store.set_affect(job.key, user_affect))
        note = note or getattr(turn, "note", None)
        data = {
            "target": turn.target.to_dict(), "crisis": bool(turn.crisis), "responder": str(turn.responder),
            "note": note, "mood": round(mood if mood is not None else turn.target.intensity, 4),
            "timings": {name: round(ms, 2) for name, ms in dict(turn.timings).items()},
        }  # fmt: skip
        key, created = new_key(), self.clock()
        reply_affect = turn.reply_affect
        self._write(
            lambda: self.store.add_message(
                job.conversation_id, "bot", turn.text, key=key, created=created, affect=reply_affect, data=data
            )
        )
        if note and note != self._last_note:
            self.notify(note, title="Responder", severity="warning", timeout=8)
        self._last_note = note
        if current:
            if user_view is not None:
                user_view.show_affect(turn.user)
            bot_view = self.log_view.add(MessageView("bot", turn.text, created, key=key))
            if turn.crisis:
                bot_view.show_crisis()
            else:
                bot_view.show_affect(reply_affect)
                self._mood.append(data["mood"])
                self.panel.show_mood(self._mood)
            self.panel.show_turn(turn.user, turn.target, bool(turn.crisis))
            self.call_after_refresh(self._reply_shown, job)
        self._show_queue()

    def _reply_shown(self, job: ReplyJob) -> None:
        stamp = time.perf_counter()
        self.reply_latencies_ms.append((stamp - job.sent_at) * 1000)
        if self.first_reply_at is None:
            self.first_reply_at = stamp

    # -- settings ----------------------------------------------------------------------------------
    def _apply_config(self, config: ChatConfig, *, announce: bool = True) -> None:
        self.config = config
        try:
            save_config(config)
        except OSError as error:
            self.notify(f"could not save the settings to {config.settings_path}: {error.strerror}",
                        title="Settings", severity="warning")  # fmt: skip
        self.panel.show_settings(config.mildness, config.responder)
        self._jobs.put(ConfigureJob(config))
        if announce:
            responder = "templates" if config.responder == "template" else f"LLM {config.llm_model} at {config.base_url}"
            self.notify(f"mildness {config.mildness:.2f} · {responder}", title="Settings", timeout=3)

    def action_mildness(self, direction: int) -> None:
        value = min(1.0, max(0.0, round(self.config.mildness + direction * MILDNESS_STEP, 2)))
        if value == self.config.mildness:
            self.notify(f"mildness is already {value:.2f}", timeout=2)
            return
        self._apply_config(self.config.with_changes(mildness=value))

    def action_toggle_responder(self) -> None:
        responder = "openai" if self.config.responder == "template" else "template"
        self._last_note = None
        self._apply_config(self.config.with_changes(responder=responder))

    def action_settings(self) -> None:
        def done(changes: dict[str, Any] | None) -> None:
            if changes:
                self._last_note = None
                self._apply_config(self.config.with_changes(**changes))

        self.push_screen(SettingsScreen(self.config), done)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    # -- conversations -----------------------------------------------------------------------------
    def action_new_conversation(self) -> None:
        assert self.store is not None
        if self.conversation_id is not None and not self.log_view.query(MessageView):
            self.notify("this conversation is new already", timeout=2)
            return
        try:
            conversation_id = self.store.new_conversation()
        except HistoryError as error:
            self.notify(str(error), title="History", severity="error")
            return
        self._show_conversation(conversation_id)
        self.panel.show_turn(None, None, False)

    def action_conversations(self) -> None:
        assert self.store is not None
        try:
            conversations = self.store.conversations()
        except HistoryError as error:
            self.notify(str(error), title="History", severity="error")
            return
        self.push_screen(ConversationsScreen(conversations, self.conversation_id), self._conversation_chosen)

    def _conversation_chosen(self, choice: ConversationAction | None) -> None:
        if choice is None:
            return
        if choice.action == "open":
            self._show_conversation(choice.conversation_id)
        elif choice.action == "delete":
            self.delete_conversation(choice.conversation_id)
        elif choice.action.startswith("export-"):
            self.export_conversation(choice.action.removeprefix("export-"), choice.conversation_id)

    def delete_conversation(self, conversation_id: int) -> None:
        assert self.store is not None
        try:
            self.store.delete(conversation_id)
        except HistoryError as error:
            self.notify(str(error), title="History", severity="error")
            return
        self.notify(f"deleted conversation {conversation_id}", timeout=3)
        if conversation_id == self.conversation_id:
            self._show_conversation(self.store.new_conversation())
            self.panel.show_turn(None, None, False)

    def export_conversation(self, fmt: str, conversation_id: int | None = None) -> Path | None:
        assert self.store is not None
        conversation_id = conversation_id or self.conversation_id
        assert conversation_id is not None
        path = self.config.home / "exports" / f"conversation-{conversation_id}.{fmt}"
        try:
            text = self.store.export(conversation_id, fmt)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except HistoryError as error:
            self.notify(str(error), title="Export", severity="error")
            return None
        except OSError as error:
            self.notify(f"could not write {path}: {error.strerror}", title="Export", severity="error")
            return None
        self.notify(f"wrote {path}", title="Export", timeout=6)
        return path

    # -- command palette ---------------------------------------------------------------------------
    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Mirror: milder", "Lower the bot's felt intensity (mildness −0.1)",
                            lambda: self.action_mildness(-1))
        yield SystemCommand("Mirror: stronger", "Raise the bot's felt intensity (mildness +0.1)",
                            lambda: self.action_mildness(1))
        for value in (0.25, 0.5, 0.75):
            yield SystemCommand(f"Mirror: mildness {value:.2f}", "Set how strongly the bot mirrors",
                                lambda value=value: self._apply_config(self.config.with_changes(mildness=value)))
        yield SystemCommand("Responder: templates", "Answer offline from templates",
                            lambda: self._apply_config(self.config.with_changes(responder="template")))
        yield SystemCommand("Responder: LLM endpoint", f"Answer with {self.config.llm_model} at {self.config.base_url}",
                            lambda: self._apply_config(self.config.with_changes(responder="openai")))
        yield SystemCommand("Settings", "Mildness, responder, LLM endpoint", self.action_settings)
        yield SystemCommand("Conversations", "Open, delete or export saved conversations", self.action_conversations)
        yield SystemCommand("New conversation", "Start a fresh conversation", self.action_new_conversation)
        yield SystemCommand("Export conversation as Markdown", "Write it to the exports folder",
                            lambda: self.export_conversation("md"))
        yield SystemCommand("Export conversation as JSON", "Write it to the exports folder",
                            lambda: self.export_conversation("json"))
        yield SystemCommand("Delete this conversation", "Remove it from the history",
                            lambda: self.delete_conversation(self.conversation_id or 0))
        yield SystemCommand("Help", "What mirrorbot does, and its keys", self.action_help)  # fmt: skip


def make_app(
    config: ChatConfig,
    bot_factory: BotFactory = default_bot_factory,
    *,
    store: HistoryStore | None = None,
    clock: Callable[[], datetime] = now,
    conversation_id: int | None = None,
    new: bool = False,
) -> ChatApp:
    """The chat app for `config`; tests pass a fake `bot_factory`, a `store` and a fixed `clock`."""
    return ChatApp(config, bot_factory, store=store, clock=clock, conversation_id=conversation_id, new=new)
