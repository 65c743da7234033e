"""A bounded load test over real HTTP: 50 concurrent clients x 20 requests each, no errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mirrorbot import MirrorBot
from mirrorbot.server import create_app
from mirrorbot.server.loadtest import run_load
from mirrorbot.server.runner import serve_in_thread
from mirrorbot.testing import FakeDetector


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, MirrorBot]]:
    bot = MirrorBot(FakeDetector())
    with serve_in_thread(create_app(bot, api_key="load-key")) as url:
        yield url, bot


@pytest.mark.parametrize("endpoint", ["/v1/reply", "/v1/detect"])
async def test_fifty_clients_twenty_requests_each(served: tuple[str, MirrorBot], endpoint: str) -> None:
    url, bot = served
    report = await run_load(url, clients=50, requests=20, endpoint=endpoint, api_key="load-key", timeout=60)
    print(report.summary())  # noqa: T201 - shown with pytest -s
    assert report.statuses == {"200": 1000}
    assert report.errors == 0 and report.ok == 1000
    assert report.throughput > 0 and report.p95_ms >= report.p50_ms > 0
    if endpoint == "/v1/reply":  # every client's session got all its turns
        assert all(bot.session(f"load-{index}").turns == 20 for index in range(50))
