"""backup, restore, check, history: keeping the data file safe."""

from __future__ import annotations

import argparse
from pathlib import Path

from jukidesk.base.errors import JukideskError
from jukidesk.cli.common import add_db_argument, open_existing, print_json, print_table


def register(subparsers) -> None:
    backup = subparsers.add_parser("backup", help="データベースのバックアップを作る")
    add_db_argument(backup)
    backup.add_argument("--out", type=Path, help="保存先のファイル（省略時は backups フォルダに日時付きで保存）")
    backup.add_argument("--list", action="store_true", help="backups フォルダの世代の一覧を表示する")
    backup.set_defaults(func=cmd_backup)

    restore = subparsers.add_parser("restore", help="バックアップから復元する（現在のファイルは先にバックアップ）")
    add_db_argument(restore)
    restore.add_argument("file", type=Path, help="復元するバックアップファイル")
    restore.set_defaults(func=cmd_restore)

    check = subparsers.add_parser("check", help="ファイルの整合性と形式の版を検査する（問題があれば終了コード 1）")
    add_db_argument(check)
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=cmd_check)

    history = subparsers.add_parser("history", help="変更履歴を表示する／xlsx に書き出す")
    add_db_argument(history)
    history.add_argument("--fy", type=int, help="年度（西暦）で絞り込む")
    history.add_argument("--institution", metavar="CODE", help="機関コードで絞り込む")
    history.add_argument("--table", help="台帳で絞り込む（institution, answer, audit, finding, setting …）")
    history.add_argument("--limit", type=_positive, help="新しい順に最大この件数")
    history.add_argument("--xlsx", type=Path, metavar="OUT", help="xlsx ファイルに書き出す")
    history.add_argument("--json", action="store_true")
    history.set_defaults(func=cmd_history)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"正の整数を指定してください: {text}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"正の整数を指定してください: {text}")
    return value


def _size(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


def cmd_backup(args) -> int:
    from jukidesk.actions.files import backup_now
    from jukidesk.base.vocabulary import BACKUP_REASON_LABELS
    from jukidesk.storage.adapter import storage_for
    from jukidesk.storage.backup import list_backups

    storage = storage_for(args.db)
    if storage.kind != "sqlite":  # a server: pg_dump when installed, else the server's own backups
        if args.list:
            print(f"{storage.display} のバックアップは、サーバー側のバックアップ（または jukidesk backup が pg_dump で作ったファイル）です。")
            return 0
        target = backup_now(args.db, target=args.out).value
        print(f"バックアップを作成しました（pg_dump、pg_restore で戻せます）: {target}")
        return 0
    if not args.db.is_file():
        raise JukideskError(f"データベースファイル {args.db} が見つかりません。")
    if args.list:
        rows = [
            [info.created.strftime("%Y-%m-%d %H:%M:%S"), BACKUP_REASON_LABELS.get(info.reason, info.reason), _size(info.size), info.path.name]
            for info in list_backups(args.db)
        ]
        print_table(["日時", "理由", "サイズ", "ファイル"], rows)
        return 0
    target = backup_now(args.db, target=args.out).value
    print(f"バックアップを作成しました: {target}")
    return 0


def cmd_restore(args) -> int:
    from jukidesk.actions.files import restore
    from jukidesk.storage.server import ServerLocation

    if isinstance(args.db, ServerLocation):
        raise JukideskError(
            f"{args.db.display} は、サーバー側のバックアップ（または pg_dump のファイルを pg_restore）で復元します。サーバー管理者に依頼してください。"
        )
    previous = restore(args.db, args.file).value
    if previous is not None:
        print(f"復元前のファイルをバックアップしました: {previous}")
    print(f"{args.file} から {args.db} を復元しました。")
    return 0


def cmd_check(args) -> int:
    from jukidesk.storage.adapter import storage_for

    report = storage_for(args.db).check()
    if args.json:
        print_json({"file": str(args.db), "ok": report.ok, "problems": report.problems, "notes": report.notes})
    else:
        for note in report.notes:
            print(note)
        if report.ok:
            print(f"{args.db}: 問題は見つかりませんでした。")
        else:
            print(f"{args.db}: {len(report.problems)} 件の問題が見つかりました。")
            for problem in report.problems:
                print(f"・{problem}")
    return 0 if report.ok else 1


def cmd_history(args) -> int:
    from jukidesk.core.change_history import HEADERS, list_changes

    with open_existing(args.db) as db:
        with db.session() as session:
            entries = list_changes(
                session, fy=args.fy, institution_code=args.institution, table=args.table, limit=args.limit
            )
    if args.xlsx is not None:
        from jukidesk.exchange.history_xlsx import export_history_xlsx

        export_history_xlsx(entries, args.xlsx, title=f"変更履歴（{args.db.name}）")
        print(f"変更履歴 {len(entries)} 件を書き出しました: {args.xlsx}")
        return 0
    if args.json:
        print_json([dict(zip(HEADERS, entry.cells())) for entry in entries])
        return 0
    print_table(list(HEADERS), [entry.cells() for entry in entries])
    return 0
