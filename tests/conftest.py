"""Shared fixtures: a clean mirrorbot home for every test, the data folder, the real detector."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mirrorbot.paths import DEFAULT_MODEL_DIR


@pytest.fixture(autouse=True)
def clean_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty MIRRORBOT_HOME, so no test sees the user's settings or history."""
    home = tmp_path_factory.mktemp("mirrorbot-home")
    monkeypatch.setenv("MIRRORBOT_HOME", str(home))
    monkeypatch.delenv("MIRRORBOT_MODEL", raising=False)
    return home


@pytest.fixture(scope="session")
def data_root() -> Path:
    """The shared datasets folder (`.ci/run` sets MIRRORBOT_DATA); tests that need it skip without it."""
    root = Path(os.environ.get("MIRRORBOT_DATA", Path.cwd().parent / "shared" / "data"))
    if not (root / "goemotions" / "dev.tsv").is_file():
        pytest.skip(f"the labeled datasets are not at {root}; set MIRRORBOT_DATA")
    return root


@pytest.fixture(scope="session")
def detector():  # noqa: ANN201
    """The real bundled default detector, loaded once per test session."""
    from mirrorbot.detector.detector import Detector

    if not (DEFAULT_MODEL_DIR / "mirrorbot.json").is_file():
        pytest.fail(f"the bundled model is missing from {DEFAULT_MODEL_DIR}; run `mirrorbot train`")
    return Detector().load()
