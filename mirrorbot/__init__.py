"""mirrorbot: reads the feeling in a message and answers with the same kind of feeling, milder.

The public API::

    from mirrorbot import Detector, MirrorBot

    affect = Detector().detect("I finally got the job!")   # Affect: labels, family, intensity, ...
    turn = MirrorBot().reply("I finally got the job!", session_id="user-42")
    print(turn.text, turn.target.family, turn.crisis)

Importing `mirrorbot` is cheap: the names below load on first use (the model itself loads on
the first detection), so a bot's start-up and `mirrorbot --help` stay fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from mirrorbot.affect import Affect
    from mirrorbot.detector.detector import Detector
    from mirrorbot.errors import MirrorbotError
    from mirrorbot.mirror.bot import MirrorBot
    from mirrorbot.mirror.responders import Responder, ResponseRequest, register_responder
    from mirrorbot.mirror.sessions import MemoryStore, SQLiteStore
    from mirrorbot.mirror.turn import Turn

_EXPORTS: dict[str, str] = {
    "Affect": "mirrorbot.affect",
    "Detector": "mirrorbot.detector.detector",
    "MirrorBot": "mirrorbot.mirror.bot",
    "Turn": "mirrorbot.mirror.turn",
    "MemoryStore": "mirrorbot.mirror.sessions",
    "SQLiteStore": "mirrorbot.mirror.sessions",
    "Responder": "mirrorbot.mirror.responders",
    "ResponseRequest": "mirrorbot.mirror.responders",
    "register_responder": "mirrorbot.mirror.responders",
    "MirrorbotError": "mirrorbot.errors",
}

__all__ = [
    "Affect",
    "Detector",
    "MemoryStore",
    "MirrorBot",
    "MirrorbotError",
    "Responder",
    "ResponseRequest",
    "SQLiteStore",
    "Turn",
    "__version__",
    "register_responder",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mirrorbot' has no attribute {name!r}; the public names are {', '.join(__all__)}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
