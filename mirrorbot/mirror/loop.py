"""The closed loop: read each candidate reply back with the detector and keep one that carries the target.

Tries the chosen responder up to 1 + `max_retries` times (a responder with `candidates(request, k)`,
like the template responder, offers several replies per try: they are read in one batch and the
passing one whose intensity is closest to the target's is kept); if none passes (or the responder fails),
the template responder gets the same number of tries; if still none passes, the best template
candidate is used (not a recent reply, then right family, then milder, then the mildest).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from mirrorbot.affect import Affect
from mirrorbot.detector.detector import Detector
from mirrorbot.errors import ResponderError
from mirrorbot.mirror.responders.base import Responder, ResponseRequest
from mirrorbot.mirror.turn import Check

NEGATIVE_FAMILIES = frozenset({"anger", "disgust", "fear", "sadness"})
CANDIDATES = 6
"""Replies asked of a responder that can offer several at once; the one closest to the target wins."""
TOLERANCE = 0.3
"""Candidates within this log-ratio of the closest one count as equally close."""
NEUTRAL_REPLY_MAX = 0.35
"""A reply to a neutral message may be friendly, but no more intense than this."""


def judge(user: Affect, target: Affect, reply: Affect) -> tuple[bool, bool]:
    """(family_ok, milder_ok) for a reply read as `reply`."""
    if target.is_neutral:
        return reply.family not in NEGATIVE_FAMILIES, reply.intensity <= max(NEUTRAL_REPLY_MAX, user.intensity)
    return reply.family == target.family, reply.intensity < user.intensity


def _candidates(responder: Responder, request: ResponseRequest) -> list[str]:
    """Candidate replies: several from a responder that offers `candidates(request, k)`, else one."""
    many = getattr(responder, "candidates", None)
    texts = many(request, CANDIDATES) if callable(many) else [responder.respond(request)]
    return [text.strip() for text in texts if text and text.strip()]


def _distance(intensity: float, target: float) -> float:
    """How far a reply's intensity is from the target, as a ratio (0.05 vs 0.1 is as far as 0.2 vs 0.4)."""
    return abs(math.log((intensity + 0.01) / (target + 0.01)))


@dataclass(frozen=True)
class LoopResult:
    text: str
    affect: Affect
    responder: str
    checks: tuple[Check, ...]
    note: str | None


def run_loop(
    detector: Detector,
    responder: Responder,
    fallback: Responder,
    request: ResponseRequest,
    *,
    max_retries: int = 2,
) -> LoopResult:
    """Produce a checked reply for `request` (see the module docstring for the order of tries)."""
    checks: list[tuple[Check, Affect]] = []
    note: str | None = None
    avoid = set(request.avoid)
    chain = [responder] if responder is fallback else [responder, fallback]
    for current in chain:
        for attempt in range(1 + max_retries):
            try:
                texts = _candidates(current, replace(request, avoid=frozenset(avoid), attempt=attempt))
            except ResponderError as error:
                if current is fallback:
                    raise
                note = f"{error}; answered with templates"
                break
            if not texts:
                continue
            affects = detector.detect_batch(texts)
            tried = []
            for text, affect in zip(texts, affects, strict=True):
                family_ok, milder_ok = judge(request.user, request.target, affect)
                tried.append((Check(current.name, text, family_ok, milder_ok, affect.family, affect.intensity), affect))
            checks.extend(tried)
            passing = [item for item in tried if item[0].ok]
            if passing:
                # Any candidate nearly as close as the closest will do: the first of them, for variety.
                nearest = min(_distance(c.intensity, request.target.intensity) for c, _ in passing)
                best, affect = next(item for item in passing if _distance(item[0].intensity, request.target.intensity) <= nearest + TOLERANCE)
                return LoopResult(best.text, affect, current.name, tuple(c for c, _ in checks), note)
            avoid.update(texts)
        if current is not fallback and note is None:
            note = f"the {current.name} responder's replies missed the target after {1 + max_retries} tries; answered with templates"
    pool = [(c, a) for c, a in checks if c.responder == fallback.name] or checks
    if not pool:
        raise ResponderError("no responder produced a reply; check the template file in prompts/")
    best, affect = min(
        pool, key=lambda item: (item[0].text in request.avoid, not item[0].family_ok, not item[0].milder_ok, item[0].intensity)
    )
    return LoopResult(best.text, affect, best.responder, tuple(c for c, _ in checks), note)
