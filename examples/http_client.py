"""A client of the mirrorbot HTTP API using only the standard library (any language works the same).

Start the server first:

    mirrorbot serve                          # http://127.0.0.1:8000, docs at /docs
    MIRRORBOT_API_KEY=secret mirrorbot serve  # then pass --api-key secret here

    python examples/http_client.py "I finally got the job!"
"""

# ruff: noqa: T201 - an example prints its conversation
from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from typing import Any


class MirrorbotClient:
    def __init__(self, url: str = "http://127.0.0.1:8000", api_key: str | None = None, timeout: float = 30) -> None:
        self.url = url.rstrip("/")
        self.headers = {"Content-Type": "application/json"}
        if api_key:
            self.headers["Authorization"] = f"Bearer {api_key}"
        self.timeout = timeout

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=self.headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:  # 4xx/5xx: the body says what was wrong
            message = json.loads(error.read() or b"{}").get("error", {}).get("message", error.reason)
            raise RuntimeError(f"{method} {path} -> {error.code}: {message}") from None
        return json.loads(raw) if raw else None

    def detect(self, text: str) -> dict[str, Any]:
        return self._call("POST", "/v1/detect", {"text": text})

    def reply(self, text: str, session_id: str = "default") -> dict[str, Any]:
        return self._call("POST", "/v1/reply", {"text": text, "session_id": session_id})

    def session(self, session_id: str) -> dict[str, Any]:
        return self._call("GET", f"/v1/sessions/{session_id}")

    def forget(self, session_id: str) -> None:
        self._call("DELETE", f"/v1/sessions/{session_id}")


def main() -> int:
    parser = argparse.ArgumentParser(description="Talk to a running `mirrorbot serve`.")
    parser.add_argument("text", nargs="+")
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--api-key", default=None)
    parser.add_argument("--session", default="example-client")
    args = parser.parse_args()

    client = MirrorbotClient(args.url, args.api_key)
    try:
        for text in args.text:
            affect = client.detect(text)
            turn = client.reply(text, session_id=args.session)
            print(
                f"you:  {text}  [{affect['family']}, {', '.join(affect['labels'])}, intensity {affect['intensity']:.2f}]"
            )
            print(f"bot:  {turn['reply']}  [aims at {turn['target']['family']} {turn['target']['intensity']:.2f}]")
        session = client.session(args.session)
        print(f"mood after {session['turns']} turns: {session['mood']['family']} {session['mood']['intensity']:.2f}")
        client.forget(args.session)
    except (RuntimeError, urllib.error.URLError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
