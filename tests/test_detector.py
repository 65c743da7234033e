"""The detector: real inference with the bundled model on a few sentences, and its failure modes."""

import json
import re
import shutil
import threading

import numpy as np
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


@pytest.mark.parametrize("engine", ["onnx", "torch"])
def test_batch_keeps_order_and_matches_single_calls(engine):
    detector = Detector(engine=engine)
    texts = ["I hate this", "The meeting is at 3pm.", "I love you all so much", "Wow, I did not see that coming at all!"]
    batch = detector.detect_batch(texts)
    singles = [detector.detect(text) for text in texts]
    assert [a.family for a in batch] == [a.family for a in singles] == ["anger", "neutral", "joy", "surprise"]
    tolerance = 1e-5
    assert [a.intensity for a in batch] == pytest.approx([a.intensity for a in singles], abs=tolerance)


def test_fast_engine_reads_a_text_the_same_alone_or_among_others():
    backend = Detector(engine="onnx").load()._backend
    texts = [f"{'so ' * (i % 7)}happy about day {i}" if i % 2 else f"I am scared of exam {i}" for i in range(40)]
    together = backend.outputs(texts, 64)  # forty texts: they run on the worker pool, in input order
    assert backend._pool_session is not None
    alone = np.concatenate([backend.outputs([text], 64)["goemotions"] for text in texts])
    assert np.allclose(together["goemotions"], alone, atol=1e-6)
    assert {name: value.shape[0] for name, value in backend.outputs([], 64).items()} == dict.fromkeys(backend.names, 0)


def test_fast_engine_agrees_with_torch():
    texts = ["They cancelled my flight again, I'm furious", "the wifi is a bit annoying", "I miss you so much"]
    fast, exact = Detector(engine="onnx").detect_batch(texts), Detector(engine="torch").detect_batch(texts)
    assert Detector(engine="onnx").load().engine_name == "OnnxBackend"
    assert [a.family for a in fast] == [a.family for a in exact]
    for a, b in zip(fast, exact, strict=True):
        assert a.intensity == pytest.approx(b.intensity, abs=0.08)
        assert a.valence == pytest.approx(b.valence, abs=0.08)


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
    long_text = (
        "We drove to the coast on Saturday and the weather report said clouds all day. " * 25
        + "Then the vet called: my dog died this morning. I am heartbroken, I cried all night and I miss him so much."
    )
    affect = detector.detect(long_text)
    assert affect.extra["windows"] > 1
    assert affect.family == "sadness"  # the feeling at the end is not lost to truncation
    huge_text = "blah " * MAX_CHARS
    huge = detector.detect(huge_text)
    assert huge.extra["truncated_chars"] == len(huge_text.strip()) - MAX_CHARS


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
    shutil.copy(DEFAULT_MODEL_DIR / "mirrorbot.json", broken / "mirrorbot.json")
    (broken / "thresholds.json").write_text('["not", "a", "mapping"]')
    for engine in ("onnx", "torch"):
        with pytest.raises(ModelNotFoundError, match=r"thresholds\.json is corrupt"):
            Detector(broken, engine=engine).load()
