"""The security organisation roster (セキュリティ組織名簿): who holds which role, when."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from jukidesk.base.fiscal import fiscal_year_bounds, wareki_date
from jukidesk.core.municipal.common import setting_lines
from jukidesk.core.municipal.records import Column, Context, Field, RecordKind, Table, active_on, check_period
from jukidesk.storage.models_municipal import RoleAssignment


def _role_order(session: Session):
    roles = setting_lines(session, "roster_roles")
    position = {role: i for i, role in enumerate(roles)}
    return lambda a: (position.get(a.role, len(roles)), a.role, a.starts_on, a.section, a.person)


def roster_as_of(session: Session, day: dt.date) -> list[RoleAssignment]:
    """Everyone holding a role on ``day``, in the roles' order of the settings."""
    rows = session.scalars(
        select(RoleAssignment).where(
            RoleAssignment.starts_on <= day, or_(RoleAssignment.ends_on.is_(None), RoleAssignment.ends_on >= day)
        )
    ).all()
    return sorted(rows, key=_role_order(session))


def roster_table(session: Session, day: dt.date) -> Table:
    """The printable roster as of ``day``."""
    rows = roster_as_of(session, day)
    return Table(
        f"セキュリティ組織名簿（{wareki_date(day)}現在）",
        ["役割", "職名", "氏名", "所属", "就任日"],
        [[a.role, a.title, a.person, a.section, a.starts_on] for a in rows],
        [a.id for a in rows],
        [24, 20, 14, 24, 12],
    )


def _list(session: Session, ctx: Context) -> list[RoleAssignment]:
    """Every assignment held at some time in the selected fiscal year."""
    first, last = fiscal_year_bounds(ctx.fy)
    rows = session.scalars(
        select(RoleAssignment).where(
            RoleAssignment.starts_on <= last, or_(RoleAssignment.ends_on.is_(None), RoleAssignment.ends_on >= first)
        )
    ).all()
    return sorted(rows, key=_role_order(session))


def _rules(session: Session, values: dict, record, ctx: Context) -> None:
    check_period(values, "starts_on", "ends_on", "就任日", "退任日")


ROSTER = RecordKind(
    key="roster",
    label="セキュリティ組織名簿",
    model=RoleAssignment,
    fields=(
        Field("role", "役割", "combo", required=True, choices=lambda s, c: [(r, r) for r in setting_lines(s, "roster_roles")]),
        Field("person", "氏名", required=True),
        Field("title", "職名"),
        Field("section", "所属"),
        Field("starts_on", "就任日", "date", required=True, default=lambda s, c: fiscal_year_bounds(c.fy)[0]),
        Field("ends_on", "退任日", "date", help="空欄は在任中"),
        Field("note", "備考", "multiline"),
    ),
    columns=(
        Column("役割", lambda a: a.role, 22),
        Column("職名", lambda a: a.title, 18),
        Column("氏名", lambda a: a.person, 12),
        Column("所属", lambda a: a.section, 20),
        Column("就任日", lambda a: a.starts_on, 10),
        Column("退任日", lambda a: a.ends_on, 10),
        Column("備考", lambda a: a.note, 20),
    ),
    list_records=_list,
    rules=_rules,
    record_label=lambda a: f"{a.role} {a.person}",
)


def is_current(assignment: RoleAssignment, day: dt.date) -> bool:
    return active_on(assignment.starts_on, assignment.ends_on, day)
