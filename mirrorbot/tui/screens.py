"""Modal screens: help, the conversation list, settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Markdown, OptionList, Select
from textual.widgets.option_list import Option

from mirrorbot.tui.history import Conversation
from mirrorbot.tui.settings import RESPONDERS, ChatConfig, SettingsError

HELP = """\
# mirrorbot

| key | does |
|---|---|
| Enter | send (messages sent while the model loads are answered when it is ready) |
| F2 / F3 | milder / stronger mirror (mildness −/+ 0.1) |
| Ctrl+R | switch responder: templates ↔ LLM endpoint |
| Ctrl+S | settings (mildness, responder, endpoint) |
| Ctrl+O | conversations: open, delete, export |
| Ctrl+N | new conversation |
| Ctrl+P | command palette (themes, export, everything above) |
| F1 | this help · Ctrl+Q quit |


mirrorbot reads the feeling in what you write and answers with **the same kind of feeling,
milder** — the way a friend's face softly mirrors yours. It never turns anger back on you and
never mirrors despair: when a message sounds like a crisis it answers plainly, with places to
get help.

**Each message** shows the feelings read in it (coloured by family: joy, sadness, anger, fear,
disgust, surprise, neutral) and how intense it reads, 0 to 1.

**The mirror panel** (right) shows the bot's face, your intensity beside the bot's milder one,
and the bot's mood over the conversation.

History is saved as you type, in `history.sqlite3` in the mirrorbot folder
(`$MIRRORBOT_HOME`). `mirrorbot chat --list` / `--export ID` work from the shell.
"""


class HelpScreen(ModalScreen[None]):
    """What the app does and its keys."""

    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Markdown(HELP)
            yield Label("Esc closes", classes="hint")


@dataclass(frozen=True)
class ConversationAction:
    """What the user chose in the conversation list: "open", "delete", "export-md" or "export-json"."""

    action: str
    conversation_id: int


class ConversationsScreen(ModalScreen[ConversationAction | None]):
    """The saved conversations, newest first."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("d,delete", "choose('delete')", "Delete"),
        Binding("m", "choose('export-md')", "Export .md"),
        Binding("j", "choose('export-json')", "Export .json"),
    ]

    def __init__(self, conversations: list[Conversation], current: int | None) -> None:
        super().__init__()
        self.conversations = conversations
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="conversations-box", classes="dialog"):
            yield Label("Conversations", classes="dialog-title")
            options = [
                Option(
                    f"{'▸' if item.id == self.current else ' '} #{item.id:<3} {item.updated:%b %d %H:%M}  "
                    f"{item.messages:>3} msgs  {item.title or '(empty)'}",
                    id=str(item.id),
                )
                for item in self.conversations
            ]
            yield OptionList(*options, id="conversation-list")
            yield Label("Enter open · d delete · m/j export Markdown/JSON · Esc close", classes="hint")

    def on_mount(self) -> None:
        if not self.conversations:
            self.query_one(OptionList).add_option(Option("no saved conversations yet", disabled=True))

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(ConversationAction("open", int(event.option.id)))

    def action_choose(self, action: str) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        option = options.get_option_at_index(options.highlighted)
        if option.id:
            self.dismiss(ConversationAction(action, int(option.id)))


class SettingsScreen(ModalScreen[dict[str, Any] | None]):
    """Edit mildness, responder and the LLM endpoint; returns the changed values (or None)."""

    BINDINGS = [Binding("escape", "dismiss", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, config: ChatConfig) -> None:
        super().__init__()
        self.config = config

    def compose(self) -> ComposeResult:
        config = self.config
        with Vertical(id="settings-box", classes="dialog"):
            yield Label("Settings", classes="dialog-title")
            yield Label("Mildness: 0 flat … 1 as strong as you", classes="field-label")
            yield Input(f"{config.mildness:.2f}", id="mildness", type="number")
            yield Label("Responder", classes="field-label")
            yield Select(
                [("templates (offline)", "template"), ("LLM endpoint (OpenAI-compatible)", "openai")],
                value=config.responder, allow_blank=False, id="responder",
            )  # fmt: skip
            yield Label("LLM endpoint base URL · model", classes="field-label")
            with Horizontal(classes="row"):
                yield Input(config.base_url, id="base_url")
                yield Input(config.llm_model, id="llm_model")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        responder = self.query_one("#responder", Select).value
        changes: dict[str, Any] = {
            "mildness": self.query_one("#mildness", Input).value,
            "responder": responder if responder in RESPONDERS else self.config.responder,
            "base_url": self.query_one("#base_url", Input).value.strip(),
            "llm_model": self.query_one("#llm_model", Input).value.strip(),
        }
        try:
            new = self.config.with_changes(**changes)
        except SettingsError as error:
            self.notify(str(error), title="Setting not saved", severity="error")
            return
        self.dismiss({name: getattr(new, name) for name in changes})
