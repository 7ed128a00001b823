"""new: a new organisation's empty data file."""

from __future__ import annotations

import argparse

from jukidesk.cli.common import db_target


def fiscal_year_arg(text: str) -> int:
    """argparse ``type=`` for a fiscal year: 2008, H20, 平成20年度, R1, 令和元年度 …"""
    from jukidesk.base.fiscal import parse_fiscal_year

    try:
        return parse_fiscal_year(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(subparsers) -> None:
    new = subparsers.add_parser("new", help="新しい組織のデータファイルを作る（既定の設定と標準チェックリスト）")
    new.add_argument("--db", required=True, type=db_target, help="作成するファイル（既にあるファイルは使えません）")
    new.add_argument("--organisation", "--organization", required=True, help="組織名（例: 長野県）")
    new.add_argument("--kind", choices=("prefecture", "city"), default="prefecture", help="組織の種類（県: prefecture、市町村: city）")
    new.add_argument("--first-cycle", type=fiscal_year_arg, help="監査の１巡目が始まる年度（西暦。省略時は 2008）")
    new.set_defaults(func=cmd_new)


def cmd_new(args) -> int:
    from jukidesk.actions.new_file import new_file

    path = new_file(args.db, args.organisation, kind=args.kind, first_cycle_fy=args.first_cycle).value
    print(f"新しいデータファイルを作成しました: {path}")
    print("次に: jukidesk institutions import --db ファイル 機関台帳.xlsx で機関台帳を取り込めます。")
    return 0
