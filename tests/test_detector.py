"""The detector: real inference with the bundled model on a few sentences, and its failure modes."""

import json
import re
import shutil
import threading

import pytest

from mirrorbot.detector.detector import MAX_CHARS, Detector
from mirrorbot.errors import EmptyTextError, ModelNotFoundError
from mirrorbot.paths import DEFAULT_MODEL_DIR


def test_furious_is_anger_and_stronger_than_mild_annoyance(detector):
    furious, mild = detector.detect_batch(["They cancelled my flight again, I'm furious", "the wifi is a bit annoying"])
    assert furious.family == "anger"
    assert mild.family == "anger"
    assert furious.intensity > mild.intensity


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("I just got the job, I can't believe it, this is the best day ever!", "joy"),
        ("My grandmother passed away last night and I can't stop crying", "sadness"),
        ("I'm terrified of the surgery tomorrow", "fear"),
        ("The train leaves at 9:40 from platform 2.", "neutral"),
    ],
)
def test_families_of_plain_sentences(detector, text, family):
    assert detector.detect(text).family == family


def test_valence_follows_pleasantness(detector):
    happy, sad = detector.detect_batch(["What a lovely surprise, thank you so much!", "Everything went wrong and I feel awful"])
    assert happy.valence > 0.2 > -0.2 > sad.valence


def test_batch_keeps_order_and_matches_single_calls(detector):
    texts = ["I hate this", "ok", "I love you all so much", "Why would anyone do that?"]
    batch = detector.detect_batch(texts)
    singles = [detector.detect(text) for text in texts]
    assert [a.labels for a in batch] == [a.labels for a in singles]
    assert [round(a.intensity, 4) for a in batch] == [round(a.intensity, 4) for a in singles]


def test_thresholds_were_loaded_from_the_model_folder(detector):
    stored = json.loads((DEFAULT_MODEL_DIR / "thresholds.json").read_text())
    assert detector.thresholds == pytest.approx(stored)
    assert len(stored) == 28


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\x00\x01\x02"])
def test_empty_text_is_a_clear_error(detector, text):
    with pytest.raises(EmptyTextError, match="the text is empty"):
        detector.detect(text)


@pytest.mark.parametrize(
    "text",
    ["😀😀😀", "¿Dónde está la biblioteca? Estoy muy feliz", "これはペンです", "\x1b[31mred\x1b[0m alert\x07", "ÿþ\x00\x00junk\ufffd\ufffd"],
)
def test_odd_text_gets_a_sane_reading(detector, text):
    affect = detector.detect(text)
    assert len(affect.scores) == 28 and 0 <= affect.intensity <= 1 and -1 <= affect.valence <= 1


def test_long_text_is_read_in_windows_and_huge_text_is_cut_with_a_note(detector):
    long_text = "The weather report said clouds. " * 60 + "And then my dog died and I am heartbroken."
    affect = detector.detect(long_text)
    assert affect.extra["windows"] > 1
    assert affect.family == "sadness"  # the feeling at the end is not lost to truncation
    huge = detector.detect("blah " * (MAX_CHARS // 2))
    assert huge.extra["truncated_chars"] == pytest.approx(MAX_CHARS // 2 * 5 - MAX_CHARS)


def test_loading_is_lazy_and_happens_once_across_threads(monkeypatch):
    from mirrorbot.detector import backends

    calls = []
    real = backends.open_backend

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(backends, "open_backend", counting)
    lazy = Detector()
    assert not lazy.loaded and not calls
    results = []
    threads = [threading.Thread(target=lambda: results.append(lazy.detect("so happy today"))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len(results) == 4 and lazy.loaded


def test_missing_model_folder_says_what_to_do(tmp_path):
    with pytest.raises(ModelNotFoundError, match=re.escape(f"the model folder '{tmp_path / 'nope'}' does not exist")):
        Detector(tmp_path / "nope").load()
    with pytest.raises(ModelNotFoundError, match="holds neither mirrorbot.json"):
        Detector(tmp_path).load()


def test_incomplete_or_corrupt_model_folder(tmp_path):
    broken = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, broken)
    (broken / "heads.safetensors").unlink()
    with pytest.raises(ModelNotFoundError, match=r"lacks heads\.safetensors; rebuild it with `mirrorbot train`"):
        Detector(broken).load()
    shutil.copy(DEFAULT_MODEL_DIR / "heads.safetensors", broken / "heads.safetensors")
    (broken / "mirrorbot.json").write_text("{not json")
    with pytest.raises(ModelNotFoundError, match=r"mirrorbot\.json is corrupt"):
        Detector(broken).load()
