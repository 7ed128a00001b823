"""The audit calendar: working days, warnings, progress, the month view and the .ics export."""

import datetime as dt
import json

import pytest
from sqlalchemy import select

from jukidesk.base.errors import ValidationError
from jukidesk.cli import main
from jukidesk.core.audits import AuditData, create_audit, get_audit
from jukidesk.core.calendar import (
    audit_warnings,
    day_off_reason,
    export_ics,
    ics_escape,
    ics_fold,
    month_view,
    parse_closed_days,
    year_progress,
    year_schedule,
)
from jukidesk.core.settings import save_settings
from jukidesk.storage.models import Audit, Institution


def _inst(session, code) -> Institution:
    return session.scalars(select(Institution).where(Institution.code == code)).one()


def _draft(session, code, start, hours=2, auditors="市町村課 山田", kind="internal", fy=2014):
    return AuditData(
        fy=fy, kind=kind, institution_id=_inst(session, code).id, starts_at=start,
        ends_at=start + dt.timedelta(hours=hours), auditors=auditors,
    )


def test_an_audit_on_a_national_holiday_warns(demo_db):
    with demo_db.session() as session:
        warnings = audit_warnings(session, _draft(session, "101", dt.datetime(2014, 11, 3, 13, 30)))
        assert warnings == ["2014年11月3日（月）は祝日（文化の日）です。"]
        substitute = audit_warnings(session, _draft(session, "101", dt.datetime(2014, 11, 24, 13, 30)))
        assert substitute == ["2014年11月24日（月）は祝日（勤労感謝の日 振替休日）です。"]
        assert audit_warnings(session, _draft(session, "101", dt.datetime(2014, 11, 4, 13, 30))) == []


def test_weekends_and_the_organisations_closing_days_warn(demo_db):
    with demo_db.transaction() as session:
        assert audit_warnings(session, _draft(session, "101", dt.datetime(2014, 11, 8, 10))) == ["2014年11月8日（土）は土曜日です。"]
        assert audit_warnings(session, _draft(session, "101", dt.datetime(2014, 11, 9, 10))) == ["2014年11月9日（日）は日曜日です。"]
        assert audit_warnings(session, _draft(session, "101", dt.datetime(2014, 12, 29, 10))) == ["2014年12月29日（月）は閉庁日です。"]
        save_settings(session, {"office_closed_days": "11-4"})  # the organisation's own day
        assert audit_warnings(session, _draft(session, "101", dt.datetime(2014, 11, 4, 10))) == ["2014年11月4日（火）は閉庁日です。"]
        assert audit_warnings(session, _draft(session, "101", dt.datetime(2014, 12, 29, 10))) == []


def test_two_audits_of_the_same_auditor_at_overlapping_times_warn(demo_db):
    with demo_db.transaction() as session:
        first = create_audit(session, _draft(session, "107", dt.datetime(2017, 6, 6, 10), auditors="山田 太郎、鈴木花子", fy=2017))
        # 10:00–12:00 and 11:00–13:00 overlap; ＠ full-width and spaces do not hide the same name.
        clash = _draft(session, "201", dt.datetime(2017, 6, 6, 11), auditors="山田太郎\n佐藤", fy=2017)
        [warning] = audit_warnings(session, clash)
        assert warning == "監査人「山田太郎」は同じ時間に国際課の内部監査（2017年6月6日（火） 10:00〜12:00）があります。"
        # Back to back is fine; another auditor is fine; the audit itself never clashes with itself.
        assert audit_warnings(session, _draft(session, "201", dt.datetime(2017, 6, 6, 12), auditors="山田太郎", fy=2017)) == []
        assert audit_warnings(session, _draft(session, "201", dt.datetime(2017, 6, 6, 11), auditors="佐藤", fy=2017)) == []
        assert audit_warnings(session, AuditData.of(first), audit_id=first.id) == []
        second = create_audit(session, clash)
        schedule = {e.audit_id: e for e in year_schedule(session, 2017)}
        assert len(schedule[first.id].warnings) == 1 and "鈴木" not in schedule[first.id].warnings[0]
        assert "佐久地方事務所" in schedule[first.id].warnings[0]
        assert len(schedule[second.id].warnings) == 1


def test_the_demo_schedule_has_no_false_warnings(demo_db):
    with demo_db.session() as session:
        for fy in range(2008, 2017):
            assert all(not e.warnings for e in year_schedule(session, fy)), fy


def test_closing_days_setting_is_read_leniently_and_refused_with_its_name():
    assert parse_closed_days("12-29,12-30, １２/３１、01-01\n1-2") == {(12, 29), (12, 30), (12, 31), (1, 1), (1, 2)}
    assert parse_closed_days("") == frozenset()
    for bad in ("12-32", "13-01", "1229", "12-xx"):
        with pytest.raises(ValidationError, match="閉庁日") as info:
            parse_closed_days(bad)
        assert info.value.field == "office_closed_days"
    assert day_off_reason(dt.date(2014, 12, 30), parse_closed_days("12-30")) == "閉庁日"


def test_a_bad_closing_days_setting_is_refused_when_saved(demo_db, demo_path):
    from tests.conftest import sql_dump

    before = sql_dump(demo_path)
    with pytest.raises(ValidationError, match="「12-33」は日付として読めません"):
        with demo_db.transaction() as session:
            save_settings(session, {"office_closed_days": "12-29,12-33"})
    assert sql_dump(demo_path) == before


def test_cli_calendar_pdf_checks_the_month(demo_path, tmp_path, capsys):
    out = tmp_path / "m.pdf"
    assert main(["calendar", "pdf", "--db", str(demo_path), "--month", "2013-12", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF") and "2013年12月（平成25年度）" in capsys.readouterr().out
    assert main(["calendar", "pdf", "--db", str(demo_path), "--month", "2013/13", "--out", str(out)]) == 1
    assert "2014-11 のように" in capsys.readouterr().err


def test_year_progress_counts_each_kind_and_status(demo_db):
    with demo_db.session() as session:
        progress = year_progress(session, 2013)
        assert progress.counts["internal"] == {"planned": 0, "notified": 0, "done": 0, "reported": 4}
        assert progress.counts["external"] == {"planned": 0, "notified": 2, "done": 0, "reported": 0}
        assert progress.total("followup") == 0
        assert year_progress(session, 2015).as_json()["internal"] == {
            "planned": 4, "notified": 0, "done": 0, "reported": 0, "total": 4
        }


def test_month_view_marks_audits_and_days_off(demo_db):
    with demo_db.session() as session:
        view = month_view(session, 2014, 11)
        assert view.title == "2014年11月（平成26年度）"
        days = {d.day: d for week in view.weeks for d in week}
        assert len(view.weeks) == 6 and view.weeks[0][0].day == dt.date(2014, 10, 27)
        assert days[dt.date(2014, 11, 3)].off_reason == "祝日（文化の日）"
        assert [e.institution for e in days[dt.date(2014, 11, 11)].entries] == ["建築指導課"]
        assert not days[dt.date(2014, 10, 28)].in_month and days[dt.date(2014, 10, 28)].entries  # neighbours shown too
        # A month spanning two fiscal years (March/April) shows both years' audits.
        march = month_view(session, 2016, 3)
        assert {d.day.month for w in march.weeks for d in w} == {2, 3, 4}


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_export_is_rfc5545(demo_db, tmp_path):
    with demo_db.transaction() as session:
        audit = session.scalars(select(Audit).where(Audit.fy == 2014, Audit.kind == "external")).first()
        audit.place = "長野合同庁舎 3階, 会議室; 南\\棟\n受付で案内"
        session.flush()
        now = dt.datetime(2014, 9, 1, 0, 0, tzinfo=dt.timezone.utc)
        result = export_ics(session, 2014, tmp_path / "plan.ics", now=now)
    data = (tmp_path / "plan.ics").read_bytes()
    assert result.events == 5 and result.undated == 0
    assert data.count(b"\n") == data.count(b"\r\n")  # CRLF only
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded at 75 octets
    text = data.decode("utf-8")  # folding never split a character
    lines = _unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert lines.count("BEGIN:VEVENT") == 5 and "TZID:Asia/Tokyo" in lines
    assert "DTSTART;TZID=Asia/Tokyo:20141021T133000" in lines
    assert "DTEND;TZID=Asia/Tokyo:20141021T153000" in lines
    assert "DTSTAMP:20140901T000000Z" in lines
    assert "LOCATION:長野合同庁舎 3階\\, 会議室\\; 南\\\\棟\\n受付で案内" in lines
    assert "SUMMARY:外部監査 長野地方事務所" in lines
    assert not list(tmp_path.glob("*.part"))


def test_ics_uid_is_stable_when_an_audit_moves(demo_db, tmp_path):
    with demo_db.transaction() as session:
        audit = session.scalars(select(Audit).where(Audit.fy == 2014, Audit.kind == "internal")).first()
        export_ics(session, 2014, tmp_path / "a.ics")
        audit.starts_at += dt.timedelta(days=7)
        audit.ends_at += dt.timedelta(days=7)
        session.flush()
        export_ics(session, 2014, tmp_path / "b.ics")
        uid = f"UID:{get_audit(session, audit.id).uid}@jukidesk"
    a, b = (_unfold((tmp_path / n).read_bytes().decode("utf-8")) for n in ("a.ics", "b.ics"))
    assert uid in a and uid in b
    assert sorted(line for line in a if line.startswith("UID:")) == sorted(line for line in b if line.startswith("UID:"))


def test_ics_helpers():
    assert ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = ics_fold("DESCRIPTION:" + "監査" * 40)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts) and all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == "DESCRIPTION:" + "監査" * 40


def test_cli_audits_list_and_calendar_ics(demo_path, tmp_path, capsys):
    assert main(["audits", "list", "--db", str(demo_path), "--fy", "2013", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["audits"]) == 6 and data["progress"]["external"]["notified"] == 2
    last = data["audits"][-1]
    assert last["institution"] == {"code": "208", "name": "北安曇地方事務所"}
    assert last["starts_at"] == "2013-12-18T14:00" and last["auditors"] == ["TIS㈱"] and last["status"] == "notified"
    assert main(["audits", "list", "--db", str(demo_path), "--fy", "2013"]) == 0
    assert "2013年12月18日（水） 14:00〜16:00" in capsys.readouterr().out
    out = tmp_path / "sub" / "fy2014.ics"
    assert main(["calendar", "ics", "--db", str(demo_path), "--fy", "2014", "--out", str(out)]) == 0
    assert "5 件の監査" in capsys.readouterr().out and out.exists()
    assert main(["calendar", "ics", "--db", str(demo_path), "--fy", "2014", "--out", str(tmp_path / "x.txt")]) == 1
    assert ".ics" in capsys.readouterr().err
