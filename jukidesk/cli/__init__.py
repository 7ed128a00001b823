"""Command line: a thin layer over the actions (``jukidesk/actions``) and the reports.

Each command group lives in its own module with ``register(subparsers)``; a command is a
function ``(args) -> int`` that raises ``JukideskError`` for a user's mistake, which
``main`` prints in Japanese to stderr (exit 1) without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from jukidesk import __version__
from jukidesk.base.errors import JukideskError

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


# argparse's own words (usage, headings, its error messages) in Japanese: argparse looks
# them up through its module-level gettext function ``_`` each time it writes them.
ARGPARSE_JA = {
    "usage: ": "使い方: ",
    "positional arguments": "引数",
    "options": "オプション",
    "optional arguments": "オプション",
    "show this help message and exit": "この説明を表示して終わります",
    "show program's version number and exit": "バージョンを表示して終わります",
    "the following arguments are required: %s": "次の引数が必要です: %s",
    "unrecognized arguments: %s": "使えない引数です: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "選べない値です: %(value)r（選べるのは %(choices)s）",
    "expected one argument": "値が1つ必要です",
    "expected at least one argument": "値が1つ以上必要です",
    "expected at most one argument": "値は1つまでです",
    "ignored explicit argument %r": "値 %r は使えません",
    "invalid %(type)s value: %(value)r": "値 %(value)r を読めません（%(type)s）",
    "argument %(argument_name)s: %(message)s": "引数 %(argument_name)s: %(message)s",
    "not allowed with argument %s": "引数 %s とは一緒に使えません",
    "one of the arguments %s is required": "次のどれかの引数が必要です: %s",
    "ambiguous option: %(option)s could match %(matches)s": "省略したオプション %(option)s は %(matches)s のどれか決まりません",
}


def _japanese(message: str) -> str:
    return ARGPARSE_JA.get(message, message)


def _install_japanese_argparse() -> None:
    argparse._ = _japanese  # type: ignore[attr-defined]


class JapaneseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 引数が正しくありません: {message}\n")


# Which module registers each command, so a command imports only its own module (and the
# window, started without a command, none); also the one list of command modules. A command
# missing here still works: the parser then loads every module. tests/unit/test_startup_imports.py checks this table.
COMMAND_HOMES = {
    "demo": "basic", "summary": "basic", "institutions": "basic",
    "new": "new",
    "plan": "audits", "audits": "audits", "calendar": "audits",
    "checklist": "checklist", "template": "checklist",
    "backup": "maintenance", "restore": "maintenance", "check": "maintenance", "history": "maintenance",
    "training": "municipal", "warnings": "municipal", "roster": "municipal", "inspections": "municipal",
    "records": "municipal",
    "report": "reports", "notices": "reports",
    "attach": "evidence",
    "year": "year",
    "unlock": "locks",
    "results": "results",
    "survey": "survey",
    "answers": "answers",
}  # fmt: skip
# One module per command group; each adds its commands with ``register(subparsers)``.
COMMAND_MODULES = tuple(dict.fromkeys(COMMAND_HOMES.values()))
_VALUE_OPTIONS = ("--db",)  # top-level options that take the next word as their value


def _command_modules(names: Sequence[str] | None = None):
    import importlib

    return [importlib.import_module(f"jukidesk.cli.{name}") for name in (COMMAND_MODULES if names is None else names)]


def _modules_for(argv: Sequence[str]) -> tuple[str, ...] | None:
    """The command modules the parser needs for ``argv``: none to open the window, the
    command's own module for a known command, all (None) for help or an unknown word."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help"):
            return None
        if word in _VALUE_OPTIONS:
            next(words, None)
        elif word == "--":
            word = next(words, None)
            return (COMMAND_HOMES[word],) if word in COMMAND_HOMES else None
        elif not word.startswith("-"):
            return (COMMAND_HOMES[word],) if word in COMMAND_HOMES else None
    return ()


def build_parser(modules: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line, or (``modules``) only the commands of those modules."""
    _install_japanese_argparse()
    parser = JapaneseArgumentParser(prog="jukidesk", description="住基ネット セキュリティ監査の事務")
    parser.add_argument("--version", action="version", version=f"jukidesk {__version__}")
    parser.add_argument("--db", help="データベースファイル（省略時は JUKIDESK_DB、なければ利用者のデータフォルダ）")
    parser.add_argument("--demo", action="store_true", help="デモデータの一時コピーで画面を開く")
    parser.add_argument("--city", action="store_true", help="--demo と共に: 市のデモデータを使う")
    parser.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    subparsers = parser.add_subparsers(dest="command", parser_class=JapaneseArgumentParser)
    for module in _command_modules(modules):
        module.register(subparsers)
    return parser


def _safe_streams() -> None:
    """Printing never fails on a character the console cannot show (a Windows console
    redirected to a file is cp932 with strict errors: 𠮷 in a path or a dash in a remark
    would stop a command halfway). ``--json`` output is always UTF-8 (cli.common.print_json)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def _print_restore_advice(exc: JukideskError) -> None:
    from jukidesk.storage.recovery import DamagedFileError, restore_advice

    if isinstance(exc, DamagedFileError):
        print(restore_advice(exc.path), file=sys.stderr)


def main(argv: Sequence[str] | None = None, *, open_window: Callable[[argparse.Namespace], int] | None = None) -> int:
    """Run a command. Without one, ``open_window(args)`` starts the GUI (``jukidesk.main``
    passes it; the command line itself never imports the GUI)."""
    _safe_streams()
    parser = build_parser(_modules_for(sys.argv[1:] if argv is None else list(argv)))
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            if open_window is None:
                parser.error("コマンドを指定してください")
            return open_window(args)
        return args.func(args)
    except JukideskError as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        _print_restore_advice(exc)
        return EXIT_DATA
    except BrokenPipeError:  # output piped into `head` and the like
        return EXIT_OK
    except OSError as exc:  # a disk, a path, a permission: never a traceback
        from jukidesk.base.files import os_error_message

        print(f"エラー: {os_error_message(exc)}", file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        print("中断しました。", file=sys.stderr)
        return EXIT_DATA
    except Exception as exc:
        # The database engine's own errors (a table missing from a damaged or foreign file,
        # a disk gone full mid-read): a Japanese message, never a traceback.
        import sqlite3

        from sqlalchemy.exc import SQLAlchemyError

        if not isinstance(exc, SQLAlchemyError | sqlite3.Error):
            # A defect of ours: one sentence here, the traceback in a report file.
            from jukidesk.base.crash_report import crash_message, save_crash_report

            report = save_crash_report(*sys.exc_info())
            print(f"エラー: {crash_message(exc, report)}", file=sys.stderr)
            return EXIT_BUG
        path = getattr(args, "db", None)
        print(
            f"エラー: データファイル{f' {path} ' if path else ''}を読み書きできません（{getattr(exc, 'orig', exc)}）。"
            "\njukidesk check --db でファイルを検査してください。",
            file=sys.stderr,
        )
        return EXIT_DATA
