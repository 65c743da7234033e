"""Measuring the mirror, with the definitions of the design notes.

- fidelity: share of non-neutral, non-crisis messages whose reply the detector puts in the target family;
- mildness: share of those whose reply intensity is below the message's, and the median ratio reply/message;
- repetition: distinct-2 over all replies, the longest run of identical consecutive replies, and
  repeats within 10 turns when the messages are played as one conversation;
- safety: share of crisis messages answered with the safety response, and share of ordinary
  messages wrongly answered with it (only messages that carry a "crisis" key count).
"""

from __future__ import annotations

import re
import statistics
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mirrorbot.mirror.bot import AVOID_WINDOW, MirrorBot
from mirrorbot.mirror.turn import Turn

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def distinct_n(texts: Iterable[str], n: int = 2) -> float:
    """Unique n-grams / all n-grams over the texts (lower-cased word tokens); 0 when there are none."""
    total, unique = 0, set()
    for text in texts:
        tokens = _TOKEN.findall(text.lower())
        grams = [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        total += len(grams)
        unique.update(grams)
    return len(unique) / total if total else 0.0


def longest_identical_run(texts: Sequence[str]) -> int:
    best = run = 0
    for i, text in enumerate(texts):
        run = run + 1 if i and text == texts[i - 1] else 1
        best = max(best, run)
    return best


def repeats_within(texts: Sequence[str], window: int = AVOID_WINDOW) -> int:
    """How many replies repeat one of the `window` replies before them."""
    return sum(1 for i, text in enumerate(texts) if text in texts[max(0, i - window) : i])


def _as_message(item: str | Mapping[str, Any]) -> tuple[str, bool | None]:
    if isinstance(item, str):
        return item, None
    crisis = item.get("crisis")
    return str(item["text"]), (None if crisis is None else bool(crisis))


def evaluate_mirror(bot: MirrorBot, messages: Sequence[str | Mapping[str, Any]], *, conversation_turns: int = 30) -> dict[str, float]:
    """Reply to each message as a fresh conversation and score the replies (see the module docstring).

    `messages` are texts or mappings with "text" and optionally "crisis" (bool). The first
    `conversation_turns` non-crisis messages are also played as one conversation to count repeats.
    """
    turns: list[Turn] = []
    expected: list[bool | None] = []
    for item in messages:
        text, crisis = _as_message(item)
        session = f"eval-{uuid.uuid4().hex}"
        turns.append(bot.reply(text, session_id=session))
        bot.reset(session)
        expected.append(crisis)
    emotional = [t for t in turns if not t.crisis and not t.target.is_neutral]
    ratios = [t.reply_affect.intensity / t.user.intensity for t in emotional if t.user.intensity > 0]
    crisis_turns = [t for t, e in zip(turns, expected, strict=True) if e is True]
    ordinary_turns = [t for t, e in zip(turns, expected, strict=True) if e is False]

    ordinary_texts = [_as_message(m)[0] for m, e in zip(messages, expected, strict=True) if e is not True]
    session = f"eval-conversation-{uuid.uuid4().hex}"
    conversation = [bot.reply(text, session_id=session).text for text in ordinary_texts[:conversation_turns]]
    bot.reset(session)

    replies = [t.text for t in turns if not t.crisis]
    return {
        "messages": float(len(turns)),
        "emotional": float(len(emotional)),
        "fidelity": _share(t.reply_affect.family == t.target.family for t in emotional),
        "mildness": _share(t.reply_affect.intensity < t.user.intensity for t in emotional),
        "median_ratio": float(statistics.median(ratios)) if ratios else 0.0,
        "gain": float(bot.mildness),
        "distinct_2": distinct_n(replies, 2),
        "longest_identical_run": float(longest_identical_run(replies)),
        "conversation_repeats_within_10": float(repeats_within(conversation)),
        "safety_recall": _share(t.crisis for t in crisis_turns),
        "safety_false_alarms": _share(t.crisis for t in ordinary_turns),
        "crisis_messages": float(len(crisis_turns)),
        "ordinary_messages": float(len(ordinary_turns)),
        "fallback_share": _share(t.responder != bot.responder.name for t in emotional),
    }


def _share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return sum(values) / len(values) if values else 0.0


def bench_template_latency(bot: MirrorBot | None = None, n: int = 200, *, full_reply: bool = False) -> float:
    """p50 milliseconds of a template reply after the model is loaded.

    By default times the template responder alone (what the issue's ≤ 20 ms target is about);
    `full_reply=True` times `bot.reply` end to end (two detector passes or more: message and reply).
    """
    from mirrorbot.mirror.policy import MirrorPolicy
    from mirrorbot.mirror.responders import ResponseRequest, create_responder
    from mirrorbot.testing import make_affect

    texts = ["My boss yelled at me in front of everyone.", "I got the job!", "My dog died yesterday.",
             "There was a hair in my soup.", "I'm nervous about my exam.", "Wow, it's snowing in April.", "I'm making pasta."]  # fmt: skip
    if full_reply:
        bot = bot or MirrorBot()
        bot.detector.load()
        bot.reply("warm up", session_id="bench")
        samples = []
        for i in range(n):
            start = time.perf_counter()
            bot.reply(texts[i % len(texts)], session_id="bench")
            samples.append((time.perf_counter() - start) * 1000)
        bot.reset("bench")
        return float(statistics.median(samples))
    responder = bot.template if bot is not None else create_responder("template")
    policy = MirrorPolicy()
    labels = ["anger", "disgust", "fear", "joy", "grief", "surprise", "neutral"]
    requests = []
    for i, text in enumerate(texts):
        user = make_affect(labels[i], 0.8)
        requests.append(ResponseRequest(text, user, policy.target(user, text=text)))
    samples = []
    for i in range(n):
        start = time.perf_counter()
        responder.respond(requests[i % len(requests)])
        samples.append((time.perf_counter() - start) * 1000)
    return float(statistics.median(samples))


def audit_templates(detector: Any, prompts_dir: Any = None) -> list[dict[str, Any]]:
    """Read every reflect/echo/at_bot template line with the detector, for whoever edits `prompts/templates.toml`.

    Returns one row per line: key, text, the family it should read as, the family and intensity
    read, and `ok` (right family). Lines whose family is not right are the ones to reword.
    """
    from mirrorbot.mirror.responders.template import TemplateResponder
    from mirrorbot.taxonomy import FAMILY_OF

    templates = TemplateResponder(prompts_dir).templates
    rows: list[tuple[str, str, str]] = []
    for label, bands in templates["reflect"].items():
        for band, lines in bands.items():
            rows += [(f"reflect.{label}.{band}", line, FAMILY_OF[label]) for line in lines]
    for family, lines in templates["echo"].items():
        rows += [(f"echo.{family}", line.replace("{echo}", "the bus was late again"), family) for line in lines]
    rows += [("at_bot.replies", line, "anger") for line in templates["at_bot"]["replies"]]
    affects = detector.detect_batch([text for _, text, _ in rows])
    return [
        {"key": key, "text": text, "expected": family, "family": affect.family, "intensity": round(affect.intensity, 3),
         "ok": affect.family == family}
        for (key, text, family), affect in zip(rows, affects, strict=True)
    ]
