"""`mirrorbot reply`: one message, --json, --input FILE --jsonl, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mirrorbot.cli import main
from mirrorbot.commands import reply as reply_module
from mirrorbot.mirror import MirrorBot
from mirrorbot.testing import FakeDetector


@pytest.fixture(autouse=True)
def fake_bot(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    calls: list[dict] = []

    def build(model, mildness, responder, settings):  # noqa: ANN001, ANN202
        calls.append({"model": model, "mildness": mildness, "responder": responder, "settings": settings})
        return MirrorBot(FakeDetector(), mildness=mildness, responder=responder, seed=5)

    monkeypatch.setattr(reply_module, "build_bot", build)
    return calls


def run(*args: str, input: str | None = None):  # noqa: ANN201, A002
    return CliRunner().invoke(main, ["reply", *args], input=input)


def test_plain_reply_shows_message_reply_and_affects() -> None:
    result = run("I'm furious, my boss yelled at me")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "you: I'm furious, my boss yelled at me"
    assert lines[1].strip().startswith("anger: anger")
    assert lines[2].startswith("bot: ") and len(lines[2]) > 6
    assert lines[3].strip().startswith("target anger: annoyance · intensity 0.45")


def test_json_and_mildness(fake_bot: list[dict]) -> None:
    result = run("I'm furious", "--json", "--mildness", "0.2")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["text"] == "I'm furious" and record["reply"]
    assert record["target"]["family"] == "anger"
    assert record["target"]["intensity"] == pytest.approx(0.2 * record["user"]["intensity"], abs=1e-3)
    assert set(record["user"]) == {"labels", "family", "intensity", "valence", "scores"}
    assert fake_bot[0]["mildness"] == 0.2


def test_jsonl_treats_each_line_as_a_fresh_conversation(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("I'm furious!\n\nI'm so sad\nI want to kill myself\n", encoding="utf-8")
    result = run("--input", str(source), "--jsonl")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == 4
    assert set(records[0]) == {"text", "reply", "user", "target", "reply_affect", "crisis"}
    assert records[1] == {"text": "", "error": "empty text"}
    assert records[2]["target"]["family"] == "sadness" and records[2]["crisis"] is False
    assert records[3]["crisis"] is True
    # fresh conversations: the first line's anger leaves no trace in the next ones
    assert records[2]["target"]["intensity"] == pytest.approx(0.5 * records[2]["user"]["intensity"], abs=1e-3)


def test_stdin_input() -> None:
    result = run("--input", "-", "--jsonl", input="I'm happy\n")
    assert result.exit_code == 0 and json.loads(result.output)["user"]["family"] == "joy"


def test_empty_text_exits_2_with_a_clear_message() -> None:
    result = run("   ")
    assert result.exit_code == 2
    assert "Error: the text is empty" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [((), "give a TEXT to answer or --input FILE"), (("hi", "--jsonl"), "--jsonl goes with --input FILE"),
     (("hi", "--mildness", "1.5"), "1.5 is not in the range")],
)
def test_usage_errors(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2 and message in result.output


def test_llm_settings_reach_the_bot(fake_bot: list[dict], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reply_module, "build_bot", lambda *a: fake_bot.append(a) or MirrorBot(FakeDetector()))
    run("hi", "--responder", "openai", "--base-url", "http://127.0.0.1:1/v1", "--llm-model", "m", "--api-key", "k")
    assert fake_bot[-1][2:] == ("openai", {"base_url": "http://127.0.0.1:1/v1", "model": "m", "api_key": "k"})
