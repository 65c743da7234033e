"""The `Responder` protocol: turns a request (user text, target affect, history) into words."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from mirrorbot.affect import Affect


@dataclass(frozen=True)
class ResponseRequest:
    """What a responder gets for one reply.

    Attributes:
        user_text: the user's message.
        user: the affect read in it.
        target: the affect the reply should carry (same family, milder; set by the mirror policy).
        history: earlier (user_text, reply) pairs of this conversation, oldest first.
        avoid: replies not to repeat (recent replies and candidates the closed loop rejected).
        attempt: 0 for the first try, 1.. for closed-loop retries.
    """

    user_text: str
    user: Affect
    target: Affect
    history: tuple[tuple[str, str], ...] = ()
    avoid: frozenset[str] = field(default_factory=frozenset)
    attempt: int = 0


@runtime_checkable
class Responder(Protocol):
    """Anything with a `name` and `respond(request) -> str`; `stream(request)` is optional.

    Raise `mirrorbot.errors.ResponderError` when no reply can be produced (endpoint down, ...):
    the bot then answers with the template responder and says so in `Turn.note`.
    """

    name: str

    def respond(self, request: ResponseRequest) -> str: ...


def stream_reply(responder: Responder, request: ResponseRequest) -> Iterator[str]:
    """Chunks of a reply: the responder's own `stream` where it has one, else the whole reply at once."""
    stream = getattr(responder, "stream", None)
    if callable(stream):
        yield from stream(request)
    else:
        yield responder.respond(request)
