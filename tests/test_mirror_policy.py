"""The mirror policy: same family, milder, a mood that fades gently and never exceeds the user."""

from __future__ import annotations

import re

import pytest

from mirrorbot.affect import Affect
from mirrorbot.mirror.policy import AT_BOT_INTENSITY, MirrorPolicy, aimed_at_bot
from mirrorbot.taxonomy import FAMILY_OF, LABELS
from mirrorbot.testing import make_affect


@pytest.mark.parametrize(
    ("label", "expected"),
    [("anger", "annoyance"), ("fear", "nervousness"), ("grief", "sadness"), ("excitement", "joy"),
     ("surprise", "realization"), ("disgust", "disgust"), ("gratitude", "gratitude")],
)
def test_target_is_the_milder_sibling_in_the_same_family(label: str, expected: str) -> None:
    target = MirrorPolicy(gain=0.5).target(make_affect(label, 0.8))
    assert target.label == expected
    assert target.family == FAMILY_OF[label]
    assert target.intensity == pytest.approx(0.4)


@pytest.mark.parametrize("gain", [0.0, 0.25, 0.9])
def test_intensity_is_gain_times_user(gain: float) -> None:
    assert MirrorPolicy(gain=gain).target(make_affect("fear", 0.6)).intensity == pytest.approx(gain * 0.6)


def test_neutral_input_gets_a_neutral_target() -> None:
    target = MirrorPolicy().target(make_affect("neutral", 0.05), make_affect("anger", 0.4))
    assert target.is_neutral and target.intensity == 0.0


def test_mood_fades_gently_but_never_reaches_the_user() -> None:
    policy = MirrorPolicy(gain=0.5, half_life=3.0)
    mood = policy.target(make_affect("anger", 0.9))  # 0.45
    calmer = make_affect("annoyance", 0.5)
    target = policy.target(calmer, mood)
    assert target.intensity == pytest.approx(max(0.25, 0.45 * policy.decay))  # the trace lingers
    assert target.intensity < calmer.intensity  # ...but stays milder than the user
    tiny = make_affect("annoyance", 0.2)
    assert policy.target(tiny, mood).intensity == pytest.approx(0.2 * 0.75)  # capped halfway


def test_mood_rises_with_the_user_at_once_and_ignores_other_families() -> None:
    policy = MirrorPolicy(gain=0.5)
    mood = policy.target(make_affect("sadness", 0.2))
    assert policy.target(make_affect("grief", 0.9), mood).intensity == pytest.approx(0.45)
    assert policy.target(make_affect("joy", 0.4), policy.target(make_affect("anger", 0.9))).intensity == pytest.approx(0.2)


def test_next_mood_decays_on_neutral_turns_with_the_half_life() -> None:
    policy = MirrorPolicy(gain=0.5, half_life=2.0)
    mood = policy.target(make_affect("fear", 0.8))
    for _ in range(2):
        mood = policy.next_mood(mood, Affect.neutral())
    assert mood.family == "fear"
    assert mood.intensity == pytest.approx(0.4 / 2)
    for _ in range(20):
        mood = policy.next_mood(mood, Affect.neutral())
    assert mood.is_neutral


def test_mixed_feelings_mirror_the_dominant_and_keep_the_other() -> None:
    scores = dict.fromkeys(LABELS, 0.01)
    scores.update(joy=0.8, nervousness=0.6)
    user = Affect(scores=scores, labels=("joy", "nervousness"), family="joy", valence=0.3, intensity=0.7)
    target = MirrorPolicy().target(user)
    assert target.labels == ("amusement", "nervousness")
    assert target.family == "joy"


def test_anger_at_the_bot_is_met_calmly() -> None:
    text = "You're useless, stupid bot"
    target = MirrorPolicy(gain=0.9).target(make_affect("anger", 0.95), text=text)
    assert target.family == "anger" and target.label == "annoyance"
    assert target.intensity <= AT_BOT_INTENSITY
    assert target.extra["at_bot"] == 1.0
    assert not aimed_at_bot("My boss is useless and I hate my job")


def test_policy_validates_its_settings() -> None:
    with pytest.raises(ValueError, match=re.escape("mildness must be between 0 and 1")):
        MirrorPolicy(gain=1.5)
    with pytest.raises(ValueError, match="half_life must be a positive"):
        MirrorPolicy(half_life=0)
