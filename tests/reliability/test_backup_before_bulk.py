"""Imports and plan applications leave a generation of the file as it was before them;
a refused import leaves none."""

from jukidesk.cli import main
from jukidesk.storage.backup import list_backups
from tests.exchange.test_checklist_xlsx import export, fill, run_import


def reasons(path):
    return [b.path.name for b in list_backups(path) if "before-" in b.path.name]


def test_a_checklist_import_backs_up_first(demo_path, tmp_path):
    files = export(demo_path, tmp_path / "out", code="201")
    fill(files[0])
    assert reasons(demo_path) == []
    assert run_import(demo_path, *files) == 0
    assert [name for name in reasons(demo_path) if "before-import" in name]


def test_a_refused_import_makes_no_backup(demo_path, tmp_path):
    files = export(demo_path, tmp_path / "out", code="201")
    fill(files[0], {"1-1": 7})  # not 1/2/3/該当なし
    assert run_import(demo_path, *files) == 1
    assert reasons(demo_path) == []


def test_applying_a_plan_backs_up_first(demo_path):
    assert main(["plan", "--db", str(demo_path), "--cycle-start", "2014", "--apply"]) == 0
    assert [name for name in reasons(demo_path) if "before-bulk" in name]
