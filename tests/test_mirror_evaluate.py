"""`evaluate_mirror` and its metrics; one pass with the real bundled detector."""

from __future__ import annotations

import json

import pytest

from mirrorbot.mirror import MirrorBot
from mirrorbot.mirror.evaluate import distinct_n, evaluate_mirror, longest_identical_run, repeats_within
from mirrorbot.paths import PROJECT_DATA_DIR
from mirrorbot.testing import FakeDetector


def test_distinct_and_runs() -> None:
    assert distinct_n(["a b c", "a b d"]) == pytest.approx(3 / 4)
    assert distinct_n([]) == 0.0
    assert longest_identical_run(["x", "y", "y", "y", "x"]) == 3
    assert repeats_within(["a", "b", "a"] + ["c"] * 0, window=10) == 1
    assert repeats_within(["a"] + [str(i) for i in range(10)] + ["a"], window=10) == 0


def test_evaluate_mirror_returns_plain_floats() -> None:
    bot = MirrorBot(FakeDetector(), seed=1)
    messages = ["I'm furious!", "I'm so sad", "hello", {"text": "I want to kill myself", "crisis": True},
                {"text": "I could kill for a pizza", "crisis": False}]
    result = evaluate_mirror(bot, messages, conversation_turns=5)
    assert all(isinstance(value, float) for value in result.values())
    assert result["messages"] == 5 and result["emotional"] == 2
    assert result["safety_recall"] == 1.0 and result["safety_false_alarms"] == 0.0
    assert result["gain"] == 0.5 and 0 < result["distinct_2"] <= 1
    assert bot.session("default").turns == 0  # evaluation leaves no sessions behind


def test_dev_set_covers_every_family_and_level() -> None:
    rows = [json.loads(line) for line in (PROJECT_DATA_DIR / "mirror_dev.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 150
    for family in ("anger", "disgust", "fear", "joy", "sadness", "surprise"):
        assert {row["level"] for row in rows if row["family"] == family} >= {"low", "mid", "high"}
    assert any(row["family"] == "neutral" for row in rows)


def test_real_detector_mirrors_a_few_messages(detector) -> None:  # noqa: ANN001
    bot = MirrorBot(detector, seed=11)
    for text in ("I'm absolutely furious, they towed my car from my own driveway.", "My dog died today and I can't stop crying."):
        turn = bot.reply(text)
        assert turn.reply_affect.family == turn.user.family == turn.target.family, turn.text
        assert turn.reply_affect.intensity < turn.user.intensity
    crisis = bot.reply("I've got the pills ready")
    assert crisis.crisis and "trust" in crisis.text
