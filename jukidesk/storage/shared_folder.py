"""Is a data file on a network file system (a shared folder on a file server)?

SQLite's write-ahead log (WAL) needs shared memory that every reader and writer maps, which
network file systems do not provide: on a mapped drive or ``\\\\server\\share`` the file
is opened with the rollback journal (``journal_mode=DELETE``) instead, with a busy timeout,
and the lock file beside it (``storage.lock``) keeps one writer at a time across PCs.

- Windows: a UNC path (``\\\\server\\share\\…``) or a drive letter whose type is remote
  (``GetDriveTypeW`` = ``DRIVE_REMOTE``);
- Linux: the file system type of the mount holding the file (``/proc/self/mounts``): nfs,
  cifs/smb, 9p, sshfs, afs …;
- elsewhere: not detected (WAL, as before).

Tests fake the detection with ``monkeypatch.setattr(shared_folder, "network_probe", …)``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

NETWORK_FS_TYPES = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "9p", "afs", "ncpfs", "coda",
        "ceph", "glusterfs", "lustre", "gpfs", "davfs", "fuse.sshfs", "fuse.davfs2", "fuse.rclone",
        "fuse.glusterfs", "fuse.cephfs", "fuse.s3fs", "fuse.gcsfuse", "fuse.smbnetfs", "virtiofs",
    }
)
DRIVE_REMOTE = 4

# The journal modes a data file is opened with.
LOCAL_JOURNAL = "wal"
NETWORK_JOURNAL = "delete"


def _is_unc(text: str) -> bool:
    return text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")) or text.upper().startswith("\\\\?\\UNC\\")


def _windows_remote(path: Path) -> bool:  # pragma: no cover - exercised on Windows only
    import ctypes

    text = str(path)
    if _is_unc(text):
        return True
    drive = os.path.splitdrive(os.path.abspath(text))[0]
    if not drive:
        return False
    if _is_unc(drive):
        return True
    return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE


def _unescape_mount(text: str) -> str:
    # /proc/mounts escapes space, tab, newline and backslash as octal (\040 …).
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 3 < len(text) and text[i + 1 : i + 4].isdigit():
            out.append(chr(int(text[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def mount_type(path: Path, mounts_text: str | None = None) -> str | None:
    """The file system type of the mount holding ``path`` (Linux), from ``/proc/self/mounts``
    (or ``mounts_text``): the longest mount point that contains it."""
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = Path(os.path.abspath(path))
    try:
        target = target.resolve()
    except OSError:
        pass
    best, best_len = None, -1
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = Path(_unescape_mount(fields[1]))
        if (target == point or point in target.parents) and len(point.parts) > best_len:
            best, best_len = fields[2], len(point.parts)
    return best


def _linux_remote(path: Path) -> bool:
    kind = mount_type(path)
    return kind is not None and (kind in NETWORK_FS_TYPES or kind.split(".")[0] in NETWORK_FS_TYPES)


def _default_probe(path: Path) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        return _windows_remote(path)
    if _is_unc(str(path)):
        return True
    if sys.platform.startswith("linux"):
        return _linux_remote(path)
    return False


# Replaced by tests to fake a network drive.
network_probe: Callable[[Path], bool] = _default_probe


def is_network_path(path: Path | str) -> bool:
    """``True`` when ``path`` (a data file, existing or not) lies on a network file system."""
    try:
        return bool(network_probe(Path(path)))
    except Exception:  # noqa: BLE001 - detection must never keep a file from opening
        return False


def journal_mode_for(path: Path | str) -> str:
    """``"delete"`` (rollback journal) on a network file system, else ``"wal"``."""
    return NETWORK_JOURNAL if is_network_path(path) else LOCAL_JOURNAL


def journal_note(path: Path | str) -> str | None:
    """What ``check`` and the status bar say about a file on a shared folder (``None`` locally)."""
    if not is_network_path(path):
        return None
    return (
        "共有フォルダ（ネットワークドライブ）上のファイルです: ロールバックジャーナル（journal_mode=DELETE）で開き、"
        "書き込みは一度に一人です（ロックファイルで順番を守ります）。"
    )
