"""The chat's widgets. Python sets text and toggles classes; `chat.tcss` does the styling."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Label, Static

from mirrorbot.affect import Affect

FACES: dict[str, tuple[str, str, str]] = {
    # family: (faint, mild, strong)
    "joy": ("( ^_^ )", "( ^‿^ )", "( ^o^ )"),
    "sadness": ("( ._. )", "( ;_; )", "( T_T )"),
    "anger": ("( -_- )", "( >_< )", "( ≥д≤ )"),
    "fear": ("( o_o )", "( O_O )", "( ⊙_⊙ )"),
    "disgust": ("( ~_~ )", "( -_-)~", "( ×_× )"),
    "surprise": ("( o.o )", "( O.O )", "( ⊙o⊙ )"),
    "neutral": ("( ·_· )", "( ·_· )", "( ·_· )"),
}
CRISIS_FACE = "( ·‿· )"


def face_for(affect: Affect | None, crisis: bool = False) -> str:
    """The small face the bot shows for the feeling it mirrors."""
    if crisis:
        return CRISIS_FACE
    if affect is None:
        return FACES["neutral"][0]
    faint, mild, strong = FACES.get(affect.family, FACES["neutral"])
    if affect.intensity < 0.25:
        return faint
    return mild if affect.intensity < 0.6 else strong


def meter(value: float, cells: int = 5) -> str:
    """A small filled/empty meter, e.g. '●●●○○' for 0.6."""
    filled = max(0, min(cells, round(value * cells)))
    return "●" * filled + "○" * (cells - filled)


FAMILY_NAMES = ("joy", "sadness", "anger", "fear", "disgust", "surprise", "neutral")


class MessageView(Static):
    """One chat message: who and when, the feeling chips and intensity, then the text.

    One widget per message (drawn as a single Rich text, so a reply appears in one refresh).
    Chip colours come from the stylesheet's `MessageView > .chip--<family>` component classes.
    Classes: `-user` / `-bot`, `-pending` while the feeling is not read yet, `-crisis` for a
    safety reply (no mirrored feeling, just a "support" tag).
    """

    COMPONENT_CLASSES = {
        "message--who", "message--intensity", "message--pending", "chip--crisis",
        *(f"chip--{family}" for family in FAMILY_NAMES),
    }  # fmt: skip

    def __init__(self, role: str, text: str, created: datetime, *, key: str = "") -> None:
        super().__init__(classes=f"message -{role}")
        self.role = role
        self.key = key
        self.text = text
        self.created = created
        self.affect: Affect | None = None
        self.note = ""
        self.crisis = False

    @property
    def chip_labels(self) -> list[str]:
        """The chips shown, e.g. ['joy'] or ['support'] (for tests and screen readers)."""
        if self.crisis:
            return ["support"]
        return list(self.affect.labels[:2]) if self.affect is not None else []

    @property
    def intensity_text(self) -> str:
        if self.crisis:
            return ""
        if self.affect is not None:
            return f"{self.affect.intensity:.2f}"
        return self.note

    def show_pending(self, note: str = "reading…") -> None:
        """Not read yet: show `note` where the feeling will be."""
        self.affect, self.note, self.crisis = None, note, False
        self._changed()

    def show_affect(self, affect: Affect | None) -> None:
        """Show the detected feeling: up to two chips and the intensity."""
        self.affect, self.note, self.crisis = affect, "", False
        self._changed()

    def show_crisis(self) -> None:
        """A safety reply: shown plainly, no mirrored feeling."""
        self.affect, self.note, self.crisis = None, "", True
        self._changed()

    def _changed(self) -> None:
        self.set_class(bool(self.note), "-pending")
        self.set_class(self.crisis, "-crisis")
        self.refresh(layout=True)

    def render(self) -> Text:
        who = "You" if self.role == "user" else "mirrorbot"
        line = Text.assemble((f"{who} · {self.created:%H:%M}", self.get_component_rich_style("message--who")), " ")
        if self.crisis:
            line.append(" support ", self.get_component_rich_style("chip--crisis"))
        elif self.affect is not None:
            width = self.content_region.width or 80
            for index, label in enumerate(self.affect.labels[:2]):
                if index and line.cell_len + len(label) + 3 + len(self.intensity_text) > width:
                    break  # a second chip only where it fits on the line
                line.append(f" {label} ", self.get_component_rich_style(f"chip--{_family(label)}"))
                line.append(" ")
            line.append(self.intensity_text, self.get_component_rich_style("message--intensity"))
        elif self.note:
            line.append(self.note, self.get_component_rich_style("message--pending"))
        line.append("\n")
        line.append(self.text)
        return line


def _family(label: str) -> str:
    from mirrorbot.taxonomy import FAMILY_OF

    return FAMILY_OF.get(label, "neutral")


class ChatLog(VerticalScroll, can_focus=False):
    """The scrolling list of messages; keeps the newest in view."""

    def add(self, view: MessageView) -> MessageView:
        self.mount(view)
        self.scroll_end(animate=False)
        return view

    def find(self, key: str) -> MessageView | None:
        for view in self.query(MessageView):
            if view.key == key:
                return view
        return None


class IntensityBar(Static):
    """A horizontal bar for an intensity in [0, 1]; its colour comes from a `family-*` class."""

    value: reactive[float] = reactive(0.0)

    def __init__(self, name: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes="bar")
        self.bar_name = name

    def render(self) -> Text:
        width = max(4, self.size.width - len(self.bar_name) - 6)
        filled = round(self.value * width)
        return Text.assemble(
            (f"{self.bar_name} ", "bold"), ("█" * filled, ""), ("░" * (width - filled), "dim"), f" {self.value:.2f}"
        )

    def show(self, value: float, family: str) -> None:
        for name in list(self.classes):
            if name.startswith("family-"):
                self.remove_class(name)
        self.add_class(f"family-{family}")
        self.value = value


BLOCKS = " ▁▂▃▄▅▆▇█"


class MoodChart(Static):
    """The bot's felt intensity turn by turn, on a fixed 0–1 scale (newest on the right)."""

    values: reactive[tuple[float, ...]] = reactive(())

    def render(self) -> Text:
        width, height = max(1, self.size.width), max(1, self.size.height)
        values = self.values[-width:]
        if not values:
            return Text("no turns yet", style="dim")
        levels = height * 8
        rows = []
        for row in range(height - 1, -1, -1):  # top row first
            cells = []
            for value in values:
                filled = round(min(1.0, max(0.0, value)) * levels) - row * 8
                cells.append(BLOCKS[max(0, min(8, filled))])
            rows.append("".join(cells))
        return Text("\n".join(rows))


class MirrorPanel(Vertical):
    """The mirror: the bot's face, the user's vs the bot's felt intensity, the mood over time."""

    def compose(self) -> ComposeResult:
        yield Static(face_for(None), id="face")
        yield Label("waiting for you", id="caption")
        yield IntensityBar("you", id="user-bar")
        yield IntensityBar("bot", id="bot-bar")
        yield Label("mood, turn by turn", classes="panel-title")
        yield MoodChart(id="mood")
        yield Label("", id="settings-line")
        yield Label("", id="status")

    def show_turn(self, user: Affect | None, target: Affect | None, crisis: bool) -> None:
        self.query_one("#face", Static).update(face_for(target, crisis))
        self.set_class(crisis, "-crisis")
        caption = self.query_one("#caption", Label)
        if crisis:
            caption.update("offering support")
            if user is not None:
                self.query_one("#user-bar", IntensityBar).show(user.intensity, user.family)
            self.query_one("#bot-bar", IntensityBar).show(0.0, "neutral")
            return
        if user is not None:
            self.query_one("#user-bar", IntensityBar).show(user.intensity, user.family)
        if target is not None:
            self.query_one("#bot-bar", IntensityBar).show(target.intensity, target.family)
            caption.update(f"feels {target.label}" if not target.is_neutral else "calm")

    def show_mood(self, values: Sequence[float]) -> None:
        self.query_one("#mood", MoodChart).values = tuple(values)

    def show_settings(self, mildness: float, responder: str) -> None:
        name = "templates" if responder == "template" else "LLM endpoint"
        self.query_one("#settings-line", Label).update(f"mildness {mildness:.2f}\nreplies: {name}")

    def show_status(self, text: str, state: str = "ready") -> None:
        status = self.query_one("#status", Label)
        status.update(text)
        for name in ("-loading", "-ready", "-error"):
            status.remove_class(name)
        status.add_class(f"-{state}")
