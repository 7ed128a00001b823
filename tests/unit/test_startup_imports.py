"""What the start pays for: heavy libraries load only when the user asks for their work.

openpyxl and reportlab (Excel and PDF) cost start time and memory; they must not be imported
by the main window, the command-line parser or a normal start of the GUI. Alembic (with
Mako and Pygments) is needed only when a file must be migrated. Each check runs in a fresh
interpreter, since this test process has imported everything already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("openpyxl", "reportlab")


def loaded_after(code: str, modules: tuple[str, ...], tmp_path: Path) -> list[str]:
    """Run ``code`` in a new interpreter; return which of ``modules`` it left in sys.modules."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps([m for m in {list(modules)!r} if m in sys.modules]))\n"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_main_window_module_and_cli_parser_do_not_import_excel_or_pdf(tmp_path):
    code = "import jukidesk.gui.main_window, jukidesk.gui.app, jukidesk.gui.tabs\nfrom jukidesk.cli import build_parser\nbuild_parser()"
    assert loaded_after(code, HEAVY, tmp_path) == []


def test_the_checklist_tab_loads_its_actions_at_the_first_answer(tmp_path):
    # Showing a checklist needs core.checklists only; saving, carrying over and template
    # edits bring in the actions (with carry_forward, revisions, difflib) when first used.
    later = ("jukidesk.actions.checklists", "jukidesk.core.carry_forward", "jukidesk.core.revisions", "tomllib")
    assert loaded_after("import jukidesk.gui.checklist_tab", later, tmp_path) == []


def test_probe_sees_a_heavy_import(tmp_path):
    # The probe itself works: a module that imports openpyxl is reported.
    assert loaded_after("import openpyxl", HEAVY, tmp_path) == ["openpyxl"]


def test_gui_start_on_a_current_file_loads_no_excel_pdf_or_migration_code(demo_path, tmp_path):
    code = (
        "from jukidesk.main import main\n"
        f"assert main(['--db', {str(demo_path)!r}, '--exit-when-ready']) == 0"
    )
    assert loaded_after(code, (*HEAVY, "alembic"), tmp_path) == []


def test_quick_head_revision_agrees_with_alembic():
    from jukidesk.storage.database import head_revision, quick_head_revision

    assert quick_head_revision() == head_revision()


@pytest.mark.parametrize(
    "lines, head",
    [
        (['revision = "a"\ndown_revision = None\n', 'revision = "b"\ndown_revision = "a"\n'], "b"),
        (["revision: str = 'a'\ndown_revision: str | None = None\n", "revision: str = 'b'\ndown_revision: str | None = 'a'\n"], "b"),
        # two heads (a branch): no answer, Alembic decides
        (['revision = "a"\ndown_revision = None\n', 'revision = "b"\ndown_revision = "a"\n', 'revision = "c"\ndown_revision = "a"\n'], None),
    ],
)
def test_quick_head_revision_reads_the_version_files(monkeypatch, tmp_path, lines, head):
    from jukidesk.storage import revisions as database

    versions = tmp_path / "versions"
    versions.mkdir()
    for n, text in enumerate(lines):
        (versions / f"{n:04d}_x.py").write_text(f'"""Revision ID: {n}"""\n{text}', encoding="utf-8")
    monkeypatch.setattr(database, "MIGRATIONS_DIR", tmp_path)
    assert database.quick_head_revision() == head


# -- the window before the data (issue 20) --------------------------------------------------

PAINT_PROBE = """
import json, sys
from jukidesk.gui import main_window
seen = {{}}
original_show = main_window.MainWindow.show
def show(self):
    def painted():
        seen["painted"] = [m for m in ("sqlalchemy", "jukidesk.storage.models", "jukidesk.storage.database") if m in sys.modules]
    def ready():
        seen["ready"] = [m for m in ("sqlalchemy", "jukidesk.storage.models") if m in sys.modules]
        seen["title"] = self.windowTitle()
    self.first_painted.connect(painted)
    self.data_ready.connect(ready)
    original_show(self)
main_window.MainWindow.show = show
from jukidesk.main import main
seen["code"] = main(["--db", {db!r}, "--exit-when-ready"])
print(json.dumps(seen))
"""


def test_the_window_is_painted_before_the_data_layer_is_imported(demo_path, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run(
        [sys.executable, "-c", PAINT_PROBE.format(db=str(demo_path))],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["code"] == 0
    assert seen["painted"] == []  # first paint: no SQLAlchemy, no models, no database module
    assert seen["ready"] == ["sqlalchemy", "jukidesk.storage.models"]  # then the file was opened
    assert seen["title"] == "demo.sqlite — jukidesk"


def test_the_gui_command_line_loads_no_command_module(tmp_path):
    code = "from jukidesk import cli\ncli.build_parser(cli._modules_for(['--db', 'x.sqlite', '--exit-when-ready']))"
    assert loaded_after(code, ("sqlalchemy", "PySide6", *HEAVY), tmp_path) == []


def test_summary_loads_no_qt_no_pdf_no_excel(demo_path, tmp_path):
    code = (
        "from jukidesk.main import main\n"
        f"assert main(['summary', '--db', {str(demo_path)!r}, '--fy', '2013']) == 0"
    )
    assert loaded_after(code, ("PySide6", "shiboken6", *HEAVY), tmp_path) == []


def test_command_homes_name_the_module_of_every_command():
    import argparse
    import importlib

    from jukidesk import cli

    registered = {}
    for name in cli.COMMAND_MODULES:
        subparsers = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"jukidesk.cli.{name}").register(subparsers)
        registered.update(dict.fromkeys(subparsers.choices, name))
    assert cli.COMMAND_HOMES == registered


@pytest.mark.parametrize(
    "argv, modules",
    [
        ([], ()),
        (["--db", "summary"], ()),  # a file named like a command is still a file
        (["--demo", "--exit-when-ready"], ()),
        (["summary", "--db", "x"], ("basic",)),
        (["--db", "x", "report", "shiryo2"], ("reports",)),
        (["--help"], None),
        (["nonsense"], None),  # argparse explains, with every command listed
    ],
)
def test_modules_for_the_command_word(argv, modules):
    from jukidesk import cli

    assert cli._modules_for(argv) == modules
