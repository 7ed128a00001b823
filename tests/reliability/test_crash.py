"""Crash safety: a process killed (SIGKILL) in the middle of a large transaction or of a
stream of small ones leaves a sound file holding each transaction whole or not at all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jukidesk.storage.database import open_database
from jukidesk.storage.integrity import check

from . import crash_worker
from .support import scalar, sql_dump

WORKER = Path(crash_worker.__file__)
REPO = Path(__file__).resolve().parents[2]


def _at_head(db: Path) -> None:
    """Bring the file to the current schema first, so the worker's open changes nothing."""
    open_database(db).close()


def _start(mode: str, db: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen(
        [sys.executable, str(WORKER), mode, str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def _kill_after(proc: subprocess.Popen, line_wanted: str, timeout: float = 60) -> list[str]:
    """Read the child's lines until ``line_wanted``, then SIGKILL it; return all lines."""
    seen = []
    for line in proc.stdout:
        seen.append(line.strip())
        if seen[-1] == line_wanted:
            proc.kill()  # SIGKILL on POSIX: no cleanup, no atexit, no rollback
            break
    proc.wait(timeout=timeout)
    seen += [line.strip() for line in proc.stdout]
    if proc.returncode != -9 and sys.platform != "win32":
        pytest.fail(f"the worker was not killed (rc={proc.returncode}): {proc.stderr.read()}")
    return seen


def test_killed_in_the_middle_of_a_large_import_nothing_of_it_is_kept(demo_path):
    _at_head(demo_path)
    before = sql_dump(demo_path)
    lines = _kill_after(_start("import", demo_path), "flushed 3000")
    assert "committed" not in lines  # really killed mid-transaction
    assert check(demo_path) == []
    assert sql_dump(demo_path) == before  # all before: not one row of the import, no history

    # The same import run to its end: all after.
    proc = _start("import", demo_path)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert check(demo_path) == []
    answers = scalar(demo_path, "SELECT count(*) FROM answer")
    assert scalar(demo_path, "SELECT count(*) FROM answer WHERE remark = ?", crash_worker.IMPORT_REMARK) == answers
    assert scalar(demo_path, "SELECT count(*) FROM year_note WHERE fy = ?", crash_worker.IMPORT_FY) == crash_worker.IMPORT_NOTES


def test_killed_in_a_stream_of_edits_every_commit_is_whole(demo_path):
    _at_head(demo_path)
    history_before = scalar(demo_path, "SELECT max(id) FROM change_log")
    lines = _kill_after(_start("stream", demo_path), "committed 150")
    assert check(demo_path) == []
    last = int(scalar(demo_path, "SELECT value FROM setting WHERE key = 'contact_person'"))
    assert last >= 150  # at least every transaction reported as committed is there
    assert f"committed {last + 2}" not in lines
    n = crash_worker.STREAM_ANSWERS
    for answer_id in range(1, n + 1):
        edits = [i for i in range(last + 1) if i % n == answer_id - 1]
        remark = scalar(demo_path, "SELECT remark FROM answer WHERE id = ?", answer_id)
        assert remark == (f"edit {edits[-1]}" if edits else ""), answer_id
    # Each committed transaction left exactly its two history records, none of a torn one.
    records = scalar(demo_path, "SELECT count(*) FROM change_log WHERE id > ?", history_before)
    assert records == 2 * (last + 1)
