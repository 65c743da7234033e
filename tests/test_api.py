"""The public library API: `from mirrorbot import ...` as a bot uses it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import mirrorbot
from mirrorbot import Affect, Detector, MirrorBot, SQLiteStore, Turn, register_responder
from mirrorbot.mirror.responders import ResponseRequest
from mirrorbot.taxonomy import LABELS
from mirrorbot.testing import FakeDetector


def test_the_public_names() -> None:
    assert mirrorbot.__version__ == "0.1.0"
    assert {"Affect", "Detector", "MirrorBot", "Turn", "__version__"} <= set(mirrorbot.__all__)
    for name in mirrorbot.__all__:
        assert getattr(mirrorbot, name) is not None
    assert set(mirrorbot.__all__) <= set(dir(mirrorbot))
    assert (Path(mirrorbot.__file__).parent / "py.typed").is_file()


def test_unknown_name_says_what_exists() -> None:
    with pytest.raises(
        AttributeError, match=r"module 'mirrorbot' has no attribute 'Mirrorbot'; the public names are Affect, "
    ):
        mirrorbot.Mirrorbot  # noqa: B018


def test_import_is_light() -> None:
    code = "import sys, mirrorbot; mirrorbot.Affect; mirrorbot.Detector; print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == "[]"


def test_detector_default_model_is_the_bundled_one() -> None:
    from mirrorbot.paths import DEFAULT_MODEL_DIR

    assert Detector().model_name == str(DEFAULT_MODEL_DIR)
    assert not Detector().loaded  # loads on first use, not on construction


def test_detect_and_detect_batch() -> None:
    detector: Detector = FakeDetector()
    affect = detector.detect("I am furious!")
    assert isinstance(affect, Affect)
    assert (affect.family, affect.label) == ("anger", "anger")
    batch = detector.detect_batch(["I am so happy", "what time is it?"])
    assert [item.family for item in batch] == ["joy", "neutral"]


def test_as_pipeline_is_the_transformers_shape() -> None:
    pipeline = FakeDetector().detect("I am scared").as_pipeline()
    assert len(pipeline) == len(LABELS)
    assert all(set(item) == {"label", "score"} for item in pipeline)
    assert pipeline[0] == {"label": "fear", "score": 0.9}
    scores = [item["score"] for item in pipeline]
    assert scores == sorted(scores, reverse=True)


def test_reply_gives_a_turn() -> None:
    bot = MirrorBot(FakeDetector())
    turn = bot.reply("I am so sad today", session_id="u1")
    assert isinstance(turn, Turn)
    assert turn.text.strip() and turn.user_text == "I am so sad today"
    assert turn.user.family == turn.target.family == "sadness"
    assert turn.target.intensity < turn.user.intensity
    assert isinstance(turn.reply_affect, Affect)
    assert turn.crisis is False and turn.session_id == "u1"


def test_crisis_is_flagged() -> None:
    turn = MirrorBot(FakeDetector()).reply("I want to kill myself")
    assert turn.crisis is True


async def test_async_variants() -> None:
    detector = FakeDetector()
    assert (await detector.adetect("I am thrilled")).family == "joy"
    assert [a.family for a in await detector.adetect_batch(["so happy", "so sad"])] == ["joy", "sadness"]
    turn = await MirrorBot(detector).areply("I am terrified of the storm", session_id="a")
    assert turn.user.family == "fear" and turn.session_id == "a"


def test_sessions_are_kept_per_id_in_memory() -> None:
    bot = MirrorBot(FakeDetector())
    bot.reply("I am furious", session_id="a")
    bot.reply("I am furious again", session_id="a")
    bot.reply("I am so happy", session_id="b")
    assert bot.session("a").turns == 2 and bot.session("a").mood.family == "anger"
    assert bot.session("b").turns == 1 and bot.session("b").mood.family == "joy"
    bot.reset("a")
    assert bot.session("a").turns == 0 and bot.session("a").mood.is_neutral


def test_sqlite_store_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    first = MirrorBot(FakeDetector(), store=SQLiteStore(path))
    first.reply("I am devastated", session_id="user-42")
    mood = first.session("user-42").mood
    del first

    again = MirrorBot(FakeDetector(), store=SQLiteStore(path))  # a new process would do the same
    session = again.session("user-42")
    assert session.turns == 1
    assert session.mood == mood and session.mood.family == "sadness"
    assert [e.user_text for e in session.history] == ["I am devastated"]


# -- bring your own responder ------------------------------------------------------------------------
class Recorder:
    """A responder that answers with one fixed line per family and records what it was asked."""

    name = "recorder"
    LINES = {"anger": "That sounds annoying.", "joy": "I'm glad about that.", "neutral": "I see."}

    def __init__(self, **settings: object) -> None:
        self.settings = settings
        self.requests: list[ResponseRequest] = []

    def respond(self, request: ResponseRequest) -> str:
        self.requests.append(request)
        return self.LINES.get(request.target.family, "Hm, that is quite gross.")


def test_a_registered_responder_gets_the_target_and_the_check() -> None:
    made: list[Recorder] = []

    def factory(**settings: object) -> Recorder:
        made.append(Recorder(**settings))
        return made[-1]

    register_responder("test-recorder", factory)
    bot = MirrorBot(FakeDetector(), responder="test-recorder", tone="dry")
    turn = bot.reply("I am furious about the rent", session_id="r")
    (responder,) = made
    assert responder.settings == {"tone": "dry"}
    (request,) = responder.requests
    assert request.user.family == "anger"
    assert request.target.family == "anger" and request.target.intensity < request.user.intensity
    assert (turn.text, turn.responder) == ("That sounds annoying.", "recorder")
    assert turn.reply_affect.family == "anger"  # the closed-loop check read the reply back


def test_a_responder_that_misses_the_target_falls_back_to_templates() -> None:
    bot = MirrorBot(FakeDetector(), responder=Recorder())
    turn = bot.reply("I am terrified of flying")  # Recorder has no fear line: its reply reads as disgust
    assert turn.responder == "template"
    assert turn.note and "missed the target" in turn.note


def test_safety_overrides_a_custom_responder() -> None:
    recorder = Recorder()
    turn = MirrorBot(FakeDetector(), responder=recorder).reply("I want to kill myself")
    assert turn.crisis is True and recorder.requests == []


def test_mildness_is_settable() -> None:
    bot = MirrorBot(FakeDetector())
    half = bot.reply("I am furious", session_id="half").target.intensity
    bot.mildness = 0.25
    assert bot.mildness == 0.25
    quarter = bot.reply("I am furious", session_id="quarter").target.intensity
    assert 0 < quarter < half
