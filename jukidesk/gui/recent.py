"""Recently used files (ファイル → 最近使ったファイル) and each file's last fiscal year.

Both live in the window's QSettings (an INI file in the user's config folder), stored as JSON
text so a list of one path stays a list. At most ``MAX_RECENT`` files, newest first; the demo
copy is never listed. A file that no longer exists is shown greyed with 「見つかりません」 and
can be removed from the list (all missing ones at once, or the whole list).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from jukidesk.gui import prompts
from jukidesk.storage.urls import looks_like_url

MAX_RECENT = 8
MAX_YEARS = 32  # remembered last years (per file)
FILES_KEY = "recent/files"
YEARS_KEY = "recent/last_years"
MENU_TEXT = "最近使ったファイル(&R)"


def _key(path) -> str:
    if _is_server(path):
        return str(path)  # a server database's URL (never with a password: storage/server.py)
    return str(Path(path).expanduser().absolute())


def _is_server(entry) -> bool:
    # Without importing storage.server (SQLAlchemy): the menu is built with the window, before
    # its first paint, and a stored entry is text. A ServerLocation exists only once that
    # module has been imported.
    if isinstance(entry, str):
        return looks_like_url(entry)
    server = sys.modules.get("jukidesk.storage.server")
    return server is not None and isinstance(entry, server.ServerLocation)


def _entry(text: str):
    """A stored entry: a file's path, or a server database's location."""
    if _is_server(text):
        from jukidesk.storage.server import parse_server_url

        try:
            return parse_server_url(text)
        except Exception:  # noqa: BLE001 - a damaged entry: shown as a missing file
            return Path(text)
    return Path(text)


def _exists(entry) -> bool:
    """A file that is there; a server database is always offered (the server answers when opened)."""
    return True if _is_server(entry) else entry.exists()


class RecentFiles:
    """The list in QSettings. Paths are compared absolute, as given (no symlink resolving)."""

    def __init__(self, settings: QSettings):
        self.settings = settings

    def _load(self, key: str, default):
        raw = self.settings.value(key)
        if not raw:
            return default
        try:
            value = json.loads(raw)
        except (TypeError, ValueError):
            return default
        return value if isinstance(value, type(default)) else default

    def _store(self, key: str, value) -> None:
        self.settings.setValue(key, json.dumps(value, ensure_ascii=False))
        self.settings.sync()

    def paths(self) -> list[Path]:
        return [_entry(p) for p in self._load(FILES_KEY, []) if isinstance(p, str)][:MAX_RECENT]

    def add(self, path: Path | str) -> None:
        key = _key(path)
        files = [key] + [str(p) for p in self.paths() if str(p) != key]
        self._store(FILES_KEY, files[:MAX_RECENT])

    def remove(self, path: Path | str) -> None:
        key = _key(path)
        self._store(FILES_KEY, [str(p) for p in self.paths() if str(p) != key])

    def remove_missing(self) -> list[Path]:
        missing = [p for p in self.paths() if not _exists(p)]
        self._store(FILES_KEY, [str(p) for p in self.paths() if _exists(p)])
        return missing

    def clear(self) -> None:
        self._store(FILES_KEY, [])

    # -- the last fiscal year of each file --------------------------------------------
    def last_year(self, path: Path | str) -> int | None:
        value = self._load(YEARS_KEY, {}).get(_key(path))
        return value if isinstance(value, int) else None

    def set_last_year(self, path: Path | str, fy: int) -> None:
        years = self._load(YEARS_KEY, {})
        key = _key(path)
        years.pop(key, None)
        years[key] = int(fy)  # newest last; the oldest entries are dropped
        self._store(YEARS_KEY, dict(list(years.items())[-MAX_YEARS:]))


def _menu_text(number: int, path) -> str:
    if _is_server(path):
        return f"&{number} {path.display.replace('&', '&&')}"
    name = path.name.replace("&", "&&")
    folder = str(path.parent).replace("&", "&&")
    return f"&{number} {name}　（{folder}）"


class RecentMenu(QMenu):
    """ファイル → 最近使ったファイル: rebuilt whenever it opens, so a vanished file is greyed."""

    def __init__(self, window, recent: RecentFiles):
        super().__init__(MENU_TEXT, window)
        self.setObjectName("menu_recent")
        self.window_ = window
        self.recent = recent
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        paths = self.recent.paths()
        if not paths:
            empty = self.addAction("（まだありません）")
            empty.setEnabled(False)
        for number, path in enumerate(paths, start=1):
            exists = _exists(path)
            action = self.addAction(_menu_text(number, path) + ("" if exists else "　見つかりません"))
            action.setData(str(path))
            action.setToolTip(str(path))
            action.setEnabled(exists)
            action.triggered.connect(lambda _checked=False, p=path: self.open_recent(p))
        self.addSeparator()
        missing = [p for p in paths if not _exists(p)]
        prune = self.addAction("見つからないファイルを一覧から消す(&M)")
        prune.setObjectName("action_recent_prune")
        prune.setEnabled(bool(missing))
        prune.triggered.connect(self.remove_missing)
        clear = self.addAction("一覧を消去(&C)")
        clear.setObjectName("action_recent_clear")
        clear.setEnabled(bool(paths))
        clear.triggered.connect(self.clear_list)

    def file_actions(self) -> list[QAction]:
        return [a for a in self.actions() if a.data()]

    def open_recent(self, path: Path):
        if not _exists(path):  # removed since the menu was built
            prompts.warn(self.window_, f"{path} が見つかりません。一覧から消しました。")
            self.recent.remove(path)
            self.rebuild()
            return None
        return self.window_.open_path(path)

    def remove_missing(self) -> None:
        self.recent.remove_missing()
        self.rebuild()

    def clear_list(self) -> None:
        self.recent.clear()
        self.rebuild()


def install(window) -> RecentMenu:
    """Add ファイル → 最近使ったファイル (after 開く) and remember every file the window opens
    and the fiscal year last chosen in it (restored when the file is opened again)."""
    recent = RecentFiles(window._settings)
    menu = RecentMenu(window, recent)
    file_menu = window.ui.menu_file
    actions = file_menu.actions()
    index = actions.index(window.ui.action_open) + 1 if window.ui.action_open in actions else len(actions)
    before = actions[index] if index < len(actions) else None
    if before is None:
        file_menu.addMenu(menu)
    else:
        file_menu.insertMenu(before, menu)
    window.recent_menu = menu

    def opened(context) -> None:
        if context.demo:
            return
        recent.add(context.target)
        menu.rebuild()
        fy = recent.last_year(context.target)
        if fy is not None and fy in context.fiscal_years():
            context.set_fiscal_year(fy)
        context.year_changed.connect(lambda year, path=context.target: recent.set_last_year(path, year))

    window.context_opened.connect(opened)
    return menu
