"""Restoring backups from the GUI: at start when the file is damaged, and from
ファイル → バックアップと復元… (backup_dialog.py). The restore itself is
``actions.files.restore``; this module closes and reopens the window's file around
it and says what happened through ``prompts``."""

from __future__ import annotations

import sys
from pathlib import Path

from jukidesk.actions.files import restore
from jukidesk.base.errors import JukideskError
from jukidesk.base.vocabulary import BACKUP_REASON_LABELS
from jukidesk.gui import prompts
from jukidesk.storage.backup import BackupInfo
from jukidesk.storage.recovery import DamagedFileError, newest_good_backup


def describe_backup(info: BackupInfo) -> str:
    reason = BACKUP_REASON_LABELS.get(info.reason, info.reason)
    return f"{info.created:%Y-%m-%d %H:%M:%S}（{reason}）"


def offer_restore(parent, error: DamagedFileError, *, interactive: bool = True):
    """A damaged file at start: offer the newest good generation instead of opening it.
    Returns the reopened file (``gui.opening.OpenedFile``) or ``None`` (nothing opened;
    the damaged file is left exactly as it is)."""
    from jukidesk.gui.opening import open_path

    path = error.path
    best = newest_good_backup(path)
    problems = "\n".join(f"・{p}" for p in error.report.problems[:5])
    if best is None:
        message = (
            f"データファイルを開けませんでした。\n{path} は壊れているか、jukidesk のデータファイルではありません。\n"
            f"{problems}\n\n正常なバックアップが {path.parent / 'backups'} にありません。ファイルはそのままにしてあります。"
        )
        if interactive:
            prompts.error(parent, message, title="データファイルの破損")
        else:
            print(f"エラー: {message}", file=sys.stderr)
        return None
    if not interactive:
        print(f"エラー: データファイル {path} は壊れているため開けません。\n{problems}", file=sys.stderr)
        return None
    question = (
        f"データファイル {path.name} は壊れているため開けません。\n{problems}\n\n"
        f"最新の正常なバックアップ {describe_backup(best)} から復元しますか？\n"
        "それ以降の変更は失われます。壊れたファイルは backups フォルダに残します。"
    )
    if not prompts.confirm(parent, question, title="データファイルの破損", ok_text="復元する", destructive=True):
        return None
    from jukidesk.storage.lock import hold

    try:
        with hold(path):  # restored and reopened without letting another jukidesk in between
            previous = restore(path, best.path).value
            opened = open_path(path)
    except JukideskError as exc:
        prompts.error(parent, f"復元できませんでした。\n{exc}")
        return None
    kept = f"\n壊れたファイルは {previous.name} として残しました。" if previous else ""
    prompts.info(parent, f"{describe_backup(best)} のバックアップから復元しました。{kept}")
    return opened


def restore_into_window(window, backup: Path) -> bool:
    """Replace the window's open file with ``backup`` (after the user confirmed): close the
    file, restore (checked; the current file is backed up first), reopen it. The window's
    context keeps the file's lock throughout; reopening shares it (storage.lock.hold)."""
    from jukidesk.gui.context import context_from
    from jukidesk.gui.opening import open_path

    context = window.context
    if context.demo:
        prompts.info(window, "デモデータでは復元は使えません（終了すると変更は消えます）。")
        return False
    if context.is_server:
        prompts.info(window, "サーバーのデータベースは、サーバー側のバックアップから復元します（サーバー管理者に依頼してください）。")
        return False
    path = context.path
    context.database.close()  # every connection closed: the file can be replaced
    try:
        previous = restore(path, backup).value
    except JukideskError as exc:
        prompts.error(window, str(exc))
        try:
            window.set_context(context_from(open_path(path)))  # the unchanged file again
        except JukideskError as reopen_error:
            prompts.error(window, str(reopen_error))
        return False
    window.set_context(context_from(open_path(path)))
    kept = f"\n復元前のファイルは {previous.name} としてバックアップしました。" if previous else ""
    prompts.info(window, f"{backup.name} から復元しました。{kept}")
    return True
