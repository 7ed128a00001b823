"""unlock: clear a lock that another PC left on a data file in a shared folder."""

from __future__ import annotations

import sys

from jukidesk.cli.common import add_db_argument


def register(subparsers) -> None:
    unlock = subparsers.add_parser("unlock", help="別のコンピュータが残したロックを解除する（そのPCで使っていないと確かめてから）")
    add_db_argument(unlock)
    unlock.add_argument("--yes", action="store_true", help="確認の質問をせずに解除する")
    unlock.set_defaults(func=cmd_unlock)


def cmd_unlock(args) -> int:
    from jukidesk.actions.locks import clear_foreign_lock, describe_foreign_lock
    from jukidesk.base.errors import JukideskError
    from jukidesk.storage.lock import held_elsewhere, read_holder
    from jukidesk.storage.server import ServerLocation

    if isinstance(args.db, ServerLocation):
        print(f"{args.db.display} にロックファイルはありません（サーバーが書き込みの順番を守ります）。")
        return 0
    holder = read_holder(args.db)
    if not holder:
        print(f"{args.db} にロックはありません。")
        return 0
    if held_elsewhere(args.db) is None:
        print(f"{args.db} のロックは使われていません（次に開くときに自動で片付きます）。")
        return 0
    print(f"ロック: {describe_foreign_lock(holder)}")
    if not args.yes:
        if not sys.stdin or not sys.stdin.isatty():
            raise JukideskError("確認できないため解除しませんでした。そのコンピュータで使っていないと確かめてから --yes を付けて実行してください。")
        answer = input("そのコンピュータで jukidesk が動いていないことを確かめましたか？ 解除するには yes と入力: ")
        if answer.strip().lower() not in ("yes", "y", "はい"):
            print("解除しませんでした。")
            return 1
    clear_foreign_lock(args.db, holder)
    print("ロックを解除しました（変更履歴に記録しました）。")
    return 0
