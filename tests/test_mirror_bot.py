"""`MirrorBot`: turns, sessions, safety, the closed loop, fallbacks, thread safety, async."""

from __future__ import annotations

import asyncio
import re
import threading

import pytest

from mirrorbot.errors import EmptyTextError, ResponderError
from mirrorbot.mirror import MirrorBot, ResponseRequest, SQLiteStore, Turn
from mirrorbot.mirror.responders import create_responder, register_responder
from mirrorbot.mirror.responders.registry import UnknownResponderError
from mirrorbot.testing import FakeDetector, make_affect


class Scripted:
    """A responder that says the same thing every time and records its requests."""

    def __init__(self, text: str = "Whatever.", name: str = "scripted", fail: Exception | None = None) -> None:
        self.name, self.text, self.fail = name, text, fail
        self.requests: list[ResponseRequest] = []

    def respond(self, request: ResponseRequest) -> str:
        self.requests.append(request)
        if self.fail:
            raise self.fail
        return self.text


def bot(**kwargs: object) -> MirrorBot:
    return MirrorBot(FakeDetector(), seed=3, **kwargs)  # type: ignore[arg-type]


def test_reply_returns_a_full_turn() -> None:
    turn = bot().reply("I'm furious, my boss yelled at me", session_id="s1")
    assert isinstance(turn, Turn)
    assert turn.user.family == "anger" and turn.target.label == "annoyance"
    assert turn.target.intensity == pytest.approx(0.5 * turn.user.intensity)
    assert turn.text and not turn.crisis and turn.session_id == "s1" and turn.responder == "template"
    assert set(turn.timings) == {"detect", "respond", "check", "total"}
    assert turn.timings["total"] >= turn.timings["detect"]
    used = [check for check in turn.checks if check.text == turn.text]
    assert len(used) == 1 and used[0].ok  # the reply given is one the closed loop read and passed
    record = turn.to_dict()
    assert set(record) == {"text", "reply", "user", "target", "reply_affect", "crisis", "session_id", "responder", "note", "timings"}
    assert record["text"] == "I'm furious, my boss yelled at me" and record["reply"] == turn.text
    assert record["user"]["family"] == "anger"


def test_closed_loop_accepts_a_reply_in_the_target_family_that_is_milder() -> None:
    scripted = Scripted("That sounds annoying, I get it.")
    turn = bot(responder=scripted).reply("I'm furious about the rent")
    assert turn.responder == "scripted" and turn.text == scripted.text
    assert len(turn.checks) == 1 and turn.checks[0].family_ok and turn.checks[0].milder_ok
    assert scripted.requests[0].target.family == "anger"


def test_closed_loop_retries_then_falls_back_to_templates() -> None:
    scripted = Scripted("I'm so happy for you!")  # wrong family for an angry message
    detector = FakeDetector()
    b = MirrorBot(detector, responder=scripted, max_retries=1, seed=2)
    turn = b.reply("I'm furious about the rent")
    assert len(scripted.requests) == 2  # one try + one retry
    assert [r.attempt for r in scripted.requests] == [0, 1]
    assert scripted.requests[1].avoid >= {"I'm so happy for you!"}
    assert turn.responder == "template"
    assert [c.responder for c in turn.checks][:2] == ["scripted", "scripted"]
    assert not turn.checks[0].family_ok
    assert turn.note and "scripted" in turn.note and "answered with templates" in turn.note


def test_a_louder_reply_is_rejected() -> None:
    scripted = Scripted("This is SO annoying, I'm furious too!!")
    turn = MirrorBot(FakeDetector(), responder=scripted, max_retries=0, seed=1).reply("I'm a bit annoyed")
    assert turn.checks[0].family_ok and not turn.checks[0].milder_ok
    assert turn.responder == "template"


def test_responder_errors_fall_back_with_a_note() -> None:
    failing = Scripted(fail=ResponderError("LLM endpoint http://127.0.0.1:9 unreachable"))
    turn = bot(responder=failing).reply("I'm so sad today")
    assert turn.responder == "template" and turn.text
    assert turn.note == "LLM endpoint http://127.0.0.1:9 unreachable; answered with templates"


def test_crisis_is_never_mirrored() -> None:
    scripted = Scripted("That sounds sad.")
    b = MirrorBot(FakeDetector(make_affect("grief", 0.95)), responder=scripted, crisis_resources="Call 555-0100 now.")
    turn = b.reply("Everyone would be better off without me")
    assert turn.crisis and turn.responder == "safety"
    assert "Call 555-0100 now." in turn.text and "trust" in turn.text
    assert turn.target.family != "sadness" and scripted.requests == []
    assert turn.to_dict()["crisis"] is True


def test_neutral_message_gets_a_neutral_target() -> None:
    turn = bot().reply("I'm making pasta for dinner.")
    assert turn.target.is_neutral and turn.text


def test_empty_text_raises() -> None:
    with pytest.raises(EmptyTextError, match="empty"):
        bot().reply("   \n\x00 ")


@pytest.mark.parametrize(
    "text", ["I'm so sad " * 5000, "hello\x00\x07 there\u202e", "😂😂😂", "🔥", "Je suis très fatigué aujourd'hui", "我今天很开心", "?!?!"]
)
def test_odd_input_gets_a_sane_reply(text: str) -> None:
    turn = bot().reply(text)
    assert turn.text.strip() and len(turn.text) < 1000 and not turn.crisis


def test_no_identical_reply_within_ten_turns() -> None:
    b = bot()
    replies = [b.reply("I'm so sad today", session_id="c").text for _ in range(25)]
    for i, reply in enumerate(replies):
        assert reply not in replies[max(0, i - 10) : i]


def test_sessions_are_separate_and_reset_forgets() -> None:
    b = bot()
    b.reply("I'm furious!", session_id="a")
    b.reply("I'm furious!", session_id="a")
    b.reply("I'm happy", session_id="b")
    assert b.session("a").turns == 2 and b.session("a").mood.family == "anger"
    assert b.session("b").mood.family == "joy"
    b.reset("a")
    assert b.session("a").turns == 0 and b.session("a").mood.is_neutral
    assert b.session("b").turns == 1


def test_mood_carries_across_turns_and_stays_below_the_user() -> None:
    b = bot(half_life=3.0)
    first = b.reply("I'm furious!!", session_id="m")
    second = b.reply("I'm a bit annoyed", session_id="m")
    assert second.target.intensity > b.mildness * second.user.intensity  # the trace of the first turn
    assert second.target.intensity < second.user.intensity < first.user.intensity


def test_sqlite_store_keeps_moods_across_restarts(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "sessions.db"
    b = MirrorBot(FakeDetector(), store=SQLiteStore(path))
    b.reply("I'm terrified of tomorrow", session_id="u1")
    restarted = MirrorBot(FakeDetector(), store=SQLiteStore(path))
    session = restarted.session("u1")
    assert session.turns == 1 and session.mood.family == "fear"
    assert session.history[0].user_text == "I'm terrified of tomorrow"
    restarted.reset("u1")
    assert MirrorBot(FakeDetector(), store=SQLiteStore(path)).session("u1").turns == 0


def test_one_session_from_many_threads_counts_every_turn() -> None:
    b = bot()
    errors: list[BaseException] = []

    def talk() -> None:
        try:
            for _ in range(5):
                b.reply("I'm sad", session_id="shared")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=talk) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert b.session("shared").turns == 40


async def test_areply_and_concurrent_sessions() -> None:
    b = bot()
    turns = await asyncio.gather(*(b.areply("I'm happy", session_id=f"s{i}") for i in range(6)))
    assert {t.session_id for t in turns} == {f"s{i}" for i in range(6)}
    assert all(t.target.family == "joy" for t in turns)


def test_mildness_and_responder_are_settable() -> None:
    b = bot()
    b.mildness = 0.2
    assert b.reply("I'm furious").target.intensity == pytest.approx(0.2 * 0.9)
    with pytest.raises(ValueError, match=re.escape("mildness must be between 0 and 1")):
        b.mildness = 2
    b.responder = Scripted("That's annoying.")
    assert b.reply("I'm furious").responder == "scripted"
    b.responder = "template"
    assert b.responder.name == "template"
    with pytest.raises(TypeError, match="responder must be"):
        b.responder = 42  # type: ignore[assignment]


def test_plugins_register_by_name_and_get_the_mirror() -> None:
    register_responder("echo-test", lambda **settings: Scripted(settings.get("text", "That's annoying."), name="echo-test"))
    b = MirrorBot(FakeDetector(), responder="echo-test", text="That sounds annoying.")
    turn = b.reply("I'm furious!")
    assert turn.responder == "echo-test" and turn.text == "That sounds annoying."
    with pytest.raises(UnknownResponderError, match=re.escape("unknown responder 'nope'; expected one of")):
        create_responder("nope")


def test_plugins_load_from_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib.metadata import EntryPoint

    from mirrorbot.mirror.responders import registry
    from mirrorbot.mirror.responders.template import TemplateResponder

    group = registry.ENTRY_POINT_GROUP
    points = [EntryPoint(name="ep-test", value="mirrorbot.mirror.responders.template:TemplateResponder", group=group),
              EntryPoint(name="ep-broken", value="no_such_module_xyz:factory", group=group)]
    monkeypatch.setattr(registry, "entry_points", lambda group: points if group == registry.ENTRY_POINT_GROUP else [])
    monkeypatch.setattr(registry, "_plugins_loaded", False)
    assert {"ep-test", "ep-broken", "template", "openai", "transformers"} <= set(registry.available_responders())
    assert isinstance(create_responder("ep-test", seed=1), TemplateResponder)
    with pytest.raises(ResponderError, match="the responder plugin 'ep-broken' failed to load"):
        create_responder("ep-broken")
