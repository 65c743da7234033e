import json

import pytest

from mirrorbot.affect import Affect
from mirrorbot.taxonomy import LABELS


def scores(**values: float) -> dict[str, float]:
    base = dict.fromkeys(LABELS, 0.01)
    base.update(values)
    return base


def test_from_scores_picks_labels_above_thresholds_best_first():
    affect = Affect.from_scores(scores(anger=0.7, annoyance=0.4, joy=0.3), {"annoyance": 0.35}, intensity=0.8)
    assert affect.labels == ("anger", "annoyance")
    assert affect.family == "anger"
    assert affect.valence < 0  # estimated from the families when no valence is given


def test_the_highest_label_above_threshold_leads():
    affect = Affect.from_scores(scores(neutral=0.7, disgust=0.45), {"neutral": 0.3, "disgust": 0.4}, intensity=0.3)
    assert affect.labels == ("neutral", "disgust") and affect.family == "neutral"


def test_nothing_above_threshold_falls_back_to_top_label():
    affect = Affect.from_scores(scores(curiosity=0.3), intensity=0.2)
    assert affect.labels == ("curiosity",) and affect.family == "surprise"


def test_values_are_clipped_and_immutable():
    affect = Affect.from_scores(scores(joy=0.9), intensity=1.7, valence=-3.0)
    assert affect.intensity == 1.0 and affect.valence == -1.0
    with pytest.raises(TypeError):
        affect.scores["joy"] = 0.1  # type: ignore[index]
    with pytest.raises(AttributeError):
        affect.intensity = 0.2  # type: ignore[misc]


def test_json_round_trip_and_shape():
    affect = Affect.from_scores(scores(fear=0.8), intensity=0.6, valence=-0.5)
    data = json.loads(json.dumps(affect.to_dict()))
    assert set(data) == {"labels", "family", "intensity", "valence", "scores"}
    assert len(data["scores"]) == 28
    assert Affect.from_dict(data).labels == affect.labels


def test_as_pipeline_is_highest_first():
    pipeline = Affect.from_scores(scores(joy=0.9, love=0.5), intensity=0.5).as_pipeline()
    assert pipeline[0] == {"label": "joy", "score": 0.9}
    assert [p["score"] for p in pipeline] == sorted((p["score"] for p in pipeline), reverse=True)
    assert len(pipeline) == 28


def test_rejects_incomplete_scores():
    with pytest.raises(ValueError, match="missing: admiration"):
        Affect(scores={"joy": 1.0}, labels=("joy",), family="joy", valence=0.5, intensity=0.5)


def test_family_presence_is_the_noisy_or_of_its_labels():
    from mirrorbot.affect import family_presence

    presence = family_presence(scores(anger=0.5, annoyance=0.4, disapproval=0.2))
    # anger family = anger, annoyance, disapproval: 1 - 0.5 * 0.6 * 0.8
    assert presence["anger"] == pytest.approx(1 - 0.5 * 0.6 * 0.8)
    assert presence["neutral"] == pytest.approx(0.01)


FAMILY_CUTS = {"anger": 0.5, "disgust": 0.5, "fear": 0.5, "joy": 0.9, "sadness": 0.5, "surprise": 0.5, "neutral": 0.3}


def test_family_thresholds_decide_the_family_and_labels_follow():
    # gratitude clears its own cut, but the joy family does not clear its cut: the reading is neutral
    polite = Affect.from_scores(scores(gratitude=0.8, neutral=0.4), {"gratitude": 0.7}, family_thresholds=FAMILY_CUTS, intensity=0.1)
    assert polite.family == "neutral" and polite.labels == ("neutral",)
    # without family thresholds the same scores read as joy (gratitude leads)
    assert Affect.from_scores(scores(gratitude=0.8, neutral=0.4), {"gratitude": 0.7}, intensity=0.1).family == "joy"


def test_a_family_read_without_a_label_above_its_cut_gets_its_top_label():
    # annoyance 0.4 and anger 0.3 are under their label cuts (0.5), but the anger family's presence (0.58) clears 0.5
    affect = Affect.from_scores(scores(anger=0.3, annoyance=0.4), {}, family_thresholds=FAMILY_CUTS, intensity=0.5)
    assert affect.family == "anger" and affect.labels == ("annoyance",)


def test_the_family_furthest_above_its_cut_leads_and_its_labels_come_first():
    # joy 0.95 has the higher score, but fear (presence 0.6 vs cut 0.5) is further above its cut than joy (0.95 vs 0.9)
    affect = Affect.from_scores(scores(joy=0.95, fear=0.6), {}, family_thresholds=FAMILY_CUTS, intensity=0.5)
    assert affect.family == "fear" and affect.labels == ("fear", "joy")
