"""Responder registry: built-ins and plugins register the same way.

A third-party package adds its responder with an entry point in the group
`mirrorbot.responders`, whose object is a factory `(**settings) -> Responder`::

    [project.entry-points."mirrorbot.responders"]
    mybot = "mypackage.bot:make_responder"

Then `MirrorBot(responder="mybot")` gets the mirror target, closed-loop check and safety for free.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

from mirrorbot.errors import ResponderError
from mirrorbot.mirror.responders.base import Responder

ENTRY_POINT_GROUP = "mirrorbot.responders"

ResponderFactory = Callable[..., Responder]

_factories: dict[str, ResponderFactory] = {}
_lock = threading.Lock()
_plugins_loaded = False


class UnknownResponderError(ResponderError, ValueError):
    """No responder is registered under the requested name."""


def register_responder(name: str, factory: ResponderFactory) -> None:
    """Make `create_responder(name, **settings)` call `factory(**settings)`; a later call replaces it."""
    if not name or not name.strip():
        raise ValueError("a responder needs a non-empty name")
    with _lock:
        _factories[name] = factory


def _load_plugins() -> None:
    global _plugins_loaded
    with _lock:
        if _plugins_loaded:
            return
        _plugins_loaded = True
    for point in entry_points(group=ENTRY_POINT_GROUP):
        if point.name not in _factories:
            try:
                register_responder(point.name, point.load())
            except Exception as error:  # a broken plugin must not break the built-ins
                register_responder(point.name, _broken(point.name, error))


def _broken(name: str, error: Exception) -> ResponderFactory:
    def factory(**_settings: Any) -> Responder:
        raise ResponderError(f"the responder plugin {name!r} failed to load: {error}")

    return factory


def available_responders() -> list[str]:
    """Names of the registered responders (built-ins and installed plugins)."""
    _load_plugins()
    return sorted(_factories)


def create_responder(name: str, **settings: Any) -> Responder:
    """A new responder of the given name, built with `settings` (e.g. base_url, model, api_key)."""
    _load_plugins()
    factory = _factories.get(name)
    if factory is None:
        raise UnknownResponderError(
            f"unknown responder {name!r}; expected one of {', '.join(available_responders())} "
            f"(or install a plugin that registers it under the entry-point group {ENTRY_POINT_GROUP!r})"
        )
    responder = factory(**settings)
    if not isinstance(responder, Responder):
        raise ResponderError(
            f"the factory for responder {name!r} returned {type(responder).__name__}, which has no "
            "`name` and `respond(request)`; return an object that follows mirrorbot.mirror.Responder"
        )
    return responder
