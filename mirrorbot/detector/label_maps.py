"""Map another model's labels into the 28 GoEmotions labels, so any emotion classifier gives an Affect.

Known label spaces: the 28 GoEmotions labels themselves, Ekman's 7 (anger, disgust, fear, joy,
neutral, sadness, surprise), CARER's 6 (+ love), DailyDialog's 7, and common synonyms
("happy", "angry", "others", ...). Each foreign label lands on the GoEmotions label that names the
same feeling; a foreign "joy" score becomes the GoEmotions "joy" score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mirrorbot.errors import ModelNotFoundError
from mirrorbot.taxonomy import LABELS

SYNONYMS: dict[str, str] = {
    "happy": "joy", "happiness": "joy", "joyful": "joy",
    "sad": "sadness", "angry": "anger", "rage": "anger", "mad": "anger",
    "scared": "fear", "afraid": "fear", "worry": "nervousness", "anxiety": "nervousness",
    "surprised": "surprise", "disgusted": "disgust", "shame": "embarrassment", "guilt": "remorse",
    "no emotion": "neutral", "none": "neutral", "others": "neutral", "other": "neutral", "neutrality": "neutral",
    "trust": "approval", "anticipation": "optimism", "contempt": "disapproval", "boredom": "neutral",
}  # fmt: skip


def to_goemotions(label: str) -> str | None:
    """The GoEmotions label a foreign label names, or None when it names none we know."""
    key = label.strip().lower().replace("_", " ")
    if key in LABELS:
        return key
    return SYNONYMS.get(key)


def build_map(labels: Iterable[str], overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """foreign label -> GoEmotions label for every label of a model; raise if one is unknown."""
    result = {}
    unknown = []
    extra = {key.lower(): value for key, value in (overrides or {}).items()}
    for label in labels:
        target = extra.get(label.lower()) or to_goemotions(label)
        if target is None or target not in LABELS:
            unknown.append(label)
        else:
            result[label] = target
    if unknown:
        raise ModelNotFoundError(
            f"the model's labels {unknown} do not name emotions mirrorbot knows; expected GoEmotions, "
            "Ekman or CARER label names (a model with LABEL_0-style names needs an id2label in its config.json)"
        )
    return result
