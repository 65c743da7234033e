"""The mirror engine: answer with the same kind of feeling, milder. `MirrorBot` is the front door."""

from mirrorbot.mirror.bot import MirrorBot
from mirrorbot.mirror.policy import MirrorPolicy
from mirrorbot.mirror.responders import (
    Responder,
    ResponseRequest,
    available_responders,
    create_responder,
    register_responder,
)
from mirrorbot.mirror.safety import SafetyResult, check_safety
from mirrorbot.mirror.sessions import Exchange, MemoryStore, Session, SessionStore, SQLiteStore
from mirrorbot.mirror.turn import Check, Turn

__all__ = [
    "Check", "Exchange", "MemoryStore", "MirrorBot", "MirrorPolicy", "Responder", "ResponseRequest",
    "SQLiteStore", "SafetyResult", "Session", "SessionStore", "Turn", "available_responders",
    "check_safety", "create_responder", "register_responder",
]  # fmt: skip
