"""The template responder: offline replies composed from human-editable parts in `prompts/templates.toml`.

A reply is (acknowledge or an echo of the user's words) + reflect + [other feeling] + invite, each
part drawn at random, so replies vary; a reply in `request.avoid` is never given (unless the
templates run out of combinations).
"""

from __future__ import annotations

import random
import threading
import tomllib
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mirrorbot.affect import Affect
from mirrorbot.errors import ResponderError
from mirrorbot.mirror.echo import find_echo
from mirrorbot.mirror.responders.base import ResponseRequest
from mirrorbot.paths import PROMPTS_DIR
from mirrorbot.taxonomy import FAMILY_OF

TEMPLATE_FILE = "templates.toml"
LOW_BAND = 0.25
"""Target intensities below this use the `low` wording, the rest the `high` wording."""

_GROUP = {"anger": "negative", "disgust": "negative", "fear": "negative", "sadness": "negative",
          "joy": "positive", "surprise": "surprise", "neutral": "neutral"}  # fmt: skip
_FAMILIES = ("anger", "disgust", "fear", "joy", "sadness", "surprise")
_FALLBACK_REFLECT = {"anger": "annoyance", "disgust": "disgust", "fear": "nervousness", "joy": "joy",
                     "sadness": "sadness", "surprise": "surprise"}  # fmt: skip
"""The reflect section used for a family when its target label has none of its own."""


def load_templates(path: Path) -> dict[str, Any]:
    """Read and check a template file; the error names the file and the missing part."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResponderError(f"the template file {str(path)!r} does not exist; pass prompts_dir= a folder with {TEMPLATE_FILE}") from None
    except tomllib.TOMLDecodeError as error:
        raise ResponderError(f"the template file {str(path)!r} is not valid TOML: {error}") from None
    required = [f"acknowledge.{group}" for group in sorted(set(_GROUP.values()))]
    required += [f"{part}.{family}" for part in ("invite", "echo", "other") for family in _FAMILIES]
    required += [f"reflect.{label}.{band}" for label in _FALLBACK_REFLECT.values() for band in ("low", "high")]
    required += ["neutral.reflect", "neutral.invite", "at_bot.replies"]
    missing = [key for key in required if not _lookup(data, key)]
    if missing:
        raise ResponderError(
            f"the template file {str(path)!r} lacks these non-empty lists: {', '.join(missing)}; "
            "see the comments at the top of the bundled prompts/templates.toml"
        )
    return data


def _lookup(data: dict[str, Any], dotted: str) -> list[str]:
    node: Any = data
    for key in dotted.split("."):
        if not isinstance(node, dict) or key not in node:
            return []
        node = node[key]
    return [str(item) for item in node] if isinstance(node, list) else []


class TemplateResponder:
    """Replies from templates.

    Args:
        prompts_dir: folder holding `templates.toml` (default: the project's `prompts/`).
        seed: seed for the random choice of parts (None: different each run).
        echo_rate: how often a reply repeats a phrase of the user's message, when one reads well.
    """

    name = "template"

    def __init__(self, prompts_dir: str | Path | None = None, *, seed: int | None = None, echo_rate: float = 0.8) -> None:
        self.path = Path(prompts_dir or PROMPTS_DIR) / TEMPLATE_FILE
        self.templates = load_templates(self.path)
        self.echo_rate = echo_rate
        self._rng = random.Random(seed)
        self._recent: dict[str, deque[str]] = {}
        self._lock = threading.Lock()

    def respond(self, request: ResponseRequest) -> str:
        return self.candidates(request, 1)[0]

    def candidates(self, request: ResponseRequest, k: int = 4) -> list[str]:
        """Up to `k` different replies, none in `request.avoid` (the closed loop picks the one that reads best)."""
        with self._lock:
            found: list[str] = []
            reply = ""
            for _ in range(30 * k):
                reply = self._compose(request)
                if reply not in request.avoid and reply not in found:
                    found.append(reply)
                    if len(found) == k:
                        break
            return found or [reply]

    # -- composing ------------------------------------------------------------------------------
    def _compose(self, request: ResponseRequest) -> str:
        target = request.target
        if target.extra.get("at_bot"):
            return self._pick("at_bot.replies")
        if target.is_neutral:
            echo = find_echo(request.user_text) if request.attempt == 0 else None
            if echo and self._rng.random() < self.echo_rate:
                reflect = self._pick("echo.neutral").replace("{echo}", echo)
            else:
                reflect = self._pick("neutral.reflect")
            invite = self._pick("neutral.invite") if self._rng.random() < 0.8 else ""
            return _join([self._pick("acknowledge.neutral") if self._rng.random() < 0.4 else "", reflect, invite])
        family = target.family
        echo = find_echo(request.user_text) if request.attempt == 0 else None
        reflect = self._pick_reflect(target)
        if echo and self._rng.random() < self.echo_rate:
            acknowledge = self._pick(f"echo.{family}").replace("{echo}", echo)
        else:
            acknowledge = self._pick(f"acknowledge.{_GROUP[family]}") if self._rng.random() < 0.5 else ""
        other = self._other(target)
        invite = self._pick(f"invite.{family}") if self._rng.random() < 0.75 else ""
        return _join([acknowledge, reflect, other, invite])

    def _pick_reflect(self, target: Affect) -> str:
        band = "low" if target.intensity < LOW_BAND else "high"
        for key in (target.label, _FALLBACK_REFLECT[target.family]):
            options = _lookup(self.templates, f"reflect.{key}.{band}")
            if options:
                return self._choose(f"reflect.{key}.{band}", options)
        raise ResponderError(f"no reflect templates for {target.label!r} in {str(self.path)!r}")

    def _other(self, target: Affect) -> str:
        for label in target.labels[1:]:
            family = FAMILY_OF[label]
            if family != target.family and family != "neutral":
                return self._pick(f"other.{family}")
        return ""

    def _pick(self, dotted: str) -> str:
        return self._choose(dotted, _lookup(self.templates, dotted))

    def _choose(self, key: str, options: Sequence[str]) -> str:
        """A random option, skipping the ones this responder used most recently (so all get their turn)."""
        if not options:
            return ""
        recent = self._recent.setdefault(key, deque(maxlen=max(1, len(options) * 2 // 3)))
        fresh = [option for option in options if option not in recent] or list(options)
        choice = self._rng.choice(fresh)
        recent.append(choice)
        return choice


def _join(parts: list[str]) -> str:
    """The parts as sentences: each starts with a capital (an echoed phrase may start lower-case)."""
    sentences = [part.strip() for part in parts if part and part.strip()]
    return " ".join(sentence[:1].upper() + sentence[1:] for sentence in sentences)
