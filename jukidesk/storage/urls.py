"""Whether a ``--db`` value names a server database rather than a file. Free of SQLAlchemy,
so the window can tell before the data layer loads (storage/server.py parses the URL)."""

from __future__ import annotations

import os

SERVER_SCHEMES = ("postgresql", "postgres")


def looks_like_url(text: str | os.PathLike) -> bool:
    value = str(text)
    scheme = value.split("://", 1)[0].split("+", 1)[0].lower() if "://" in value else ""
    return scheme in SERVER_SCHEMES
