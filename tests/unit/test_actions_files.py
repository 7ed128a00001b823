"""actions.files: a new organisation's file, a demo file, a backup now and a restore — what
lands on disk, the generations in backups/ and the areas each outcome names."""

import pytest

from jukidesk.actions import files as act
from jukidesk.actions.base import Area
from jukidesk.actions.settings import save_settings
from jukidesk.base.errors import JukideskError, ValidationError
from jukidesk.core.settings import load_settings
from jukidesk.core.templates import latest_template
from jukidesk.storage.backup import list_backups
from jukidesk.storage.database import open_database
from jukidesk.storage.lock import DatabaseLock, DatabaseLockedError
from tests.conftest import sql_dump

FIRST_RUN = {
    "org_name": "みなみ県",
    "security_officer_title": "総務部長",
    "network_admin_title": "市町村課長",
    "cycle_first_fy": 2024,
}


def _org_name(path) -> str:
    with open_database(path) as db, db.session() as session:
        return load_settings(session)["org_name"]


def test_a_new_organisation_gets_its_settings_and_the_standard_template(empty_db):
    outcome = act.start_organisation(empty_db, FIRST_RUN)
    assert outcome.changes == {Area.SETTINGS, Area.TEMPLATES}
    assert outcome.value["org_name"] == "みなみ県"
    with empty_db.session() as session:
        assert load_settings(session)["cycle_first_fy"] == 2024
        assert latest_template(session) is not None


def test_a_refused_first_entry_stores_nothing(empty_db):
    before = sql_dump(empty_db.path)
    with pytest.raises(ValidationError) as caught:
        act.start_organisation(empty_db, {**FIRST_RUN, "org_name": "  "})
    assert caught.value.field == "org_name"
    assert sql_dump(empty_db.path) == before


def test_write_demo_builds_a_file_and_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "demo.sqlite"
    outcome = act.write_demo(target)
    assert outcome.value == target and _org_name(target) == "長野県"
    with pytest.raises(JukideskError, match="既に存在します"):
        act.write_demo(target, name="city")
    act.write_demo(target, name="city", force=True)
    assert _org_name(target) != "長野県"


def test_backup_now_makes_a_manual_generation(demo_db, demo_path, tmp_path):
    outcome = act.backup_now(demo_db)
    assert outcome.changes == {Area.BACKUPS}
    assert [(info.path, info.reason) for info in list_backups(demo_path)] == [(outcome.value, "manual")]
    assert outcome.backup == outcome.value and sql_dump(outcome.value) == sql_dump(demo_path)
    copy = act.backup_now(demo_path, target=tmp_path / "copy.sqlite").value
    assert copy == tmp_path / "copy.sqlite" and sql_dump(copy) == sql_dump(demo_path)
    assert len(list_backups(demo_path)) == 1  # a copy elsewhere is not a generation
    with pytest.raises(JukideskError, match="データベースファイル自身"):
        act.backup_now(demo_path, target=demo_path)
    with pytest.raises(JukideskError, match="見つかりません"):
        act.backup_now(tmp_path / "none.sqlite")


def test_restore_keeps_the_replaced_file_as_a_before_restore_backup(demo_path):
    with open_database(demo_path) as db:
        backup = act.backup_now(db).value
        save_settings(db, {"org_name": "復元で消える名前"})
    changed = sql_dump(demo_path)
    outcome = act.restore(demo_path, backup)
    assert outcome.changes == frozenset(Area)  # the whole file was replaced
    assert _org_name(demo_path) == "長野県"
    previous = outcome.value
    assert previous is not None and outcome.backup == previous
    assert [info.reason for info in list_backups(demo_path) if info.path == previous] == ["before-restore"]
    assert sql_dump(previous) == changed  # what was replaced is kept


def test_restore_is_refused_while_another_holder_has_the_file(demo_path):
    backup = act.backup_now(demo_path).value
    with open_database(demo_path) as db:
        save_settings(db, {"org_name": "残る名前"})
    before = sql_dump(demo_path)
    with DatabaseLock(demo_path), pytest.raises(DatabaseLockedError, match="使用中"):
        act.restore(demo_path, backup)
    assert sql_dump(demo_path) == before
    with pytest.raises(JukideskError, match="同じファイル"):
        act.restore(demo_path, demo_path)
    with pytest.raises(JukideskError, match="見つかりません"):
        act.restore(demo_path, demo_path.with_name("none.sqlite"))
    assert sql_dump(demo_path) == before
