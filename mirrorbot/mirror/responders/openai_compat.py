"""A responder for any OpenAI-compatible chat endpoint (OpenAI, Ollama, llama.cpp server, vLLM), with streaming."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from mirrorbot.errors import ResponderError
from mirrorbot.mirror.responders.base import ResponseRequest
from mirrorbot.mirror.responders.prompting import chat_messages, load_system_template

DEFAULT_BASE_URL = "http://localhost:11434/v1"  # Ollama's OpenAI-compatible API


class OpenAIResponder:
    """Asks a chat-completions endpoint for the reply.

    Args:
        base_url: the API root, e.g. http://localhost:11434/v1 (default: `$MIRRORBOT_LLM_BASE_URL`, then Ollama's).
        model: the model name the endpoint serves (default: `$MIRRORBOT_LLM_MODEL`, then "llama3.2").
        api_key: sent as a Bearer token if given (default: `$MIRRORBOT_LLM_API_KEY`, then `$OPENAI_API_KEY`).
        temperature, max_tokens, timeout: passed on / used for the HTTP call.
    """

    name = "openai"

    def __init__(
        self,
        base_url: str | None = None,
        model: str | None = None,
        api_key: str | None = None,
        *,
        temperature: float = 0.7,
        max_tokens: int = 120,
        timeout: float = 30.0,
        prompts_dir: str | Path | None = None,
        **_ignored: Any,
    ) -> None:
        self.base_url = (base_url or os.environ.get("MIRRORBOT_LLM_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        self.model = model or os.environ.get("MIRRORBOT_LLM_MODEL") or "llama3.2"
        key = api_key or os.environ.get("MIRRORBOT_LLM_API_KEY") or os.environ.get("OPENAI_API_KEY")
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.template = load_system_template(prompts_dir)
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._client = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout)

    def _payload(self, request: ResponseRequest, stream: bool) -> dict[str, Any]:
        return {
            "model": self.model,
            "messages": chat_messages(self.template, request),
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "stream": stream,
        }

    def respond(self, request: ResponseRequest) -> str:
        try:
            response = self._client.post("/chat/completions", json=self._payload(request, stream=False))
        except httpx.HTTPError as error:
            raise self._unreachable(error) from None
        self._raise_for_status(response)
        try:
            return str(response.json()["choices"][0]["message"]["content"] or "").strip()
        except (ValueError, KeyError, IndexError, TypeError):
            raise ResponderError(
                f"the LLM endpoint {self.base_url} answered without choices[0].message.content "
                f"(got {response.text[:200]!r}); is it an OpenAI-compatible chat-completions API?"
            ) from None

    def stream(self, request: ResponseRequest) -> Iterator[str]:
        """The reply in pieces as the endpoint sends them (server-sent events)."""
        try:
            with self._client.stream("POST", "/chat/completions", json=self._payload(request, stream=True)) as response:
                if response.status_code >= 400:
                    response.read()
                    self._raise_for_status(response)
                for line in response.iter_lines():
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        return
                    try:
                        delta = json.loads(data)["choices"][0].get("delta", {}).get("content")
                    except (ValueError, KeyError, IndexError, AttributeError):
                        raise ResponderError(f"the LLM endpoint {self.base_url} sent a stream line that is not a chat chunk: {data[:200]!r}") from None
                    if delta:
                        yield delta
        except httpx.HTTPError as error:
            raise self._unreachable(error) from None

    def _unreachable(self, error: Exception) -> ResponderError:
        return ResponderError(
            f"LLM endpoint {self.base_url} unreachable ({type(error).__name__}: {error}); "
            "check --base-url / MIRRORBOT_LLM_BASE_URL and that the server is running"
        )

    def _raise_for_status(self, response: httpx.Response) -> None:
        if response.status_code >= 400:
            raise ResponderError(
                f"the LLM endpoint {self.base_url} answered HTTP {response.status_code}: {response.text[:200]!r} "
                f"(model {self.model!r}; check the model name and API key)"
            )

    def close(self) -> None:
        self._client.close()
