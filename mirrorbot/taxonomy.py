"""The GoEmotions taxonomy: 28 labels, their Ekman families, sentiment and the milder-sibling ladder.

Source: Demszky et al. 2020 and the dataset's own `ekman_mapping.json` / `sentiment_dict.json`.
"""

from __future__ import annotations

from typing import Final

LABELS: Final[tuple[str, ...]] = (
    "admiration", "amusement", "anger", "annoyance", "approval", "caring", "confusion",
    "curiosity", "desire", "disappointment", "disapproval", "disgust", "embarrassment",
    "excitement", "fear", "gratitude", "grief", "joy", "love", "nervousness", "optimism",
    "pride", "realization", "relief", "remorse", "sadness", "surprise", "neutral",
)  # fmt: skip
"""The 28 GoEmotions labels in the dataset's id order (27 emotions + neutral)."""

NEUTRAL: Final = "neutral"

FAMILY_MEMBERS: Final[dict[str, tuple[str, ...]]] = {
    "anger": ("anger", "annoyance", "disapproval"),
    "disgust": ("disgust",),
    "fear": ("fear", "nervousness"),
    "joy": (
        "joy", "amusement", "approval", "excitement", "gratitude", "love", "optimism",
        "relief", "pride", "admiration", "desire", "caring",
    ),  # fmt: skip
    "sadness": ("sadness", "disappointment", "embarrassment", "grief", "remorse"),
    "surprise": ("surprise", "realization", "confusion", "curiosity"),
    "neutral": ("neutral",),
}
"""Ekman family -> its GoEmotions labels."""

FAMILIES: Final[tuple[str, ...]] = tuple(FAMILY_MEMBERS)
"""The seven Ekman families (six emotions + neutral)."""

FAMILY_OF: Final[dict[str, str]] = {
    label: family for family, members in FAMILY_MEMBERS.items() for label in members
}

SENTIMENT_OF: Final[dict[str, str]] = {
    **{
        label: "positive"
        for label in (
            "amusement", "excitement", "joy", "love", "desire", "optimism", "caring", "pride",
            "admiration", "gratitude", "relief", "approval",
        )
    },
    **{
        label: "negative"
        for label in (
            "fear", "nervousness", "remorse", "embarrassment", "disappointment", "sadness",
            "grief", "disgust", "anger", "annoyance", "disapproval",
        )
    },
    **{label: "ambiguous" for label in ("realization", "surprise", "curiosity", "confusion")},
    "neutral": "neutral",
}  # fmt: skip

MILDER_SIBLING: Final[dict[str, str]] = {
    "anger": "annoyance",
    "fear": "nervousness",
    "grief": "sadness",
    "sadness": "disappointment",
    "excitement": "joy",
    "joy": "amusement",
    "surprise": "realization",
}
"""One step down the ladder of each label that has a milder sibling in its family.

Labels absent here (disgust, annoyance, nervousness, ...) are already the mildest of their line:
the mirror keeps them and lowers the intensity.
"""

# How pleasant each family feels, used where a model has no valence head of its own.
FAMILY_VALENCE: Final[dict[str, float]] = {
    "anger": -0.7, "disgust": -0.7, "fear": -0.6, "joy": 0.8, "sadness": -0.7,
    "surprise": 0.1, "neutral": 0.0,
}  # fmt: skip


def family_of(label: str) -> str:
    """Return the Ekman family of a GoEmotions label; raise ValueError for unknown labels."""
    try:
        return FAMILY_OF[label]
    except KeyError:
        raise ValueError(f"unknown emotion label {label!r}; expected one of {', '.join(LABELS)}") from None


def milder(label: str, steps: int = 1) -> str:
    """Walk `steps` rungs down the milder-sibling ladder, stopping at the mildest label."""
    family_of(label)
    for _ in range(steps):
        label = MILDER_SIBLING.get(label, label)
    return label
