"""Opening a SQLite file directly (not through SQLAlchemy), for checks and copies."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def connect_readonly(path: Path) -> sqlite3.Connection:
    """Open a file read-only; the URI is percent-encoded so any file name works."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
