"""The 機関台帳 as a table model that sorts and filters itself (by text and fiscal year)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from jukidesk.base.fiscal import YearStyle
from jukidesk.base.vocabulary import INSTITUTION_KIND_LABELS
from jukidesk.gui.models.base import ListTableModel

if TYPE_CHECKING:
    from jukidesk.core.registry import InstitutionRow
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
_SERVED = frozenset((_DISPLAY, _FOREGROUND, _ALIGNMENT, _TOOLTIP, SORT_ROLE, ID_ROLE, VALID_ROLE))
_ALIGN_OF_COLUMN = tuple(
    int(Qt.AlignmentFlag.AlignCenter) if column in _CENTRED else None for column in range(len(HEADERS))
)



def __getattr__(name: str):
    """``InstitutionRow`` and ``InstitutionData`` live in core.registry (plain data the worker
    hands over) and are importable from here too; core.registry is imported when asked for
    (the tab's worker imports it with the read, not the GUI thread with this module)."""
    if name in ("InstitutionRow", "InstitutionData"):
        from jukidesk.core import registry

        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def rows_from(institutions: Iterable[Institution]) -> list[InstitutionRow]:
    """Rows from ``registry.list_institutions(session)`` (already in registry order); the
    tab reads ``actions.registry.registry_rows`` instead (plain columns, on the worker)."""
    from jukidesk.core.registry import InstitutionData, InstitutionRow

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
    """The registry's rows, sorted and filtered by the model itself (no proxy: a
    ``QSortFilterProxyModel`` had Qt call Python thousands of times to map 2,000 rows).

    The model keeps every row (``rows``, in the order last sorted) and the visible ones
    (those the text and year filter let through, in that order). Row numbers of the Qt API
    and of ``row_at`` / ``row_of_id`` / ``is_valid_row`` are visible rows. The visible list
    is computed in one pass when the filter, the rows, the order or the year change; a
    change of filter or order is a layout change that moves persistent indexes (the
    selection stays on its institution while it is still listed), new rows a reset."""

    HEADERS = HEADERS

    def __init__(self, parent=None, *, year_style: YearStyle | None = None, fiscal_year: int | None = None):
        super().__init__(parent)
        # Every row, in the order last sorted; per row its display strings (made the first
        # time the row is shown, or for all rows when sorting by a text column) and its
        # validity in the selected year (True when none, one pass per load / year).
        self._all: list[InstitutionRow] = []
        self._all_texts: list[tuple[str, ...] | None] = []
        self._all_valid: list[bool] = []
        self._haystacks: list[tuple[str, str, str]] | None = None  # normalised code, name, short name
        self._sort_keys: dict[int, list] = {}  # column → key of every row (made when sorting by it)
        # The visible rows: their places in the lists above, and those lists cut to them.
        self._shown: list[int] = []
        self._rows: list[InstitutionRow] = []
        self._texts: list[tuple[str, ...] | None] = []
        self._valid: list[bool] = []
        self._place_of_id: dict[int, int] = {}
        self._filter_text = ""  # normalised (``_normalise``)
        self._filter_fy: int | None = None
        self._style = year_style or YearStyle()
        self._fy = fiscal_year
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None
        self._retired_brush = QBrush(_RETIRED_COLOUR)

    # -- content ----------------------------------------------------------------------
    def set_rows(self, rows: list[InstitutionRow], *, year: tuple[int | None, YearStyle] | None = None) -> None:
        """New rows, in the order the table was last sorted in and through the current
        filter; ``year`` (fiscal year, style) changes the selected year with them (each
        row's strings are made once, when it is first shown: about 20 of 2,000 on the first
        paint). A reset: the caller selects again."""
        rows = list(rows)
        if year is not None:
            self._fy, self._style = year
        texts: list[tuple[str, ...] | None] = [None] * len(rows)  # made when first shown
        if self._sorted_by is not None:
            column, order = self._sorted_by
            positions = _sorted_positions(self._keys(rows, texts, column), order)
            if positions != list(range(len(positions))):
                rows = [rows[i] for i in positions]
                texts = [texts[i] for i in positions]
        self.beginResetModel()
        self._all = rows
        self._all_texts = texts
        self._all_valid = self._valid_flags(rows)
        self._haystacks = None
        self._sort_keys = {}
        self._show(self._filtered())
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by ``SORT_ROLE``: the keys of the column computed in one pass, then
        one ``sorted`` in C (stable, like Qt's) — no Python call per comparison (a proxy's
        ``lessThan`` ran about 2 n log n times). Persistent indexes (the selection) move
        with their rows; a reload keeps the order (``set_rows``)."""
        if not 0 <= column < len(HEADERS):
            self._sorted_by = None
            return
        self._sorted_by = (column, order)
        positions = _sorted_positions(self._column_keys(column), order)
        if positions == list(range(len(positions))):
            return

        def reorder() -> None:
            self._all = [self._all[i] for i in positions]
            self._all_texts = [self._all_texts[i] for i in positions]
            self._all_valid = [self._all_valid[i] for i in positions]
            if self._haystacks is not None:
                self._haystacks = [self._haystacks[i] for i in positions]
            self._sort_keys = {col: [cached[i] for i in positions] for col, cached in self._sort_keys.items()}

        self._change_layout(reorder)

    def sort_key(self, row: int, column: int):
        """``SORT_ROLE`` of a visible cell (the keys are computed once per column and load)."""
        return self._column_keys(column)[self._shown[row]]

    def _column_keys(self, column: int) -> list:
        """The sort key of every row (listed or not) in ``column``, computed once per load."""
        keys = self._sort_keys.get(column)
        if keys is None:
            keys = self._sort_keys[column] = self._keys(self._all, self._all_texts, column)
        return keys

    def _keys(self, rows: list[InstitutionRow], texts: list, column: int) -> list:
        """``SORT_ROLE`` of ``rows`` in ``column``, in one comprehension (``texts``, the
        rows' display strings, are made where missing when the column sorts by them)."""
        data = [row.data for row in rows]
        if column == COL_ORDER:
            return [row.position for row in rows]
        if column == COL_CODE:  # codes are usually numbers: 9 before 10, text codes after them
            return [f"0{int(d.code):012d}" if d.code.isdigit() else f"1{d.code}" for d in data]
        if column == COL_TERMINAL:
            return [int(bool(d.has_terminal)) for d in data]
        if column == COL_VALID_FROM:
            return [d.valid_from_fy for d in data]
        if column == COL_VALID_UNTIL:
            return [999999 if d.valid_until_fy is None else d.valid_until_fy for d in data]
        for i, text in enumerate(texts):
            if text is None:
                texts[i] = self._texts_of(rows[i])
        return [text[column] for text in texts]

    def set_year(self, fy: int | None, style: YearStyle | None = None) -> None:
        """The selected fiscal year (rows not valid in it are greyed, and hidden while the
        filter shows only that year) and how years are written."""
        self._fy = fy
        if style is not None:
            self._style = style
        self._all_texts = [None] * len(self._all)  # made again when shown
        self._all_valid = self._valid_flags(self._all)
        self._sort_keys = {}
        shown = self._filtered()
        if shown != self._shown:  # the rows listed change: move the selection with them
            self._change_layout(lambda: None, shown)
            return
        self._show(shown)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, _COLUMNS - 1))

    # -- filter -----------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        """List only institutions whose code, name or short name contains ``text``
        (full-width and half-width forms alike, case ignored)."""
        self.set_filter(text, self._filter_fy)

    def set_only_year(self, fy: int | None) -> None:
        """List only institutions valid in ``fy``; None lists every institution."""
        self._set_filter(self._filter_text, fy)

    def set_filter(self, text: str, fy: int | None) -> None:
        """``set_text`` and ``set_only_year`` in one pass over the rows (none when unchanged)."""
        self._set_filter(_normalise(text.strip()), fy)

    def _set_filter(self, text: str, fy: int | None) -> None:
        if (text, fy) == (self._filter_text, self._filter_fy):
            return
        self._filter_text, self._filter_fy = text, fy
        shown = self._filtered()
        if shown != self._shown:  # no layout change when the same rows stay listed
            self._change_layout(lambda: None, shown)

    def _filtered(self) -> list[int]:
        """The places (in the full list) of the rows the filter lets through, in one pass."""
        fy, text = self._filter_fy, self._filter_text
        if fy is None:
            keep = None
        elif fy == self._fy:
            keep = self._all_valid
        else:
            keep = [row.valid_in(fy) for row in self._all]
        if not text:
            return list(range(len(self._all))) if keep is None else [i for i, k in enumerate(keep) if k]
        haystacks = self._haystacks
        if haystacks is None:  # once per load, when a text is first typed
            haystacks = self._haystacks = [
                (_normalise(d.code), _normalise(d.name), _normalise(d.short_name)) for d in (r.data for r in self._all)
            ]
        return [
            i
            for i, (code, name, short) in enumerate(haystacks)
            if (keep is None or keep[i]) and (text in code or text in name or text in short)
        ]

    def _show(self, shown: list[int]) -> None:
        """Make the rows at ``shown`` (places in the full list) the visible ones."""
        self._shown = shown
        if len(shown) == len(self._all):  # every row, in the same order
            self._rows, self._texts, self._valid = self._all, self._all_texts, self._all_valid
        else:
            self._rows = [self._all[i] for i in shown]
            self._texts = [self._all_texts[i] for i in shown]
            self._valid = [self._all_valid[i] for i in shown]
        self._place_of_id = {row.id: place for place, row in enumerate(self._rows)}

    def _change_layout(self, change, shown: list[int] | None = None) -> None:
        """``change()`` the full lists, then list what the filter lets through, as one layout
        change (as ``QSortFilterProxyModel.invalidate`` does): persistent indexes (the
        selection, the current row) follow their institution, or become invalid when it is
        no longer listed. ``shown``: what ``_filtered()`` gives after ``change()``, when
        already known."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        listed = len(self._rows)
        ids = [self._rows[index.row()].id if 0 <= index.row() < listed else None for index in old]
        change()
        self._show(self._filtered() if shown is None else shown)
        place = self._place_of_id.get
        new = []
        for index, institution_id in zip(old, ids):
            row = None if institution_id is None else place(institution_id)
            new.append(QModelIndex() if row is None else self.index(row, index.column()))
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # -- rows ---------------------------------------------------------------------------
    @property
    def rows(self) -> list[InstitutionRow]:
        """Every row (listed or filtered out), in the order last sorted."""
        return list(self._all)

    def row_at(self, row: int) -> InstitutionRow:
        """The institution of a visible row."""
        return self._rows[row]

    def row_of_id(self, institution_id: int) -> int | None:
        """The visible row of an institution (None when it is filtered out or unknown)."""
        return self._place_of_id.get(institution_id)

    def institution(self, institution_id: int) -> InstitutionRow | None:
        """An institution's row, listed or filtered out (None when unknown)."""
        return next((row for row in self._all if row.id == institution_id), None)

    def year(self) -> int | None:
        return self._fy

    def counts(self) -> RegistryCounts:
        """``counts_in`` for the selected year, from the validity flags made on load."""
        return counts_in((row for row, valid in zip(self._all, self._all_valid) if valid), None)

    def is_valid_row(self, row: int) -> bool:
        """The visible row is valid in the selected year (from the flags made in one pass)."""
        return self._valid[row]

    # -- Qt model API -----------------------------------------------------------------
    def _row_count(self) -> int:
        return len(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMNS

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        # Qt asks about ten roles of every cell it paints or measures: the roles not served
        # (font, decoration, check state, background, …) return at the first test; the
        # others look up what was made per row (strings) or for every row in one pass.
        if role not in _SERVED or not index.isValid():
            return None
        if role == _DISPLAY:
            row = index.row()
            texts = self._texts[row]
            if texts is None:  # first shown: the strings of its 10 columns at once
                texts = self._texts[row] = self._all_texts[self._shown[row]] = self._texts_of(self._rows[row])
            return texts[index.column()]
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
        return self._tooltip(self._rows[index.row()], index.column())

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
