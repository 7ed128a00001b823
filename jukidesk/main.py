"""The ``jukidesk`` program: a command runs on the command line; no command opens the window.
Above both front doors, so neither imports the other."""

from __future__ import annotations

from collections.abc import Sequence


def open_window(args) -> int:
    import sys

    from jukidesk.gui.platform_check import problem

    trouble = problem()  # before Qt loads its platform plugin (it aborts without a word we can show)
    if trouble is not None:
        print(f"エラー: {trouble}", file=sys.stderr)
        return 1
    from jukidesk.gui.app import run_gui

    return run_gui(args)


def main(argv: Sequence[str] | None = None) -> int:
    from jukidesk.cli import main as cli_main

    return cli_main(argv, open_window=open_window)
