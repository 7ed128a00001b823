"""Helpers shared by the commands: opening the file, printing JSON and tables."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from jukidesk.base.errors import JukideskError
from jukidesk.storage.database import Database, open_database


def db_target(text: str):
    """argparse ``type=`` for ``--db``: a file path, or a server database's URL
    (``postgresql+psycopg://clerk@dbserver/jukidesk``; never with a password)."""
    from jukidesk.storage.server import location_of

    try:
        return location_of(text)
    except JukideskError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


DB_HELP = "データベースファイル、またはサーバーの URL（postgresql+psycopg://利用者@サーバー/データベース）"


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", required=True, type=db_target, help=DB_HELP)


def iso_date(text: str) -> dt.date:
    """argparse ``type=`` for a date option written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日付は YYYY-MM-DD で指定してください: {text}") from None


def open_existing(path) -> Database:
    """Commands other than ``demo`` never create a file by accident.
    Use as ``with open_existing(path) as db:`` so the file is closed however the command ends.
    A server database (a URL) must hold jukidesk data already (``jukidesk new`` first)."""
    from jukidesk.storage.server import ServerLocation

    if isinstance(path, ServerLocation):
        return open_database(path, create=False)
    if not path.exists():
        raise JukideskError(f"データベースファイル {path} が見つかりません。")
    return open_database(path, create=False)


def print_json(data) -> None:
    """JSON in UTF-8 whatever the console's code page (a redirected Windows console would
    otherwise write Shift_JIS, which JSON readers do not expect)."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a test's captured text stream
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    """A plain table aligned for a terminal (full-width characters count double)."""

    def width(text: str) -> int:
        import unicodedata

        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    cells = [headers] + [[str(c) for c in row] for row in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        print("  ".join(text + " " * (w - width(text)) for text, w in zip(row, widths)).rstrip())
