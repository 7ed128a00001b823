"""demo, summary, institutions."""

from __future__ import annotations

from pathlib import Path

from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS, INSTITUTION_KIND_LABELS
from jukidesk.cli.common import add_db_argument, open_existing, print_json, print_table
from jukidesk.core.registry import list_institutions
from jukidesk.core.settings import year_style
from jukidesk.core.summary import year_summary


def register(subparsers) -> None:
    demo = subparsers.add_parser("demo", help="デモデータのデータベースを作る")
    demo.add_argument("--db", required=True, type=Path, help="作成するファイル")
    demo.add_argument("--force", action="store_true", help="既存のファイルを上書きする")
    demo.add_argument("--city", action="store_true", help="市のデモデータを作る")
    demo.set_defaults(func=cmd_demo)

    summary = subparsers.add_parser("summary", help="年度の監査区分ごとの対象機関数と平均点")
    add_db_argument(summary)
    summary.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    summary.add_argument("--json", action="store_true")
    summary.set_defaults(func=cmd_summary)

    institutions = subparsers.add_parser("institutions", help="機関台帳の一覧")
    add_db_argument(institutions)
    institutions.add_argument("--fy", type=int, help="この年度に有効な機関だけ")
    institutions.add_argument("--json", action="store_true")
    institutions.set_defaults(func=cmd_institutions)


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


def cmd_institutions(args) -> int:
    with open_existing(args.db) as db:
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
