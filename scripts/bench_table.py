"""Run `mirrorbot bench` (detector, mirror and chat timings) and write the README's speed table.

    python scripts/bench_table.py                      # prints the table, writes reports/bench.json
    python scripts/bench_table.py --readme README.md   # ... and replaces it between the bench markers
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")
ROWS = [
    # key, label, target
    ("single_p50_ms", "single message p50 (ms)", "≤ 3 and ≤ 0.4 × baseline"),
    ("single_p95_ms", "single message p95 (ms)", ""),
    ("baseline_fp32_p50_ms", "plain fp32 transformers forward, p50 (ms), same run", ""),
    ("ratio_to_baseline", "ratio p50 / baseline p50", "≤ 0.4"),
    ("long_p50_ms", "long message (~170 tokens, 2 windows) p50 (ms)", ""),
    ("batch_throughput", "batch throughput (texts/s, GoEmotions test, in process)", ""),
    ("file_jsonl_s", "GoEmotions test (5,427) through `detect --input --jsonl`, end to end (s, median of 3)", "≤ 10"),
    ("cold_start_s", "cold start: import + load + first detection (s)", "≤ 3"),
    ("peak_rss_mb", "peak RSS of the detector process (MB)", "≤ 500"),
    ("template_responder_p50_ms", "template responder p50 (ms)", "≤ 20"),
    ("mirror_reply_p50_ms", "full `MirrorBot.reply` p50 (ms, closed loop included)", ""),
    ("chat_window_up_s", "chat window up (s, median of 3 cold runs)", "≤ 1.5"),
    ("chat_first_reply_s", "chat first reply after start (s)", "≤ 5"),
    ("chat_later_reply_ms", "chat later reply, Enter to screen (ms)", "≤ 100"),
]


def table(result: dict[str, object]) -> str:
    lines = ["| measure | value | target |", "| --- | --- | --- |"]
    for key, label, target in ROWS:
        if key in result and isinstance(result[key], (int, float)):
            lines.append(f"| {label} | {float(result[key]):.2f} | {target} |")  # type: ignore[arg-type]
    lines.append(f"\nEngine: {result['engine']}. Written by `python scripts/bench_table.py` (`make bench`).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=Path("reports"))
    args = parser.parse_args(argv)
    from click.testing import CliRunner

    from mirrorbot.cli import main as cli
    from mirrorbot.evaluation.results import replace_between_markers

    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / "bench.json"
    run = CliRunner().invoke(cli, ["bench", "--mirror", "--chat", "--json", str(out)], catch_exceptions=False)
    if run.exit_code:
        print(run.output, file=sys.stderr)  # noqa: T201
        return run.exit_code
    text = table(json.loads(out.read_text()))
    if args.readme:
        args.readme.write_text(replace_between_markers(args.readme.read_text(), text, MARKERS))
    print(text)  # noqa: T201 - the table is this script's output
    return 0


if __name__ == "__main__":
    sys.exit(main())
