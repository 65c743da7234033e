"""The emotion network: a transformer encoder (LoRA-adapted), mean pooling and small task heads.

A saved model folder holds:
- `mirrorbot.json`: the base encoder, pooling, maximum length and the heads (name, kind, labels);
- `adapter_model.safetensors` + `adapter_config.json`: the peft LoRA adapter of the encoder;
- `heads.safetensors`: the task heads;
- `thresholds.json`: per-label decision thresholds (chosen on a dev split);
- `README.md` and `metrics.json`: the model card.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import torch
from torch import nn

from mirrorbot.detector.config import (
    CONFIG_FILE,
    HEADS_FILE,
    THRESHOLDS_FILE,
    HeadSpec,
    ModelConfig,
    check_folder,
    read_thresholds,
    resolve_base,
)
from mirrorbot.errors import ModelNotFoundError

__all__ = ["CONFIG_FILE", "EmotionModel", "HeadSpec", "ModelConfig", "build_for_training", "load", "save"]

def mean_pool(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Average the token vectors that the attention mask keeps."""
    weights = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-6)


def _make_head(spec: HeadSpec, width: int) -> nn.Module:
    if spec.hidden:
        return nn.Sequential(nn.Dropout(0.1), nn.Linear(width, spec.hidden), nn.GELU(), nn.Linear(spec.hidden, len(spec.labels)))
    return nn.Sequential(nn.Dropout(0.1), nn.Linear(width, len(spec.labels)))


class EmotionModel(nn.Module):
    """Encoder + mean pooling + one head per task; `forward` returns raw head outputs by name."""

    def __init__(self, encoder: nn.Module, config: ModelConfig) -> None:
        super().__init__()
        self.encoder = encoder
        self.config = config
        width = int(encoder.config.hidden_size)
        self.heads = nn.ModuleDict({spec.name: _make_head(spec, width) for spec in config.heads})

    def pooled(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        output = self.encoder(input_ids=input_ids, attention_mask=attention_mask)
        return mean_pool(output.last_hidden_state, attention_mask)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> dict[str, torch.Tensor]:
        pooled = self.pooled(input_ids, attention_mask)
        return {name: head(pooled) for name, head in self.heads.items()}


def build_for_training(config: ModelConfig, label_priors: dict[str, list[float]] | None = None) -> EmotionModel:
    """A fresh model: the base encoder wrapped with a new LoRA adapter, heads initialised.

    Multilabel heads start with their output bias at the label prior (logit of the training
    frequency): the stock zero bias leaves a MiniLM head stuck at the prior for hundreds of steps.
    """
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(resolve_base(config.base_model), add_pooling_layer=False)
    lora = LoraConfig(
        r=config.lora_rank,
        lora_alpha=config.lora_alpha,
        lora_dropout=config.lora_dropout,
        target_modules=["query", "key", "value", "dense"],
    )
    model = EmotionModel(get_peft_model(encoder, lora), config)
    for name, priors in (label_priors or {}).items():
        prior = torch.tensor(priors).clamp(1e-4, 1 - 1e-4)
        last = model.heads[name][-1]
        with torch.no_grad():
            last.bias.copy_(torch.log(prior / (1 - prior)))
    return model


def save(model: EmotionModel, folder: Path, thresholds: dict[str, float] | None = None) -> None:
    """Write the adapter, the heads, the config and the thresholds into `folder`."""
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    model.encoder.save_pretrained(str(folder))
    adapter_config = folder / "adapter_config.json"
    data = json.loads(adapter_config.read_text())
    data["base_model_name_or_path"] = model.config.base_model  # not this machine's site-packages path
    adapter_config.write_text(json.dumps(data, indent=2))
    heads = {key: value.detach().cpu().contiguous() for key, value in model.heads.state_dict().items()}
    save_file(heads, str(folder / HEADS_FILE))
    (folder / CONFIG_FILE).write_text(model.config.to_json())
    if thresholds is not None:
        (folder / THRESHOLDS_FILE).write_text(json.dumps(thresholds, indent=2))


def load(folder: Path, merge: bool = True) -> tuple[EmotionModel, dict[str, float]]:
    """Load a saved model for inference; the LoRA adapter is merged into the encoder by default."""
    from peft import PeftModel
    from safetensors.torch import load_file
    from transformers import AutoModel

    config = check_folder(folder)
    try:
        encoder = AutoModel.from_pretrained(resolve_base(config.base_model), add_pooling_layer=False)
        with warnings.catch_warnings():  # peft asks a deprecated transformers API; not the user's concern
            warnings.simplefilter("ignore", FutureWarning)
            encoder = PeftModel.from_pretrained(encoder, str(folder))
        if merge:
            encoder = encoder.merge_and_unload()
        model = EmotionModel(encoder, config)
        model.heads.load_state_dict(load_file(str(folder / HEADS_FILE)))
    except (OSError, RuntimeError, ValueError) as error:
        raise ModelNotFoundError(f"could not load the model in {folder}: {error}") from None
    thresholds = read_thresholds(folder)
    model.eval()
    return model, thresholds
