"""`MirrorBot`: the front door. Reads the message, checks safety, mirrors, answers, checks the answer."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from typing import Any

from mirrorbot.affect import Affect
from mirrorbot.detector.detector import MAX_CHARS, Detector, clean_text
from mirrorbot.mirror.loop import run_loop
from mirrorbot.mirror.policy import MirrorPolicy
from mirrorbot.mirror.responders import Responder, ResponseRequest, create_responder
from mirrorbot.mirror.safety import CrisisResponder, check_safety
from mirrorbot.mirror.sessions import Exchange, MemoryStore, Session, SessionStore
from mirrorbot.mirror.turn import Turn
from mirrorbot.taxonomy import LABELS

AVOID_WINDOW = 10
"""No reply repeats one of the last this-many replies of its conversation."""

HISTORY_FOR_RESPONDER = 6
"""Earlier (user, reply) pairs handed to the responder (LLM context)."""


def _caring(intensity: float = 0.3) -> Affect:
    scores = dict.fromkeys(LABELS, 0.0)
    scores["caring"], scores["neutral"] = 0.7, 0.3
    return Affect(scores=scores, labels=("caring",), family="joy", valence=0.2, intensity=intensity)


class MirrorBot:
    """Answers each message with the same kind of feeling, milder; safety first.

    Args:
        detector: reads the feeling in messages and replies (default: the bundled model, loaded on first use).
        mildness: the mirror gain, 0..1: the reply's intensity ≈ mildness × the user's.
        responder: a registered responder name ("template", "openai", "transformers", plugins) or an object.
        store: where conversations are kept (default: in memory; `SQLiteStore(path)` survives restarts).
        half_life: turns after which the mood's trace of an earlier feeling has halved.
        crisis_resources: the help-line text in crisis replies (default: `$MIRRORBOT_CRISIS_RESOURCES`,
            then `prompts/crisis_resources.txt`).
        max_retries: closed-loop retries per responder before falling back to templates.
        **responder_settings: passed to the responder factory (e.g. base_url, model, api_key, seed).
    """

    def __init__(
        self,
        detector: Detector | None = None,
        *,
        mildness: float = 0.5,
        responder: str | Responder = "template",
        store: SessionStore | None = None,
        half_life: float = 3.0,
        crisis_resources: str | None = None,
        max_retries: int = 2,
        **responder_settings: Any,
    ) -> None:
        if max_retries < 0:
            raise ValueError(f"max_retries must be 0 or more; got {max_retries}")
        self._detector = detector
        self._detector_lock = threading.Lock()
        self._policy = MirrorPolicy(gain=mildness, half_life=half_life)
        self._store: SessionStore = store if store is not None else MemoryStore()
        self._crisis = CrisisResponder(crisis_resources)
        self.max_retries = max_retries
        self._responder_settings = responder_settings
        self._template: Responder | None = None
        self._responder: Responder = self._make_responder(responder)
        self._locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()
        # The last replies across all conversations, so two people in a row do not get the same words either.
        self._recent: deque[str] = deque(maxlen=AVOID_WINDOW)

    # -- settings -------------------------------------------------------------------------------
    @property
    def detector(self) -> Detector:
        if self._detector is None:
            with self._detector_lock:
                if self._detector is None:
                    self._detector = Detector()
        return self._detector

    @property
    def mildness(self) -> float:
        return self._policy.gain

    @mildness.setter
    def mildness(self, value: float) -> None:
        self._policy = MirrorPolicy(gain=float(value), half_life=self._policy.half_life)

    @property
    def half_life(self) -> float:
        return self._policy.half_life

    @property
    def policy(self) -> MirrorPolicy:
        return self._policy

    @property
    def responder(self) -> Responder:
        return self._responder

    @responder.setter
    def responder(self, value: str | Responder) -> None:
        self._responder = self._make_responder(value)

    @property
    def template(self) -> Responder:
        """The template responder used as the fallback."""
        if self._template is None:
            seed = self._responder_settings.get("seed")
            self._template = create_responder("template", **({"seed": seed} if seed is not None else {}))
        return self._template

    def _make_responder(self, value: str | Responder) -> Responder:
        if isinstance(value, str):
            if value == "template":
                return self.template
            return create_responder(value, **self._responder_settings)
        if not isinstance(value, Responder):
            raise TypeError(
                f"responder must be a registered name or an object with `name` and `respond(request)`; "
                f"got {type(value).__name__}"
            )
        return value

    # -- sessions -------------------------------------------------------------------------------
    def _lock_for(self, session_id: str) -> threading.Lock:
        with self._locks_lock:
            return self._locks.setdefault(session_id, threading.Lock())

    def session(self, session_id: str = "default") -> Session:
        """The conversation's state (a copy): its mood and recent turns."""
        return self._store.load(session_id) or Session(session_id)

    def reset(self, session_id: str = "default") -> None:
        """Forget a conversation: mood back to neutral, history cleared."""
        with self._lock_for(session_id):
            self._store.delete(session_id)

    # -- replying -------------------------------------------------------------------------------
    def reply(self, text: str, session_id: str = "default") -> Turn:
        """Answer one message in a conversation. Raises `EmptyTextError` for empty text."""
        start = time.perf_counter()
        clean_text(text)  # raise on empty input before any work
        user = self.detector.detect(text)
        detected = time.perf_counter()
        with self._lock_for(session_id):
            session = self._store.load(session_id) or Session(session_id)
            with self._locks_lock:
                recent = frozenset(session.recent_replies(AVOID_WINDOW)) | frozenset(self._recent)
            safety = check_safety(text[:MAX_CHARS])
            note: str | None = None
            if safety.crisis:
                target = _caring()
                reply = self._crisis.reply(recent)
                responded = time.perf_counter()
                reply_affect = self.detector.detect(reply)
                checks: tuple = ()
                responder_name = self._crisis.name
            else:
                target = self._policy.target(user, session.mood, text=text)
                request = ResponseRequest(
                    user_text=text[:MAX_CHARS], user=user, target=target, avoid=recent,
                    history=tuple((e.user_text, e.reply) for e in session.history[-HISTORY_FOR_RESPONDER:] if not e.crisis),
                )
                result = run_loop(self.detector, self._responder, self.template, request, max_retries=self.max_retries)
                responded = time.perf_counter()
                reply, reply_affect, checks = result.text, result.affect, result.checks
                responder_name, note = result.responder, result.note
            # A crisis turn leaves the mirrored mood to fade: the caring reply is not a mirrored feeling.
            mood = self._policy.next_mood(session.mood, Affect.neutral() if safety.crisis else target)
            session.add(Exchange(text, reply, user, target, safety.crisis), mood)
            self._store.save(session)
            with self._locks_lock:
                self._recent.append(reply)
        end = time.perf_counter()
        timings = {
            "detect": (detected - start) * 1000,
            "respond": (responded - detected) * 1000,
            "check": (end - responded) * 1000,
            "total": (end - start) * 1000,
        }
        return Turn(
            text=reply, user_text=text, user=user, target=target, reply_affect=reply_affect,
            crisis=safety.crisis, session_id=session_id, responder=responder_name, checks=checks,
            timings=timings, note=note,
        )

    async def areply(self, text: str, session_id: str = "default") -> Turn:
        """`reply` in a worker thread, for asyncio code."""
        return await asyncio.to_thread(self.reply, text, session_id)

