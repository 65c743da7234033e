import json

from click.testing import CliRunner

from mirrorbot.cli import main


def test_detect_json_prints_one_object_with_all_scores():
    result = CliRunner().invoke(main, ["detect", "--json", "They cancelled my flight again, I'm furious"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert set(record) == {"text", "labels", "family", "intensity", "valence", "scores"}
    assert record["family"] == "anger" and len(record["scores"]) == 28


def test_detect_prints_a_readable_summary():
    result = CliRunner().invoke(main, ["detect", "I miss my dad so much"])
    assert result.exit_code == 0
    assert result.output.startswith("sadness") and "intensity" in result.output


def test_detect_file_jsonl_keeps_order_and_marks_empty_lines(tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("I love this!\n\nThis is disgusting\n\x00\x01\nWhat a surprise\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["detect", "--input", str(source), "--jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["text"] for r in records] == ["I love this!", "", "This is disgusting", "\x00\x01", "What a surprise"]
    assert records[1] == {"text": "", "error": "empty text"} and records[3]["error"] == "empty text"
    assert records[0]["family"] == "joy" and records[2]["family"] == "disgust"


def test_empty_text_exits_2_with_a_clear_message():
    result = CliRunner().invoke(main, ["detect", "   "])
    assert result.exit_code == 2
    assert "the text is empty" in result.output


def test_missing_model_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["detect", "--model", str(tmp_path / "missing"), "hello there"])
    assert result.exit_code == 1
    assert "does not exist" in result.output and "Traceback" not in result.output
