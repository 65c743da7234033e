"""The HTTP API over real HTTP on loopback: every endpoint, every 4xx path, sessions kept and deleted."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from mirrorbot.mirror.bot import MirrorBot
from mirrorbot.server import create_app
from mirrorbot.server.runner import serve_in_thread
from mirrorbot.taxonomy import LABELS
from mirrorbot.testing import FakeDetector

KEY = "s3cret-key"
LIMIT = 2048


def _bot() -> MirrorBot:
    return MirrorBot(FakeDetector())


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with serve_in_thread(create_app(_bot(), max_body_bytes=LIMIT)) as base:
        yield base


@pytest.fixture(scope="module")
def keyed_url() -> Iterator[str]:
    with serve_in_thread(create_app(_bot(), api_key=KEY)) as base:
        yield base


@pytest.fixture
def client(url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=10) as session:
        yield session


def _error(response: httpx.Response, status: int, kind: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["type"] == kind
    return body["error"]["message"]


# -- the endpoints ----------------------------------------------------------------------------------
def test_server_listens_on_loopback(url: str) -> None:
    assert url.startswith("http://127.0.0.1:")


def test_health(client: httpx.Client) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": "0.1.0", "model": "fake", "model_loaded": True, "auth": False}


def test_detect_gives_the_detect_json_shape(client: httpx.Client) -> None:
    response = client.post("/v1/detect", json={"text": "I am so happy today!"})
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["text", "labels", "family", "intensity", "valence", "scores"]
    assert body["text"] == "I am so happy today!"
    assert body["family"] == "joy" and body["labels"][0] == "joy"
    assert set(body["scores"]) == set(LABELS)
    expected = FakeDetector().detect("I am so happy today!").to_dict()
    assert body == {"text": "I am so happy today!", **expected}


def test_reply_gives_the_turn_json_shape(client: httpx.Client) -> None:
    response = client.post("/v1/reply", json={"text": "I am furious about the delay", "session_id": "shape"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {
        "text",
        "reply",
        "user",
        "target",
        "reply_affect",
        "crisis",
        "session_id",
        "responder",
        "note",
        "timings",
    }
    assert body["text"] == "I am furious about the delay"
    assert body["session_id"] == "shape"
    assert body["reply"].strip()
    assert body["user"]["family"] == "anger"
    assert body["target"]["family"] == "anger"
    assert body["target"]["intensity"] < body["user"]["intensity"]
    assert body["crisis"] is False


def test_reply_session_defaults_to_default(client: httpx.Client) -> None:
    response = client.post("/v1/reply", json={"text": "hello there"})
    assert response.status_code == 200
    assert response.json()["session_id"] == "default"


def test_sessions_are_kept_and_deleted(client: httpx.Client) -> None:
    for text in ("I am so sad today", "still sad, honestly"):
        assert client.post("/v1/reply", json={"text": text, "session_id": "keep-me"}).status_code == 200
    client.post("/v1/reply", json={"text": "I am thrilled!", "session_id": "other"})

    kept = client.get("/v1/sessions/keep-me")
    assert kept.status_code == 200
    body = kept.json()
    assert body["session_id"] == "keep-me"
    assert body["turns"] == 2
    assert [item["user_text"] for item in body["history"]] == ["I am so sad today", "still sad, honestly"]
    assert body["mood"]["family"] == "sadness"

    deleted = client.delete("/v1/sessions/keep-me")
    assert deleted.status_code == 204 and deleted.content == b""
    message = _error(client.get("/v1/sessions/keep-me"), 404, "not_found")
    assert message == "no session 'keep-me': a session starts with its first POST /v1/reply (or it was deleted)"
    assert client.get("/v1/sessions/other").json()["turns"] == 1  # the other session is untouched
    assert client.delete("/v1/sessions/never-was").status_code == 204  # idempotent


def test_openapi_schema(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["info"]["title"] == "mirrorbot"
    assert set(schema["paths"]) == {"/health", "/v1/detect", "/v1/reply", "/v1/sessions/{session_id}"}
    assert set(schema["paths"]["/v1/sessions/{session_id}"]) == {"get", "delete"}
    assert "413" in schema["paths"]["/v1/detect"]["post"]["responses"]
    assert client.get("/docs").status_code == 200


# -- 4xx paths --------------------------------------------------------------------------------------
HINT = '; send Content-Type: application/json with a body like {"text": "I am so happy today!"}'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"text": ""}, "invalid request: text: String should have at least 1 character" + HINT),
        ({}, "invalid request: text: Field required" + HINT),
        ({"txt": "hi"}, "invalid request: text: Field required; txt: unknown field (check its spelling)" + HINT),
        ({"text": 42}, "invalid request: text: Input should be a valid string" + HINT),
        (["hi"], "invalid request: body: Input should be a valid dictionary or object to extract fields from" + HINT),
        ({"text": "x" * 20_001}, "invalid request: text: String should have at most 20000 characters" + HINT),
    ],
)
def test_detect_rejects_bad_bodies(url: str, body: object, message: str) -> None:
    with serve_in_thread(create_app(_bot())) as base:  # default body limit, so the long text reaches validation
        response = httpx.post(f"{base}/v1/detect", json=body)
    assert _error(response, 422, "validation_error") == message


def test_blank_text_is_422_with_the_library_message(client: httpx.Client) -> None:
    for text in ("   ", "\u200b\x00"):
        message = _error(client.post("/v1/detect", json={"text": text}), 422, "validation_error")
        assert message == "the text is empty (or only whitespace/control characters); give some words to read"
        message = _error(client.post("/v1/reply", json={"text": text}), 422, "validation_error")
        assert message.startswith("the text is empty")


def test_malformed_json_is_422(client: httpx.Client) -> None:
    response = client.post("/v1/detect", content=b'{"text": "hi"', headers={"content-type": "application/json"})
    message = _error(response, 422, "validation_error")
    assert message.startswith("invalid request: body: the body is not valid JSON (")


def test_body_that_is_not_utf8_is_422(client: httpx.Client) -> None:
    response = client.post("/v1/reply", content=b'{"text": "\xff\xfe"}', headers={"content-type": "application/json"})
    message = _error(response, 422, "validation_error")
    assert message.startswith("invalid request: body: the body is not valid JSON (not UTF-8 text); send Content-Type")


def test_missing_body_is_422(client: httpx.Client) -> None:
    message = _error(client.post("/v1/detect"), 422, "validation_error")
    assert message == "invalid request: body: the request has no JSON body" + HINT


def test_lone_surrogate_is_422(client: httpx.Client) -> None:
    response = client.post(
        "/v1/detect", content=b'{"text": "hi \\ud800"}', headers={"content-type": "application/json"}
    )
    message = _error(response, 422, "validation_error")
    assert "must be valid Unicode, found an unpaired surrogate escape" in message


def test_non_json_content_type_is_415(client: httpx.Client) -> None:
    response = client.post(
        "/v1/detect", content=b"text=hello", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    message = _error(response, 415, "unsupported_media_type")
    assert message == (
        "expected Content-Type: application/json, found 'application/x-www-form-urlencoded'; "
        "send the body as JSON (curl: -H 'Content-Type: application/json')"
    )
    assert client.post("/v1/detect", content=b'{"text": "hi"}').status_code == 415  # no content type at all
    ok = client.post(
        "/v1/detect", content=b'{"text": "hi"}', headers={"content-type": "application/json; charset=utf-8"}
    )
    assert ok.status_code == 200


def test_bad_session_id_is_422(client: httpx.Client) -> None:
    response = client.post("/v1/reply", json={"text": "hi", "session_id": "no spaces allowed"})
    message = _error(response, 422, "validation_error")
    assert message.startswith("invalid request: session_id: String should match pattern")
    assert _error(client.get("/v1/sessions/" + "x" * 200), 422, "validation_error").startswith(
        "invalid request: path.session_id:"
    )


def test_body_over_the_limit_is_413_from_content_length(client: httpx.Client) -> None:
    body = b'{"text": "' + b"x" * LIMIT + b'"}'
    response = client.post("/v1/detect", content=body, headers={"content-type": "application/json"})
    message = _error(response, 413, "payload_too_large")
    assert message == (
        f"the request body is too large: at most {LIMIT} bytes are accepted, found {LIMIT + 12} bytes; "
        "send shorter text (the server's --max-body-bytes sets the limit)"
    )


def test_body_over_the_limit_is_413_when_streamed(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer
        yield b'{"text": "'
        for _ in range(10):
            yield b"y" * 512
        yield b'"}'

    response = client.post("/v1/reply", content=chunks(), headers={"content-type": "application/json"})
    assert "transfer-encoding" in response.request.headers
    message = _error(response, 413, "payload_too_large")
    assert re.fullmatch(
        rf"the request body is too large: at most {LIMIT} bytes are accepted, found more than {LIMIT} bytes; .*",
        message,
    )


def test_body_under_the_limit_streamed_is_fine(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "I am '
        yield b'so happy"}'

    response = client.post("/v1/detect", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 200 and response.json()["family"] == "joy"


def test_unknown_endpoint_is_404_and_wrong_method_405(client: httpx.Client) -> None:
    assert (
        _error(client.get("/v1/nothing"), 404, "not_found")
        == "no such endpoint: GET /v1/nothing; see /docs for the API"
    )
    message = _error(client.put("/v1/detect", json={"text": "hi"}), 405, "method_not_allowed")
    assert message == "PUT is not allowed on /v1/detect; see /docs for the methods it takes"


# -- the API key ------------------------------------------------------------------------------------
def test_api_key_is_required_on_v1(keyed_url: str) -> None:
    with httpx.Client(base_url=keyed_url) as client:
        response = client.post("/v1/detect", json={"text": "hi"})
        message = _error(response, 401, "unauthorized")
        assert message.startswith(
            "missing or wrong API key; send it as 'Authorization: Bearer KEY' or 'X-API-Key: KEY'"
        )
        assert response.headers["www-authenticate"] == "Bearer"
        assert (
            client.post("/v1/detect", json={"text": "hi"}, headers={"Authorization": "Bearer wrong"}).status_code == 401
        )
        assert (
            client.post("/v1/detect", json={"text": "hi"}, headers={"Authorization": f"Basic {KEY}"}).status_code == 401
        )
        assert client.get("/v1/sessions/a", headers={"X-API-Key": "nope"}).status_code == 401
        assert client.delete("/v1/sessions/a").status_code == 401
        # refused before the body is read: a bad body without a key is still 401
        assert client.post("/v1/detect", content=b"{", headers={"content-type": "application/json"}).status_code == 401


def test_api_key_accepted_as_bearer_or_header(keyed_url: str) -> None:
    with httpx.Client(base_url=keyed_url) as client:
        assert (
            client.post("/v1/detect", json={"text": "hi"}, headers={"Authorization": f"Bearer {KEY}"}).status_code
            == 200
        )
        assert (
            client.post("/v1/reply", json={"text": "hi", "session_id": "k"}, headers={"X-API-Key": KEY}).status_code
            == 200
        )
        assert client.get("/v1/sessions/k", headers={"X-API-Key": KEY}).status_code == 200


def test_health_and_docs_stay_open_with_a_key(keyed_url: str) -> None:
    with httpx.Client(base_url=keyed_url) as client:
        assert client.get("/health").json()["auth"] is True
        schema = client.get("/openapi.json").json()
        assert set(schema["components"]["securitySchemes"]) == {"HTTPBearer", "APIKeyHeader"}
        assert "401" in schema["paths"]["/v1/reply"]["post"]["responses"]


# -- errors from the library ------------------------------------------------------------------------
class _Broken(FakeDetector):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def detect_batch(self, texts, batch_size=None):  # noqa: ANN001, ANN201
        raise self.error


@pytest.mark.parametrize(
    ("error", "status", "kind", "message"),
    [
        (
            __import__("mirrorbot.errors").errors.ModelNotFoundError("no model at /x; run mirrorbot train"),
            503,
            "model_unavailable",
            "the emotion model is unavailable: no model at /x; run mirrorbot train",
        ),
        (RuntimeError("boom"), 500, "internal_error", "internal error; the server log has the details"),
    ],
)
def test_library_errors_are_translated(error: Exception, status: int, kind: str, message: str) -> None:
    with serve_in_thread(create_app(MirrorBot(_Broken(error)))) as base:
        assert _error(httpx.post(f"{base}/v1/detect", json={"text": "hi"}), status, kind) == message
