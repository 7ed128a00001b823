"""Edit history of the municipal records and of evidence (issue 7): who changed a roster, a
training completion, a meeting decision, an inspection, an attachment — shown by
``jukidesk history`` with Japanese table and field names."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from jukidesk.base.vocabulary import CHANGE_FIELD_LABELS, CHANGE_TABLE_LABELS
from jukidesk.cli import main
from jukidesk.storage.history import AUDITED_TABLES, host_name, os_user
from jukidesk.storage.models_history import ChangeLog
from jukidesk.storage.models_municipal import RoleAssignment
from jukidesk.storage.schema import Base

from .conftest import DEMO_FY, DEMO_TODAY


def _history(capsys, path, *args) -> list[dict]:
    capsys.readouterr()
    assert main(["history", "--db", str(path), "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def _last_id(db) -> int:
    with db.session() as session:
        return session.scalar(select(ChangeLog.id).order_by(ChangeLog.id.desc()).limit(1)) or 0


def _since(db, last: int) -> list[ChangeLog]:
    with db.session() as session:
        return list(session.scalars(select(ChangeLog).where(ChangeLog.id > last).order_by(ChangeLog.id)))


def test_every_municipal_table_and_attachment_metadata_are_audited_with_japanese_labels():
    municipal = {
        table.name for table in Base.metadata.sorted_tables if table.name in {m.local_table.name for m in _municipal_mappers()}
    }
    assert len(municipal) == 17
    assert municipal | {"attachment"} <= set(AUDITED_TABLES)
    assert "attachment_content" not in AUDITED_TABLES  # the bytes: identified by the SHA-256
    for name, spec in AUDITED_TABLES.items():
        assert CHANGE_TABLE_LABELS.get(name), name
        keys = {c.name for c in Base.metadata.tables[name].columns if not c.primary_key} - spec.exclude
        missing = keys - set(CHANGE_FIELD_LABELS.get(name, {}))
        assert not missing, f"{name}: no Japanese label for {sorted(missing)}"


def _municipal_mappers():
    import jukidesk.storage.models_municipal as module

    return [
        sa_inspect(obj)
        for obj in vars(module).values()
        if isinstance(obj, type) and obj.__module__ == module.__name__ and hasattr(obj, "__tablename__")
    ]


def test_a_roster_change_appears_in_jukidesk_history(city_db, city_path, ctx, capsys):
    from jukidesk.core.municipal.records import update_record, values_of
    from jukidesk.core.municipal.roster import ROSTER

    with city_db.transaction() as session:
        record = session.scalars(select(RoleAssignment).where(RoleAssignment.person == "青山 恭子")).one()
        values = {**values_of(ROSTER, record), "person": "赤坂 恭子", "ends_on": dt.date(2027, 3, 31)}
        update_record(session, ROSTER, record.id, values, ctx)
    rows = _history(capsys, city_path, "--table", "role_assignment", "--limit", "2")
    changed = {row["項目"]: row for row in rows}
    assert set(changed) == {"氏名", "退任日"}
    person = changed["氏名"]
    assert (person["台帳"], person["操作"], person["変更前"], person["変更後"]) == ("セキュリティ組織名簿", "変更", "青山 恭子", "赤坂 恭子")
    assert person["利用者"] == f"{os_user()}（{host_name()}）" and person["対象"].endswith("赤坂 恭子")  # user and PC
    assert (changed["退任日"]["変更前"], changed["退任日"]["変更後"]) == ("", "2027-03-31")


def test_a_training_completion_is_filed_under_the_staff_members_office_and_the_courses_year(city_db, city_path, ctx, capsys):
    from jukidesk.core.municipal.records import add_record
    from jukidesk.core.municipal.training import COMPLETION
    from jukidesk.storage.models_municipal import Staff, TrainingCompletion, TrainingCourse

    with city_db.transaction() as session:
        course = session.scalars(select(TrainingCourse).where(TrainingCourse.fy == DEMO_FY)).first()
        done = {c.staff_id for c in session.scalars(select(TrainingCompletion).where(TrainingCompletion.course_id == course.id))}
        staff = next(s for s in session.scalars(select(Staff).order_by(Staff.id)) if s.id not in done and s.ends_on is None)
        add_record(session, COMPLETION, {"staff_id": staff.id, "completed_on": DEMO_TODAY}, ctx.with_parent(course.id))
        code, title, name = staff.institution.code, course.title, staff.name
    rows = _history(capsys, city_path, "--table", "training_completion", "--institution", code, "--fy", str(DEMO_FY), "--limit", "1")
    assert rows[0]["台帳"] == "研修の受講" and rows[0]["操作"] == "追加"
    assert rows[0]["対象"] == f"{title} {name}" and rows[0]["年度"] == "令和8年度"
    assert rows[0]["変更後"] == f"受講完了日: {DEMO_TODAY.isoformat()}"


def test_a_meeting_decision_change_names_the_meeting(city_db, city_path, capsys):
    from jukidesk.storage.models_municipal import AgendaItem

    with city_db.transaction() as session:
        item = session.scalars(select(AgendaItem).order_by(AgendaItem.id)).first()
        old, meeting = item.decision, item.meeting.title
        item.decision = "継続審議とする。"
    row = _history(capsys, city_path, "--table", "agenda_item", "--limit", "1")[0]
    assert (row["台帳"], row["項目"], row["変更前"], row["変更後"]) == ("議題", "決定事項・審議結果", old, "継続審議とする。")
    assert row["対象"].startswith(f"{meeting}: ")


def test_editing_an_inspection_records_only_the_item_that_changed(city_db, city_path, capsys):
    from jukidesk.core.municipal.inspections import InspectionEntry, record_inspection
    from jukidesk.storage.models_municipal import InspectionRecord

    with city_db.session() as session:
        record = session.scalars(
            select(InspectionRecord).where(InspectionRecord.kind == "daily").order_by(InspectionRecord.period.desc())
        ).first()
        assert all(r.ok for r in record.results)
        record_id, site, day = record.id, record.institution_id, record.period
        item = sorted(record.results, key=lambda r: r.item.position)[1].item
        result_ids = sorted(r.id for r in record.results)
        inspector = record.inspector
    last = _last_id(city_db)
    with city_db.transaction() as session:
        entry = InspectionEntry("daily", site, day, failed={item.id: "施錠の確認漏れ"}, inspector=inspector)
        record_inspection(session, entry, record_id=record_id, today=DEMO_TODAY)
    new = _since(city_db, last)
    assert sorted((r.table_name, r.action, r.field) for r in new) == [
        ("inspection_result", "update", "ok"),
        ("inspection_result", "update", "remark"),
    ]
    assert {r.institution_id for r in new} == {site}
    with city_db.session() as session:
        assert sorted(r.id for r in session.get(InspectionRecord, record_id).results) == result_ids  # kept, not re-made
    rows = _history(capsys, city_path, "--table", "inspection_result", "--limit", "2")
    ok = next(row for row in rows if row["項目"] == "異常なし")
    assert (ok["台帳"], ok["変更前"], ok["変更後"]) == ("点検結果", "はい", "いいえ")
    assert ok["対象"] == f"日次点検 {day.isoformat()} 項目{item.position}"


def test_an_attachment_added_and_removed_appears_in_jukidesk_history(city_path, tmp_path, capsys):
    photo = tmp_path / "訓練写真.txt"
    photo.write_text("訓練の様子", encoding="utf-8")
    assert main(["attach", "add", "--db", str(city_path), "--drill", "2026-10-22", "--date", "2026-10-22",
                 "--description", "避難訓練の記録", str(photo)]) == 0
    added = _history(capsys, city_path, "--table", "attachment", "--fy", str(DEMO_FY))
    assert len(added) == 1
    row = added[0]
    assert (row["台帳"], row["操作"], row["対象"], row["利用者"]) == ("証拠資料", "追加", "訓練写真.txt", f"{os_user()}（{host_name()}）")
    assert "添付先の種類: 訓練" in row["変更後"] and "説明: 避難訓練の記録" in row["変更後"]
    listing = json.loads(_cli_out(capsys, ["attach", "list", "--db", str(city_path), "--json"]))
    attachment_id = next(a["id"] for a in listing if a["file_name"] == "訓練写真.txt")
    assert main(["attach", "remove", "--db", str(city_path), "--id", str(attachment_id)]) == 0
    removed = _history(capsys, city_path, "--table", "attachment", "--limit", "1")[0]
    assert (removed["操作"], removed["対象"]) == ("削除", "訓練写真.txt")
    assert "改ざん検知の値" in removed["変更前"]  # plain words, not the algorithm's name


def _cli_out(capsys, argv) -> str:
    capsys.readouterr()
    assert main(argv) == 0
    return capsys.readouterr().out
