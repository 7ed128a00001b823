"""A data file on a shared folder (issue 19): a network file system is detected and the file
is opened with SQLite's rollback journal (WAL needs shared memory a network drive lacks),
with a busy timeout; ``check`` and the status bar say so. The detection is faked here."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from jukidesk.cli import main
from jukidesk.storage import shared_folder
from jukidesk.storage.database import BUSY_TIMEOUT_MS, open_database


@pytest.fixture
def network_drive(monkeypatch, tmp_path):
    """Every path under ``tmp_path/share`` is on a (faked) network drive."""
    share = tmp_path / "share"
    share.mkdir()
    monkeypatch.setattr(shared_folder, "network_probe", lambda path: Path(path).resolve().is_relative_to(share.resolve()))
    return share


MOUNTS = (
    "/dev/sda1 / ext4 rw,relatime 0 0\n"
    "//fileserver/soumu /mnt/soumu cifs rw,vers=3.0 0 0\n"
    "server:/export /mnt/nfs\\040share nfs4 rw 0 0\n"
    "sshfs#me@host: /home/me/remote fuse.sshfs rw 0 0\n"
    "tmpfs /mnt/soumu/local tmpfs rw 0 0\n"
)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/mnt/soumu/住基/audit.sqlite", "cifs"),
        ("/mnt/nfs share/a.sqlite", "nfs4"),
        ("/home/me/remote/x.sqlite", "fuse.sshfs"),
        ("/mnt/soumu/local/x.sqlite", "tmpfs"),  # the longest mount point wins
        ("/home/me/x.sqlite", "ext4"),
    ],
)
def test_the_mount_holding_a_file_is_found_in_proc_mounts(path, kind):
    assert shared_folder.mount_type(Path(path), MOUNTS) == kind


def test_unc_paths_are_network_paths():
    assert shared_folder._is_unc(r"\\server\share\audit.sqlite")
    assert shared_folder._is_unc(r"\\?\UNC\server\share\audit.sqlite")
    assert not shared_folder._is_unc(r"\\?\C:\data\audit.sqlite")
    assert not shared_folder._is_unc(r"C:\data\audit.sqlite")


def _journal_mode(db) -> str:
    with db.engine.connect() as connection:
        return connection.exec_driver_sql("PRAGMA journal_mode").scalar()


def _busy_timeout(db) -> int:
    with db.engine.connect() as connection:
        return connection.exec_driver_sql("PRAGMA busy_timeout").scalar()


def test_a_file_on_a_network_drive_uses_the_rollback_journal(network_drive, tmp_path, demo_template):
    import shutil

    shared = network_drive / "audit.sqlite"
    shutil.copy(demo_template, shared)
    local = tmp_path / "local.sqlite"
    shutil.copy(demo_template, local)
    with open_database(shared) as db:
        assert db.on_network and _journal_mode(db) == "delete" and _busy_timeout(db) == BUSY_TIMEOUT_MS
        with db.transaction() as session:  # a write works and leaves no WAL beside the file
            from jukidesk.core.settings import save_settings

            save_settings(session, {"org_name": "共有フォルダの県"})
        assert not Path(f"{shared}-wal").exists()
    con = sqlite3.connect(shared)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # stays so on disk
    assert con.execute("SELECT value FROM setting WHERE key='org_name'").fetchone()[0] == "共有フォルダの県"
    con.close()
    with open_database(local) as db:
        assert not db.on_network and _journal_mode(db) == "wal"


def test_a_new_file_on_a_network_drive_is_created_without_wal(network_drive):
    with open_database(network_drive / "new.sqlite") as db:
        assert _journal_mode(db) == "delete"


def test_check_says_the_file_is_on_a_shared_folder(network_drive, demo_template, capsys):
    import shutil

    shared = network_drive / "audit.sqlite"
    shutil.copy(demo_template, shared)
    assert main(["check", "--db", str(shared)]) == 0
    out = capsys.readouterr().out
    assert "共有フォルダ" in out and "ロールバックジャーナル" in out
    assert main(["check", "--db", str(demo_template)]) == 0
    assert "共有フォルダ" not in capsys.readouterr().out


def test_a_broken_detection_never_keeps_a_file_from_opening(monkeypatch, tmp_path):
    def broken(_path):
        raise OSError("no /proc")

    monkeypatch.setattr(shared_folder, "network_probe", broken)
    assert not shared_folder.is_network_path(tmp_path / "x.sqlite")
    with open_database(tmp_path / "x.sqlite") as db:
        assert _journal_mode(db) == "wal"
