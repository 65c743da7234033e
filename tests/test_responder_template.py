"""The template responder: composed, varied, never repeating what it was told to avoid, editable files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from mirrorbot.errors import ResponderError
from mirrorbot.mirror.echo import find_echo
from mirrorbot.mirror.evaluate import bench_template_latency, distinct_n
from mirrorbot.mirror.policy import MirrorPolicy
from mirrorbot.mirror.responders import ResponseRequest
from mirrorbot.mirror.responders.template import TemplateResponder, load_templates
from mirrorbot.paths import PROMPTS_DIR
from mirrorbot.testing import make_affect


def request(label: str, intensity: float, text: str = "It happened again today.", **kwargs: object) -> ResponseRequest:
    user = make_affect(label, intensity)
    return ResponseRequest(text, user, MirrorPolicy().target(user, text=text), **kwargs)  # type: ignore[arg-type]


def test_the_bundled_templates_load() -> None:
    data = load_templates(PROMPTS_DIR / "templates.toml")
    assert {"acknowledge", "reflect", "echo", "invite", "other", "neutral", "at_bot"} <= set(data)


def test_replies_vary_and_avoid_is_respected() -> None:
    responder = TemplateResponder(seed=1, echo_rate=0.0)
    replies = [responder.respond(request("anger", 0.8)) for _ in range(30)]
    assert len(set(replies)) >= 25
    assert distinct_n(replies) > 0.5
    avoid = frozenset(replies)
    assert all(responder.respond(request("anger", 0.8, avoid=avoid)) not in avoid for _ in range(10))


@pytest.mark.parametrize(
    ("label", "words"),
    [("anger", r"annoy|irritat|frustrat|bug|nerves|nuisance|tiresome"), ("grief", r"sorry|sad|hard|hurt|painful|heartbreak"),
     ("fear", r"nerv|worr|uneas|anxious|stress|scary|tense|unsettl"), ("disgust", r"gross|ew|yuck|icky|nasty|revolting|unappetizing|disgust|unpleasant")],
)
def test_reflect_part_speaks_the_target_feeling(label: str, words: str) -> None:
    responder = TemplateResponder(seed=2, echo_rate=0.0)
    for _ in range(10):
        assert re.search(words, responder.respond(request(label, 0.9)), re.I)


def test_low_and_high_bands_use_different_words() -> None:
    responder = TemplateResponder(seed=3, echo_rate=0.0)
    low = {responder._pick_reflect(MirrorPolicy().target(make_affect("annoyance", 0.3))) for _ in range(20)}
    high = {responder._pick_reflect(MirrorPolicy().target(make_affect("anger", 0.9))) for _ in range(20)}
    assert low.isdisjoint(high)


def test_echo_reflects_the_users_words_with_pronouns_turned() -> None:
    assert find_echo("My boss yelled at me in front of everyone.") == "your boss yelled at you in front of everyone"
    assert find_echo("I'm FURIOUS!!!") is None
    assert find_echo("Why did you do that?") is None
    responder = TemplateResponder(seed=4, echo_rate=1.0)
    reply = responder.respond(request("anger", 0.8, text="My landlord ignored my emails again."))
    assert "your landlord ignored your emails again" in reply.lower()


def test_anger_at_the_bot_is_answered_calmly() -> None:
    responder = TemplateResponder(seed=5)
    reply = responder.respond(request("anger", 0.9, text="You're useless, stupid bot"))
    assert re.search(r"sorry|fair|I hear you|I get it|I can see", reply)
    assert "useless" not in reply and "stupid" not in reply


def test_neutral_reply_invents_no_feeling() -> None:
    responder = TemplateResponder(seed=6, echo_rate=0.0)
    for _ in range(10):
        reply = responder.respond(request("neutral", 0.05, text="What's the capital of Australia?"))
        assert not re.search(r"sorry|annoy|sad|worr|gross|happy", reply, re.I)


def test_broken_template_file_says_what_is_missing(tmp_path: Path) -> None:
    shutil.copy(PROMPTS_DIR / "templates.toml", tmp_path / "templates.toml")
    text = (tmp_path / "templates.toml").read_text(encoding="utf-8")
    (tmp_path / "templates.toml").write_text(text.replace("\nreplies = [", "\nlines = ["), encoding="utf-8")
    with pytest.raises(ResponderError, match=re.escape("lacks these non-empty lists: at_bot.replies")):
        TemplateResponder(tmp_path)
    with pytest.raises(ResponderError, match="does not exist"):
        TemplateResponder(tmp_path / "nowhere")


def test_latency_benchmark_reports_milliseconds() -> None:
    p50 = bench_template_latency(n=50)
    assert 0 < p50 < 20
