"""`Turn`: everything one exchange produced, as an immutable record (what the TUI, CLI and server show)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mirrorbot.affect import Affect


@dataclass(frozen=True)
class Check:
    """One closed-loop attempt: a candidate reply and what the detector read in it.

    Attributes:
        responder: name of the responder that wrote `text`.
        text: the candidate reply.
        family_ok: the reply reads as the target's family (for a neutral target: carries no
            invented feeling).
        milder_ok: the reply reads milder than the user's message.
        family: the family the detector read in the reply.
        intensity: the intensity the detector read in the reply.
    """

    responder: str
    text: str
    family_ok: bool
    milder_ok: bool
    family: str = ""
    intensity: float = 0.0

    @property
    def ok(self) -> bool:
        return self.family_ok and self.milder_ok

    def to_dict(self) -> dict[str, Any]:
        return {
            "responder": self.responder,
            "text": self.text,
            "family_ok": self.family_ok,
            "milder_ok": self.milder_ok,
            "family": self.family,
            "intensity": round(self.intensity, 4),
        }


@dataclass(frozen=True)
class Turn:
    """One exchange: the user's message, what the bot felt and what it answered."""

    text: str
    user_text: str
    user: Affect
    target: Affect
    reply_affect: Affect
    crisis: bool
    session_id: str
    responder: str
    checks: tuple[Check, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    note: str | None = None

    @property
    def reply(self) -> str:
        """The reply text (alias of `text`, matching the `to_dict` key)."""
        return self.text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; the affects as in `mirrorbot detect --json`."""
        return {
            "text": self.user_text,
            "reply": self.text,
            "user": self.user.to_dict(),
            "target": self.target.to_dict(),
            "reply_affect": self.reply_affect.to_dict(),
            "crisis": self.crisis,
            "session_id": self.session_id,
            "responder": self.responder,
            "note": self.note,
            "timings": {name: round(ms, 3) for name, ms in self.timings.items()},
        }
