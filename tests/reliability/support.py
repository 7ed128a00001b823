"""Helpers shared by the reliability tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def sql_dump(path: Path, *, without: tuple[str, ...] = ()) -> str:
    """Every row of the file (as in tests/conftest.py), optionally without some tables."""
    con = sqlite3.connect(path)
    try:
        lines = con.iterdump()
        if without:
            lines = (line for line in lines if not any(f'"{name}"' in line.split("VALUES")[0] for name in without))
        return "\n".join(lines)
    finally:
        con.close()


def scalar(path: Path, sql: str, *params):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, params).fetchone()[0]
    finally:
        con.close()


_HOLDER = (
    "import sys, time\n"
    "from jukidesk.storage.lock import DatabaseLock\n"
    "lock = DatabaseLock(sys.argv[1]).acquire()\n"
    "print('locked', flush=True)\n"
    "time.sleep(120)\n"
)


class held_by_other_process:
    """``with held_by_other_process(path) as proc:`` — another live process holds the
    file's lock (as a second jukidesk window would) until the block ends; it is killed then,
    leaving a stale lock file behind."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.proc = None

    def __enter__(self):
        import subprocess
        import sys

        self.proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(self.path)], stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if line != "locked":
            self.proc.kill()
            raise RuntimeError(f"the lock holder did not start: {line!r}")
        return self.proc

    def __exit__(self, *_exc):
        self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()
