"""Writing export files safely: into a temporary file in the same folder, renamed into
place only when complete, so a failure or a cancel never leaves a half-written file
under the real name."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from jukidesk.base.errors import JukideskError


@contextlib.contextmanager
def atomic_output(target: Path | str) -> Iterator[Path]:
    """``with atomic_output(path) as tmp: write(tmp)`` — ``path`` appears only on success."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise JukideskError(f"保存先のフォルダ {target.parent} を作成できません: {os_error_text(exc)}") from exc
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix + PART_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise JukideskError(f"{target.parent} に保存できません: {os_error_text(exc)}") from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        try:
            # mkstemp makes the file private (0600): give it the mode the target had, or the
            # mode a new file gets here, so a restore or a re-export changes no permissions.
            os.chmod(tmp, _mode_for(target))
            retry_sharing_violation(lambda: os.replace(tmp, target))
        except PermissionError as exc:
            raise JukideskError(
                f"{target} に保存できません。Excel などで開いている場合は閉じてから、もう一度実行してください。"
            ) from exc
        except OSError as exc:
            raise JukideskError(f"{target} に保存できません: {os_error_text(exc)}") from exc
    finally:
        tmp.unlink(missing_ok=True)


PART_SUFFIX = ".part"
# A leftover of atomic_output is removed at the next start once it is this old: the process
# that wrote it (killed, or on a PC that lost power) is long gone by then.
LEFTOVER_AGE_SECONDS = 15 * 60


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def remove_leftovers(folder: Path, stem: str, *, now: float | None = None) -> list[Path]:
    """Delete the hidden ``.<stem>-….part`` files a killed write left in ``folder``."""
    import time

    now = time.time() if now is None else now
    removed = []
    try:
        candidates = list(Path(folder).glob(f".{stem}-*{PART_SUFFIX}"))
    except OSError:
        return removed
    for path in candidates:
        try:
            if now - path.stat().st_mtime >= LEFTOVER_AGE_SECONDS:
                path.unlink()
                removed.append(path)
        except OSError:
            continue  # in use or gone: try again next time
    return removed


# Windows: another process (an antivirus scan, the search indexer, a second program reading
# the file) holding a file open makes rename and delete fail with a sharing violation for
# a moment. Retried for about two seconds before the error is reported.
SHARING_RETRIES = (0.05, 0.1, 0.2, 0.4, 0.5, 0.75)


def retry_sharing_violation(operation, *, pauses=SHARING_RETRIES):
    """Run ``operation()``; on a Windows sharing violation (WinError 32/33) wait and retry."""
    import time

    for pause in (*pauses, None):
        try:
            return operation()
        except PermissionError as exc:
            if pause is None or getattr(exc, "winerror", None) not in (32, 33):
                raise
            time.sleep(pause)


def os_error_text(exc: OSError) -> str:
    """A Japanese explanation of a file-system error (the cases a clerk meets, else the OS's words)."""
    import errno

    code = exc.errno
    if code == errno.ENOSPC:
        return "ディスクの空き容量が足りません"
    if code in (errno.EACCES, errno.EPERM) or isinstance(exc, PermissionError):
        if getattr(exc, "winerror", None) in (32, 33):
            return "ほかのプログラムがファイルを使用中です（Excel やウイルス対策ソフトなど）"
        return "書き込みが許可されていません（読み取り専用か、権限がありません）"
    if code == errno.EROFS:
        return "読み取り専用の場所です"
    if code == errno.ENAMETOOLONG or getattr(exc, "winerror", None) == 206:
        return "パスが長すぎます（フォルダを浅くするか、ファイル名を短くしてください）"
    if code == errno.ENOENT:
        return "フォルダまたはファイルが見つかりません"
    if code == errno.EINVAL or getattr(exc, "winerror", None) == 123:
        return "ファイル名またはフォルダ名に使えない文字が含まれています"
    return exc.strerror or str(exc)


def readable_name(path: Path | str) -> str:
    """The file name as text that can be stored and printed: a name that is not valid
    UTF-8 on disk (kept by Python as lone surrogates) shows U+FFFD for the bad bytes."""
    return Path(path).name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def os_error_message(exc: OSError) -> str:
    """What the front doors say about an OSError: the file, and the reason in Japanese."""
    where = f" {exc.filename}" if getattr(exc, "filename", None) else ""
    return f"ファイルを読み書きできません{where}: {os_error_text(exc)}"
