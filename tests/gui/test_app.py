"""Starting the GUI: which file opens, fonts, Japanese standard buttons, start-up errors."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from jukidesk.gui.opening import open_choice, start_choice


def _args(**kw):
    base = dict(db=None, demo=False, city=False, exit_when_ready=False, command=None)
    base.update(kw)
    return argparse.Namespace(**base)


def test_start_choice_order(monkeypatch, tmp_path):
    monkeypatch.setenv("JUKIDESK_DB", str(tmp_path / "env.sqlite"))
    assert start_choice(_args(demo=True)).demo
    assert start_choice(_args(db=str(tmp_path / "x.sqlite"))).path == tmp_path / "x.sqlite"
    # JUKIDESK_DB names a file that does not exist yet: the demo opens instead of an empty file
    assert start_choice(_args()).demo
    (tmp_path / "env.sqlite").write_bytes(b"")
    assert start_choice(_args()).path == tmp_path / "env.sqlite"


def test_default_without_env_is_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("JUKIDESK_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    choice = start_choice(_args())
    assert choice.demo  # nothing there yet
    from jukidesk.base.paths import default_database_path

    assert default_database_path().is_relative_to(tmp_path / "data")


def test_demo_is_a_temporary_copy_removed_on_close(gui_app):
    from jukidesk.gui.context import context_from

    opened = open_choice(start_choice(_args(demo=True)))
    context = context_from(opened)
    assert context.demo and context.display_name == "デモデータ"
    assert context.fiscal_year == 2014  # the demo's 基準日 2014-04-07 (its data ends in FY2013)
    folder = context.path.parent
    assert folder.exists()
    context.close()
    assert not folder.exists()


def test_bundled_font_and_japanese_buttons(gui_app):
    app = QApplication.instance()
    assert QFontInfo(app.font()).family() in {"IPAexGothic", "IPAexゴシック"}
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "キャンセル"


def test_qt_gets_only_the_gothic_font_and_bold_text_is_drawn_with_it(gui_app):
    # IPAex明朝 and BIZ UDゴシック Bold are for the PDFs (reportlab reads the files itself);
    # on screen bold text is IPAexGothic made bold by Qt, never another family.
    from PySide6.QtGui import QFont, QRawFont

    from jukidesk.gui.app import QT_FONT_ROLES

    assert QT_FONT_ROLES == ("gothic",)
    bold = QFont(QApplication.instance().font())
    bold.setBold(True)
    assert QRawFont.fromFont(bold).familyName() in {"IPAexGothic", "IPAexゴシック"}
    assert QFontInfo(bold).bold()


def test_unreadable_file_shows_a_japanese_message_and_exits_1(gui_app, tmp_path, prompts_log):
    from jukidesk.gui.app import run_gui

    bad = tmp_path / "notes.sqlite"
    bad.write_text("これはデータベースではありません" * 100, encoding="utf-8")
    assert run_gui(_args(db=str(bad))) == 1
    assert prompts_log.kinds() == ["error"]
    assert "データファイルを開けませんでした" in prompts_log.texts()[0]
    assert str(bad) in prompts_log.texts()[0]


def test_schema_too_new_is_refused(gui_app, demo_path, prompts_log):
    import sqlite3

    from jukidesk.gui.app import run_gui

    con = sqlite3.connect(demo_path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    assert run_gui(_args(db=str(demo_path))) == 1
    assert "新しい形式" in prompts_log.texts("error")[0]


def _run_cli(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # QSettings: never the real user's
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    env.pop("JUKIDESK_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "jukidesk", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_cli_opens_the_window_and_exits_when_ready(demo_path, tmp_path):
    result = _run_cli(["--db", str(demo_path), "--exit-when-ready"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    # the window saved its geometry to the redirected settings folder
    assert (tmp_path / "config" / "jukidesk" / "jukidesk.ini").exists()


def test_cli_with_a_bad_file_exits_1_without_traceback(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database" * 100)
    result = _run_cli(["--db", str(bad), "--exit-when-ready"], tmp_path)
    assert result.returncode == 1
    assert "開けません" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("extra", [["--demo"], ["--demo", "--city"], []], ids=["demo", "city-demo", "first-start"])
def test_cli_demo_and_first_start(tmp_path, extra):
    result = _run_cli([*extra, "--exit-when-ready"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "data" / "jukidesk" / "jukidesk.sqlite").exists()  # nothing created by looking
