"""What an unexpected error (a defect in jukidesk, not a bad file or a broken rule) leaves
behind: the details in a text file in the user's log folder, so the clerk gets one Japanese
sentence and the person who supports them gets the whole story. Nothing in it is needed to
carry on; a report that cannot be written is skipped."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import traceback
from pathlib import Path

APP_NAME = "jukidesk"
KEPT = 20  # the newest reports kept; older ones are removed


def report_folder() -> Path:
    """``JUKIDESK_LOG_DIR`` if set, else the platform's log folder for jukidesk."""
    env = os.environ.get("JUKIDESK_LOG_DIR")
    if env:
        return Path(env)
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


def save_crash_report(kind, value, tb, *, context: str = "") -> Path | None:
    """Write the traceback with the version, Python and OS to a new file; its path, or
    ``None`` when the folder cannot be written (the error is then only on screen)."""
    from jukidesk import __version__

    now = dt.datetime.now()
    lines = [
        f"jukidesk {__version__}  {now:%Y-%m-%d %H:%M:%S}",
        f"Python {platform.python_version()}  {platform.platform()}",
        f"command: {' '.join(sys.argv)}",
    ]
    if context:
        lines.append(context)
    text = "\n".join(lines) + "\n\n" + "".join(traceback.format_exception(kind, value, tb))
    try:
        folder = report_folder()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"error-{now:%Y%m%d-%H%M%S}-{os.getpid()}.txt"
        path.write_text(text, encoding="utf-8")
        for old in sorted(folder.glob("error-*.txt"))[:-KEPT]:
            old.unlink(missing_ok=True)
    except OSError:
        return None
    return path


def crash_message(value: BaseException, path: Path | None) -> str:
    """The sentence the clerk reads (the command line and the window say the same)."""
    where = f"\n詳しい記録を {path} に保存しました。直らない場合はこのファイルを担当者に渡してください。" if path else ""
    return (
        f"予期しない問題が起きました（{value.__class__.__name__}: {value}）。"
        f"この操作は保存されていません。{where}"
    )
