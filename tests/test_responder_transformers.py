"""The local causal-LM responder with a tiny, randomly initialised GPT-2 built in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from mirrorbot.errors import ModelNotFoundError
from mirrorbot.mirror import MirrorBot, ResponseRequest
from mirrorbot.mirror.policy import MirrorPolicy
from mirrorbot.mirror.responders import create_responder, stream_reply
from mirrorbot.testing import FakeDetector, make_affect


@pytest.fixture(scope="module")
def tiny_lm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-gpt2")
    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    corpus = ["I hear you, that sounds annoying.", "System: you are a warm partner.", "User: I'm sad today. Assistant: I'm sorry."]
    tokenizer.train_from_iterator(corpus * 5, trainers.BpeTrainer(vocab_size=300, special_tokens=["<unk>", "<eos>"]))
    fast = PreTrainedTokenizerFast(tokenizer_object=tokenizer, unk_token="<unk>", eos_token="<eos>")
    fast.save_pretrained(folder)
    torch.manual_seed(0)
    config = GPT2Config(vocab_size=len(fast), n_positions=512, n_embd=32, n_layer=1, n_head=2,
                        bos_token_id=fast.eos_token_id, eos_token_id=fast.eos_token_id)
    GPT2LMHeadModel(config).save_pretrained(folder)
    return folder


def request() -> ResponseRequest:
    user = make_affect("sadness", 0.7)
    return ResponseRequest("My cat is sick and I'm sad.", user, MirrorPolicy().target(user))


def test_generates_text_from_the_folder(tiny_lm: Path) -> None:
    responder = create_responder("transformers", model=str(tiny_lm), max_new_tokens=8, temperature=0)
    first = responder.respond(request())
    assert isinstance(first, str) and first
    assert responder.respond(request()) == first  # greedy decoding is deterministic
    assert "".join(stream_reply(responder, request())).strip() == first


def test_random_text_misses_the_target_so_the_bot_falls_back(tiny_lm: Path) -> None:
    bot = MirrorBot(FakeDetector(), responder="transformers", model=str(tiny_lm), max_new_tokens=6, temperature=0, max_retries=1)
    turn = bot.reply("My cat is sick and I'm so sad.")
    lm_checks = [c for c in turn.checks if c.responder == "transformers"]
    assert len(lm_checks) == 2 and not any(c.ok for c in lm_checks)
    assert turn.responder == "template"
    assert turn.note and "transformers" in turn.note


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="does not exist"):
        create_responder("transformers", model=str(tmp_path / "nowhere"))
