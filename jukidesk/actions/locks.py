"""Clearing a lock that another PC left on a data file in a shared folder (its process cannot
be checked from here, so only the user can judge it: after seeing who held it, where and
since when). The clearing is recorded in 変更履歴."""

from __future__ import annotations

import json
from pathlib import Path

from jukidesk.actions.base import Area, Outcome, outcome
from jukidesk.base.errors import JukideskError
from jukidesk.storage import lock
from jukidesk.storage.database import open_database


def foreign_lock(db_path: Path | str) -> dict | None:
    """The holder of ``db_path``'s lock when it is another computer's, else ``None``."""
    holder = lock.read_holder(Path(db_path))
    return holder if holder and lock.is_foreign(holder) else None


def describe_foreign_lock(holder: dict) -> str:
    return f"{lock.holder_text(holder)}、{lock.holder_age_text(holder)}前から"


def clear_foreign_lock(db_path: Path | str, holder: dict) -> Outcome[dict]:
    """Remove the lock ``holder`` (as shown to the user) and record it in the history.
    A lock of this PC is never cleared here: a stale one is taken over by itself."""
    db_path = Path(db_path)
    if not lock.is_foreign(holder):
        raise JukideskError("このコンピュータのロックは解除できません（使っている画面を閉じてください）。")
    cleared = lock.clear_lock(db_path, holder)
    if cleared:
        from jukidesk.storage.history import record_outside_change

        with lock.hold(db_path), open_database(db_path, create=False) as db:
            with db.transaction() as session:
                record_outside_change(
                    session, "file_lock", "delete", f"{describe_foreign_lock(cleared)} のロックを解除",
                    old=json.dumps({k: cleared.get(k) for k in ("user", "host", "pid", "since")}, ensure_ascii=False),
                )
    return outcome(cleared, {Area.BACKUPS} if cleared else ())
