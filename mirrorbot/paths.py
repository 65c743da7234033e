"""Where things live: the data folder with the labeled datasets, the user's home, bundled files."""

from __future__ import annotations

import os
from pathlib import Path

from mirrorbot.errors import DatasetError

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_MODEL_DIR = PACKAGE_DIR / "weights" / "default"
PROMPTS_DIR = PACKAGE_DIR.parent / "prompts"
PROJECT_DATA_DIR = PACKAGE_DIR.parent / "data"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The folder that holds the labeled datasets (goemotions/, carer/, ...).

    Order: the explicit argument (`--data-dir`), then `$MIRRORBOT_DATA`, then `../shared/data`
    beside the current folder (the layout of a development checkout).
    """
    candidates: list[tuple[str, Path]] = []
    if explicit:
        candidates.append(("--data-dir", Path(explicit)))
    elif os.environ.get("MIRRORBOT_DATA"):
        candidates.append(("MIRRORBOT_DATA", Path(os.environ["MIRRORBOT_DATA"])))
    else:
        candidates.append(("default", Path.cwd().parent / "shared" / "data"))
    source, path = candidates[0]
    if not path.is_dir():
        raise DatasetError(
            f"the data folder {str(path)!r} (from {source}) does not exist; pass --data-dir DIR or "
            "set MIRRORBOT_DATA to the folder that holds goemotions/, carer/, emobank/, ..."
        )
    return path


def home_dir() -> Path:
    """The user's mirrorbot folder (settings, chat history): `$MIRRORBOT_HOME` or ~/.local/share/mirrorbot."""
    override = os.environ.get("MIRRORBOT_HOME")
    if override:
        return Path(override)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "mirrorbot"
