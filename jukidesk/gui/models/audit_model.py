"""Table models of the 監査カレンダー tab: the year's audits, the year's progress, and the
rotation plan grid (institutions × years). Plain data in (``core.calendar.ScheduleEntry``,
``core.calendar.YearProgress``, ``core.planner.PlanningContext``); testable without a window."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from jukidesk.base import audit_kinds
from jukidesk.base.vocabulary import AUDIT_STATUS_LABELS, CHECKLIST_KIND_LABELS
from jukidesk.core.calendar import ScheduleEntry, YearProgress
from jukidesk.core.obligations import rotation_kinds_for
from jukidesk.core.planner import Plan, PlanEntry, PlanningContext, Targets, rotation_kinds
from jukidesk.gui.models.base import ListTableModel
from jukidesk.storage.models import AUDIT_STATUSES

Index = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

WARNING_MARK = "⚠"
WARNING_BACKGROUND = QColor(255, 243, 205)
STATUS_COLOURS = {
    "planned": QColor(90, 90, 90),
    "notified": QColor(20, 80, 170),
    "done": QColor(20, 120, 60),
    "reported": QColor(20, 120, 60),
}
KIND_COLOURS = audit_kinds.COLOURS  # '#2861B8' per kind (base.audit_kinds), live

(COL_WHEN, COL_KIND, COL_INSTITUTION, COL_STATUS, COL_AUDITORS, COL_METHODS, COL_WARNINGS) = range(7)
HEADERS = ("日時", "区分", "機関", "状況", "監査人", "方法", "警告")


def _when(e: ScheduleEntry) -> str:
    """'H26.10.21（火） 13:30〜15:30' (base.fiscal.screen_date; the full date is in the tooltip)."""
    if e.starts_at is None:
        return "日程未定"
    from jukidesk.base.fiscal import screen_date
    from jukidesk.core.calendar import time_range_text

    return f"{screen_date(e.starts_at.date())} {time_range_text(e.starts_at, e.ends_at)}"


class AuditTableModel(ListTableModel):
    """The fiscal year's audits; a row with warnings is tinted and says why in its tooltip."""

    HEADERS = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[ScheduleEntry] = []

    def set_entries(self, entries: list[ScheduleEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def entry_at(self, row: int) -> ScheduleEntry:
        return self.entries[row]

    def row_of_id(self, audit_id: int) -> int | None:
        return next((r for r, e in enumerate(self.entries) if e.audit_id == audit_id), None)

    def _row_count(self) -> int:
        return len(self.entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        e = self.entries[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                COL_WHEN: _when(e),
                COL_KIND: e.kind_label,
                COL_INSTITUTION: e.institution + ("（固定）" if e.pinned and e.status == "planned" else ""),
                COL_STATUS: e.status_label + (f"・指摘{e.open_findings}件未了" if e.open_findings else ""),
                COL_AUDITORS: "、".join(e.auditors),
                COL_METHODS: e.methods_label,
                COL_WARNINGS: f"{WARNING_MARK} {len(e.warnings)}件" if e.warnings else "",
            }[col]
        if role == SORT_ROLE:
            return {
                COL_WHEN: e.starts_at.isoformat() if e.starts_at else "9999",
                COL_KIND: audit_kinds.order(e.kind),
                COL_INSTITUTION: e.institution_code,
                COL_STATUS: AUDIT_STATUSES.index(e.status),
                COL_AUDITORS: "、".join(e.auditors),
                COL_METHODS: e.methods_label,
                COL_WARNINGS: len(e.warnings),
            }[col]
        if role == ID_ROLE:
            return e.audit_id
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"⚠ {w}" for w in e.warnings]
            if col in (COL_AUDITORS, COL_METHODS, COL_INSTITUTION):
                lines.insert(0, self.data(index))
            elif col == COL_WHEN:
                lines.insert(0, e.when_text)
            return "\n".join(lines) or None
        if role == Qt.ItemDataRole.BackgroundRole and e.warnings:
            return QBrush(WARNING_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == COL_STATUS:
                return QBrush(STATUS_COLOURS[e.status])
            if col == COL_KIND:
                return QBrush(QColor(KIND_COLOURS[e.kind]))
        return None


    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        # Rows drag onto a day of the calendar to move the audit there.
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        from jukidesk.gui.calendar_widget import AUDIT_MIME

        return [AUDIT_MIME]

    def mimeData(self, indexes):
        from jukidesk.gui.calendar_widget import audit_mime

        rows = sorted({i.row() for i in indexes if i.isValid()})
        return audit_mime(self.entries[rows[0]].audit_id) if rows else None


class ProgressModel(QAbstractTableModel):
    """How far the year's plan is done: kinds × (予定, 通知済, 実施済, 報告済, 計)."""

    COLUMNS = (*AUDIT_STATUSES, "total")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.progress: YearProgress | None = None

    def set_progress(self, progress: YearProgress) -> None:
        self.beginResetModel()
        self.progress = progress
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(audit_kinds.audit_codes())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            key = self.COLUMNS[section]
            return "計" if key == "total" else AUDIT_STATUS_LABELS[key]
        return CHECKLIST_KIND_LABELS[audit_kinds.audit_codes()[section]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.progress is None:
            return None
        kind, key = audit_kinds.audit_codes()[index.row()], self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.progress.total(kind) if key == "total" else self.progress.counts[kind][key]
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


# ---------------------------------------------------------------- the plan grid

KIND_CELL = audit_kinds.ROTATING_SHORT_LABELS  # 内部 / 外部: the rotating kinds' short labels, live


class PlanGridModel(QAbstractTableModel):
    """Institutions (rows) × the cycle's years (columns); a cell shows 内部 / 外部 when the
    institution is audited that year. Clicking a cell (``cycle``) moves the institution's
    audit to that year and steps 内部 → 外部 (terminals only) → none; fixed audits
    (notified or later) do not move. The last column (``reason_column``) says why the
    institution lands where it is (``PlanningContext.reason``; also the cells' tooltip).
    ``changed`` fires after every edit (the dialog re-checks the rules then)."""

    changed = Signal()

    def __init__(self, context: PlanningContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.years = list(context.cycle.years)
        self.assignment: dict[int, tuple[int, str] | None] = {i.id: None for i in context.institutions}
        self.sources: dict[int, str] = {}
        self.fixed = {a.institution_id for a in context.existing if a.fixed}

    def set_plan(self, plan: Plan) -> None:
        self.beginResetModel()
        self.assignment = {i.id: None for i in self.context.institutions}
        self.sources = {}
        for e in plan.entries:
            self.assignment[e.institution_id] = (e.fy, e.kind)
            self.sources[e.institution_id] = e.source
        self.endResetModel()
        self.changed.emit()

    def plan(self, targets: Targets) -> Plan:
        entries = []
        for inst in self.context.institutions:
            slot = self.assignment.get(inst.id)
            if slot is not None:
                source = self.sources.get(inst.id, "pin")
                entries.append(
                    PlanEntry(inst.id, inst.code, inst.name, slot[0], slot[1], source, self.context.reason(inst, slot, source))
                )
        return Plan(self.context.cycle, targets, tuple(entries))

    def counts(self) -> dict[tuple[int, str], int]:
        result = {(fy, k): 0 for fy in self.years for k in rotation_kinds()}
        for slot in self.assignment.values():
            if slot is not None:
                result[slot] += 1
        return result

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.context.institutions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.years) + 1

    @property
    def reason_column(self) -> int:
        return len(self.years)

    def reason(self, row: int) -> str:
        """Why the institution of ``row`` lands in its year and kind (as the grid shows it)."""
        inst = self.context.institutions[row]
        slot = self.assignment.get(inst.id)
        return self.context.reason(inst, slot, self.sources.get(inst.id, "proposed"))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section == self.reason_column:
                return "理由"
            return self.context.style.label(self.years[section], fullwidth=False)
        inst = self.context.institutions[section]
        return f"{inst.code} {inst.name}" + ("（端末）" if inst.terminal else "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        inst = self.context.institutions[index.row()]
        if index.column() == self.reason_column:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return self.reason(index.row())
            return None
        fy = self.years[index.column()]
        slot = self.assignment.get(inst.id)
        here = slot is not None and slot[0] == fy
        if role == Qt.ItemDataRole.DisplayRole:
            if not here:
                return "" if fy in inst.valid_years else "―"
            mark = {"fixed": "＊", "pin": "◆", "kept": ""}.get(self.sources.get(inst.id, ""), "")
            return audit_kinds.SHORT_LABELS[slot[1]] + mark
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if fy not in inst.valid_years:
                return QBrush(QColor(225, 225, 225))
            if here:
                colour = QColor(KIND_COLOURS[slot[1]])
                colour.setAlpha(60 if inst.id not in self.fixed else 110)
                return QBrush(colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            reason = f"{self.reason(index.row())}\n" if here else ""
            if inst.id in self.fixed:
                return reason + "通知済以降の監査は動かせません"
            return reason + "クリックで この年度の内部監査 → 外部監査（業務端末設置機関のみ）→ なし を切り替えます"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def cycle(self, row: int, column: int) -> bool:
        """Step the cell as a click does; False when it cannot change (fixed or not valid)."""
        if column >= len(self.years):
            return False  # the reason column
        inst = self.context.institutions[row]
        fy = self.years[column]
        if inst.id in self.fixed or fy not in inst.valid_years:
            return False
        slot = self.assignment.get(inst.id)
        steps = rotation_kinds_for(inst.terminal)  # 内部 → 外部 (terminals only) → none
        if slot is None or slot[0] != fy:
            new = (fy, steps[0])
        elif slot[1] in steps[:-1]:
            new = (fy, steps[steps.index(slot[1]) + 1])
        else:
            new = None
        self.assignment[inst.id] = new
        self.sources[inst.id] = "pin"  # a hand-made choice is kept when the plan is recomputed
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.reason_column))
        self.changed.emit()
        return True


def day_entries(entries: list[ScheduleEntry], day: dt.date) -> list[ScheduleEntry]:
    return [e for e in entries if e.starts_at is not None and e.starts_at.date() == day]
