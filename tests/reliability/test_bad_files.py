"""Hostile and broken workbooks (bad_files.CORPUS) given to `jukidesk checklist import`:
each is refused with its own Japanese message naming the file, nothing is imported, the
database is unchanged, and memory stays bounded."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tracemalloc

import openpyxl
import pytest

from jukidesk.cli import main

from . import bad_files
from .support import sql_dump

MEMORY_LIMIT = 50 * 1024 * 1024  # peak Python allocations while refusing one file
TIME_LIMIT = 20.0  # seconds (a naive parse of the bombs would take minutes or never end)


def _peak_while(action):
    tracemalloc.start()
    try:
        result = action()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_memory_measurement_sees_a_large_allocation():
    """Guard: the bound below would be meaningless if tracemalloc did not see big buffers."""
    _, peak = _peak_while(lambda: len(bytearray(MEMORY_LIMIT + 1024 * 1024)))
    assert peak > MEMORY_LIMIT


def _run_cli(argv):
    repo = os.fspath(bad_files.Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": repo + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, "-m", "jukidesk", *argv], capture_output=True, env=env, timeout=120)
    return proc.returncode, proc.stderr.decode("utf-8", "replace")


@pytest.fixture
def base(demo_path, tmp_path):
    return bad_files.valid_form(demo_path, tmp_path)


@pytest.mark.parametrize("name", list(bad_files.CORPUS))
def test_a_bad_file_is_refused_with_its_message_and_changes_nothing(name, demo_path, base, tmp_path, capsys):
    spec = bad_files.CORPUS[name]
    try:
        path = bad_files.build(name, tmp_path / "bad", base)
    except OSError as exc:
        pytest.skip(f"cannot create this file here: {exc}")
    assert path.stat().st_size < 200 * 1024  # the corpus stays small on disk
    before = sql_dump(demo_path)
    capsys.readouterr()
    started = time.monotonic()
    if spec.subprocess:
        # Real standard streams (pytest's capture is stricter about undecodable names).
        rc, err = _run_cli(["checklist", "import", "--db", str(demo_path), str(path)])
        peak = 0
    else:
        rc, peak = _peak_while(lambda: main(["checklist", "import", "--db", str(demo_path), str(path)]))
        err = capsys.readouterr().err
    elapsed = time.monotonic() - started
    assert rc == 1, err
    assert spec.expect in err, err
    assert path.stem[:4] in err
    assert "何も取り込んでいません" in err
    assert sql_dump(demo_path) == before
    assert peak < MEMORY_LIMIT, f"peak {peak / 1e6:.0f} MB"
    assert elapsed < TIME_LIMIT


def test_the_valid_form_itself_is_accepted(demo_path, base, capsys):
    """The corpus is made from a form that imports: each case fails for its own defect."""
    workbook = openpyxl.load_workbook(base)
    sheet = workbook[bad_files.MAIN_SHEET]
    for row in bad_files._answer_rows(base):
        sheet[f"D{row}"] = 3
    workbook.save(base)
    assert main(["checklist", "import", "--db", str(demo_path), str(base), "--dry-run"]) == 0, capsys.readouterr().err


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are always Unicode there")
def test_a_valid_form_under_a_non_utf8_file_name_imports_without_a_crash(demo_path, base, tmp_path, capsys):
    workbook = openpyxl.load_workbook(base)
    sheet = workbook[bad_files.MAIN_SHEET]
    for row in bad_files._answer_rows(base):
        sheet[f"D{row}"] = 3
    sheet["B4"] = "記入 太郎"
    raw = os.path.join(os.fsencode(tmp_path), bad_files.NON_UTF8_NAME)
    workbook.save(os.fsdecode(raw))
    before = sql_dump(demo_path)
    try:
        rc = main(["checklist", "import", "--db", str(demo_path), os.fsdecode(raw)])
    finally:
        shutil.rmtree(base.parent, ignore_errors=True)
    assert rc == 0, capsys.readouterr().err
    after = sql_dump(demo_path)
    assert after != before
    # The name is stored readably: the bad bytes become U+FFFD, the rest of the name stays.
    assert "\ufffd" in after
