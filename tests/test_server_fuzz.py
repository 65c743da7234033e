"""Property-based fuzzing of the OpenAPI schema (schemathesis) against the live loopback server:
no 5xx, every answer matches the schema, nothing hangs."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from mirrorbot import MirrorBot
from mirrorbot.server import create_app
from mirrorbot.server.runner import serve_in_thread
from mirrorbot.testing import FakeDetector

KEY = "fuzz-key"


@pytest.fixture(scope="module")
def live_url() -> Iterator[str]:
    with serve_in_thread(create_app(MirrorBot(FakeDetector()), api_key=KEY, max_body_bytes=4096)) as url:
        yield url


@pytest.fixture(scope="module")
def api_schema(live_url: str):  # noqa: ANN201
    return schemathesis.openapi.from_url(f"{live_url}/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: schemathesis.Case, live_url: str) -> None:
    response = case.call(base_url=live_url, headers={"Authorization": f"Bearer {KEY}"}, timeout=10)
    case.validate_response(response, checks=[not_a_server_error, status_code_conformance, response_schema_conformance])


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_without_the_key_nothing_but_401(case: schemathesis.Case, live_url: str) -> None:
    response = case.call(base_url=live_url, timeout=10)
    if case.path.startswith("/v1/"):
        assert response.status_code == 401, response.text
    else:
        assert response.status_code < 500


def test_the_server_still_answers_after_fuzzing(live_url: str) -> None:
    assert httpx.get(f"{live_url}/health", timeout=5).status_code == 200
