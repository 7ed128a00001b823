"""The date of a notice letter (issue 17): the reference date (基準日) when it falls inside the
audit's notice window (no later than ``notice_lead_days`` before the audit), else the last day
of that window; a date asked for explicitly is refused when it falls after the audit.

The demo's FY2014 internal audits: 職員課 (102) 10月21日, 税務課 (103) 10月28日,
建築指導課 (106) 11月11日; external 長野 12月9日, 北信 12月10日. Lead: 14 days.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from jukidesk.actions.papers import mark_notified, print_notices
from jukidesk.base.errors import ValidationError
from jukidesk.cli import main
from jukidesk.core.settings import save_settings
from jukidesk.reports.notices import build_notices
from jukidesk.storage.models import Audit, Institution
from tests.conftest import sql_dump


def set_reference(db, day: dt.date) -> None:
    with db.transaction() as session:
        save_settings(session, {"reference_date": day.isoformat()})


def audit_of(session, code: str, kind: str = "internal") -> Audit:
    return session.scalars(
        select(Audit).join(Institution).where(Audit.fy == 2014, Audit.kind == kind, Institution.code == code)
    ).one()


def test_a_reference_date_years_later_dates_the_letter_at_the_end_of_the_window(demo_db):
    """Measured before: 令和８年１２月４日 for an audit of 平成26年10月."""
    set_reference(demo_db, dt.date(2026, 12, 4))
    with demo_db.session() as session:
        (letter,) = build_notices(session, 2014, "internal", institution_code="102")
    assert letter.date == "平成２６年１０月７日"  # 10月21日 − 14日
    assert letter.day == dt.date(2014, 10, 7)
    assert letter.number.startswith("２６")  # the document number's year follows the letter's date


def test_a_reference_date_inside_the_window_is_the_letter_date(demo_db):
    set_reference(demo_db, dt.date(2014, 9, 30))
    with demo_db.session() as session:
        (letter,) = build_notices(session, 2014, "internal", institution_code="102")
    assert letter.day == dt.date(2014, 9, 30) and letter.date == "平成２６年９月３０日"
    set_reference(demo_db, dt.date(2014, 10, 7))  # the last day of the window itself
    with demo_db.session() as session:
        (letter,) = build_notices(session, 2014, "internal", institution_code="102")
    assert letter.day == dt.date(2014, 10, 7)


def test_the_window_follows_the_lead_days_setting(demo_db):
    set_reference(demo_db, dt.date(2014, 10, 20))
    with demo_db.transaction() as session:
        save_settings(session, {"notice_lead_days": 7})
    with demo_db.session() as session:
        (letter,) = build_notices(session, 2014, "internal", institution_code="102")
    assert letter.day == dt.date(2014, 10, 14)


def test_several_audits_each_get_their_own_date(demo_db, tmp_path):
    set_reference(demo_db, dt.date(2014, 10, 20))
    printed = print_notices(demo_db, 2014, target=tmp_path / "n.pdf", kind="internal", mark_notified=True).value
    by_code = {letter.institution_code: letter.day for letter in printed.letters}
    assert by_code == {"102": dt.date(2014, 10, 7), "103": dt.date(2014, 10, 14), "106": dt.date(2014, 10, 20)}
    assert printed.date == dt.date(2014, 10, 7) and printed.dates_text() == "2014-10-07〜2014-10-20"
    with demo_db.session() as session:
        for code, day in by_code.items():
            audit = audit_of(session, code)
            assert (audit.status, audit.notified_on) == ("notified", day)
            assert day <= audit.starts_at.date()


def test_mixed_kinds_by_audit_id_each_get_their_own_date(demo_db, tmp_path):
    set_reference(demo_db, dt.date(2026, 12, 4))
    with demo_db.session() as session:
        ids = [audit_of(session, "102").id, audit_of(session, "209", "external").id]
    printed = print_notices(demo_db, 2014, target=tmp_path / "n.pdf", audit_ids=ids).value
    assert printed.dates == {ids[0]: dt.date(2014, 10, 7), ids[1]: dt.date(2014, 11, 25)}
    mark_notified(demo_db, ids, dates=printed.dates)
    with demo_db.session() as session:
        assert audit_of(session, "209", "external").notified_on == dt.date(2014, 11, 25)


def test_a_date_given_is_used_for_every_letter(demo_db, tmp_path):
    set_reference(demo_db, dt.date(2026, 12, 4))
    printed = print_notices(demo_db, 2014, target=tmp_path / "n.pdf", kind="internal", date=dt.date(2014, 10, 21)).value
    assert {letter.day for letter in printed.letters} == {dt.date(2014, 10, 21)}  # on the audit day itself: allowed


def test_a_date_after_the_audit_is_refused_naming_it(demo_db, demo_path, tmp_path, capsys):
    with demo_db.session() as session, pytest.raises(ValidationError) as error:
        build_notices(session, 2014, "internal", date=dt.date(2014, 10, 22))
    assert "職員課" in str(error.value) and "平成26年10月21日" in str(error.value) and "内部監査" in str(error.value)
    target = tmp_path / "n.pdf"
    with pytest.raises(ValidationError):
        print_notices(demo_db, 2014, target=target, kind="internal", date=dt.date(2026, 12, 4), mark_notified=True)
    before = sql_dump(demo_path)
    args = ["notices", "--db", str(demo_path), "--fy", "2014", "--kind", "internal", "--date", "2026-12-04"]
    assert main(args + ["--pdf", str(target), "--mark-notified"]) == 1
    err = capsys.readouterr().err
    assert "職員課" in err and "平成26年10月21日" in err
    assert not target.exists() and sql_dump(demo_path) == before


def test_the_cli_dates_each_letter_by_its_audit(demo_db, demo_path, tmp_path, capsys):
    set_reference(demo_db, dt.date(2026, 12, 4))
    target = tmp_path / "n.pdf"
    args = ["notices", "--db", str(demo_path), "--fy", "2014", "--kind", "external", "--pdf", str(target), "--mark-notified"]
    assert main(args) == 0
    assert "2014-11-25〜2014-11-26" in capsys.readouterr().out
    from tests.reports.test_notices import pdf_text

    text = pdf_text(target)
    assert "平成２６年１１月２５日" in text and "平成２６年１１月２６日" in text and "令和" not in text
    with demo_db.session() as session:
        assert audit_of(session, "210", "external").notified_on == dt.date(2014, 11, 26)
