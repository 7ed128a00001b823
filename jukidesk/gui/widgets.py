"""Small widgets shared by several screens."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from jukidesk.base.errors import JukideskError, ValidationError
from jukidesk.base.fiscal import YearStyle


class ReloadWhenShown(QObject):
    """A tab's reload after changes made elsewhere: at once while ``page`` is on screen, else
    once when it is next shown. A tab behind another one does not read the database again
    for every change (on a national-scale file the calendar took 1 s and the グラフ tab 14 s,
    after every saved answer in the チェックリスト tab)."""

    def __init__(self, page: QWidget, reload: Callable[[], None]):
        super().__init__(page)
        self.page, self._reload = page, reload
        self.stale = False
        page.installEventFilter(self)

    def request(self, *_args) -> None:
        if self.page.isVisible():
            self.stale = False
            self._reload()
        else:
            self.stale = True

    def eventFilter(self, obj, event) -> bool:
        if obj is self.page and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self._reload()
        return False


class FiscalYearCombo(QComboBox):
    """Pick a fiscal year shown as 平成25年度（2013年度）; the item data is the 西暦 year.

    With ``none_text`` the first entry stands for "no year" (e.g. 「なし（継続）」) and
    ``fiscal_year()`` returns None for it.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._style = YearStyle()
        self._none_text: str | None = None
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def set_years(self, years: Iterable[int], style: YearStyle, *, none_text: str | None = None) -> None:
        current = self.fiscal_year() if self.count() else None
        self._style = style
        self._none_text = none_text
        self.blockSignals(True)
        self.clear()
        if none_text is not None:
            self.addItem(none_text, None)
        for fy in years:
            self.addItem(style.display(fy), fy)
        self.blockSignals(False)
        if current is not None or none_text is not None:
            self.set_fiscal_year(current)

    def fiscal_year(self) -> int | None:
        return self.currentData()

    def set_fiscal_year(self, fy: int | None) -> None:
        """Select ``fy``; a year outside the list is inserted in order so a stored value is never lost."""
        if fy is None:
            if self._none_text is not None:
                self.setCurrentIndex(0)
            return
        index = self.findData(fy)
        if index < 0:
            position = self.count()
            for i in range(self.count()):
                data = self.itemData(i)
                if data is not None and data > fy:
                    position = i
                    break
            self.insertItem(position, self._style.display(fy), fy)
            index = position
        self.setCurrentIndex(index)


def show_field_error(
    label: QLabel,
    widgets: Mapping[str, QWidget],
    message: str,
    field: str | None = None,
    *,
    select_all: bool = False,
) -> None:
    """Show ``message`` in a dialog's red error label and put the focus on the field it names."""
    label.setText(message)
    widget = widgets.get(field or "")
    if widget is not None:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if select_all and hasattr(widget, "selectAll"):
            widget.selectAll()


def save_or_show_error(
    context: Any,
    act: Callable[[], Any],
    show_error: Callable[..., None],
    *,
    database_detail: bool = False,
) -> Any | None:
    """Run the action ``act()`` (it returns an ``actions.base.Outcome``); on success tell the
    tabs what changed (``context.apply``) and return the outcome's value.

    A broken rule or a database failure is shown through ``show_error(message, field)``
    and nothing is stored; the return value is then None.
    """
    from sqlalchemy.exc import SQLAlchemyError  # loaded by then (the file is open)

    try:
        outcome = act()
    except ValidationError as exc:
        show_error(str(exc), exc.field)
    except JukideskError as exc:
        show_error(str(exc))
    except SQLAlchemyError as exc:
        message = f"保存できませんでした（変更は保存していません）: {exc.__class__.__name__}"
        if database_detail:
            message += f": {exc.orig if hasattr(exc, 'orig') else exc}"
        show_error(message)
    else:
        context.apply(outcome)
        return outcome.value
    return None


# ---------------------------------------------------------------------------------------
# Windows that fit the screen (a municipal PC: 1366×768 with the taskbar, 1366×728 free)

# The title bar and borders a window system adds around a window not shown yet (Windows 10/11
# at 100 %: about 8 px each side and a 31 px title); a shown window reports its own.
FRAME_ALLOWANCE = QMargins(8, 32, 8, 8)


def available_rect(widget: QWidget) -> QRect:
    """The free part of the screen the window opens on (without the taskbar). Tests replace
    this function to try a smaller screen."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def frame_margins(widget: QWidget) -> QMargins:
    frame, inner = widget.frameGeometry(), widget.geometry()
    if widget.isVisible() and frame != inner:
        return QMargins(inner.left() - frame.left(), inner.top() - frame.top(),
                        frame.right() - inner.right(), frame.bottom() - inner.bottom())
    return FRAME_ALLOWANCE


def largest_size(widget: QWidget) -> QSize:
    """The largest client size whose frame still fits on the window's screen."""
    area, margins = available_rect(widget), frame_margins(widget)
    return QSize(area.width() - margins.left() - margins.right(), area.height() - margins.top() - margins.bottom())


def fit_to_screen(widget: QWidget, width: int | None = None, height: int | None = None) -> None:
    """Size a window or dialog as wished (``width``×``height``, else its current size) but no
    larger than the screen's free area, and place it
    wholly inside that area (centred on its parent window when it has one). Every window
    and dialog of the app calls this once it is built; a minimum size set in a form that
    would not fit is lowered to the screen."""
    largest = largest_size(widget)
    minimum = widget.minimumSize()
    if minimum.width() > largest.width() or minimum.height() > largest.height():
        widget.setMinimumSize(minimum.boundedTo(largest))
    # a window nobody sized yet would open at its size hint (QDialog's adjustSize on show)
    current = widget.size() if widget.testAttribute(Qt.WidgetAttribute.WA_Resized) else widget.sizeHint()
    wanted = QSize(width or current.width(), height or current.height())
    widget.resize(wanted.boundedTo(largest))  # Qt keeps it at least as large as the layout's minimum
    place_inside_screen(widget)


def place_inside_screen(widget: QWidget) -> None:
    """Move a window so that its frame lies inside the screen's free area: centred on the
    parent window if any, else kept where it is (a restored position) when it fits."""
    area, margins = available_rect(widget), frame_margins(widget)
    hint = widget.minimumSizeHint()  # the size Qt will show at least
    size = widget.size().expandedTo(hint) if hint.isValid() else widget.size()
    outer = QRect(QPoint(0, 0), size.grownBy(margins))
    parent = widget.parentWidget()
    if parent is not None and widget.isWindow():
        outer.moveCenter(parent.window().frameGeometry().center())
    else:
        outer.moveTopLeft(widget.pos() if widget.testAttribute(Qt.WidgetAttribute.WA_Moved) else area.topLeft())
        if not widget.testAttribute(Qt.WidgetAttribute.WA_Moved):
            outer.moveCenter(area.center())
    left = max(area.left(), min(outer.left(), area.right() + 1 - outer.width()))
    top = max(area.top(), min(outer.top(), area.bottom() + 1 - outer.height()))
    widget.move(left, top)  # move() places the frame's top-left corner
