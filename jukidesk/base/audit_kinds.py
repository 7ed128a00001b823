"""The kinds of checklist and audit (点検・監査の区分): ONE table.

Every list of kinds in the program reads this table — the labels (``vocabulary``), the
stored CHECK constraints (``storage.models``), validation (``core.checklists``,
``core.audits``), who is due what (``core.obligations``), the rotation planner, the year's
progress, 資料2, the charts, the calendar and the table models. Adding a kind is adding a
row here (and a migration for the CHECK constraints of ``checklist.kind``/``audit.kind``).

The functions read ``KINDS`` each time they are called, so a test may put a fake kind
into the table (``monkeypatch.setattr(audit_kinds, "KINDS", …)``) and see it everywhere.
The tuples in ``storage.models`` (``CHECKLIST_KINDS``, ``AUDIT_KINDS``) are taken once at
import, as the schema is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditKind:
    code: str  # as stored in checklist.kind / audit.kind
    label: str  # 内部監査
    short: str  # 内部: plan grid cells, the printed calendar
    audit: bool  # an audit of the institution (an ``audit`` row); False: the institution inspects itself
    rotates: bool  # distributed over the years of a cycle by the planner (each institution once per cycle)
    needs_terminal: bool  # only at a 業務端末設置機関 (``Institution.has_terminal``)
    scored: bool  # its results are a checklist whose average the papers report (follow-ups only confirm fixes)
    colour: str  # calendar, audit list, plan grid and printed calendar
    chart_colour: str  # the charts (Okabe–Ito palette, told apart by colour-blind readers)

    def rgb(self) -> tuple[int, int, int]:
        """``colour`` as (red, green, blue), 0–255."""
        return hex_rgb(self.colour)


KINDS: tuple[AuditKind, ...] = (
    AuditKind(
        "self", "自己点検", "自己", audit=False, rotates=False, needs_terminal=False, scored=True,
        colour="#0072B2", chart_colour="#0072B2",
    ),
    AuditKind(
        "internal", "内部監査", "内部", audit=True, rotates=True, needs_terminal=False, scored=True,
        colour="#2861B8", chart_colour="#D55E00",
    ),
    AuditKind(
        "external", "外部監査", "外部", audit=True, rotates=True, needs_terminal=True, scored=True,
        colour="#1F8C4D", chart_colour="#009E73",
    ),
    AuditKind(
        "followup", "フォローアップ", "フォロー", audit=True, rotates=False, needs_terminal=False, scored=False,
        colour="#D9730D", chart_colour="#CC79A7",
    ),
)


def hex_rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def kinds() -> tuple[AuditKind, ...]:
    return KINDS


def kind(code: str) -> AuditKind:
    """The row of ``code``; ``KeyError`` for an unknown code."""
    for row in KINDS:
        if row.code == code:
            return row
    raise KeyError(code)


def is_kind(code: str) -> bool:
    return any(row.code == code for row in KINDS)


def is_audit(code: str) -> bool:
    return any(row.code == code and row.audit for row in KINDS)


def order(code: str) -> int:
    """The kind's place in the table (lists sort by it)."""
    return next(i for i, row in enumerate(KINDS) if row.code == code)


def codes(where: Callable[[AuditKind], bool] = lambda row: True) -> tuple[str, ...]:
    return tuple(row.code for row in KINDS if where(row))


def checklist_codes() -> tuple[str, ...]:
    """Every kind: each has a checklist (an audit's checklist is the auditors')."""
    return codes()


def audit_codes() -> tuple[str, ...]:
    return codes(lambda row: row.audit)


def rotating_codes() -> tuple[str, ...]:
    """The kinds the cycle planner distributes."""
    return codes(lambda row: row.rotates)


def scored_codes() -> tuple[str, ...]:
    """The kinds whose average 資料2, the charts and the year's overview show."""
    return codes(lambda row: row.scored)


def scored_audit_codes() -> tuple[str, ...]:
    """Audits whose results are entered as a checklist (the checklist is required)."""
    return codes(lambda row: row.audit and row.scored)


def check_sql(column: str, values: tuple[str, ...]) -> str:
    """``kind IN ('self', 'internal')``: a CHECK constraint's text (kept identical to the migrations')."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class _Column(Mapping[str, str]):
    """A live view ``{code: one column}`` over the table, in table order."""

    def __init__(self, column: Callable[[AuditKind], str], where: Callable[[AuditKind], bool] = lambda row: True):
        self._column = column
        self._where = where

    def _rows(self) -> list[AuditKind]:
        return [row for row in KINDS if self._where(row)]

    def __getitem__(self, code: str) -> str:
        for row in self._rows():
            if row.code == code:
                return self._column(row)
        raise KeyError(code)

    def __iter__(self) -> Iterator[str]:
        return iter([row.code for row in self._rows()])

    def __len__(self) -> int:
        return len(self._rows())

    def __repr__(self) -> str:
        return repr(dict(self))


LABELS: Mapping[str, str] = _Column(lambda row: row.label)  # 自己点検, 内部監査, …
SHORT_LABELS: Mapping[str, str] = _Column(lambda row: row.short)  # 自己, 内部, …
ROTATING_SHORT_LABELS: Mapping[str, str] = _Column(lambda row: row.short, lambda row: row.rotates)  # 内部, 外部
COLOURS: Mapping[str, str] = _Column(lambda row: row.colour)
CHART_COLOURS: Mapping[str, str] = _Column(lambda row: row.chart_colour)
