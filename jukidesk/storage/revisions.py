"""The schema revisions: the head of this app's Alembic migrations and the revision a file
records. Read without opening the file for writing."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from jukidesk.base.errors import DatabaseError
from jukidesk.storage.sqlite_file import connect_readonly

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection=None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


_REVISION_LINE = re.compile(r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+?)\s*$""", re.MULTILINE)
_QUOTED = re.compile(r"""["']([^"']+)["']""")


def quick_head_revision() -> str | None:
    """The head revision read from the version files' ``revision``/``down_revision`` lines,
    without importing Alembic (Alembic with Mako and Pygments costs about 0.15 s and 25 MB,
    paid at every start only to learn that the file is already current). ``None`` when the
    files do not give exactly one head; the caller then asks Alembic. A unit test checks that
    this agrees with :func:`head_revision`."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        try:
            text = script.read_text(encoding="utf-8")
        except OSError:
            return None
        found = dict((key, value) for key, value in _REVISION_LINE.findall(text))
        if "revision" not in found:
            return None
        names = _QUOTED.findall(found["revision"])
        if len(names) != 1:
            return None
        revisions.add(names[0])
        parents.update(_QUOTED.findall(found.get("down_revision", "")))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stored_revision(path: Path) -> str | None:
    """The Alembic revision recorded in the file, or ``None`` for a file without schema."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        con = connect_readonly(path)
    except sqlite3.Error as exc:
        raise DatabaseError(f"データベースファイル {path} を開けません: {exc}") from exc
    try:
        has_table = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            user_tables = con.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
            if user_tables:
                raise DatabaseError(f"{path} は jukidesk のデータベースファイルではありません。")
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} はデータベースファイルとして読み込めません（破損しているか、別の形式のファイルです）: {exc}") from exc
    finally:
        con.close()
