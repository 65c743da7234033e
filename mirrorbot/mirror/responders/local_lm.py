"""A responder that runs a local transformers causal LM from a model folder (or hub id)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mirrorbot.errors import ModelNotFoundError, ResponderError
from mirrorbot.mirror.responders.base import ResponseRequest
from mirrorbot.mirror.responders.prompting import chat_messages, load_system_template


class LocalLMResponder:
    """Generates the reply with `AutoModelForCausalLM`; the model loads on first use.

    Args:
        model: a local model folder (or a hub id, where there is network).
        max_new_tokens, temperature: generation settings (temperature 0: greedy).
        device: torch device.
    """

    name = "transformers"

    def __init__(
        self,
        model: str | Path | None = None,
        *,
        max_new_tokens: int = 60,
        temperature: float = 0.7,
        device: str = "cpu",
        prompts_dir: str | Path | None = None,
        **_ignored: Any,
    ) -> None:
        if model is None:
            raise ResponderError("the transformers responder needs model= a causal LM folder (--llm-model DIR)")
        self.model_name = str(model)
        looks_local = Path(self.model_name).expanduser().is_absolute() or self.model_name.startswith(".")
        if looks_local and not Path(self.model_name).expanduser().is_dir():
            raise ModelNotFoundError(f"the causal LM folder {self.model_name!r} does not exist; pass a folder with config.json and weights")
        self.max_new_tokens = max_new_tokens
        self.temperature = temperature
        self.device = device
        self.template = load_system_template(prompts_dir)
        self._model: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def _load(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            try:
                from transformers import AutoModelForCausalLM, AutoTokenizer

                self._tokenizer = AutoTokenizer.from_pretrained(self.model_name)
                self._model = AutoModelForCausalLM.from_pretrained(self.model_name).to(self.device).eval()
            except (OSError, ValueError) as error:
                raise ResponderError(f"cannot load the causal LM {self.model_name!r}: {error}") from None

    def _prompt(self, request: ResponseRequest) -> str:
        messages = chat_messages(self.template, request)
        if getattr(self._tokenizer, "chat_template", None):
            return self._tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        lines = [f"{m['role'].capitalize()}: {m['content']}" for m in messages]
        return "\n".join(lines) + "\nAssistant:"

    def _generate_kwargs(self, request: ResponseRequest) -> dict[str, Any]:
        self._load()
        inputs = self._tokenizer(self._prompt(request), return_tensors="pt", truncation=True,
                                 max_length=getattr(self._model.config, "n_positions", 1024) - self.max_new_tokens)
        pad = self._tokenizer.pad_token_id if self._tokenizer.pad_token_id is not None else self._tokenizer.eos_token_id
        sample = self.temperature > 0
        return {
            **{key: value.to(self.device) for key, value in inputs.items() if key in ("input_ids", "attention_mask")},
            "max_new_tokens": self.max_new_tokens, "do_sample": sample, "pad_token_id": pad,
            **({"temperature": self.temperature} if sample else {}),
        }

    def respond(self, request: ResponseRequest) -> str:
        import torch

        kwargs = self._generate_kwargs(request)
        with torch.inference_mode():
            output = self._model.generate(**kwargs)
        new_tokens = output[0, kwargs["input_ids"].shape[1] :]
        return self._tokenizer.decode(new_tokens, skip_special_tokens=True).strip()

    def stream(self, request: ResponseRequest) -> Iterator[str]:
        from transformers import TextIteratorStreamer

        kwargs = self._generate_kwargs(request)
        streamer = TextIteratorStreamer(self._tokenizer, skip_prompt=True, skip_special_tokens=True)
        worker = threading.Thread(target=self._model.generate, kwargs={**kwargs, "streamer": streamer}, daemon=True)
        worker.start()
        yield from (piece for piece in streamer if piece)
        worker.join()
