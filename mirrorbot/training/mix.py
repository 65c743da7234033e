"""The training data mix: which datasets teach which head, turned into single-task batches.

The default model reads chat messages, tweets and first-person accounts, so it learns from:
- GoEmotions train (Reddit comments): the 28-label head;
- CARER train (tweets) and DailyDialog train (conversation turns): the same head through the
  family loss, so texts from those sources are not mistaken for neutral;
- WASSA-2017 train (tweets rated 0-1 for anger, fear, joy, sadness): the intensity head, plus
  neutral GoEmotions comments and DailyDialog "no emotion" turns at intensity 0;
- EmoBank train (sentences from several genres): the valence/arousal head;
- `data/events_train.jsonl` (project-written first-person accounts of everyday events, each
  with the Ekman family a reader infers): the family loss at half weight, so feelings implied by
  an event ("my boss took credit for my work") are not read as neutral.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import torch

from mirrorbot.datasets import WASSA_EMOTIONS, Example, iter_jsonl, load, sample
from mirrorbot.errors import DatasetError
from mirrorbot.paths import PROJECT_DATA_DIR
from mirrorbot.taxonomy import FAMILIES, LABELS

EVENTS_FILE = "events_train.jsonl"
EVENT_REPEATS = 2  # a small, clean set: seen twice per epoch
CARER_TWEETS = 8000  # before `other_sources`
DIALOG_TURNS = {"emotional": 6000, "quiet": 12000}  # before `other_sources`; DailyDialog itself is 83% quiet

CARER_FAMILY = {"sadness": "sadness", "joy": "joy", "love": "joy", "anger": "anger", "fear": "fear", "surprise": "surprise"}
DAILYDIALOG_FAMILY = {
    "no emotion": "neutral", "anger": "anger", "disgust": "disgust", "fear": "fear",
    "happiness": "joy", "sadness": "sadness", "surprise": "surprise",
}  # fmt: skip


@dataclass(frozen=True)
class Item:
    """One training text with the target and mask for one task."""

    text: str
    task: str  # "goemotions" | "family" | "events" | "intensity" | "vad" | "classes"
    target: tuple[float, ...]
    mask: tuple[float, ...] = ()


def _multi_hot(names: tuple[str, ...], space: tuple[str, ...]) -> tuple[float, ...]:
    return tuple(1.0 if name in names else 0.0 for name in space)


def goemotions_items(examples: list[Example]) -> list[Item]:
    return [Item(e.text, "goemotions", _multi_hot(e.labels, LABELS)) for e in examples]


def family_items(examples: list[Example], mapping: dict[str, str], task: str = "family") -> list[Item]:
    return [Item(e.text, task, _multi_hot((mapping[e.labels[0]],), FAMILIES)) for e in examples]


def event_examples(path: Path = PROJECT_DATA_DIR / EVENTS_FILE) -> list[Example]:
    """The project-written event accounts: `{"text", "family"}` per line."""
    if not path.is_file():
        raise DatasetError(f"expected the project's event set at {path}; restore it with `git checkout -- data/`")
    examples = []
    for number, record in iter_jsonl(path):
        if not isinstance(record.get("text"), str) or record.get("family") not in FAMILIES:
            raise DatasetError(f"{path}:{number}: expected {{\"text\": str, \"family\": one of {', '.join(FAMILIES)}}}")
        examples.append(Example(record["text"], (record["family"],)))
    return examples


def intensity_items(examples: list[Example]) -> list[Item]:
    items = []
    for example in examples:
        emotion = example.labels[0]
        target = tuple(example.values["intensity"] if name == emotion else 0.0 for name in WASSA_EMOTIONS)
        mask = tuple(1.0 if name == emotion else 0.0 for name in WASSA_EMOTIONS)
        items.append(Item(example.text, "intensity", target, mask))
    return items


def calm_items(texts: list[str]) -> list[Item]:
    """Texts that express no feeling: every intensity is 0."""
    zeros = (0.0,) * len(WASSA_EMOTIONS)
    return [Item(text, "intensity", zeros, (1.0,) * len(WASSA_EMOTIONS)) for text in texts]


def vad_items(examples: list[Example]) -> list[Item]:
    """EmoBank V and A (1-5) as valence in [-1, 1] and arousal in [0, 1]."""
    return [Item(e.text, "vad", ((e.values["V"] - 3.0) / 2.0, (e.values["A"] - 1.0) / 4.0), (1.0, 1.0)) for e in examples]


def class_items(examples: list[Example], labels: tuple[str, ...]) -> list[Item]:
    return [Item(e.text, "classes", (float(labels.index(e.labels[0])),)) for e in examples]


def other_source_counts(other_sources: float) -> dict[str, int]:
    """How many CARER tweets and emotional and quiet DailyDialog turns the default mix samples."""
    counts = {"carer": CARER_TWEETS, **{f"dialog_{kind}": count for kind, count in DIALOG_TURNS.items()}}
    return {name: int(count * other_sources) for name, count in counts.items()}


def default_mix(root: Path, seed: int, scale: float = 1.0, other_sources: float = 1.0) -> list[Item]:
    """The default model's training items (see the module docstring).

    `scale` shrinks every source; `other_sources` shrinks only the CARER and DailyDialog samples.
    """

    def cap(count: int) -> int:
        return max(1, int(count * scale))

    goemotions = load("goemotions", root, "train")
    goemotions = sample(goemotions, cap(len(goemotions)), seed)
    counts = other_source_counts(other_sources)
    carer = sample(load("carer", root, "train"), cap(counts["carer"]), seed)
    dialog = load("dailydialog", root, "train")
    emotional_turns = [e for e in dialog if e.labels[0] != "no emotion"]
    quiet_turns = [e for e in dialog if e.labels[0] == "no emotion" and len(e.text) > 12]
    dialog_mix = sample(emotional_turns, cap(counts["dialog_emotional"]), seed) + sample(quiet_turns, cap(counts["dialog_quiet"]), seed)
    wassa = load("wassa2017", root, "train")
    emobank = load("emobank", root, "train")
    neutral_texts = [e.text for e in goemotions if e.labels == ("neutral",)]
    calm = sample([Example(t) for t in neutral_texts], cap(1500), seed) + sample(quiet_turns, cap(1500), seed + 1)
    events = event_examples()
    events = sample(events, cap(len(events)), seed)
    return (
        goemotions_items(goemotions)
        + family_items(events, {family: family for family in FAMILIES}, task="events") * EVENT_REPEATS
        + family_items(carer, CARER_FAMILY)
        + family_items(dialog_mix, DAILYDIALOG_FAMILY)
        + intensity_items(sample(wassa, cap(len(wassa)), seed))
        + calm_items([e.text for e in calm])
        + vad_items(sample(emobank, cap(len(emobank)), seed))
    )


def batches(items: list[Item], batch_size: int, seed: int) -> list[list[Item]]:
    """Single-task batches of similar length (fast on a CPU), in a shuffled order.

    Within each task the items are shuffled, cut into pools of 50 batches, each pool sorted by
    length and cut into batches; then all batches are shuffled together.
    """
    rng = random.Random(seed)
    by_task: dict[str, list[Item]] = {}
    for item in items:
        by_task.setdefault(item.task, []).append(item)
    result: list[list[Item]] = []
    pool_size = batch_size * 50
    for task in sorted(by_task):
        group = by_task[task]
        rng.shuffle(group)
        for start in range(0, len(group), pool_size):
            pool = sorted(group[start : start + pool_size], key=lambda item: len(item.text))
            result.extend(pool[i : i + batch_size] for i in range(0, len(pool), batch_size))
    rng.shuffle(result)
    return result


def collate(batch: list[Item], tokenizer: object, max_length: int, device: str) -> dict[str, torch.Tensor]:
    """Tokenize a batch and stack its targets."""
    encoded = tokenizer([item.text for item in batch], padding=True, truncation=True, max_length=max_length, return_tensors="pt")  # type: ignore[operator]
    result = {"input_ids": encoded["input_ids"].to(device), "attention_mask": encoded["attention_mask"].to(device)}
    result["target"] = torch.tensor([item.target for item in batch], device=device)
    if batch[0].mask:
        result["mask"] = torch.tensor([item.mask for item in batch], device=device)
    return result
