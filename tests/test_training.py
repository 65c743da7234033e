"""A real training run, through the real training code, on a handful of examples written here."""

import json
from pathlib import Path

import pytest

from mirrorbot.detector.detector import Detector
from mirrorbot.training.train import TrainingArguments, train

SENTENCES = [
    ("I am so happy for you, congrats!", 17, "joy", "joy"),
    ("This makes me furious, what a joke", 2, "anger", "anger"),
    ("I'm scared of what happens next", 14, "fear", "fear"),
    ("I miss her so much, it hurts", 25, "sadness", "sadness"),
    ("The meeting moved to Tuesday.", 27, "joy", "no emotion"),
    ("Wow, I did not expect that at all", 26, "surprise", "surprise"),
]


def tiny_data(root: Path) -> Path:
    """Every file the default mix reads, with a few lines each, in each dataset's own format."""
    go = "".join(f"{text}\t{label}\tid{i}\n" for i, (text, label, _, _) in enumerate(SENTENCES))
    for split in ("train", "dev"):
        (root / "goemotions").mkdir(parents=True, exist_ok=True)
        (root / "goemotions" / f"{split}.tsv").write_text(go)
    (root / "carer").mkdir()
    carer = "".join(f"{text.lower()};{label}\n" for text, _, label, _ in SENTENCES)
    for name in ("train", "val"):
        (root / "carer" / f"{name}.txt").write_text(carer)
    dd_labels = ["no emotion", "anger", "disgust", "fear", "happiness", "sadness", "surprise"]
    for split in ("train", "validation"):
        folder = root / "dailydialog" / split
        folder.mkdir(parents=True)
        turns = " __eou__ ".join(text for text, *_ in SENTENCES) + " __eou__\n"
        ids = " ".join(str(dd_labels.index(d if d != "joy" else "happiness")) for *_, d in SENTENCES) + "\n"
        (folder / f"dialogues_{split}.txt").write_text(turns)
        (folder / f"dialogues_emotion_{split}.txt").write_text(ids)
    (root / "wassa2017").mkdir()
    for emotion in ("anger", "fear", "joy", "sadness"):
        for suffix in ("train", "dev.gold"):
            rows = "".join(f"{i}\t{text}\t{emotion}\t{0.2 + 0.1 * i:.3f}\n" for i, (text, *_) in enumerate(SENTENCES))
            (root / "wassa2017" / f"{emotion}-ratings-0to1.{suffix}.txt").write_text(rows)
    (root / "emobank").mkdir()
    lines = ["id,split,V,A,D,text"]
    for split in ("train", "dev"):
        lines += [f"{split}{i},{split},{2 + i * 0.4:.1f},3.0,3.0,\"{text}\"" for i, (text, *_) in enumerate(SENTENCES)]
    (root / "emobank" / "emobank.csv").write_text("\n".join(lines) + "\n")
    return root


def test_training_writes_a_loadable_model_with_thresholds_and_card(tmp_path):
    data = tiny_data(tmp_path / "data")
    out = tmp_path / "model"
    arguments = TrainingArguments(data_dir=data, output_dir=out, max_steps=4, batch_size=4, seed=7, events_weight=0.3, other_sources=0.5)
    record = train(arguments, progress=False)
    assert record["steps"] == 4
    for name in ("mirrorbot.json", "adapter_model.safetensors", "heads.safetensors", "thresholds.json", "README.md"):
        assert (out / name).is_file(), name
    thresholds = json.loads((out / "thresholds.json").read_text())
    assert len(thresholds) == 28 and all(0 < t < 1 for t in thresholds.values())
    card = (out / "README.md").read_text()
    assert "seed 7" in card and "goemotions_dev_tuned" in card
    assert "(4,000 tweets)" in card and "family loss (weight 0.3)" in card  # the card states this run's mix
    assert sum((out / f).stat().st_size for f in ("adapter_model.safetensors", "heads.safetensors")) < 10_000_000

    affect = Detector(out).detect("I am so happy for you")
    assert len(affect.scores) == 28 and 0 <= affect.intensity <= 1


def test_carer_training_gives_a_single_label_model(tmp_path):
    data = tiny_data(tmp_path / "data")
    out = tmp_path / "carer"
    record = train(TrainingArguments(data_dir=data, output_dir=out, dataset="carer", max_steps=2, batch_size=4), progress=False)
    assert "carer_dev" in record["dev"]
    affect = Detector(out).detect("i feel so scared")
    assert len(affect.labels) == 1 and affect.labels[0] in {"sadness", "joy", "love", "anger", "fear", "surprise"}


def test_arguments_are_validated(tmp_path):
    with pytest.raises(ValueError, match="cannot train on 'imdb'"):
        TrainingArguments(data_dir=tmp_path, output_dir=tmp_path, dataset="imdb")


def test_train_command_passes_the_family_weight_and_rejects_bad_settings(tmp_path):
    from click.testing import CliRunner

    from mirrorbot.cli import main

    data = tiny_data(tmp_path / "data")
    out = tmp_path / "model"
    result = CliRunner().invoke(main, ["train", "--data-dir", str(data), "--output", str(out), "--max-steps", "2",
                                       "--batch-size", "4", "--family-weight", "0.5"])
    assert result.exit_code == 0, result.output
    assert json.loads((out / "training.json").read_text())["arguments"]["family_weight"] == 0.5
    assert "Ekman\nfamily loss (weight 0.5)" in (out / "README.md").read_text()

    for option, value in (("--family-weight", "-1"), ("--max-steps", "0")):
        result = CliRunner().invoke(main, ["train", "--data-dir", str(data), "--output", str(out), option, value])
        assert result.exit_code == 2 and "must be" in result.output and "Traceback" not in result.output
