"""The chat history: one SQLite file in the mirrorbot home, written message by message.

Every message is written (and committed) when it is sent, before it is read or answered, so a
killed process loses nothing. Messages carry a client-made `key`, so a write that failed (database
locked or read-only) can be retried later without duplicates.

Used by the app and by `mirrorbot chat --list/--open/--delete/--export`, which need no model.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from mirrorbot.affect import Affect
from mirrorbot.errors import MirrorbotError

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('user', 'bot')),
    text TEXT NOT NULL,
    created TEXT NOT NULL,
    affect TEXT,
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages (conversation_id, id);
"""
TITLE_CHARS = 48
FORMATS = ("md", "json")


class HistoryError(MirrorbotError):
    """The history database could not be opened, read or written (locked, read-only, corrupt)."""


def now() -> datetime:
    """The default clock: local time, aware, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def new_key() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Conversation:
    """One conversation's summary row."""

    id: int
    title: str
    created: datetime
    updated: datetime
    messages: int = 0


@dataclass(frozen=True)
class StoredMessage:
    """One message as stored. `data` holds the bot's extra: target affect, crisis, responder, note, mood."""

    key: str
    conversation_id: int
    role: str
    text: str
    created: datetime
    affect: Affect | None = None
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def target(self) -> Affect | None:
        raw = self.data.get("target")
        return Affect.from_dict(raw) if raw else None

    @property
    def crisis(self) -> bool:
        return bool(self.data.get("crisis"))

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "role": self.role,
            "text": self.text,
            "created": self.created.isoformat(),
            "affect": self.affect.to_dict() if self.affect else None,
        }
        result.update(self.data)
        return result


def _explain(error: sqlite3.Error, path: str) -> str:
    text = str(error)
    if "readonly" in text or "read-only" in text:
        return (f"the chat history {path} is read-only ({text}); messages are kept in this window only — "
                "make the file writable or set MIRRORBOT_HOME to a writable folder")
    if "locked" in text or "busy" in text:
        return (f"the chat history {path} is locked by another program ({text}); "
                "messages are kept and written when it is free")
    if "unable to open" in text:
        return (f"could not open the chat history {path} ({text}); "
                "check the folder exists and is writable, or set MIRRORBOT_HOME")
    return f"the chat history {path} failed: {text}"


class HistoryStore:
    """Conversations and their messages in SQLite (WAL, autocommit: each write is durable at once).

    Args:
        path: the database file, or ":memory:" for a store that lives only in this process.
        clock: returns the current time (tests pass a fixed clock).
        timeout: seconds to wait for a lock held by another process before giving up.
    """

    def __init__(self, path: str | Path, *, clock: Callable[[], datetime] = now, timeout: float = 0.5) -> None:
        self.path = str(path)
        self.clock = clock
        self._lock = threading.RLock()
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")  # durable against a killed process
            self._db.executescript(SCHEMA)
        except sqlite3.Error as error:
            raise HistoryError(_explain(error, self.path)) from None
        except OSError as error:
            raise HistoryError(f"could not create the folder for the chat history {self.path}: {error.strerror}") from None

    @property
    def persistent(self) -> bool:
        return self.path != ":memory:"

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _run(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._db
            except sqlite3.Error as error:
                raise HistoryError(_explain(error, self.path)) from None

    # -- conversations -------------------------------------------------------------------------
    def new_conversation(self, title: str = "") -> int:
        stamp = self.clock().isoformat()
        with self._run() as db:
            cursor = db.execute(
                "INSERT INTO conversations (title, created, updated) VALUES (?, ?, ?)", (title, stamp, stamp)
            )
            return int(cursor.lastrowid or 0)

    def conversation(self, conversation_id: int) -> Conversation:
        with self._run() as db:
            row = db.execute(
                "SELECT c.id, c.title, c.created, c.updated, COUNT(m.id) FROM conversations c "
                "LEFT JOIN messages m ON m.conversation_id = c.id WHERE c.id = ? GROUP BY c.id",
                (conversation_id,),
            ).fetchone()
        if row is None:
            raise HistoryError(
                f"there is no conversation {conversation_id}; `mirrorbot chat --list` shows the ones there are"
            )
        return _conversation(row)

    def conversations(self, include_empty: bool = False) -> list[Conversation]:
        """Conversations, most recently updated first (empty ones only when asked)."""
        having = "" if include_empty else "HAVING COUNT(m.id) > 0"
        with self._run() as db:
            rows = db.execute(
                "SELECT c.id, c.title, c.created, c.updated, COUNT(m.id) FROM conversations c "
                f"LEFT JOIN messages m ON m.conversation_id = c.id GROUP BY c.id {having} "
                "ORDER BY c.updated DESC, c.id DESC"
            ).fetchall()
        return [_conversation(row) for row in rows]

    def last_conversation(self) -> int | None:
        """The most recently updated conversation (an empty one counts: it is reused, not duplicated)."""
        with self._run() as db:
            row = db.execute("SELECT id FROM conversations ORDER BY updated DESC, id DESC LIMIT 1").fetchone()
        return int(row[0]) if row else None

    def delete(self, conversation_id: int) -> None:
        self.conversation(conversation_id)
        with self._run() as db:
            db.execute("DELETE FROM messages WHERE conversation_id = ?", (conversation_id,))
            db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))

    # -- messages ------------------------------------------------------------------------------
    def add_message(
        self,
        conversation_id: int,
        role: str,
        text: str,
        *,
        key: str | None = None,
        created: datetime | None = None,
        affect: Affect | None = None,
        data: dict[str, Any] | None = None,
    ) -> str:
        """Write one message now; returns its key. Writing the same key twice keeps the first."""
        key = key or new_key()
        stamp = (created or self.clock()).isoformat()
        with self._run() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute(
                    "INSERT OR IGNORE INTO messages (key, conversation_id, role, text, created, affect, data) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (key, conversation_id, role, text, stamp, _affect_json(affect), json.dumps(data or {})),
                )
                if role == "user":
                    db.execute(
                        "UPDATE conversations SET title = ? WHERE id = ? AND title = ''",
                        (_title(text), conversation_id),
                    )
                db.execute("UPDATE conversations SET updated = ? WHERE id = ?", (stamp, conversation_id))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return key

    def set_affect(self, key: str, affect: Affect) -> None:
        """Attach the detected feeling to a message written before it was read."""
        with self._run() as db:
            db.execute("UPDATE messages SET affect = ? WHERE key = ?", (_affect_json(affect), key))

    def messages(self, conversation_id: int) -> list[StoredMessage]:
        with self._run() as db:
            rows = db.execute(
                "SELECT key, conversation_id, role, text, created, affect, data FROM messages "
                "WHERE conversation_id = ? ORDER BY id",
                (conversation_id,),
            ).fetchall()
        return [
            StoredMessage(
                key=row[0], conversation_id=row[1], role=row[2], text=row[3],
                created=datetime.fromisoformat(row[4]),
                affect=Affect.from_dict(json.loads(row[5])) if row[5] else None,
                data=json.loads(row[6] or "{}"),
            )
            for row in rows
        ]  # fmt: skip

    def unanswered(self, conversation_id: int) -> list[StoredMessage]:
        """User messages after the last bot message (sent, then the program stopped before the reply)."""
        trailing: list[StoredMessage] = []
        for message in self.messages(conversation_id):
            trailing = [] if message.role == "bot" else [*trailing, message]
        return trailing

    # -- export --------------------------------------------------------------------------------
    def export(self, conversation_id: int, fmt: str = "md") -> str:
        """The conversation as Markdown ("md") or JSON ("json")."""
        if fmt not in FORMATS:
            raise HistoryError(f"export format must be one of {', '.join(FORMATS)}, got {fmt!r}")
        conversation = self.conversation(conversation_id)
        messages = self.messages(conversation_id)
        if fmt == "json":
            return json.dumps(
                {
                    "id": conversation.id,
                    "title": conversation.title,
                    "created": conversation.created.isoformat(),
                    "updated": conversation.updated.isoformat(),
                    "messages": [message.to_dict() for message in messages],
                },
                indent=2,
                ensure_ascii=False,
            ) + "\n"
        return to_markdown(conversation, messages)


def to_markdown(conversation: Conversation, messages: list[StoredMessage]) -> str:
    lines = [
        f"# {conversation.title or 'Conversation'}",
        "",
        f"Conversation {conversation.id} with mirrorbot, started {conversation.created:%Y-%m-%d %H:%M}.",
        "",
    ]
    for message in messages:
        who = "You" if message.role == "user" else "mirrorbot"
        feeling = ""
        if message.crisis:
            feeling = " · support"
        elif message.affect is not None:
            feeling = f" · {', '.join(message.affect.labels[:3])} ({message.affect.intensity:.2f})"
        lines.append(f"**{who}** · {message.created:%H:%M}{feeling}")
        lines.append("")
        lines.extend(f"> {line}" if line else ">" for line in message.text.splitlines() or [""])
        lines.append("")
    return "\n".join(lines)


def _conversation(row: tuple[Any, ...]) -> Conversation:
    return Conversation(
        id=int(row[0]), title=row[1], created=datetime.fromisoformat(row[2]),
        updated=datetime.fromisoformat(row[3]), messages=int(row[4]),
    )  # fmt: skip


def _title(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1].rstrip() + "…"


def _affect_json(affect: Affect | None) -> str | None:
    return json.dumps(affect.to_dict()) if affect is not None else None
