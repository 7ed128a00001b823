"""One jukidesk window per data file (issue 7): the GUI takes the file's lock whenever it
opens a file, refuses a file another process holds (saying who, where and since when), takes
over a stale lock, and releases the lock when the file is closed or another one is opened."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jukidesk.gui.context import context_from
from jukidesk.gui.main_window import MainWindow
from jukidesk.gui.opening import open_demo, open_path
from jukidesk.storage.backup import backup_file, list_backups
from jukidesk.storage.history import os_user
from jukidesk.storage.lock import DatabaseLockedError, lock_path, read_holder
from tests.gui.helpers import sql_dump
from tests.reliability.support import held_by_other_process


def _args(**kw):
    base = dict(db=None, demo=False, city=False, exit_when_ready=False, command=None)
    base.update(kw)
    return argparse.Namespace(**base)


def _ours(path: Path) -> bool:
    holder = read_holder(path)
    return bool(holder) and holder["pid"] == os.getpid() and holder["host"] == socket.gethostname()


def _since_text(holder: dict) -> str:
    return holder["since"][:16].replace("T", " ")  # as storage.lock.holder_text shows it


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid




def _window(qtbot, opened) -> MainWindow:
    win = MainWindow(context_from(opened))
    qtbot.addWidget(win)
    return win


# -- a second start -------------------------------------------------------------------------


def test_a_second_start_on_a_file_in_use_is_refused_naming_the_holder(gui_app, demo_path, prompts_log, windows_close_themselves):
    from jukidesk.gui.app import run_gui

    before = sql_dump(demo_path)
    with held_by_other_process(demo_path) as other:
        holder = read_holder(demo_path)
        assert run_gui(_args(db=str(demo_path))) == 1
        assert read_holder(demo_path) == holder  # the other process's lock is left alone
    assert all(w.context is None for w in windows_close_themselves)  # shown first, never given the file
    assert prompts_log.kinds() == ["error"]
    text = prompts_log.texts()[0]
    assert "使用中" in text and str(other.pid) in text
    assert os_user() in text and socket.gethostname() in text and _since_text(holder) in text
    # refused before anything was read, backed up or migrated
    assert sql_dump(demo_path) == before
    assert list_backups(demo_path) == []


def test_exit_when_ready_prints_the_holder_and_exits_1(gui_app, demo_path, prompts_log, capsys, windows_close_themselves):
    from jukidesk.gui.app import run_gui

    with held_by_other_process(demo_path):
        holder = read_holder(demo_path)
        assert run_gui(_args(db=str(demo_path), exit_when_ready=True)) == 1
    err = capsys.readouterr().err
    assert "使用中" in err and os_user() in err and socket.gethostname() in err and _since_text(holder) in err
    assert prompts_log.calls == []  # nothing modal without a user


def _run(args: list[str], tmp_path: Path, **popen) -> subprocess.Popen:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    env.pop("JUKIDESK_DB", None)
    return subprocess.Popen(
        [sys.executable, "-m", "jukidesk", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen
    )


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_two_real_starts_then_a_crash(demo_path, tmp_path):
    """A real window holds the file; a second start is refused; after the first one is
    killed (a crash), its stale lock is taken over by the next start, which releases it
    when it closes."""
    first = _run(["--db", str(demo_path)], tmp_path)
    try:
        deadline = time.monotonic() + 60
        while (read_holder(demo_path) or {}).get("pid") != first.pid:
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the first window never took the lock"
            time.sleep(0.1)
        second = _run(["--db", str(demo_path), "--exit-when-ready"], tmp_path)
        out, err = second.communicate(timeout=120)
        assert second.returncode == 1, err
        assert "使用中" in err and str(first.pid) in err and socket.gethostname() in err
        assert "Traceback" not in err
    finally:
        first.send_signal(signal.SIGKILL)
        first.communicate()
    assert read_holder(demo_path)["pid"] == first.pid  # left behind by the crash
    third = _run(["--db", str(demo_path), "--exit-when-ready"], tmp_path)
    out, err = third.communicate(timeout=120)
    assert third.returncode == 0, err
    assert not lock_path(demo_path).exists()


# -- opening and closing in the window ----------------------------------------------------


def test_the_window_holds_its_file_until_it_closes_or_switches(qtbot, gui_app, demo_path, tmp_path):
    other = tmp_path / "other.sqlite"
    shutil.copy(demo_path, other)
    win = _window(qtbot, open_path(demo_path))
    assert _ours(demo_path) and not lock_path(other).exists()
    operation = win.open_path(other)  # ファイル → 開く / 最近使ったファイル
    qtbot.waitUntil(lambda: operation.done, timeout=10000)
    assert win.context.path == other
    assert not lock_path(demo_path).exists() and _ours(other)
    win.close()  # ファイル → 終了 closes the window
    assert not lock_path(other).exists()


def test_the_open_menu_refuses_a_file_in_use_and_keeps_the_current_one(qtbot, gui_app, demo_path, tmp_path, prompts_log):
    other = tmp_path / "other.sqlite"
    shutil.copy(demo_path, other)
    win = _window(qtbot, open_path(demo_path))
    old_context = win.context
    with held_by_other_process(other) as proc:
        operation = win.open_path(other)
        qtbot.waitUntil(lambda: operation.done, timeout=10000)
        assert read_holder(other)["pid"] == proc.pid
    assert win.context is old_context and _ours(demo_path)
    assert prompts_log.kinds() == ["error"]
    assert "使用中" in prompts_log.texts()[0] and os_user() in prompts_log.texts()[0]
    win.close()


def test_new_file_is_locked_from_the_start(qtbot, gui_app, demo_path, tmp_path, prompts_log):
    win = _window(qtbot, open_path(demo_path))
    target = tmp_path / "新しい台帳.sqlite"
    prompts_log.answers.append(str(target))
    win.ui.action_new.trigger()  # ファイル → 新規作成
    qtbot.waitUntil(lambda: win.context.path == target, timeout=10000)
    assert _ours(target) and not lock_path(demo_path).exists()
    win.close()
    assert not lock_path(target).exists()


def test_a_stale_lock_of_a_crashed_window_is_taken_over(qtbot, gui_app, demo_path):
    lock_path(demo_path).write_text(
        f'{{"pid": {_dead_pid()}, "host": "{socket.gethostname()}", "user": "tanaka", "since": "2026-04-01T09:00:00"}}',
        encoding="utf-8",
    )
    opened = open_path(demo_path)
    assert opened.lock.lock.took_over["user"] == "tanaka"
    win = _window(qtbot, opened)
    assert _ours(demo_path)
    win.close()
    assert not lock_path(demo_path).exists()


def test_the_first_run_dialog_refuses_a_file_in_use(gui_app, demo_path, tmp_path, prompts_log):
    from jukidesk.gui.first_run import FirstRunDialog

    dialog = FirstRunDialog(tmp_path / "default.sqlite", recent=[demo_path])
    with held_by_other_process(demo_path):
        assert not dialog.open_existing(demo_path)  # 既存のファイルを開く / the recent list
    assert dialog.opened is None
    assert prompts_log.kinds() == ["error"] and "使用中" in prompts_log.texts()[0]
    dialog.close()


def test_restoring_a_backup_keeps_the_file_locked(qtbot, gui_app, demo_path, prompts_log):
    from jukidesk.gui.recovery import restore_into_window

    backup = backup_file(demo_path)
    win = _window(qtbot, open_path(demo_path))
    token = read_holder(demo_path)["token"]
    assert restore_into_window(win, backup)
    assert read_holder(demo_path)["token"] == token  # never let go in between
    win.close()
    assert not lock_path(demo_path).exists()


def test_a_demo_copy_is_locked_and_released_with_its_folder(qtbot, gui_app):
    opened = open_demo()
    path = opened.database.path
    assert _ours(path)
    win = _window(qtbot, opened)
    win.close()
    assert not path.parent.exists()


def test_open_path_releases_the_lock_when_opening_fails(gui_app, tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database" * 100)
    with pytest.raises(Exception):
        open_path(bad)
    assert not lock_path(bad).exists()


def test_a_file_in_use_is_refused_by_open_path(gui_app, demo_path):
    with held_by_other_process(demo_path):
        with pytest.raises(DatabaseLockedError, match="使用中"):
            open_path(demo_path)
