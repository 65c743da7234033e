"""A bounded load test of a running server: N concurrent clients, each sending M requests.

    python -m mirrorbot.server.loadtest --url http://127.0.0.1:8000 --clients 50 --requests 20

Prints throughput (requests per second) and latency percentiles; exits 1 if any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field

import httpx

MESSAGES = (
    "I am so happy today, the sun is out!",
    "I'm furious that my train was cancelled again.",
    "I'm a bit nervous about the interview tomorrow.",
    "That movie was so funny, I couldn't stop laughing.",
    "I feel sad that my friend moved away.",
    "Wow, I did not expect that at all!",
    "Thank you so much for your help yesterday.",
    "Ugh, the kitchen smells gross.",
    "What time does the shop open?",
    "I'm worried about my exam results.",
)


@dataclass
class LoadReport:
    endpoint: str
    clients: int
    requests: int
    ok: int
    errors: int
    seconds: float
    throughput: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    statuses: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"{self.endpoint}: {self.clients} clients x {self.requests // max(1, self.clients)} requests = "
            f"{self.requests} in {self.seconds:.2f} s: {self.throughput:.1f} req/s, p50 {self.p50_ms:.1f} ms, "
            f"p95 {self.p95_ms:.1f} ms, max {self.max_ms:.1f} ms, errors {self.errors}"
        )


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


async def run_load(
    url: str,
    *,
    clients: int = 50,
    requests: int = 20,
    endpoint: str = "/v1/reply",
    api_key: str | None = None,
    timeout: float = 60.0,
) -> LoadReport:
    """Send `clients` x `requests` requests to `url + endpoint`, `clients` at a time."""
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=timeout, limits=limits) as http:

        async def one_client(index: int) -> None:
            for step in range(requests):
                body = {"text": MESSAGES[(index + step) % len(MESSAGES)]}
                if endpoint == "/v1/reply":
                    body["session_id"] = f"load-{index}"
                start = time.perf_counter()
                try:
                    response = await http.post(endpoint, json=body)
                    key = str(response.status_code)
                except httpx.HTTPError as error:
                    key = type(error).__name__
                latencies.append((time.perf_counter() - start) * 1000)
                statuses[key] = statuses.get(key, 0) + 1

        start = time.perf_counter()
        await asyncio.gather(*(one_client(index) for index in range(clients)))
        seconds = time.perf_counter() - start

    total = clients * requests
    ok = statuses.get("200", 0)
    return LoadReport(
        endpoint=endpoint,
        clients=clients,
        requests=total,
        ok=ok,
        errors=total - ok,
        seconds=seconds,
        throughput=total / seconds if seconds else 0.0,
        p50_ms=_percentile(latencies, 50),
        p95_ms=_percentile(latencies, 95),
        max_ms=max(latencies, default=0.0),
        statuses=statuses,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20, help="requests per client")
    parser.add_argument("--endpoint", choices=["/v1/reply", "/v1/detect"], default="/v1/reply")
    parser.add_argument("--api-key", default=None)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    report = asyncio.run(
        run_load(args.url, clients=args.clients, requests=args.requests, endpoint=args.endpoint, api_key=args.api_key)
    )
    sys.stdout.write((json.dumps(asdict(report)) if args.json else report.summary()) + "\n")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
