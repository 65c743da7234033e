"""The OpenAI-compatible responder against a real chat-completions server on loopback (plain and streaming)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mirrorbot.errors import ResponderError
from mirrorbot.mirror import MirrorBot, ResponseRequest
from mirrorbot.mirror.policy import MirrorPolicy
from mirrorbot.mirror.responders import create_responder, stream_reply
from mirrorbot.mirror.responders.openai_compat import OpenAIResponder
from mirrorbot.testing import FakeDetector, make_affect

REPLY = "That sounds really annoying, I get it. What happened?"


class ChatServer(ThreadingHTTPServer):
    """Speaks POST /v1/chat/completions; records the request bodies and headers it got."""

    def __init__(self, reply: str = REPLY, status: int = 200) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.reply, self.status = reply, status
        self.bodies: list[dict] = []
        self.headers_seen: list[dict] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class _Handler(BaseHTTPRequestHandler):
    server: ChatServer

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.bodies.append(body)
        self.server.headers_seen.append(dict(self.headers))
        if self.path != "/v1/chat/completions" or self.server.status != 200:
            self.send_response(404 if self.path != "/v1/chat/completions" else self.server.status)
            self.end_headers()
            self.wfile.write(b'{"error": "nope"}')
            return
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for word in self.server.reply.split(" "):
                chunk = {"choices": [{"index": 0, "delta": {"content": word + " "}}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
            return
        payload = {"choices": [{"index": 0, "message": {"role": "assistant", "content": self.server.reply}}]}
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def server() -> Iterator[ChatServer]:
    srv = ChatServer()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def request(text: str = "I'm furious, my landlord ignored me again") -> ResponseRequest:
    user = make_affect("anger", 0.9)
    return ResponseRequest(text, user, MirrorPolicy().target(user), history=(("hi", "Hello."),))


def test_respond_sends_the_target_in_the_system_prompt(server: ChatServer) -> None:
    responder = create_responder("openai", base_url=server.base_url, model="tiny", api_key="sk-test")
    assert responder.respond(request()) == REPLY
    body = server.bodies[0]
    assert body["model"] == "tiny" and body["stream"] is False
    roles = [m["role"] for m in body["messages"]]
    assert roles == ["system", "user", "assistant", "user"]
    system = body["messages"][0]["content"]
    assert "annoyed on their behalf" in system and "annoyance" in system and "45%" in system
    assert body["messages"][-1]["content"] == "I'm furious, my landlord ignored me again"
    assert server.headers_seen[0]["Authorization"] == "Bearer sk-test"


def test_stream_yields_the_pieces(server: ChatServer) -> None:
    responder = OpenAIResponder(base_url=server.base_url, model="tiny")
    pieces = list(stream_reply(responder, request()))
    assert len(pieces) == len(REPLY.split(" "))
    assert "".join(pieces).strip() == REPLY
    assert server.bodies[0]["stream"] is True


def test_bot_uses_the_endpoint_when_the_reply_passes_the_check(server: ChatServer) -> None:
    bot = MirrorBot(FakeDetector(), responder="openai", base_url=server.base_url, model="tiny")
    turn = bot.reply("I'm furious, my landlord ignored me again")
    assert turn.responder == "openai" and turn.text == REPLY and turn.note is None


def test_http_errors_say_what_went_wrong() -> None:
    srv = ChatServer(status=500)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        responder = OpenAIResponder(base_url=srv.base_url, model="tiny")
        with pytest.raises(ResponderError, match="answered HTTP 500"):
            responder.respond(request())
        with pytest.raises(ResponderError, match="answered HTTP 500"):
            list(responder.stream(request()))
    finally:
        srv.shutdown()
        srv.server_close()


def test_endpoint_down_falls_back_to_templates_with_a_note() -> None:
    srv = ChatServer()
    url = srv.base_url
    srv.server_close()  # nothing listens on this port now
    bot = MirrorBot(FakeDetector(), responder="openai", base_url=url, model="tiny", timeout=2.0)
    turn = bot.reply("I'm furious, my landlord ignored me again")
    assert turn.responder == "template" and turn.text
    assert turn.note and turn.note.startswith(f"LLM endpoint {url} unreachable") and turn.note.endswith("answered with templates")
