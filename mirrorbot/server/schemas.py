"""The JSON shapes of the HTTP API: request bodies (validated) and responses (documented).

The response shapes are the CLI's `--json` shapes: an affect is `{"text", **Affect.to_dict()}`
as in `mirrorbot detect --json`, a turn is `Turn.to_dict()` as in `mirrorbot reply --json`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from mirrorbot.taxonomy import FAMILIES

MAX_TEXT_CHARS = 20_000
"""Longest text accepted (the detector reads at most this many characters)."""

SESSION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$"
"""Session ids: 1-128 characters, letters, digits and `._:@-`, starting with a letter or digit."""

Family = Literal[FAMILIES]  # type: ignore[valid-type]


def _valid_unicode(text: str) -> str:
    """Reject unpaired surrogates (JSON allows "\\ud800"; UTF-8 and the tokenizer do not)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(
            f"text must be valid Unicode, found an unpaired surrogate at position {error.start}; "
            "send the text as UTF-8 without lone \\ud800-\\udfff escapes"
        ) from None
    return text


class DetectRequest(BaseModel):
    """`POST /v1/detect`: the text to read."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"text": "I am so happy today!"}]})

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="The message to read.")

    _unicode = field_validator("text")(_valid_unicode)


class ReplyRequest(BaseModel):
    """`POST /v1/reply`: a user's message and the conversation it belongs to."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"text": "My exam went badly.", "session_id": "user-42"}]},
    )

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="The user's message.")
    session_id: str = Field(
        default="default",
        pattern=SESSION_ID_PATTERN,
        description="The conversation (one per user or chat); its mood is kept between calls.",
    )

    _unicode = field_validator("text")(_valid_unicode)


class AffectOut(BaseModel):
    """A reading of feeling: `Affect.to_dict()`."""

    labels: list[str] = Field(description="Labels above their thresholds, highest first (never empty).")
    family: Family = Field(description="Ekman family of the leading label.")
    intensity: float = Field(ge=0.0, le=1.0, description="0 (flat) to 1 (extreme).")
    valence: float = Field(ge=-1.0, le=1.0, description="-1 (unpleasant) to +1 (pleasant).")
    scores: dict[str, float] = Field(description="Score in [0, 1] for each of the 28 GoEmotions labels.")


class DetectResponse(BaseModel):
    """`POST /v1/detect`: the text and its affect (as `mirrorbot detect --json`)."""

    text: str = Field(description="The text as sent.")
    labels: list[str] = Field(description="Labels above their thresholds, highest first (never empty).")
    family: Family = Field(description="Ekman family of the leading label.")
    intensity: float = Field(ge=0.0, le=1.0, description="0 (flat) to 1 (extreme).")
    valence: float = Field(ge=-1.0, le=1.0, description="-1 (unpleasant) to +1 (pleasant).")
    scores: dict[str, float] = Field(description="Score in [0, 1] for each of the 28 GoEmotions labels.")


class TurnOut(BaseModel):
    """`POST /v1/reply`: one turn of a conversation (as `mirrorbot reply --json`)."""

    model_config = ConfigDict(extra="allow")

    text: str = Field(description="The user's message.")
    reply: str = Field(description="The bot's answer.")
    user: AffectOut = Field(description="What the detector read in the message.")
    target: AffectOut = Field(description="The feeling the reply aims at (same family, milder).")
    reply_affect: AffectOut = Field(description="What the detector reads in the reply (the closed-loop check).")
    crisis: bool = Field(description="True when the safety response replaced the mirror.")
    session_id: str
    responder: str = Field(description="The responder that wrote the reply.")
    note: str | None = Field(default=None, description="Why the reply is what it is (retries, safety), if notable.")
    timings: dict[str, float] = Field(default_factory=dict, description="Seconds spent per step.")


class ExchangeOut(BaseModel):
    """One remembered turn of a session."""

    model_config = ConfigDict(extra="allow")

    user_text: str
    reply: str
    user: AffectOut
    target: AffectOut
    crisis: bool = False


class SessionOut(BaseModel):
    """`GET /v1/sessions/{id}`: the conversation's mood and its recent turns."""

    model_config = ConfigDict(extra="allow")

    session_id: str
    mood: AffectOut = Field(description="The bot's felt state after the last turn (decays toward neutral).")
    history: list[ExchangeOut] = Field(default_factory=list, description="The last turns, oldest first.")
    turns: int = Field(ge=0, description="How many turns the conversation has had in all.")


class Health(BaseModel):
    """`GET /health`."""

    status: Literal["ok"]
    version: str
    model: str = Field(description="The detector's model (folder or hub id).")
    model_loaded: bool
    auth: bool = Field(description="Whether the /v1 endpoints need an API key.")


class ErrorBody(BaseModel):
    type: str = Field(description="A stable code, e.g. 'validation_error', 'unauthorized', 'payload_too_large'.")
    message: str = Field(description="What was expected, what was found and how to fix it.")
    fields: list[dict[str, str]] = Field(
        default_factory=list, description="For validation errors: one {'field', 'message'} per problem."
    )


class ErrorResponse(BaseModel):
    """Every 4xx and 5xx answer has this shape."""

    error: ErrorBody
