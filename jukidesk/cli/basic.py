"""demo, summary, institutions."""

from __future__ import annotations

import argparse
from pathlib import Path

from jukidesk.base.errors import JukideskError
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS, INSTITUTION_KIND_LABELS
from jukidesk.cli.common import add_db_argument, db_target, open_existing, print_json, print_table
from jukidesk.cli.new import fiscal_year_arg
from jukidesk.core.registry import list_institutions
from jukidesk.core.settings import year_style
from jukidesk.core.summary import year_summary


def register(subparsers) -> None:
    demo = subparsers.add_parser("demo", help="デモデータのデータベースを作る")
    demo.add_argument("--db", required=True, type=db_target, help="作成するファイル")
    demo.add_argument("--force", action="store_true", help="既存のファイルを上書きする")
    demo.add_argument("--city", action="store_true", help="市のデモデータを作る")
    demo.set_defaults(func=cmd_demo)

    summary = subparsers.add_parser("summary", help="年度の監査区分ごとの対象機関数と平均点")
    add_db_argument(summary)
    summary.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    summary.add_argument("--json", action="store_true")
    summary.set_defaults(func=cmd_summary)

    institutions = subparsers.add_parser(
        "institutions",
        help="機関台帳の一覧（import / export で Excel・CSV から取り込み・書き出し）",
        description="機関台帳の一覧。institutions import / institutions export で取り込み・書き出し。",
    )
    # --db on the group (the listing form: institutions --db X) or after a subcommand.
    institutions.add_argument("--db", type=db_target, help="データベースファイル")
    institutions.add_argument("--fy", type=int, help="この年度に有効な機関だけ")
    institutions.add_argument("--json", action="store_true")
    institutions.set_defaults(func=cmd_institutions)
    actions = institutions.add_subparsers(dest="institutions_command", parser_class=type(institutions))
    imported = actions.add_parser("import", help="機関台帳を Excel（.xlsx）・CSV から取り込む（コードで照合）")
    imported.add_argument("--db", type=db_target, default=argparse.SUPPRESS, help="データベースファイル")
    imported.add_argument("file", type=Path, help="取り込むファイル（.xlsx / .csv）")
    imported.add_argument("--from-fy", type=fiscal_year_arg, help="開始年度のない新しい機関の開始年度（省略時は今年度）")
    imported.add_argument("--dry-run", action="store_true", help="取り込まずに、追加・変更・終了する機関を表示する")
    imported.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    imported.set_defaults(func=cmd_institutions_import)
    exported = actions.add_parser("export", help="機関台帳を Excel（.xlsx）に書き出す（取り込みと同じ列）")
    exported.add_argument("--db", type=db_target, default=argparse.SUPPRESS, help="データベースファイル")
    exported.add_argument("--xlsx", required=True, type=Path, help="書き出すファイル（.xlsx）")
    exported.add_argument("--fy", type=fiscal_year_arg, default=argparse.SUPPRESS, help="この年度に有効な機関だけ")
    exported.set_defaults(func=cmd_institutions_export)


def cmd_demo(args) -> int:
    from jukidesk.actions.files import write_demo

    path = write_demo(args.db, name="city" if args.city else "nagano", force=args.force).value
    print(f"デモデータを作成しました: {path}")
    return 0


def cmd_summary(args) -> int:
    with open_existing(args.db) as db:
        with db.session() as session:
            figures = year_summary(session, args.fy)
            style = year_style(session)
    if args.json:
        print_json({"fy": args.fy, **{kind: s.as_json() for kind, s in figures.items()}})
        return 0
    print(style.display(args.fy))
    print_table(
        ["区分", "対象機関数", "平均点"],
        [[CHECKLIST_KIND_LABELS[k], str(s.institutions), s.as_json()["average"] or "－"] for k, s in figures.items()],
    )
    return 0


def _db_path(args) -> Path:
    if getattr(args, "db", None) is None:
        raise JukideskError("--db でデータベースファイルを指定してください。")
    return args.db


def cmd_institutions_import(args) -> int:
    from jukidesk.actions.registry_io import import_registry

    with open_existing(_db_path(args)) as db:
        done = import_registry(db, args.file, from_fy=args.from_fy, dry_run=args.dry_run).value
    if getattr(args, "json", False):
        print_json(done.as_json())
        return 0
    for line in done.lines():
        print(line)
    if args.dry_run and not done.empty:
        print("（--dry-run: 何も登録していません。--dry-run を外すと取り込みます）")
    return 0


def cmd_institutions_export(args) -> int:
    from jukidesk.actions.registry_io import export_registry

    with open_existing(_db_path(args)) as db:
        count = export_registry(db, args.xlsx, fy=getattr(args, "fy", None)).value
    print(f"機関台帳（{count} 機関）を書き出しました: {args.xlsx}")
    return 0


def cmd_institutions(args) -> int:
    with open_existing(_db_path(args)) as db:
        with db.session() as session:
            rows = list_institutions(session, args.fy)
            data = [
                {
                    "code": inst.code,
                    "name": inst.name,
                    "short_name": inst.short_name,
                    "kind": inst.kind,
                    "terminal": inst.has_terminal,
                    "valid_from_fy": inst.valid_from_fy,
                    "valid_until_fy": inst.valid_until_fy,
                }
                for inst in rows
            ]
    if args.json:
        print_json(data)
        return 0
    print_table(
        ["コード", "機関名", "略称", "区分", "業務端末"],
        [
            [d["code"], d["name"], d["short_name"], INSTITUTION_KIND_LABELS[d["kind"]], "○" if d["terminal"] else ""]
            for d in data
        ],
    )
    return 0
