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


def run_paint_probe(db: Path, config: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config))
    result = subprocess.run(
        [sys.executable, "-c", PAINT_PROBE.format(db=str(db))],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_window_is_painted_before_the_data_layer_is_imported(demo_path, tmp_path):
    # Twice in the same settings folder: the second start has the file in 最近使ったファイル,
    # whose menu is built with the window (it must tell a server URL without SQLAlchemy).
    for start in ("first", "with a recent file"):
        seen = run_paint_probe(demo_path, tmp_path / "config")
        assert seen["code"] == 0, start
        assert seen["painted"] == [], start  # first paint: no SQLAlchemy, no models, no database module
        assert seen["ready"] == ["sqlalchemy", "jukidesk.storage.models"], start  # then the file was opened
        assert seen["title"] == "demo.sqlite — jukidesk"


# What the home tab (今年度の進捗, core.year_progress) does not use: the year's actions and the
# rotation planner and scheduler (jpholiday) behind its buttons, the checklists' writing, a
# city's record modules, the papers' model, Excel/PDF, TOML. (email and importlib.metadata are
# imported by SQLAlchemy itself, which the home tab reads through: not pinned here.)
NOT_AT_IDLE = (
    "jpholiday", "jukidesk.core.planner", "jukidesk.core.scheduler", "jukidesk.core.calendar",
    "jukidesk.core.year_workflow", "jukidesk.core.checklists", "jukidesk.core.municipal.records",
    "jukidesk.core.municipal.training", "jukidesk.reports.document", "jukidesk.exchange",
    "openpyxl", "reportlab", "alembic", "tomllib",
)  # fmt: skip

IDLE_PROBE = """
import json, linecache, os, sys
from jukidesk.gui import main_window
seen = {{}}
original_init = main_window.MainWindow.__init__
def init(self, *args, **kwargs):
    original_init(self, *args, **kwargs)
    def ready():  # connected before --exit-when-ready's close, so the tab is still there
        seen["tab"] = self.current_tab_title()
        seen["built"] = self.tab_widget("今年度の進捗") is not None
        seen["loaded"] = [m for m in {modules!r} if m in sys.modules]
        seen["home"] = "jukidesk.core.year_progress" in sys.modules
        sources = [name for name in linecache.cache if os.path.isfile(name)]
        seen["sqlalchemy_sources"] = [name for name in sources if os.sep + "sqlalchemy" + os.sep in name]
        seen["tab_sources"] = [name for name in sources if name.endswith("home_tab.py")]
    self.data_ready.connect(ready)
main_window.MainWindow.__init__ = init
from jukidesk.main import main
seen["code"] = main(["--db", {db!r}, "--exit-when-ready"])
print(json.dumps(seen))
"""


def test_the_home_tab_at_idle_has_loaded_only_what_it_reads(demo_path, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run(
        [sys.executable, "-c", IDLE_PROBE.format(db=str(demo_path), modules=NOT_AT_IDLE)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["code"] == 0
    assert seen["tab"] == "今年度の進捗" and seen["built"] and seen["home"]  # the home tab, built with its data
    assert seen["loaded"] == []
    # PySide's check of each module imported after it (does it use PySide?) reads the source
    # without keeping it (gui.app.keep_module_sources_out_of_memory): ~18 MB at idle.
    assert seen["sqlalchemy_sources"] == [] and seen["tab_sources"] == []


def test_pyside_still_has_the_source_check_that_start_replaces():
    # If a PySide version drops or renames it, keep_module_sources_out_of_memory silently does
    # nothing and the idle memory grows again: this says so.
    import PySide6.QtCore  # noqa: F401
    from shibokensupport import feature

    from jukidesk.gui import app

    assert feature._mod_uses_pyside is app._mentions_pyside
    assert app._mentions_pyside(app) and not app._mentions_pyside(json)  # gui/app.py names PySide6; json does not


def test_the_gui_command_line_loads_no_command_module(tmp_path):
    code = "from jukidesk import cli\ncli.build_parser(cli._modules_for(['--db', 'x.sqlite', '--exit-when-ready']))"
    assert loaded_after(code, ("sqlalchemy", "PySide6", *HEAVY), tmp_path) == []


def test_report_shiryo2_xlsx_loads_only_what_it_uses(demo_path, tmp_path):
    out = tmp_path / "資料2.xlsx"
    code = (
        "from jukidesk.main import main\n"
        f"assert main(['report', 'shiryo2', '--db', {str(demo_path)!r}, '--fy', '2013', '--xlsx', {str(out)!r}]) == 0"
    )
    unused = (
        "PySide6", "shiboken6", "reportlab", "jukidesk.cli.evidence", "jukidesk.core.year_workflow",
        "jukidesk.core.year_progress", "jukidesk.core.planner", "jukidesk.core.scheduler", "jpholiday",
    )  # fmt: skip
    assert loaded_after(code, unused, tmp_path) == []
    assert out.stat().st_size > 0


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
