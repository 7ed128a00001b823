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
