"""Building the LLM prompt from `prompts/system.md` and a request: the target affect goes into the system prompt."""

from __future__ import annotations

from pathlib import Path

from mirrorbot.errors import ResponderError
from mirrorbot.mirror.responders.base import ResponseRequest
from mirrorbot.paths import PROMPTS_DIR
from mirrorbot.taxonomy import FAMILY_OF

SYSTEM_FILE = "system.md"

FEELING_WORDS = {
    "annoyance": "annoyed on their behalf", "anger": "annoyed on their behalf", "disapproval": "disapproving",
    "disgust": "a bit grossed out", "fear": "a little worried with them", "nervousness": "a little worried with them",
    "joy": "happy for them", "amusement": "amused and pleased", "approval": "approving", "excitement": "glad",
    "gratitude": "grateful", "love": "warm", "optimism": "hopeful", "relief": "relieved", "pride": "proud of them",
    "admiration": "admiring", "desire": "wistful", "caring": "caring", "sadness": "sad with them",
    "disappointment": "a bit disappointed with them", "embarrassment": "a little embarrassed for them",
    "grief": "sad with them", "remorse": "sorry", "surprise": "surprised", "realization": "struck by it",
    "confusion": "a little puzzled", "curiosity": "curious", "neutral": "calm and friendly",
}  # fmt: skip


def intensity_words(intensity: float) -> str:
    if intensity < 0.15:
        return "barely"
    if intensity < 0.3:
        return "a little"
    if intensity < 0.5:
        return "moderately"
    return "clearly, but still less than they do"


def load_system_template(prompts_dir: str | Path | None = None) -> str:
    path = Path(prompts_dir or PROMPTS_DIR) / SYSTEM_FILE
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise ResponderError(f"cannot read the LLM system prompt {str(path)!r} ({error}); pass prompts_dir= a folder with {SYSTEM_FILE}") from None


def system_prompt(template: str, request: ResponseRequest) -> str:
    """The system prompt for one request, carrying the target affect."""
    target = request.target
    secondary = ""
    for label in target.labels[1:]:
        if FAMILY_OF[label] != target.family:
            secondary = f" They also sound {FEELING_WORDS.get(label, label)}; acknowledge that briefly."
            break
    if target.extra.get("at_bot"):
        secondary += " They are angry at you: answer calmly, apologise for what went wrong, ask what they need."
    values = {
        "feeling": FEELING_WORDS.get(target.label, target.label),
        "label": target.label,
        "family": target.family,
        "intensity": f"{target.intensity:.2f}",
        "intensity_percent": str(round(target.intensity * 100)),
        "intensity_words": intensity_words(target.intensity),
        "secondary": secondary,
    }
    try:
        return template.format_map(values)
    except (KeyError, ValueError) as error:
        raise ResponderError(
            f"the system prompt has an unknown or broken placeholder ({error}); "
            f"expected only {', '.join('{' + k + '}' for k in values)}"
        ) from None


def chat_messages(template: str, request: ResponseRequest) -> list[dict[str, str]]:
    """OpenAI-style messages: system, the history, then the user's message."""
    messages = [{"role": "system", "content": system_prompt(template, request)}]
    for user_text, reply in request.history:
        messages += [{"role": "user", "content": user_text}, {"role": "assistant", "content": reply}]
    messages.append({"role": "user", "content": request.user_text})
    return messages
