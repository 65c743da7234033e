"""Responders: template (offline, default), OpenAI-compatible endpoint, local transformers LM, plugins."""

from __future__ import annotations

from typing import Any

from mirrorbot.mirror.responders.base import Responder, ResponseRequest, stream_reply
from mirrorbot.mirror.responders.registry import (
    ENTRY_POINT_GROUP,
    UnknownResponderError,
    available_responders,
    create_responder,
    register_responder,
)


def _template(**settings: Any) -> Responder:
    from mirrorbot.mirror.responders.template import TemplateResponder

    return TemplateResponder(**settings)


def _openai(**settings: Any) -> Responder:
    from mirrorbot.mirror.responders.openai_compat import OpenAIResponder

    return OpenAIResponder(**settings)


def _transformers(**settings: Any) -> Responder:
    from mirrorbot.mirror.responders.local_lm import LocalLMResponder

    return LocalLMResponder(**settings)


register_responder("template", _template)
register_responder("openai", _openai)
register_responder("transformers", _transformers)

__all__ = [
    "ENTRY_POINT_GROUP",
    "Responder",
    "ResponseRequest",
    "UnknownResponderError",
    "available_responders",
    "create_responder",
    "register_responder",
    "stream_reply",
]
