"""One jukidesk instance per database file: a lock file beside it.

``<file>.lock`` holds who has the file open (PID, host, OS user, since when) as JSON. It is
created atomically (``O_CREAT | O_EXCL``); a second opener gets a ``DatabaseLockedError``
naming the holder. A lock left by a process that no longer runs on this host (a crash,
a power cut) is stale and is taken over. A lock from another host (a shared folder) is
never taken over automatically: its PID cannot be checked from here.

Qt-free, so the command line uses it too::

    with DatabaseLock(path):      # or lock = DatabaseLock(path).acquire() … lock.release()
        ...

The GUI takes its lock through ``hold(path)``: one lock per file and process, shared by the
holders in this process (the window reopening its own file after a restore keeps it), gone
with the last ``release()``. ``Database.transaction()`` holds the lock while it writes, so
that another process (``jukidesk checklist import`` … while the window has the file open)
cannot write into a file that a jukidesk window holds, and a restore cannot replace a file
that a command is writing into.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
import threading
import uuid
from pathlib import Path

from jukidesk.base.errors import JukideskError
from jukidesk.base.files import os_error_text, retry_sharing_violation

# A lock file that cannot be parsed (its writer died while writing it) is treated as
# stale once it is older than this many seconds.
UNREADABLE_GRACE_SECONDS = 10

_held: set[Path] = set()  # lock files held by this process


class DatabaseLockedError(JukideskError):
    def __init__(self, message: str, holder: dict | None = None):
        super().__init__(message)
        self.holder = holder or {}


def process_started(pid: int) -> str | None:
    """When process ``pid`` started, as an opaque text (``None`` where it cannot be told).
    Stored in the lock beside the PID: after a power cut the PID may belong to another
    process, and only the start time tells them apart."""
    if sys.platform.startswith("linux"):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
            boot = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
        except OSError:
            return None
        fields = stat[stat.rfind(")") + 2 :].split()  # the name may contain spaces and ')'
        return f"{boot}:{fields[19]}" if len(fields) > 19 else None
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return None
        try:
            times = [wintypes.FILETIME() for _ in range(4)]
            if not kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
                return None
            return f"{times[0].dwHighDateTime}:{times[0].dwLowDateTime}"
        finally:
            kernel32.CloseHandle(handle)
    return None


def lock_path(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


def _os_user() -> str:
    from jukidesk.storage.history import os_user

    return os_user()


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        PROCESS_QUERY_LIMITED_INFORMATION, STILL_ACTIVE = 0x1000, 259
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not handle:
            return ctypes.GetLastError() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def read_holder(db_path: Path) -> dict | None:
    """The holder recorded in the lock file, ``{}`` if unreadable, ``None`` if no lock."""
    try:
        text = lock_path(db_path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def holder_text(holder: dict) -> str:
    user = holder.get("user") or "不明な利用者"
    host = holder.get("host") or "不明なコンピュータ"
    since = holder.get("since", "")
    when = f"、{since[:16].replace('T', ' ')} から" if since else ""
    return f"{user}（コンピュータ {host}、プロセス {holder.get('pid', '?')}{when}）"


class DatabaseLock:
    def __init__(self, db_path: Path | str):
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self.token = uuid.uuid4().hex
        self.acquired = False
        self.took_over: dict | None = None  # the stale holder replaced, if any

    def _record(self) -> dict:
        return {
            "pid": os.getpid(),
            "started": process_started(os.getpid()),
            "host": socket.gethostname(),
            "user": _os_user(),
            "since": dt.datetime.now().isoformat(timespec="seconds"),
            "token": self.token,
            "app": "jukidesk",
        }

    def _create(self) -> bool:
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump(self._record(), stream, ensure_ascii=False)
            stream.flush()
            os.fsync(stream.fileno())
        return True

    def _is_stale(self, holder: dict) -> bool:
        if not holder:  # unreadable: stale once it is old enough (a writer is not mid-write)
            try:
                age = dt.datetime.now().timestamp() - self.path.stat().st_mtime
            except FileNotFoundError:
                return True
            return age > UNREADABLE_GRACE_SECONDS
        if holder.get("host") != socket.gethostname():
            return False
        try:
            pid = int(holder.get("pid"))
        except (TypeError, ValueError):
            return True
        if pid == os.getpid():
            # Our own PID: held by this process, or left by an earlier process that had it.
            return self.path.resolve() not in _held
        if not _pid_alive(pid):
            return True
        recorded, now = holder.get("started"), process_started(pid)
        return bool(recorded and now and recorded != now)  # the PID was reused

    def _take_over(self, holder: dict) -> None:
        # Move the stale file aside under a unique name (atomic), so that of two processes
        # taking over at once only one removes it; then both race on O_EXCL fairly.
        aside = self.path.with_name(f"{self.path.name}.stale-{self.token}")
        try:
            retry_sharing_violation(lambda: os.replace(self.path, aside))
        except FileNotFoundError:
            return
        except PermissionError as exc:
            raise DatabaseLockedError(
                f"{self.db_path.name} の古いロックファイル {self.path.name} を片付けられません（{os_error_text(exc)}）。"
                "しばらく待ってから、もう一度開いてください。"
            ) from exc
        moved = read_holder_file(aside)
        if moved != holder and moved:  # someone else's fresh lock was moved: put it back
            try:
                os.link(aside, self.path)
            except OSError:
                pass
        aside.unlink(missing_ok=True)

    def acquire(self) -> DatabaseLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise JukideskError(f"{self.path.parent} にロックファイルを作れません: {exc.strerror}") from exc
        for _attempt in range(5):
            try:
                if self._create():
                    self.acquired = True
                    _held.add(self.path.resolve())
                    return self
            except PermissionError as exc:
                raise JukideskError(
                    f"{self.path} を作成できません（フォルダに書き込む権限がありません）。"
                ) from exc
            holder = read_holder(self.db_path)
            if holder is None:
                continue  # released meanwhile: try again
            if not self._is_stale(holder):
                raise DatabaseLockedError(f"{self.db_path.name} は {holder_text(holder)} が使用中です。{_what_to_do(self.db_path, holder)}", holder)
            self.took_over = holder
            self._take_over(holder)
        raise DatabaseLockedError(f"{self.db_path.name} のロックを取得できませんでした。しばらくしてからもう一度開いてください。")

    def release(self) -> None:
        if not self.acquired:
            return
        self.acquired = False
        _held.discard(self.path.resolve())
        holder = read_holder(self.db_path)
        if holder and holder.get("token") == self.token:
            try:
                retry_sharing_violation(lambda: self.path.unlink(missing_ok=True))
            except OSError:
                pass  # still held open by another program: our PID makes it stale next time

    def __enter__(self) -> DatabaseLock:
        return self.acquire()

    def __exit__(self, *_exc) -> None:
        self.release()


def read_holder_file(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


# -- shared holds (the GUI) -------------------------------------------------------------

_shares: dict[Path, list] = {}  # resolved lock path -> [DatabaseLock, number of holders]
_shares_guard = threading.Lock()


class LockHold:
    """One holder's share of this process's lock on a file (see ``hold``)."""

    def __init__(self, key: Path, lock: DatabaseLock):
        self._key = key
        self.lock = lock
        self.released = False

    @property
    def db_path(self) -> Path:
        return self.lock.db_path

    def release(self) -> None:
        """Give the share back (again: nothing); the last one removes the lock file."""
        with _shares_guard:
            if self.released:
                return
            self.released = True
            entry = _shares.get(self._key)
            if entry is None or entry[0] is not self.lock:
                return
            entry[1] -= 1
            if entry[1] > 0:
                return
            del _shares[self._key]
        self.lock.release()

    def __enter__(self) -> LockHold:
        return self

    def __exit__(self, *_exc) -> None:
        self.release()


def hold(db_path: Path | str) -> LockHold:
    """This process's lock on ``db_path``: acquired by the first holder (``DatabaseLockedError``
    naming the holder when another process has it; a stale lock is taken over), shared by
    later holders in this process, released with the last ``LockHold.release()``."""
    lock = DatabaseLock(db_path)
    key = lock.path.resolve()
    with _shares_guard:
        entry = _shares.get(key)
        if entry is None or not entry[0].acquired:
            lock.acquire()
            entry = _shares[key] = [lock, 0]
        entry[1] += 1
        return LockHold(key, entry[0])


def held_elsewhere(db_path: Path | str) -> dict | None:
    """The holder of ``db_path``'s lock when it is another live process (or another
    computer, or a lock file being written right now); ``None`` when nobody else holds it
    (no lock, this process's own lock, or a stale one)."""
    holder = read_holder(db_path)
    if holder is None:
        return None
    probe = DatabaseLock(db_path)
    if holder.get("host") == socket.gethostname() and str(holder.get("pid")) == str(os.getpid()):
        if probe.path.resolve() in _held:
            return None  # ours
    return None if probe._is_stale(holder) else holder


def check_not_in_use(db_path: Path | str) -> None:
    """Refuse to change a file that another process holds (a jukidesk window on it)."""
    holder = held_elsewhere(db_path)
    if holder is not None:
        raise DatabaseLockedError(
            f"{Path(db_path).name} は {holder_text(holder)} が使用中のため、変更できません。{_what_to_do(Path(db_path), holder)}", holder
        )


def _what_to_do(db_path: Path, holder: dict) -> str:
    if is_foreign(holder):
        return (
            "そのコンピュータの jukidesk を閉じてください。そのコンピュータが止まったまま（停電など）で誰も使っていないと"
            f"確かめられたときは、ロックを解除できます（画面の案内、または jukidesk unlock --db {db_path}）。"
        )
    return "jukidesk の画面でそのファイルを閉じてから、もう一度実行してください。"


def is_foreign(holder: dict) -> bool:
    """Held from another computer (a shared folder): its process cannot be checked from here."""
    return bool(holder) and holder.get("host") != socket.gethostname()


def holder_age_text(holder: dict, *, now: dt.datetime | None = None) -> str:
    since = holder.get("since")
    try:
        started = dt.datetime.fromisoformat(since)
    except (TypeError, ValueError):
        return "不明"
    minutes = int(((now or dt.datetime.now()) - started).total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 0)}分"
    if minutes < 48 * 60:
        return f"{minutes // 60}時間"
    return f"{minutes // (24 * 60)}日"


def clear_lock(db_path: Path | str, expected: dict) -> dict:
    """Remove the lock of ``db_path`` left by ``expected`` (what the user was shown and
    confirmed). Refused when the lock changed meanwhile (someone opened the file again)."""
    db_path = Path(db_path)
    current = read_holder(db_path)
    if not current:
        return {}
    if current.get("token") != expected.get("token"):
        raise DatabaseLockedError(
            f"{db_path.name} のロックは確認の後に変わりました（{holder_text(current)}）。もう一度確かめてください。", current
        )
    try:
        retry_sharing_violation(lambda: lock_path(db_path).unlink(missing_ok=True))
    except OSError as exc:
        raise JukideskError(f"ロックファイル {lock_path(db_path)} を削除できません: {os_error_text(exc)}") from exc
    return current
