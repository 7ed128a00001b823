"""Who owes what in a year: the one place that says who is due an audit and who fills a
checklist. The planner, the year's progress, the checklists and the audits all ask here.

Audits
  Only 事務利用機関 are audited (``auditable``). A kind that needs a 業務端末 (外部監査) goes
  only to a 業務端末設置機関 (``may_receive``). An audit needs the institution in the
  registry in the audit's year (``audit_refusal`` says why not, in the clerk's words).
  Every 事務利用機関 in the registry in any year of a cycle is due ONE audit of a rotating
  kind in that cycle (``due_in_cycle``), of a kind it may receive (``rotation_kinds_for``).

Checklists
  A kind that is not an audit (自己点検) is filled by every institution in the registry of
  the year; an audit kind by the institutions audited that year (``checklist_fillers``).
  The year needs the checklists of the scored kinds (``wanted_checklists``): every
  self-inspection and the auditors' checklist of every internal and external audit.

The kinds and their columns are the table in ``base.audit_kinds``. Qt-free; reads only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from jukidesk.base import audit_kinds
from jukidesk.base.fiscal import YearStyle
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
from jukidesk.core.registry import list_institutions
from jukidesk.storage.models import Audit, Institution, valid_in_clause


class _InstitutionLike(Protocol):
    kind: str
    has_terminal: bool


# ---------------------------------------------------------------- audits


def auditable(institution: _InstitutionLike) -> bool:
    """Only 事務利用機関 are audited (運用機関 inspect themselves only)."""
    return institution.kind == "user"


def may_receive(has_terminal: bool, kind: str) -> bool:
    """Whether an institution with (or without) a 業務端末 may have an audit of ``kind``."""
    return bool(has_terminal) or not audit_kinds.kind(kind).needs_terminal


def rotation_kinds_for(has_terminal: bool) -> tuple[str, ...]:
    """The rotating kinds an institution may receive, in table order (内部 / 外部)."""
    return tuple(code for code in audit_kinds.rotating_codes() if may_receive(has_terminal, code))


def _without_terminal() -> str:
    """'内部監査': the rotating kinds open to every 事務利用機関 (for the messages)."""
    return "・".join(CHECKLIST_KIND_LABELS[code] for code in rotation_kinds_for(False))


def audit_refusal(institution: Institution, fy: int, kind: str, style: YearStyle) -> tuple[str, str] | None:
    """Why ``institution`` cannot have an audit of ``kind`` in ``fy``: (message, field), or
    None when it can. Years are written in the organisation's ``style``."""
    name = institution.report_name
    if not auditable(institution):
        return f"{name}は運用機関です。監査の対象は事務利用機関だけです。", "institution_id"
    if not institution.valid_in(fy):
        return (
            f"{name}は{style.label(fy, fullwidth=False)}（{fy}年度）には機関台帳に登録されていません"
            f"（有効期間 {institution.valid_from_fy}〜{institution.valid_until_fy or ''}年度）。",
            "fy",
        )
    if not may_receive(institution.has_terminal, kind):
        return (
            f"{name}は業務端末設置機関ではないため、{CHECKLIST_KIND_LABELS[kind]}の対象にできません"
            f"（{_without_terminal()}にしてください）。",
            "kind",
        )
    return None


def due_in_cycle(session: Session, years: Iterable[int]) -> list[Institution]:
    """The 事務利用機関 due one rotating audit in the cycle of ``years``: those in the
    registry in any of its years (registry order)."""
    years = list(years)
    return [
        inst for inst in list_institutions(session) if auditable(inst) and any(inst.valid_in(fy) for fy in years)
    ]


# ---------------------------------------------------------------- checklists


def _fillers(session: Session, fy: int, kinds: Iterable[str]) -> dict[str, list[Institution]]:
    kinds = list(kinds)
    registry = list_institutions(session, fy)
    audit_kinds_asked = [k for k in kinds if audit_kinds.is_audit(k)]
    audited: set[tuple[str, int]] = set()
    if audit_kinds_asked:
        audited = set(
            session.execute(
                select(Audit.kind, Audit.institution_id).where(Audit.fy == fy, Audit.kind.in_(audit_kinds_asked))
            )
        )
    return {
        kind: [inst for inst in registry if (kind, inst.id) in audited] if audit_kinds.is_audit(kind) else registry
        for kind in kinds
    }


def checklist_fillers_query(fy: int, kind: str, *columns):
    """``checklist_fillers`` as a select of plain ``columns`` of the institution table (in
    registry order; SQLAlchemy Core, no ORM compile step): the same rule for the pickers
    that list a few fields of every filler. Validity is ``Institution.valid_in`` on the
    table's columns (``valid_in_clause``)."""
    institution, audit = Institution.__table__.c, Audit.__table__.c
    query = select(*columns).where(valid_in_clause(institution.valid_from_fy, institution.valid_until_fy, fy)).order_by(institution.sort_order, institution.id)
    if audit_kinds.is_audit(kind):
        audited = select(audit.id).where(audit.fy == fy, audit.kind == kind, audit.institution_id == institution.id)
        query = query.where(audited.exists())
    return query


def checklist_fillers(session: Session, fy: int, kind: str) -> list[Institution]:
    """Who fills a checklist of ``kind`` in ``fy``, in registry order: every institution in
    the registry for a kind that is not an audit, the audited ones otherwise (maybe none)."""
    return _fillers(session, fy, [kind])[kind]


def wanted_checklists(session: Session, fy: int) -> list[tuple[str, Institution]]:
    """The checklists the year needs: (kind, institution) for every scored kind and its
    fillers, kind by kind in table order, registry order within a kind."""
    fillers = _fillers(session, fy, audit_kinds.scored_codes())
    return [(kind, inst) for kind, institutions in fillers.items() for inst in institutions]
