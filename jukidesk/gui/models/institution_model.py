"""The 機関台帳 as a table model, and the proxy that filters it by text and fiscal year."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from jukidesk.base.fiscal import YearStyle
from jukidesk.base.vocabulary import INSTITUTION_KIND_LABELS
from jukidesk.core.registry import InstitutionData, InstitutionRow
from jukidesk.gui.models.base import ListTableModel
from jukidesk.storage.models import Institution

(
    COL_ORDER,
    COL_CODE,
    COL_NAME,
    COL_SHORT_NAME,
    COL_KIND,
    COL_TERMINAL,
    COL_HEAD_TITLE,
    COL_ADDRESS,
    COL_VALID_FROM,
    COL_VALID_UNTIL,
) = range(10)

HEADERS = ("順", "コード", "機関名", "報告用略称", "区分", "業務端末", "長の職名", "所在地", "有効開始", "有効終了")
_COLUMNS = len(HEADERS)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a value that sorts right (numbers as numbers)
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the institution's database id
VALID_ROLE = Qt.ItemDataRole.UserRole + 3  # True when valid in the selected fiscal year

CONTINUING = "継続"
TERMINAL_MARK = "○"
_RETIRED_COLOUR = QColor(128, 128, 128)
_CENTRED = (COL_ORDER, COL_KIND, COL_TERMINAL, COL_VALID_FROM, COL_VALID_UNTIL)
# data() is called for every role of every visible cell: plain ints, compared first for
# the roles asked most, and per-column answers looked up rather than computed.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_ALIGN_OF_COLUMN = tuple(
    int(Qt.AlignmentFlag.AlignCenter) if column in _CENTRED else None for column in range(len(HEADERS))
)

# InstitutionRow (imported above) lives in core.registry: plain data the worker may hand over.


def rows_from(institutions: Iterable[Institution]) -> list[InstitutionRow]:
    """Rows from ``registry.list_institutions(session)`` (already in registry order); the
    tab reads ``actions.registry.registry_rows`` instead (plain columns, on the worker)."""
    return [InstitutionRow(inst.id, position, InstitutionData.of(inst)) for position, inst in enumerate(institutions, 1)]


@dataclass(frozen=True)
class RegistryCounts:
    total: int
    users: int
    operators: int
    terminals: int

    def text(self) -> str:
        """19機関（事務利用機関17・運用機関2、業務端末設置11）"""
        kinds = INSTITUTION_KIND_LABELS
        return (
            f"{self.total}機関（{kinds['user']}{self.users}・{kinds['operator']}{self.operators}、"
            f"業務端末設置{self.terminals}）"
        )


def counts_in(rows: Iterable[InstitutionRow], fy: int | None) -> RegistryCounts:
    """The registry's counts in ``fy`` (None: ``rows`` are already those valid)."""
    valid = [row.data for row in rows if fy is None or row.valid_in(fy)]
    return RegistryCounts(
        total=len(valid),
        users=sum(d.kind == "user" for d in valid),
        operators=sum(d.kind == "operator" for d in valid),
        terminals=sum(bool(d.has_terminal) for d in valid),
    )


class InstitutionTableModel(ListTableModel):
    HEADERS = HEADERS

    def __init__(self, parent=None, *, year_style: YearStyle | None = None, fiscal_year: int | None = None):
        super().__init__(parent)
        self._rows: list[InstitutionRow] = []
        self._texts: list[tuple[str, ...]] = []  # each row's display strings, made in one pass
        self._valid: list[bool] = []  # each row valid in the selected year (True when none)
        self._place_of_id: dict[int, int] = {}
        self._sort_keys: dict[int, list] = {}
        self._style = year_style or YearStyle()
        self._fy = fiscal_year
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None
        self._retired_brush = QBrush(_RETIRED_COLOUR)

    # -- content ----------------------------------------------------------------------
    def set_rows(self, rows: list[InstitutionRow], *, year: tuple[int | None, YearStyle] | None = None) -> None:
        """New rows, in the order the table was last sorted in; ``year`` (fiscal year, style)
        changes the selected year with them (the strings are made once, for the new rows)."""
        rows = list(rows)
        if year is not None:
            self._fy, self._style = year
        texts = [self._texts_of(row) for row in rows]
        if self._sorted_by is not None:
            column, order = self._sorted_by
            keys = [self._sort_key(row, text, column) for row, text in zip(rows, texts)]
            positions = _sorted_positions(keys, order)
            rows = [rows[i] for i in positions]
            texts = [texts[i] for i in positions]
        self.beginResetModel()
        self._rows = rows
        self._texts = texts
        self._valid = self._valid_flags(rows)
        self._place_of_id = {row.id: i for i, row in enumerate(rows)}
        self._sort_keys = {}
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by ``SORT_ROLE``: the keys of the column computed in one pass, then
        one ``sorted`` in C (stable, like Qt's) — no Python call per comparison (a proxy's
        ``lessThan`` ran about 2 n log n times). The proxy shows this order
        (``InstitutionFilterProxy.sort``)."""
        if not 0 <= column < len(HEADERS):
            self._sorted_by = None
            return
        self._sorted_by = (column, order)
        keys = [self.sort_key(r, column) for r in range(len(self._rows))]
        positions = _sorted_positions(keys, order)
        if positions == list(range(len(positions))):
            return
        self.layoutAboutToBeChanged.emit()
        old_indexes = self.persistentIndexList()
        new_place = {old: new for new, old in enumerate(positions)}
        self._rows = [self._rows[i] for i in positions]
        self._texts = [self._texts[i] for i in positions]
        self._valid = [self._valid[i] for i in positions]
        self._place_of_id = {row.id: i for i, row in enumerate(self._rows)}
        self._sort_keys = {col: [cached[i] for i in positions] for col, cached in self._sort_keys.items()}
        self.changePersistentIndexList(
            old_indexes, [self.index(new_place[index.row()], index.column()) for index in old_indexes]
        )
        self.layoutChanged.emit()

    def sort_key(self, row: int, column: int):
        """``SORT_ROLE`` of a cell, computed once per column and load: the proxy's sort asks
        for it about 2 n log n times (tests/benchmarks, registry_tab_large)."""
        keys = self._sort_keys.get(column)
        if keys is None:
            keys = self._sort_keys[column] = [
                self._sort_key(r, text, column) for r, text in zip(self._rows, self._texts)
            ]
        return keys[row]

    def set_year(self, fy: int | None, style: YearStyle | None = None) -> None:
        """The selected fiscal year (rows not valid in it are greyed) and how years are written."""
        self._fy = fy
        if style is not None:
            self._style = style
        self._texts = [self._texts_of(row) for row in self._rows]
        self._valid = self._valid_flags(self._rows)
        self._sort_keys = {}
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(HEADERS) - 1))

    @property
    def rows(self) -> list[InstitutionRow]:
        return list(self._rows)

    def row_at(self, row: int) -> InstitutionRow:
        return self._rows[row]

    def row_of_id(self, institution_id: int) -> int | None:
        return self._place_of_id.get(institution_id)

    def year(self) -> int | None:
        return self._fy

    def counts(self) -> RegistryCounts:
        """``counts_in`` for the selected year, from the validity flags made on load."""
        return counts_in((row for row, valid in zip(self._rows, self._valid) if valid), None)

    def is_valid_row(self, row: int) -> bool:
        """The row is valid in the selected year (from the flags made in one pass)."""
        return self._valid[row]

    # -- Qt model API -----------------------------------------------------------------
    def _row_count(self) -> int:
        return len(self._rows)

    # Qt asks these thousands of times while the proxy maps 2,000 rows: one call each.
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMNS

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        # The display strings and validity flags were made for every row in one pass
        # (set_rows / set_year): a cell is a lookup, not a computation.
        if role == _DISPLAY:
            return self._texts[index.row()][index.column()]
        if role == _FOREGROUND:
            return None if self._valid[index.row()] else self._retired_brush
        if role == _ALIGNMENT:
            return _ALIGN_OF_COLUMN[index.column()]
        if role == SORT_ROLE:
            return self.sort_key(index.row(), index.column())
        if role == ID_ROLE:
            return self._rows[index.row()].id
        if role == VALID_ROLE:
            return self._valid[index.row()]
        if role == _TOOLTIP:
            return self._tooltip(self._rows[index.row()], index.column())
        return None

    def _texts_of(self, row: InstitutionRow) -> tuple[str, ...]:
        """The row's display string of every column."""
        d = row.data
        short = self._style.short
        return (
            str(row.position),
            d.code,
            d.name,
            d.short_name,
            INSTITUTION_KIND_LABELS.get(d.kind, d.kind),
            TERMINAL_MARK if d.has_terminal else "",
            d.head_title,
            d.address,
            short(d.valid_from_fy),
            CONTINUING if d.valid_until_fy is None else short(d.valid_until_fy),
        )

    def _valid_flags(self, rows: list[InstitutionRow]) -> list[bool]:
        fy = self._fy
        return [True] * len(rows) if fy is None else [row.valid_in(fy) for row in rows]

    def _sort_key(self, row: InstitutionRow, texts: tuple[str, ...], column: int):
        d = row.data
        if column == COL_ORDER:
            return row.position
        if column == COL_CODE:
            # Codes are usually numbers: sort 9 before 10, text codes after them.
            return f"0{int(d.code):012d}" if d.code.isdigit() else f"1{d.code}"
        if column == COL_TERMINAL:
            return int(bool(d.has_terminal))
        if column == COL_VALID_FROM:
            return d.valid_from_fy
        if column == COL_VALID_UNTIL:
            return 999999 if d.valid_until_fy is None else d.valid_until_fy
        return texts[column]

    def _tooltip(self, row: InstitutionRow, column: int) -> str | None:
        d = row.data
        if column == COL_VALID_FROM:
            return f"{self._style.display(d.valid_from_fy)}から"
        if column == COL_VALID_UNTIL:
            if d.valid_until_fy is None:
                return "終了年度なし（継続）"
            return f"{self._style.display(d.valid_until_fy)}まで"
        if self._fy is not None and not row.valid_in(self._fy):
            return f"{self._style.label(self._fy, fullwidth=False)}には台帳にありません"
        return None


def _sorted_positions(keys: list, order: Qt.SortOrder) -> list[int]:
    """Row positions in sorted order; equal keys keep their order in both directions."""
    positions = range(len(keys))
    if order == Qt.SortOrder.DescendingOrder:
        return sorted(positions, key=keys.__getitem__, reverse=True)
    return sorted(positions, key=keys.__getitem__)


def _normalise(text: str) -> str:
    """Full-width digits and letters match their half-width forms; case is ignored."""
    return unicodedata.normalize("NFKC", text).casefold()


class InstitutionFilterProxy(QSortFilterProxyModel):
    """Filters by a text (code, name or short name contains it) and by validity in a year."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._text = ""
        self._fy: int | None = None
        self._matches: dict[int, bool] = {}  # institution id → matches the text (one pass per text)
        self._matches_of: tuple | None = None  # (text, rows list) the matches were computed for
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The institution model sorts itself (``InstitutionTableModel.sort``); this proxy
        only filters and keeps the model's order. Other models sort here as usual."""
        model = self.sourceModel()
        if isinstance(model, InstitutionTableModel):
            model.sort(column, order)
            return
        super().sort(column, order)

    def set_text(self, text: str) -> None:
        self._change_filter(lambda: setattr(self, "_text", _normalise(text.strip())))

    def set_only_year(self, fy: int | None) -> None:
        """Show only institutions valid in ``fy``; None shows every institution."""
        self._change_filter(lambda: setattr(self, "_fy", fy))

    def set_filter(self, text: str, fy: int | None) -> None:
        """``set_text`` and ``set_only_year`` in one pass over the rows (none when unchanged)."""
        text = _normalise(text.strip())
        if (text, fy) == (self._text, self._fy):
            return

        def change() -> None:
            self._text, self._fy = text, fy

        self._change_filter(change)

    def _change_filter(self, change) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        model = self.sourceModel()
        if not isinstance(model, InstitutionTableModel):
            return True
        if self._fy is not None:
            if self._fy == model.year():
                if not model.is_valid_row(source_row):
                    return False
            elif not model.row_at(source_row).valid_in(self._fy):
                return False
        if self._text:
            return self._text_matches(model).get(model.row_at(source_row).id, False)
        return True

    def _text_matches(self, model: InstitutionTableModel) -> dict[int, bool]:
        """Which institutions the text matches, for every row in one pass (kept while the
        text and the rows stay the same; sorting does not change it)."""
        rows = model._rows
        if self._matches_of is None or self._matches_of[0] != self._text or self._matches_of[1] is not rows:
            text = self._text
            self._matches = {
                row.id: any(text in _normalise(value) for value in (row.data.code, row.data.name, row.data.short_name))
                for row in rows
            }
            self._matches_of = (text, rows)
        return self._matches
