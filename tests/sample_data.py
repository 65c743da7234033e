"""A data folder in the shared datasets' layout, built from hand-written rows for the loader tests.

The rows live in `samples/datasets.json` ({relative path: file text}), written for the tests, not
copied from any dataset. They are kept in one JSON file rather than as files named like the
datasets' own, and written out once per test process into a temporary folder.
"""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import tempfile
from pathlib import Path

SAMPLES = Path(__file__).parent / "samples"


@functools.cache
def sample_data_dir() -> Path:
    """The temporary data folder (goemotions/, carer/, emobank/, wassa2017/, dailydialog/)."""
    root = Path(tempfile.mkdtemp(prefix="mirrorbot-sample-data-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    for relative, text in json.loads((SAMPLES / "datasets.json").read_text(encoding="utf-8")).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    return root
