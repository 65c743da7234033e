"""Per-conversation state (the bot's mood and the last turns) and where it is kept.

`MemoryStore` keeps it in the process; `SQLiteStore(path)` keeps it in a file, so a bot that
restarts remembers how each conversation felt.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from mirrorbot.affect import Affect

MAX_HISTORY = 20
"""Turns kept per session (enough for 'no identical reply within 10 turns' and LLM context)."""


@dataclass(frozen=True)
class Exchange:
    """One remembered turn: what the user said and felt, what the bot answered and felt."""

    user_text: str
    reply: str
    user: Affect
    target: Affect
    crisis: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "user_text": self.user_text,
            "reply": self.reply,
            "user": self.user.to_dict(),
            "target": self.target.to_dict(),
            "crisis": self.crisis,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Exchange:
        return cls(
            user_text=data["user_text"],
            reply=data["reply"],
            user=Affect.from_dict(data["user"]),
            target=Affect.from_dict(data["target"]),
            crisis=bool(data.get("crisis", False)),
        )


@dataclass
class Session:
    """A conversation's state.

    Attributes:
        session_id: the conversation's id.
        mood: the bot's felt state after the last turn (decays toward neutral; see `MirrorPolicy`).
        history: the last `MAX_HISTORY` exchanges, oldest first.
        turns: how many turns the conversation has had in all.
    """

    session_id: str
    mood: Affect = field(default_factory=Affect.neutral)
    history: list[Exchange] = field(default_factory=list)
    turns: int = 0

    def add(self, exchange: Exchange, mood: Affect) -> None:
        self.history.append(exchange)
        del self.history[:-MAX_HISTORY]
        self.mood = mood
        self.turns += 1

    def recent_replies(self, n: int = 10) -> list[str]:
        return [exchange.reply for exchange in self.history[-n:]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "mood": self.mood.to_dict(),
            "history": [exchange.to_dict() for exchange in self.history],
            "turns": self.turns,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Session:
        return cls(
            session_id=data["session_id"],
            mood=Affect.from_dict(data["mood"]),
            history=[Exchange.from_dict(item) for item in data.get("history", [])],
            turns=int(data.get("turns", 0)),
        )


class SessionStore(Protocol):
    """Where sessions live between turns. Implementations must be safe to call from many threads."""

    def load(self, session_id: str) -> Session | None: ...

    def save(self, session: Session) -> None: ...

    def delete(self, session_id: str) -> None: ...

    def ids(self) -> list[str]: ...


class MemoryStore:
    """Sessions in a dict; gone when the process ends."""

    def __init__(self) -> None:
        self._sessions: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def load(self, session_id: str) -> Session | None:
        with self._lock:
            data = self._sessions.get(session_id)
        return None if data is None else Session.from_dict(data)

    def save(self, session: Session) -> None:
        # Stored as a snapshot, so a caller changing its Session object does not change the store.
        data = session.to_dict()
        with self._lock:
            self._sessions[session.session_id] = data

    def delete(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)

    def ids(self) -> list[str]:
        with self._lock:
            return list(self._sessions)


class SQLiteStore:
    """Sessions in one SQLite file (a JSON document per session)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), check_same_thread=False)
        with self._lock, self._db:
            self._db.execute("CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, data TEXT NOT NULL)")

    def load(self, session_id: str) -> Session | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return None if row is None else Session.from_dict(json.loads(row[0]))

    def save(self, session: Session) -> None:
        data = json.dumps(session.to_dict(), ensure_ascii=False)
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO sessions (id, data) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data",
                (session.session_id, data),
            )

    def delete(self, session_id: str) -> None:
        with self._lock, self._db:
            self._db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    def ids(self) -> list[str]:
        with self._lock:
            return [row[0] for row in self._db.execute("SELECT id FROM sessions ORDER BY id")]

    def close(self) -> None:
        with self._lock:
            self._db.close()
