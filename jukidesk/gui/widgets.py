"""Small widgets shared by several screens."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from jukidesk.base.errors import JukideskError, ValidationError
from jukidesk.base.fiscal import YearStyle


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
