"""A minimal bot that embeds mirrorbot: read a line, answer it, remember the user's mood.

    python examples/bot_loop.py                    # the bundled model
    python examples/bot_loop.py --sessions moods.db --user alice
    python examples/bot_loop.py --fake             # no model: keyword rules (for a quick try)

A real bot (Discord, Matrix, Telegram, ...) does the same per incoming message: one `MirrorBot`
for the process, `reply(text, session_id=<the user or channel id>)` per message, or `await
bot.areply(...)` inside an asyncio bot.
"""

# ruff: noqa: T201 - an example prints its conversation
from __future__ import annotations

import argparse
import sys

from mirrorbot import Detector, MirrorBot, SQLiteStore


def build_bot(sessions: str | None, fake: bool) -> MirrorBot:
    detector: Detector
    if fake:
        from mirrorbot.testing import FakeDetector

        detector = FakeDetector()
    else:
        detector = Detector().load()  # load now, so the first message is not slow
    store = SQLiteStore(sessions) if sessions else None  # None: in memory
    return MirrorBot(detector, mildness=0.5, store=store)


def main() -> int:
    parser = argparse.ArgumentParser(description="A minimal mirrorbot chat loop.")
    parser.add_argument("--user", default="me", help="session id: one per user or channel")
    parser.add_argument("--sessions", default=None, help="SQLite file that keeps moods across restarts")
    parser.add_argument("--fake", action="store_true", help="use keyword rules instead of the model")
    args = parser.parse_args()

    bot = build_bot(args.sessions, args.fake)
    for line in sys.stdin:
        text = line.strip()
        if not text:
            continue
        turn = bot.reply(text, session_id=args.user)
        print(f"bot: {turn.text}")
        print(
            f"     [you: {turn.user.family} {turn.user.intensity:.2f} -> reply aims at "
            f"{turn.target.family} {turn.target.intensity:.2f}{', crisis' if turn.crisis else ''}]"
        )
    print(f"mood of {args.user!r} now: {bot.session(args.user).mood.describe()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
