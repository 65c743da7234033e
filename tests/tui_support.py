"""Helpers for the chat tests: a deterministic fake bot, a fixed clock, a gate for slow models."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from mirrorbot.affect import Affect
from mirrorbot.mirror.turn import Turn
from mirrorbot.taxonomy import milder
from mirrorbot.testing import FakeDetector, make_affect

CRISIS_TEXT = (
    "I'm really sorry you're going through this. You don't have to face it alone: "
    "please reach out to someone you trust, or call or text a crisis line near you right now."
)


class FixedClock:
    """09:30, 09:31, ... on 2025-01-15: one minute per call."""

    def __init__(self) -> None:
        self.current = datetime(2025, 1, 15, 9, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        value = self.current
        self.current += timedelta(minutes=1)
        return value


class FakeBot:
    """A MirrorBot stand-in: same `reply`/`mildness`/`responder`/`session` surface, canned words."""

    def __init__(self, mildness: float = 0.5, responder: str = "template") -> None:
        self.detector = FakeDetector()
        self.mildness = mildness
        self.responder = responder
        self.calls: list[tuple[str, str, float, str]] = []
        self._moods: dict[str, Affect] = {}

    def session(self, session_id: str) -> Any:
        mood = self._moods.get(session_id, Affect.neutral())
        return type("Session", (), {"mood": mood})()

    def reply(self, text: str, session_id: str = "default") -> Turn:
        self.calls.append((text, session_id, self.mildness, str(self.responder)))
        user = self.detector.detect(text)
        crisis = "hurt myself" in text.lower()
        if crisis:
            target = Affect.neutral()
            reply, affect = CRISIS_TEXT, Affect.neutral()
        else:
            label = milder(user.label) if not user.is_neutral else "neutral"
            target = make_affect(label, round(user.intensity * self.mildness, 3))
            reply, affect = f"I feel a little {label} with you about that.", target
        note = None
        if self.responder != "template":
            note = "LLM endpoint unreachable; answered with templates"
        self._moods[session_id] = target
        return Turn(
            text=reply, user_text=text, user=user, target=target, reply_affect=affect, crisis=crisis,
            session_id=session_id, responder="template", timings={"total": 1.0}, note=note,
        )  # fmt: skip


class Gate:
    """A bot factory that waits until `open()` is called (a model that is still loading)."""

    def __init__(self, bot: Any) -> None:
        self.bot = bot
        self.event = threading.Event()

    def open(self) -> None:
        self.event.set()

    def __call__(self, config: Any) -> Any:
        self.event.wait(10)
        return self.bot
