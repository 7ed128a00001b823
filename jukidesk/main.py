"""The ``jukidesk`` program: a command runs on the command line; no command opens the window.
Above both front doors, so neither imports the other."""

from __future__ import annotations

from collections.abc import Sequence


def open_window(args) -> int:
    from jukidesk.gui.app import run_gui

    return run_gui(args)


def main(argv: Sequence[str] | None = None) -> int:
    from jukidesk.cli import main as cli_main

    return cli_main(argv, open_window=open_window)
