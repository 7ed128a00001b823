"""Audit notices list, under 準備していただく書類, the open findings of the institution's
last audit (前回指摘事項の改善状況)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from jukidesk.core.templates import template_for_year
from jukidesk.reports.notices import build_notices
from jukidesk.storage.models import Audit, Finding


def _documents(letter):
    return next(item for item in letter.items if item.label == "準備していただく書類").lines


def test_open_findings_of_the_last_audit_are_listed(demo_db):
    with demo_db.transaction() as session:
        target = session.scalars(select(Audit).where(Audit.fy == 2014, Audit.kind == "internal")).first()
        code = target.institution.code
        earlier = Audit(
            fy=2012, kind="internal", institution_id=target.institution_id, status="reported",
            starts_at=dt.datetime(2012, 10, 3, 10), ends_at=dt.datetime(2012, 10, 3, 12),
        )
        session.add(earlier)
        session.flush()
        items = {i.number: i for i in template_for_year(session, 2012).items}
        session.add_all(
            [
                Finding(audit_id=earlier.id, item_id=items["4-3"].id, content="入退室記録簿への記帳漏れ", status="in_progress"),
                Finding(audit_id=earlier.id, item_id=items["3-2"].id, content="新任者研修の記録がない", status="open"),
                Finding(audit_id=earlier.id, item_id=items["6-1"].id, content="共用IDの使用", status="confirmed"),
            ]
        )
    with demo_db.session() as session:
        [letter] = build_notices(session, 2014, "internal", institution_code=code, date=dt.date(2014, 9, 1))
        others = build_notices(session, 2014, "internal", date=dt.date(2014, 9, 1))
    lines = _documents(letter)
    assert lines[-3:] == [
        "（６）前回指摘事項の改善状況（平成２４年度内部監査の指摘 2件）",
        "　・3-2 新任者研修の記録がない（未対応）",
        "　・4-3 入退室記録簿への記帳漏れ（対応中）",
    ]
    assert all("共用ID" not in line for line in lines)  # confirmed findings are closed
    # institutions without open findings get the usual list only
    assert all(len(_documents(other)) == 5 for other in others if other.institution_code != code)
