"""The errors mirrorbot raises. Each message is shown to the user as it is, so it says what was
expected, what was found and how to fix it."""

from __future__ import annotations


class MirrorbotError(Exception):
    """Base class: anything the CLI, TUI or server may show to a user."""


class ModelNotFoundError(MirrorbotError):
    """A model folder or one of its files is missing or unreadable."""


class DatasetError(MirrorbotError):
    """A dataset file is missing or malformed (the message names the file, line and column)."""


class EmptyTextError(MirrorbotError, ValueError):
    """The text to read is empty or only whitespace."""


class ResponderError(MirrorbotError):
    """A responder (template set, LLM endpoint) could not produce a reply."""
