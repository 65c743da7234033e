"""Chat timings: window up, first reply after start, later replies (template responder).

Each run starts a fresh Python process (cold imports, cold model), opens the app headless at
80×24 on a fresh temporary home, sends one message as soon as the window is up, then `later` more:

- window up: process start → the app's screen is mounted and ready for keys;
- first reply: process start → the first reply is on screen (model load included);
- later reply: Enter → the reply on screen, for each later message.

Run `python -m mirrorbot.tui.bench [--runs 3] [--model DIR]`; `run_bench()` returns the numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

MESSAGES = (
    "I finally got the job, I'm so happy!",
    "my landlord is ignoring me again, it's so annoying",
    "I'm a bit nervous about tomorrow",
    "that movie was hilarious",
    "I miss my grandmother",
    "wow, I did not expect that at all",
)


async def _child(start: float, model: str | None, later: int) -> dict[str, Any]:
    from mirrorbot.tui.app import make_app
    from mirrorbot.tui.settings import load_config

    config = load_config({"model": model, "responder": "template"})
    app = make_app(config)
    result: dict[str, Any] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        result["window_up_s"] = time.time() - start
        for index, text in enumerate(MESSAGES[: later + 1]):
            count = len(app.reply_latencies_ms)
            await pilot.press(*text, "enter")
            deadline = time.time() + 120
            while len(app.reply_latencies_ms) == count and time.time() < deadline and app.model_error is None:
                await asyncio.sleep(0.005)
            if app.model_error:
                raise SystemExit(f"the model did not load: {app.model_error}")
            if index == 0:
                result["first_reply_s"] = time.time() - start
        result["later_reply_ms"] = app.reply_latencies_ms[1:]
    return result


def run_once(model: str | None = None, later: int = 5) -> dict[str, Any]:
    """One cold run in a fresh process with a fresh MIRRORBOT_HOME."""
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "MIRRORBOT_HOME": home}
        args = [sys.executable, "-m", "mirrorbot.tui.bench", "--child", str(time.time()), "--later", str(later)]
        if model:
            args += ["--model", model]
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the bench run failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_bench(runs: int = 3, model: str | None = None, later: int = 5) -> dict[str, Any]:
    """Medians over `runs` cold runs: window_up_s, first_reply_s, later_reply_ms (median and p95 of all)."""
    results = [run_once(model, later) for _ in range(runs)]
    later_all = sorted(ms for result in results for ms in result["later_reply_ms"])
    return {
        "runs": runs,
        "window_up_s": statistics.median(r["window_up_s"] for r in results),
        "first_reply_s": statistics.median(r["first_reply_s"] for r in results),
        "later_reply_ms": statistics.median(later_all) if later_all else None,
        "later_reply_ms_p95": later_all[min(len(later_all) - 1, int(0.95 * len(later_all)))] if later_all else None,
        "targets": {"window_up_s": 1.5, "first_reply_s": 5.0, "later_reply_ms": 100.0},
    }


def format_bench(numbers: dict[str, Any]) -> str:
    targets = numbers["targets"]
    return "\n".join([
        f"chat bench (median of {numbers['runs']} cold runs, 80x24, template responder)",
        f"  window up    {numbers['window_up_s']:.2f} s   (target ≤ {targets['window_up_s']} s)",
        f"  first reply  {numbers['first_reply_s']:.2f} s   (target ≤ {targets['first_reply_s']} s, model load included)",
        f"  later reply  {numbers['later_reply_ms']:.0f} ms  (p95 {numbers['later_reply_ms_p95']:.0f} ms; "
        f"target ≤ {targets['later_reply_ms']:.0f} ms)",
    ])  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--later", type=int, default=5, help="later messages per run")
    parser.add_argument("--model", default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", type=float, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        sys.stdout.write(json.dumps(asyncio.run(_child(args.child, args.model, args.later))) + "\n")
        return
    numbers = run_bench(args.runs, args.model, args.later)
    sys.stdout.write((json.dumps(numbers, indent=2) if args.json else format_bench(numbers)) + "\n")


if __name__ == "__main__":
    main()
