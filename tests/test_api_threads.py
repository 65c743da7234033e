"""Thread safety: many threads replying in many sessions at once give the same results as one thread."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from mirrorbot import MirrorBot
from mirrorbot.mirror.responders import ResponseRequest
from mirrorbot.testing import FakeDetector

SESSIONS = 24
THREADS = 12
MESSAGES = (
    "I am furious about the noise",
    "I feel devastated today",
    "I'm terrified of the dentist",
    "I'm ecstatic about the news",
    "That was disgusting",
    "I am shocked, honestly",
    "what time is the train?",
)


class Deterministic:
    """A responder whose reply is a function of the request only (the template responder draws from one
    shared random stream, so its words depend on the order threads reach it)."""

    name = "deterministic"
    WORDS = {
        "anger": "annoying",
        "fear": "nervous-making",
        "joy": "glad",
        "sadness": "disappointing",
        "disgust": "gross",
        "surprise": "makes me wonder",
        "neutral": "noted",
    }

    def respond(self, request: ResponseRequest) -> str:
        return f"That is {self.WORDS[request.target.family]} (turn {len(request.history)})."


def _script(session: int) -> list[str]:
    return [MESSAGES[(session + step) % len(MESSAGES)] for step in range(6)]


def _run_session(bot: MirrorBot, session: int, start: threading.Barrier | None = None) -> list[dict]:
    if start is not None:
        start.wait()
    return [bot.reply(text, session_id=f"s{session}").to_dict() for text in _script(session)]


def _comparable(turn: dict) -> dict:
    return {key: value for key, value in turn.items() if key != "timings"}


def test_many_threads_give_the_same_results_as_one() -> None:
    alone = MirrorBot(FakeDetector(), responder=Deterministic())
    expected = {s: [_comparable(t) for t in _run_session(alone, s)] for s in range(SESSIONS)}
    # every reply passed the closed-loop check (a template fallback would draw random words)
    assert {turn["responder"] for turns in expected.values() for turn in turns} == {"deterministic"}

    shared = MirrorBot(FakeDetector(), responder=Deterministic())
    start = threading.Barrier(THREADS)
    with ThreadPoolExecutor(THREADS) as pool:
        futures = {s: pool.submit(_run_session, shared, s, start if s < THREADS else None) for s in range(SESSIONS)}
        got = {s: [_comparable(t) for t in future.result(timeout=60)] for s, future in futures.items()}

    assert got == expected
    for s in range(SESSIONS):
        assert shared.session(f"s{s}").to_dict() == alone.session(f"s{s}").to_dict()


def test_many_threads_in_one_session_lose_no_turn() -> None:
    bot = MirrorBot(FakeDetector())
    per_thread = 5
    start = threading.Barrier(THREADS)

    def talk(index: int) -> None:
        start.wait()
        for step in range(per_thread):
            bot.reply(MESSAGES[(index + step) % len(MESSAGES)], session_id="crowd")

    with ThreadPoolExecutor(THREADS) as pool:
        for future in [pool.submit(talk, index) for index in range(THREADS)]:
            future.result(timeout=60)
    assert bot.session("crowd").turns == THREADS * per_thread
