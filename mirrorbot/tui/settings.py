"""The chat's settings: one frozen, validated `ChatConfig`.

Each field is resolved in this order: the command line, then the environment, then the settings
file (`settings.json` in the mirrorbot home, see `mirrorbot.paths.home_dir`), then the default.
The app writes the file back when the user changes a setting while chatting (the API key is never
written: give it through `--llm-api-key` or `$MIRRORBOT_LLM_API_KEY`).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from mirrorbot.errors import MirrorbotError
from mirrorbot.paths import home_dir

SETTINGS_FILE = "settings.json"
RESPONDERS = ("template", "openai")
"""Responder names the chat offers: offline templates, or an OpenAI-compatible LLM endpoint."""

ENV_VARS: dict[str, str] = {
    "mildness": "MIRRORBOT_MILDNESS",
    "responder": "MIRRORBOT_RESPONDER",
    "base_url": "MIRRORBOT_LLM_BASE_URL",
    "llm_model": "MIRRORBOT_LLM_MODEL",
    "api_key": "MIRRORBOT_LLM_API_KEY",
    "theme": "MIRRORBOT_THEME",
    "model": "MIRRORBOT_MODEL",
}
"""The environment variable that sets each field."""

SAVED_FIELDS = ("mildness", "responder", "base_url", "llm_model", "theme")
"""Fields written to the settings file (the API key and the detector model are not)."""


class SettingsError(MirrorbotError, ValueError):
    """A setting has a value out of range or of the wrong kind (the message names it and its source)."""


@dataclass(frozen=True)
class ChatConfig:
    """How the chat runs.

    Attributes:
        mildness: how much milder the bot feels than the user, 0 (flat) to 1 (as strong); default 0.5.
        responder: "template" (offline) or "openai" (an OpenAI-compatible endpoint: Ollama, vLLM, ...).
        base_url: the LLM endpoint's base URL, used when responder is "openai".
        llm_model: the model name to ask the LLM endpoint for.
        api_key: the endpoint's API key, if it needs one (never saved to the file).
        theme: a Textual theme name (command palette: "Change theme").
        model: the detector model folder or hub id; None for the bundled default model.
        home: the folder for settings and history (`$MIRRORBOT_HOME` or the user data folder).
        warnings: problems met while reading the settings (shown as notifications, not fatal).
    """

    mildness: float = 0.5
    responder: str = "template"
    base_url: str = "http://localhost:11434/v1"
    llm_model: str = "llama3.2"
    api_key: str | None = field(default=None, repr=False)
    theme: str = "textual-dark"
    model: str | None = None
    home: Path = field(default_factory=home_dir)
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        try:
            mildness = float(self.mildness)
        except (TypeError, ValueError):
            raise SettingsError(f"mildness must be a number from 0 to 1, got {self.mildness!r}") from None
        if math.isnan(mildness) or not 0.0 <= mildness <= 1.0:
            raise SettingsError(f"mildness must be from 0 (flat) to 1 (as strong as the user), got {self.mildness!r}")
        object.__setattr__(self, "mildness", round(mildness, 3))
        if self.responder not in RESPONDERS:
            raise SettingsError(f"responder must be one of {', '.join(RESPONDERS)}, got {self.responder!r}")
        if not str(self.base_url).startswith(("http://", "https://")):
            raise SettingsError(f"base_url must start with http:// or https://, got {self.base_url!r}")
        if not self.theme or not isinstance(self.theme, str):
            raise SettingsError(f"theme must be a Textual theme name, got {self.theme!r}")
        object.__setattr__(self, "home", Path(self.home))

    @property
    def settings_path(self) -> Path:
        return self.home / SETTINGS_FILE

    @property
    def history_path(self) -> Path:
        return self.home / "history.sqlite3"

    def responder_settings(self) -> dict[str, Any]:
        """Keyword settings for the responder (empty for templates)."""
        if self.responder == "template":
            return {}
        settings: dict[str, Any] = {"base_url": self.base_url, "model": self.llm_model}
        if self.api_key:
            settings["api_key"] = self.api_key
        return settings

    def with_changes(self, **changes: Any) -> ChatConfig:
        """A validated copy with some fields changed."""
        return replace(self, **changes)

    def saved_values(self) -> dict[str, Any]:
        values = asdict(self)
        return {name: values[name] for name in SAVED_FIELDS}


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    return {name: env[var] for name, var in ENV_VARS.items() if env.get(var)}


def read_settings_file(path: Path) -> tuple[dict[str, Any], list[str]]:
    """The saved settings and any warnings (a missing file is no warning; a broken one is)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, []
    except OSError as error:
        return {}, [f"could not read the settings file {path}: {error.strerror}; using defaults"]
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        return {}, [
            f"the settings file {path} is not valid JSON (line {error.lineno}, column {error.colno}); "
            "using defaults — fix or delete it"
        ]
    if not isinstance(data, dict):
        return {}, [f"the settings file {path} should hold a JSON object; using defaults"]
    known = {f.name for f in fields(ChatConfig)} & set(SAVED_FIELDS)
    unknown = sorted(set(data) - known)
    warnings = [f"ignored unknown settings in {path}: {', '.join(unknown)}"] if unknown else []
    return {key: value for key, value in data.items() if key in known}, warnings


def load_config(
    cli: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> ChatConfig:
    """Resolve the config: `cli` (None values are "not given") > `env` > settings file > defaults.

    A bad value on the command line or in the environment raises `SettingsError`; a bad value in
    the settings file is dropped with a warning (the app shows it), so a broken file never stops
    the chat from opening.
    """
    env = os.environ if env is None else env
    folder = Path(home) if home is not None else home_dir()
    file_values, warnings = read_settings_file(folder / SETTINGS_FILE)
    # validate the file's values one by one, dropping the bad ones
    for name in list(file_values):
        try:
            ChatConfig(home=folder, **{name: file_values[name]})
        except (SettingsError, TypeError) as error:
            warnings.append(f"{folder / SETTINGS_FILE}: {error}; using the default")
            del file_values[name]
    values: dict[str, Any] = dict(file_values)
    for source_name, source in (("environment", _from_env(env)), ("command line", dict(cli or {}))):
        given = {key: value for key, value in source.items() if value is not None}
        try:
            ChatConfig(home=folder, **given)
        except SettingsError as error:
            raise SettingsError(f"{error} (from the {source_name})") from None
        values.update(given)
    return ChatConfig(home=folder, warnings=tuple(warnings), **values)


def save_config(config: ChatConfig) -> Path:
    """Write the saved fields to the settings file (atomically); returns its path."""
    path = config.settings_path
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(config.saved_values(), indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)
    return path
