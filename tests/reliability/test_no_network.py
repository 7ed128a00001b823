"""The app opens no network connection: every command runs with sockets forbidden.

To cover a new command, add one line to STEPS: (name, argv with {db} and {out}). A step
whose command does not exist (yet) is skipped; an existing one must succeed.
"""

from __future__ import annotations

import socket

import pytest

from jukidesk.cli import build_parser, main

STEPS = [
    ("demo", "demo --db {out}/built.sqlite"),
    ("summary", "summary --db {db} --fy 2013 --json"),
    ("institutions", "institutions --db {db} --json"),
    ("check", "check --db {db}"),
    ("backup", "backup --db {db}"),
    ("history", "history --db {db} --fy 2013 --xlsx {out}/history.xlsx"),
    ("checklist export", "checklist export --db {db} --fy 2014 --kind self --out {out}/checklists"),
    ("checklist import", "checklist import --db {db} {out}/checklists"),
    ("report shiryo2", "report shiryo2 --db {db} --fy 2013 --xlsx {out}/shiryo2.xlsx --pdf {out}/shiryo2.pdf"),
    ("notices", "notices --db {db} --fy 2013 --kind external --pdf {out}/notices.pdf"),
    ("calendar ics", "calendar ics --db {db} --fy 2013 --out {out}/audits.ics"),
    ("plan", "plan --db {db} --cycle-start 2017"),
]
# Steps that need an earlier step's output in the same folder.
NEEDS = {"checklist import": "checklist export"}


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to create a socket, connect or resolve a name is recorded and refused."""
    attempts: list[str] = []

    def refuse(what):
        def blocked(*args, **kwargs):
            attempts.append(f"{what}{args!r}")
            raise NetworkUsed(f"network access attempted: {what}{args!r}")

        return blocked

    monkeypatch.setattr(socket, "socket", refuse("socket.socket"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("socket.gethostbyname"))
    return attempts


def _argv(template: str, db, out) -> list[str]:
    return template.format(db=db, out=out).split()


def _available(argv: list[str]) -> bool:
    try:
        build_parser().parse_args(argv)
    except SystemExit:
        return False
    return True


def test_the_guard_itself_catches_a_connection(no_network):
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.invalid", 80))
    with pytest.raises(NetworkUsed):
        socket.socket()
    assert len(no_network) == 2


@pytest.mark.parametrize("name", [name for name, _ in STEPS])
def test_command_runs_without_any_network(name, demo_path, tmp_path, no_network, capsys):
    templates = dict(STEPS)
    sequence = [NEEDS[name], name] if name in NEEDS else [name]
    for step in sequence:
        argv = _argv(templates[step], demo_path, tmp_path)
        if not _available(argv):
            pytest.skip(f"command not present: {step}")
        assert main(argv) == 0, capsys.readouterr().err
    assert no_network == []
