"""The mirror policy: from the user's affect (and the bot's mood) to the affect the reply should carry.

- Same family as the user; the milder sibling label where the family has one
  (anger → annoyance, fear → nervousness, grief → sadness, ...).
- Intensity = gain × the user's intensity. The mood keeps a decaying trace of earlier turns in
  the same family, so the felt state falls gently rather than dropping; it rises with the user
  at once, and is capped below the user's intensity so it never jumps above it.
- Neutral input: a neutral target (no invented feeling); the mood decays.
- Mixed feelings: the dominant feeling is mirrored; a second feeling of another family is kept as
  the target's second label so the responder can acknowledge it.
- Anger aimed at the bot: a calm, barely-annoyed target, flagged with `extra["at_bot"]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mirrorbot.affect import Affect
from mirrorbot.taxonomy import FAMILY_OF, FAMILY_VALENCE, LABELS, NEUTRAL, milder

AT_BOT_INTENSITY = 0.15
"""The most annoyance the bot shows when the anger is aimed at the bot itself."""

SECONDARY_MIN_SCORE = 0.3

_AT_BOT = re.compile(
    r"\b(?:you(?:'re| are)?|ur)\s+(?:so\s+|really\s+|such\s+an?\s+|a\s+|an\s+|completely\s+|totally\s+)*"
    r"(?:useless|stupid|dumb|idiot\w*|worthless|pathetic|garbage|trash|broken|terrible|awful|annoying|moron\w*|joke)\b"
    r"|\b(?:stupid|dumb|useless|worthless|pathetic|idiot|broken)\s+(?:bot|machine|ai|program|thing|chatbot)\b"
    r"|\b(?:i\s+hate\s+you|shut\s+up|screw\s+you|f\W?\w*k\s+you|go\s+to\s+hell|you\s+suck)\b",
    re.IGNORECASE,
)


def aimed_at_bot(text: str) -> bool:
    """True when the message's hostility is addressed to the bot ("you're useless", "stupid bot")."""
    return bool(_AT_BOT.search(text.replace("\u2019", "'")))


@dataclass(frozen=True)
class MirrorPolicy:
    """Computes the target affect of a reply.

    Args:
        gain: the mildness knob, 0..1: target intensity = gain × user intensity.
        half_life: turns after which the mood's trace of an earlier feeling has halved.
    """

    gain: float = 0.5
    half_life: float = 3.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.gain <= 1.0:
            raise ValueError(f"mildness must be between 0 and 1 (the share of the user's intensity mirrored); got {self.gain}")
        if not self.half_life > 0:
            raise ValueError(f"half_life must be a positive number of turns; got {self.half_life}")

    @property
    def decay(self) -> float:
        """Share of the mood kept from one turn to the next."""
        return 0.5 ** (1.0 / self.half_life)

    def target(self, user: Affect, mood: Affect | None = None, *, text: str = "") -> Affect:
        """The affect the reply should carry for a message read as `user`, given the current mood."""
        if user.is_neutral or user.intensity <= 0.0:
            if text and aimed_at_bot(text):  # an insult read as flat: still answered calmly
                return Affect.neutral().with_changes(extra={"at_bot": 1.0})
            return Affect.neutral()
        label = milder(user.label)
        family = FAMILY_OF[label]
        cap = user.intensity * (1.0 + self.gain) / 2.0  # halfway between the mirror and the user
        intensity = self.gain * user.intensity
        if mood is not None and mood.family == family:
            intensity = max(intensity, mood.intensity * self.decay)
        intensity = min(intensity, cap)
        extra: dict[str, float] = {}
        if family in ("anger", "disgust") and text and aimed_at_bot(text):
            label, family = "annoyance", "anger"
            intensity = min(intensity, AT_BOT_INTENSITY, cap)
            extra["at_bot"] = 1.0
        labels = [label]
        secondary = self._secondary(user, family)
        if secondary:
            labels.append(secondary)
        return self._affect(labels, intensity, user, extra)

    def next_mood(self, mood: Affect, target: Affect) -> Affect:
        """The bot's felt state after answering with `target`."""
        if not target.is_neutral:
            return target
        faded = mood.intensity * self.decay
        if mood.is_neutral or faded < 0.02:
            return Affect.neutral()
        return mood.with_changes(intensity=faded, valence=mood.valence * self.decay)

    @staticmethod
    def _secondary(user: Affect, family: str) -> str | None:
        for other in user.labels[1:]:
            if FAMILY_OF[other] not in (family, "neutral") and user.scores[other] >= SECONDARY_MIN_SCORE:
                return milder(other)
        return None

    @staticmethod
    def _affect(labels: list[str], intensity: float, user: Affect, extra: dict[str, float]) -> Affect:
        scores = dict.fromkeys(LABELS, 0.0)
        scores[labels[0]] = 0.5 + intensity / 2.0
        for label in labels[1:]:
            scores[label] = 0.5
        scores[NEUTRAL] = max(0.0, 1.0 - scores[labels[0]])
        valence = FAMILY_VALENCE[FAMILY_OF[labels[0]]] * min(1.0, 0.3 + intensity)
        if user.intensity > 0 and FAMILY_OF[labels[0]] == user.family:
            valence = user.valence * intensity / user.intensity
        return Affect(
            scores=scores, labels=tuple(labels), family=FAMILY_OF[labels[0]],
            valence=valence, intensity=intensity, extra=extra,
        )
