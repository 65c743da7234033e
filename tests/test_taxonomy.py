import pytest

from mirrorbot.taxonomy import (
    FAMILIES,
    FAMILY_MEMBERS,
    FAMILY_OF,
    LABELS,
    MILDER_SIBLING,
    SENTIMENT_OF,
    family_of,
    milder,
)


def test_28_labels_each_in_exactly_one_family():
    assert len(LABELS) == 28 and LABELS[-1] == "neutral"
    members = [label for labels in FAMILY_MEMBERS.values() for label in labels]
    assert sorted(members) == sorted(LABELS)
    assert set(FAMILIES) == {"anger", "disgust", "fear", "joy", "sadness", "surprise", "neutral"}


def test_matches_the_datasets_own_mappings(data_root):
    import json

    ekman = json.loads((data_root / "goemotions" / "ekman_mapping.json").read_text())
    for family, labels in ekman.items():
        assert set(FAMILY_MEMBERS[family]) == set(labels)
    sentiment = json.loads((data_root / "goemotions" / "sentiment_dict.json").read_text())
    for polarity, labels in sentiment.items():
        assert {SENTIMENT_OF[label] for label in labels} == {polarity}
    assert (data_root / "goemotions" / "labels.txt").read_text().split() == list(LABELS)


def test_milder_siblings_stay_in_their_family():
    for label, sibling in MILDER_SIBLING.items():
        assert FAMILY_OF[label] == FAMILY_OF[sibling]
    assert milder("anger") == "annoyance"
    assert milder("fear") == "nervousness"
    assert milder("grief") == "sadness" and milder("grief", steps=2) == "disappointment"
    assert milder("excitement") == "joy"
    assert milder("surprise") == "realization"
    assert milder("disgust") == "disgust"  # no milder sibling: the mirror keeps the label


def test_unknown_label_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown emotion label 'happyness'"):
        family_of("happyness")
