"""Yearly figures per audit kind: how many institutions are covered and their average.

This is the one computation behind ``jukidesk summary``, the 資料2 tables and the charts.
A year and kind without checklists or audits of its own takes the figure imported from
the organisation's earlier records (``core.past_results``), marked by ``KindSummary.past``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from jukidesk.base import audit_kinds
from jukidesk.core.past_results import PastFigure, past_figures
from jukidesk.core.scoring import format_score, mean_of_totals, score_from_totals
from jukidesk.storage.models import Answer, Audit, Checklist, Institution, valid_in_years
from jukidesk.storage.plain import plain_rows


@dataclass(frozen=True)
class KindSummary:
    kind: str
    institutions: int  # 対象機関数: every valid institution for self, audited ones otherwise
    average: Fraction | None  # mean of the completed checklists' scores; None = no result yet
    results: int  # completed checklists behind the average
    past: PastFigure | None = None  # the figure was imported (core.past_results), not computed

    def as_json(self) -> dict:
        figures = {"institutions": self.institutions, "average": format_score(self.average)}
        if self.past is not None:
            figures["source"] = self.past.source.as_json()
        return figures


_ANSWER = Answer.__table__
_CHECKLIST = Checklist.__table__.c
_AUDIT = Audit.__table__.c
_INSTITUTION = Institution.__table__.c


def completed_answers(query: Select, fys: Iterable[int]) -> Select:
    """``query`` (a select of Checklist columns) joined to the answers behind the figures:
    every answer of a completed checklist in ``fys``. The one definition of what an average
    is made of: :func:`institution_scores` aggregates through it and the drill-down
    (``core.trace``) lists the rows through it."""
    years = fys if isinstance(fys, BindParameter) else list(fys)  # a bound parameter: a statement built once
    # Table columns: a select of table columns stays a Core statement (storage.plain); an
    # ORM select joins them all the same.
    return query.join(_ANSWER, _ANSWER.c.checklist_id == _CHECKLIST.id).where(
        _CHECKLIST.fy.in_(years), _CHECKLIST.status == "complete"
    )


def institution_scores(session: Session, fys: Iterable[int]) -> dict[tuple[int, str], dict[int, Fraction]]:
    """{(fy, kind): {institution_id: score}} for every completed checklist in ``fys``."""
    fys = list(fys)
    rows = session.execute(
        completed_answers(
            select(
                Checklist.fy,
                Checklist.kind,
                Checklist.institution_id,
                func.coalesce(func.sum(Answer.score), 0),
                func.count(Answer.score),
            ),
            fys,
        )
        # Grouping by (fy, id) follows the order ix_checklist_fy delivers the rows in; grouping
        # by id alone made SQLite sort every joined answer row first (2× slower on 20 years).
        .group_by(Checklist.fy, Checklist.id)
    )
    scores: dict[tuple[int, str], dict[int, Fraction]] = defaultdict(dict)
    for fy, kind, institution_id, total, count in rows:
        score = score_from_totals(total, count)
        if score is not None:
            scores[(fy, kind)][institution_id] = score
    return scores


@cache
def _queries() -> dict[str, Select]:
    """The statements of :func:`summaries`, built once with the years as a bound parameter
    (``fys``): SQLAlchemy keeps a built statement's cache key instead of walking a new one
    on every call (most of the time of these small queries)."""
    fys = bindparam("fys", expanding=True)
    per_checklist = (
        completed_answers(
            select(
                _CHECKLIST.fy.label("fy"),
                _CHECKLIST.kind.label("kind"),
                func.coalesce(func.sum(_ANSWER.c.score), 0).label("total"),
                func.count(_ANSWER.c.score).label("applicable"),
            ),
            fys,
        )
        .group_by(_CHECKLIST.fy, _CHECKLIST.id)  # the order ix_checklist_fy gives (no sort)
        .subquery()
    )
    return {
        "score_groups": select(
            per_checklist.c.fy,
            per_checklist.c.kind,
            per_checklist.c.applicable,
            func.sum(per_checklist.c.total),
            func.count(),
        )
        .where(per_checklist.c.applicable > 0)
        .group_by(per_checklist.c.fy, per_checklist.c.kind, per_checklist.c.applicable),
        "audited": select(_AUDIT.fy, _AUDIT.kind, func.count(func.distinct(_AUDIT.institution_id)))
        .where(_AUDIT.fy.in_(fys))
        .group_by(_AUDIT.fy, _AUDIT.kind),
        "spans": select(_INSTITUTION.valid_from_fy, _INSTITUTION.valid_until_fy, func.count(_INSTITUTION.id)).group_by(
            _INSTITUTION.valid_from_fy, _INSTITUTION.valid_until_fy
        ),
    }


def score_groups(session: Session, fys: Iterable[int]) -> dict[tuple[int, str], list[tuple[int, int, int]]]:
    """{(fy, kind): [(sum of totals, applicable answers, checklists)]}: the completed
    checklists' scores grouped by their denominator, for ``scoring.mean_of_totals``. The
    same numbers as :func:`institution_scores`, summed in SQL: one row per year, kind and
    number of applicable answers instead of one per checklist (tests/benchmarks)."""
    groups: dict[tuple[int, str], list[tuple[int, int, int]]] = defaultdict(list)
    for fy, kind, applicable, total, checklists in plain_rows(session, _queries()["score_groups"], {"fys": list(fys)}).all():
        groups[(fy, kind)].append((int(total), applicable, checklists))  # PostgreSQL sums to numeric
    return groups


def registered_counts(session: Session, fys: Iterable[int]) -> dict[int, int]:
    """{fy: institutions in the registry that year} for each of ``fys``, in one query: the
    institutions counted by validity span, each span then tested with the one validity
    rule (``models.valid_in_years``) instead of one count query per year."""
    spans = plain_rows(session, _queries()["spans"]).all()
    return {
        fy: sum(count for first, last, count in spans if valid_in_years(first, last, fy)) for fy in fys
    }


def summaries(
    session: Session, fys: Iterable[int], *, registered_in: Mapping[int, int] | None = None
) -> dict[int, dict[str, KindSummary]]:
    """Figures for each fiscal year and each kind, in the same few queries whatever the span.
    ``registered_in``: :func:`registered_counts` of (at least) ``fys`` when the caller has
    them already (資料2 checks its year against the registry first)."""
    fys = sorted(set(fys))
    groups = score_groups(session, fys)
    audited = defaultdict(int)
    for fy, kind, count in plain_rows(session, _queries()["audited"], {"fys": fys}).all():
        audited[(fy, kind)] = count
    imported = past_figures(session, fys)
    if registered_in is None:
        registered_in = registered_counts(session, fys)
    result: dict[int, dict[str, KindSummary]] = {}
    for fy in fys:
        registered = registered_in[fy]
        per_kind = {}
        for kind in audit_kinds.checklist_codes():
            kind_groups = groups.get((fy, kind), [])
            # 対象機関数: the registry for a self-inspection, the audited institutions for an audit
            covered = audited[(fy, kind)] if audit_kinds.is_audit(kind) else registered
            results = sum(how_many for _total, _applicable, how_many in kind_groups)
            past = imported.get((fy, kind))
            if past is not None:  # no answers of the kind that year: the imported figure
                per_kind[kind] = KindSummary(kind, past.institutions, past.average, past.institutions, past)
                continue
            per_kind[kind] = KindSummary(kind, covered, mean_of_totals(kind_groups), results)
        result[fy] = per_kind
    return result


def year_summary(session: Session, fy: int) -> dict[str, KindSummary]:
    return summaries(session, [fy])[fy]
