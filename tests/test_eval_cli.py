"""`mirrorbot eval` through click's CliRunner, with the FakeDetector in place of the model."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from sample_data import sample_data_dir

from mirrorbot.cli import main
from mirrorbot.evaluation.peers import MajorityPeer, NrcPeer
from mirrorbot.testing import FakeDetector

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture(autouse=True)
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Detector the command builds is a FakeDetector; the peers leave out the (slower) zero-shot encoder."""
    monkeypatch.setattr("mirrorbot.detector.detector.Detector", lambda model=None, **_: FakeDetector())
    monkeypatch.setattr("mirrorbot.commands.eval._peers", lambda: [MajorityPeer(), NrcPeer()])


def test_eval_dataset_writes_json_and_report(tmp_path: Path) -> None:
    out, report = tmp_path / "m.json", tmp_path / "report"
    result = CliRunner().invoke(
        main, ["eval", "--dataset", "carer", "--data-dir", str(sample_data_dir()), "--json", str(out), "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert "carer test · 5 examples" in result.output and "examples/s" in result.output
    data = json.loads(out.read_text())
    assert data["accuracy"] == pytest.approx(0.6) and data["majority"]["accuracy"] == pytest.approx(0.4)
    assert {"macro_f1", "ekman_macro_f1", "nrc", "examples_per_s"} <= set(data)
    assert {p.name for p in report.iterdir()} >= {"report.md", "metrics.json", "confusion.png", "per_family_f1.png"}
    assert "examples/s" in (report / "report.md").read_text()


def test_eval_file_with_label_map():
    result = CliRunner().invoke(
        main, ["eval", "--file", str(SAMPLES / "mapped.csv"), "--label-map", str(SAMPLES / "my_map.json"), "--no-peers", "--json", "-"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{\n") :])
    assert data["dataset"] == "mapped.csv" and data["n"] == 2 and "majority" not in data


def test_eval_unknown_labels_exit_with_the_list():
    result = CliRunner().invoke(main, ["eval", "--file", str(SAMPLES / "unknown_labels.csv")])
    assert result.exit_code == 1
    assert re.search(re.escape("label(s) are not in the label map: 'meh' (2), 'bored stiff' (1)"), result.output)


def test_eval_needs_one_source():
    result = CliRunner().invoke(main, ["eval"])
    assert result.exit_code == 2 and "give either --dataset NAME or --file PATH" in result.output


def test_eval_mirror_reports_the_design_note_metrics(tmp_path: Path) -> None:
    out = tmp_path / "mirror.json"
    result = CliRunner().invoke(main, ["eval", "--mirror", "--file", str(SAMPLES / "messages.jsonl"), "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert {"fidelity", "mildness", "median_ratio", "distinct_2", "longest_identical_run", "safety_recall", "safety_false_alarms"} <= set(data)
    assert data["crisis_messages"] == 1.0 and data["ordinary_messages"] == 2.0
    assert "fidelity" in result.output


def test_eval_mirror_needs_a_file():
    result = CliRunner().invoke(main, ["eval", "--mirror", "--dataset", "carer"])
    assert result.exit_code == 2 and "--mirror needs --file MESSAGES" in result.output


def test_eval_file_of_ratings_scores_correlations_against_the_hand_computed_value():
    from scipy.stats import pearsonr

    from mirrorbot.testing import keyword_affect

    result = CliRunner().invoke(main, ["eval", "--file", str(SAMPLES / "rated.csv"), "--label-column", "valence",
                                       "--rating", "valence", "--json", "-"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{\n") :])
    texts = ["I love this so much", "This is terrible and I hate it", "The meeting is at noon", "What a happy day", "I am so sad today"]
    expected = pearsonr([keyword_affect(text).valence for text in texts], [4.5, 1.5, 3, 4, 2])[0]
    assert data["n"] == 5 and data["valence_pearson"] == pytest.approx(expected)
    notes = [note for system_notes in data["notes"].values() for note in system_notes]
    assert "arousal_pearson" not in data and not any(note.startswith("arousal") for note in notes)
    assert "valence_pearson" in data["nrc"]


def test_eval_file_of_ratings_names_the_line_and_column_of_a_non_number():
    result = CliRunner().invoke(main, ["eval", "--file", str(SAMPLES / "rated_bad.csv"), "--label-column", "valence",
                                       "--rating", "valence"])
    assert result.exit_code == 1
    assert "rated_bad.csv:3: column 3 ('valence'): expected a number (a rating), found 'n/a'" in result.output
