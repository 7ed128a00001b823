"""The application context every tab receives: the open file, the selected fiscal year and
the organisation's year style, with signals that tell the tabs to refresh.

Tabs never open a transaction: a write is an action (``jukidesk.actions``) whose ``Outcome``
goes to ``context.apply(outcome)`` (``operations.run_action`` does it for work on the
worker thread), which emits ``data_changed`` once per area the action changed. Every tab
listens to ``year_changed`` and ``data_changed`` and reloads what it shows.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from sqlalchemy import func, select

from jukidesk.base.fiscal import YearStyle, fiscal_year_of
from jukidesk.core.settings import load_settings, reference_date
from jukidesk.storage.database import Database
from jukidesk.storage.models import Checklist

# Names passed with ``data_changed`` (tabs may add their own: "checklist", "audit", …).
INSTITUTION = "institution"
SETTINGS = "settings"

YEARS_AHEAD = 3  # the year picker offers planning this many years beyond today's fiscal year


def today_fiscal_year(today: dt.date | None = None) -> int:
    """The fiscal year of ``today`` (the organisation's 基準日 as the context reads it; the
    PC's clock when not given)."""
    return fiscal_year_of(today or dt.date.today())


class AppContext(QObject):
    """One open jukidesk file. Replaced as a whole (not mutated) when another file is opened."""

    year_changed = Signal(int)
    data_changed = Signal(str)

    def __init__(
        self,
        database: Database,
        *,
        demo: bool = False,
        temp_dir: Path | None = None,
        lock: Any = None,
        today_fy: int | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.database = database
        self.demo = demo
        self.lock = lock  # the file's lock (storage.lock.LockHold), released on close
        self._temp_dir = temp_dir  # the demo copy's folder, removed on close
        self._given_today_fy = today_fy  # tests fix "today's" fiscal year; else the 基準日's
        self.today = dt.date.today()
        self._today_fy = today_fy if today_fy is not None else today_fiscal_year(self.today)
        self.settings: dict[str, Any] = {}
        self.year_style = YearStyle()
        self._reload_settings()
        self._fy = self.default_fiscal_year()

    # -- the file ---------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        """The data file (``None`` for a server database: see ``target``)."""
        return self.database.path

    @property
    def target(self):
        """What was opened: the file's path, or the server database's location (URL)."""
        return self.database.location if self.database.is_server else self.database.path

    @property
    def is_server(self) -> bool:
        return self.database.is_server

    @property
    def display_name(self) -> str:
        return "デモデータ" if self.demo else self.database.name

    @property
    def location_text(self) -> str:
        """Where the data lives, for the status bar: the file (and on a shared folder, that
        it is opened with the rollback journal, one writer at a time)."""
        text = self.database.display
        if self.database.on_network:
            text += "（共有フォルダ: ロールバックジャーナル・書き込みは一人ずつ）"
        return text

    def close(self) -> None:
        """Close the file, then release its lock (another jukidesk may open it from now)."""
        self.database.close()
        if self.lock is not None:
            self.lock.release()
        if self._temp_dir is not None:
            shutil.rmtree(self._temp_dir, ignore_errors=True)
            self._temp_dir = None

    # -- fiscal years -----------------------------------------------------------------
    @property
    def fiscal_year(self) -> int:
        return self._fy

    @property
    def today_fy(self) -> int:
        return self._today_fy

    def set_fiscal_year(self, fy: int) -> None:
        if fy != self._fy:
            self._fy = fy
            self.year_changed.emit(fy)

    def fiscal_years(self) -> list[int]:
        """The years the picker offers: from the first audit cycle to today's year + 3. A
        基準日 in the past (the demo's) hides no year the PC's calendar has reached."""
        first = min(self.year_style.cycle_first_fy, self._today_fy)
        last = self._today_fy if self._given_today_fy is not None else max(self._today_fy, today_fiscal_year())
        return list(range(first, last + YEARS_AHEAD + 1))

    def latest_checklist_year(self) -> int | None:
        with self.database.session() as session:
            return session.scalar(select(func.max(Checklist.fy)))

    def default_fiscal_year(self) -> int:
        """Today's fiscal year (the 基準日's), but not far beyond the data: a file whose
        checklists end in FY2013 opens on 2013 when the clock says 2026, and on 2014 when
        today is in FY2014 (the year about to be prepared, as the demo's 基準日 2014-04-07)."""
        latest = self.latest_checklist_year()
        fy = self._today_fy if latest is None or self._today_fy <= latest + 1 else latest
        years = self.fiscal_years()
        return max(years[0], min(years[-1], fy))

    # -- changes ----------------------------------------------------------------------
    def apply(self, outcome) -> None:
        """After an action (``actions.base.Outcome``): tell the tabs about each area it
        changed, settings first (other tabs read the year style from them)."""
        areas = sorted(outcome.changes, key=lambda area: area != SETTINGS)
        for area in areas:
            self.notify_changed(str(area))

    def notify_changed(self, area: str) -> None:
        """Call after a committed change so every tab can refresh (``area`` names what changed)."""
        if area == SETTINGS:
            self._reload_settings()
        self.data_changed.emit(area)

    def _reload_settings(self) -> None:
        """The settings, the year style and "today" (``core.settings.reference_date``: the
        organisation's 基準日, else the PC's date), read when the file opens and again
        whenever the settings change."""
        with self.database.session() as session:
            self.settings = load_settings(session)
            self.today = reference_date(session)
        self.year_style = YearStyle.from_settings(self.settings)
        if self._given_today_fy is None:
            self._today_fy = today_fiscal_year(self.today)


def context_from(opened) -> AppContext:
    """The context of a file just opened (``gui.opening.OpenedFile``)."""
    return AppContext(opened.database, demo=opened.demo, temp_dir=opened.temp_dir, lock=opened.lock)
