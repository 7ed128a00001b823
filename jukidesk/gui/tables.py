"""What every table view of the app does the same way: columns sized to their content and
to the free width (long text columns share what is left, short ones fit their content),
the full text of a cut cell in its tooltip, a minimum number of visible rows, and a
sentence over an empty table that says what to do.

``set_up_table(view, ...)`` is the one call; tabs and dialogs call it once the model is set.

None of this asks the view for its ``viewport()`` (the header over it has the same width
and is resized with it): the first time Python wraps a view's viewport, a plain QWidget
made by Qt, PySide 6 builds the Python types of every QWidget subclass to find its type
(about 20 ms, once per process), and a table tab's first show need not pay that.
"""

from __future__ import annotations

from collections.abc import Iterable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QTableView,
    QToolTip,
    QTreeView,
)

LONG_TEXT_PX = 170  # a column whose content needs more than this is a "long text" column
CONTENT_PRECISION = 200  # rows measured for a column's width (Qt measures 1,000 by default)


def _top_header(view: QAbstractItemView) -> QHeaderView | None:
    """The header over a table's or tree's columns: as wide as the viewport, placed just
    above it and resized with it. None when there is none, or it is hidden (a hidden
    widget is not sent its resize events): then the viewport itself is asked."""
    header = None
    if isinstance(view, QTableView):
        header = view.horizontalHeader()
    elif isinstance(view, QTreeView):
        header = view.header()
    return None if header is None or header.isHidden() else header


def _viewport_rect(view: QAbstractItemView, header: QHeaderView | None) -> QRect:
    """Where the viewport is, in ``view``'s coordinates (from the header over it)."""
    if header is None:
        return view.viewport().geometry()
    top = header.y() + header.height()
    bottom = view.height() - view.frameWidth()
    return QRect(header.x(), top, header.width(), max(bottom - top, 0))


class FullTextDelegate(QStyledItemDelegate):
    """Shows a cell's whole text as its tooltip when the cell is too narrow for it (a model's
    own ToolTipRole wins)."""

    def helpEvent(self, event, view, option, index):
        if event is not None and event.type() == QEvent.Type.ToolTip and index.isValid():
            if index.data(Qt.ItemDataRole.ToolTipRole) is None:
                text = index.data(Qt.ItemDataRole.DisplayRole)
                if isinstance(text, str) and text:
                    needed = self.sizeHint(option, index).width()
                    if needed > view.visualRect(index).width() or "\n" in text:
                        QToolTip.showText(event.globalPos(), text, view)
                        return True
                QToolTip.hideText()
                return True
        return super().helpEvent(event, view, option, index)


class EmptyTableText(QObject):
    """A grey sentence in the middle of an empty table (e.g. 「機関がまだありません。
    機関台帳タブの 追加… か 取り込み… で登録します。」), hidden as soon as it has rows.
    The label lies over the viewport (a child of the view, placed where the viewport is;
    clicks go through it)."""

    def __init__(self, view: QAbstractItemView, text: str):
        super().__init__(view)
        self.view = view
        self.header = _top_header(view)
        self.label = QLabel(text, view if self.header is not None else view.viewport())
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("color: #666; background: transparent; padding: 12px;")
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        if self.header is not None:  # placed again when the view or the header over the viewport changes
            view.installEventFilter(self)
            self.header.installEventFilter(self)
        else:
            view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.update)
        self.update()

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.update()

    def update(self, *_args) -> None:
        if not self._alive():
            return
        model = self.view.model()
        empty = model is not None and model.rowCount() == 0
        self._place()
        self.label.setVisible(empty and bool(self.label.text()))
        if self.header is not None:
            self.label.raise_()

    def _alive(self) -> bool:
        """The view, the label and the header are not deleted (the view sends events while
        it is destroyed, after its header is gone)."""
        return all(shiboken6.isValid(w) for w in (self.view, self.label, self.header) if w is not None)

    def _place(self) -> None:
        if not self._alive():
            return
        rect = _viewport_rect(self.view, self.header)
        self.label.setGeometry(rect if self.header is not None else QRect(0, 0, rect.width(), rect.height()))

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show, QEvent.Type.Hide):
            self._place()
        return False


class ColumnSizer(QObject):
    """Keeps the columns of one view right whenever its rows are replaced or it is resized:
    short columns fit their content; long text columns share the rest of the width in
    proportion to their content (a long name gets more than a short place), each its full
    content when there is room.

    The content is measured once each time the rows change (``apply``: the rows on screen,
    or ``precision`` rows) and the widths set by hand (every section ``Interactive``):
    with ``ResizeToContents`` sections Qt measured them again on every layout and header
    resize (four times for the registry tab's first show), asking the model about ten
    roles of every cell on screen each time. A resize only shares the free width again."""

    MIN_LONG_WIDTH = 80

    def __init__(self, view: QTableView, stretch: Iterable[int] | None, precision: int):
        super().__init__(view)
        self.view = view
        self.stretch = None if stretch is None else set(stretch)
        self._long: set[int] = set()
        self._widths: dict[int, int] = {}  # column → its content's width, measured in apply()
        header = self.header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setResizeContentsPrecision(precision)
        model = view.model()
        model.modelReset.connect(self.apply)
        model.layoutChanged.connect(self.apply)
        model.columnsInserted.connect(self.apply)
        model.rowsInserted.connect(self.apply)
        # Resized with the viewport (a scroll bar shown, the view resized): watch the header.
        self._over = _top_header(view)
        (self._over if self._over is not None else view.viewport()).installEventFilter(self)
        self.apply()

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show:  # polished now: measure with the fonts it is shown in
            self.apply()
        elif kind == QEvent.Type.Resize:
            self.share()
            # a view first shown inside a page built hidden gets its final width after this
            # event: share again then
            QTimer.singleShot(0, self, self.share)
        return False

    def _content_width(self, column: int) -> int:
        view, header = self.view, self.header
        width = max(view.sizeHintForColumn(column), header.sectionSizeHint(column))
        return max(header.minimumSectionSize(), min(width, header.maximumSectionSize()))

    def _shown_columns(self) -> list[int]:
        view = self.view
        return [c for c in range(view.model().columnCount()) if not view.isColumnHidden(c)]

    def long_columns(self) -> set[int]:
        if self.stretch is not None:
            return self.stretch
        columns = self._shown_columns()
        if not columns:
            return set()
        widths = {c: self._widths.get(c) or self._content_width(c) for c in columns}
        long = {c for c, w in widths.items() if w > LONG_TEXT_PX}
        return long or {max(columns, key=lambda c: widths[c])}  # the free width goes somewhere

    def _alive(self) -> bool:
        """The view and its header are not deleted (the view's own model emits, and the view
        sends events, while it is destroyed)."""
        return shiboken6.isValid(self.view) and shiboken6.isValid(self.header)

    def _measurable(self) -> bool:
        """Alive and on screen. A hidden view is not measured: Qt then reads every row for a
        column's width, whatever the precision (the registry tab, reloaded behind another
        tab, took 0.3 s for 2,000 institutions); its Show event measures it."""
        return self._alive() and self.view.isVisible()

    def apply(self, *_args) -> None:
        if not self._measurable():
            return
        header = self.header
        self._widths = {c: self._content_width(c) for c in self._shown_columns()}
        self._long = self.long_columns()
        for column in range(self.view.model().columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            if column not in self._long and column in self._widths:
                header.resizeSection(column, self._widths[column])
        self.share()

    def share(self) -> None:
        if not self._measurable() or not self._long:
            return
        view, header = self.view, self.header
        count = view.model().columnCount()
        long = [c for c in sorted(self._long) if c < count and not view.isColumnHidden(c)]
        if not long:
            return
        short = sum(header.sectionSize(c) for c in range(count) if c not in self._long and not view.isColumnHidden(c))
        free = max(_viewport_rect(view, self._over).width() - short, self.MIN_LONG_WIDTH * len(long))
        wanted = {c: max(self._widths.get(c) or self._content_width(c), self.MIN_LONG_WIDTH) for c in long}
        total = sum(wanted.values())
        if total <= free:  # every long column whole; the last one takes what is left
            widths = dict(wanted)
            widths[long[-1]] += free - total
        else:
            widths = {c: max(self.MIN_LONG_WIDTH, w * free // total) for c, w in wanted.items()}
        for column, width in widths.items():
            header.resizeSection(column, width)


def set_up_table(
    view: QTableView,
    *,
    stretch: Iterable[int] | None = None,
    min_rows: int = 0,
    empty_text: str = "",
    precision: int = CONTENT_PRECISION,
) -> None:
    """Columns: ``stretch`` (long text) share the free width, the others fit their content;
    without ``stretch`` the long columns are found from the rows each time they change.
    A cut cell shows its whole text as a tooltip. ``min_rows``: the view keeps room for at
    least that many rows. ``empty_text``: said over the table while it has no rows."""
    view.sizer = ColumnSizer(view, stretch, precision)
    if type(view.itemDelegate()) is QStyledItemDelegate:
        view.setItemDelegate(FullTextDelegate(view))
    if min_rows:
        rows = view.verticalHeader().defaultSectionSize() * min_rows
        scrollbar = view.horizontalScrollBar().sizeHint().height()  # in case the columns do not fit
        view.setMinimumHeight(rows + view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth() + scrollbar + 8)
    if empty_text:
        view.empty_text = EmptyTableText(view, empty_text)


def set_empty_text(view: QAbstractItemView, text: str) -> None:
    """The sentence over ``view`` while it is empty (replaces an earlier one)."""
    existing = getattr(view, "empty_text", None)
    if isinstance(existing, EmptyTableText):
        existing.set_text(text)
    else:
        view.empty_text = EmptyTableText(view, text)
