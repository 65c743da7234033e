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
