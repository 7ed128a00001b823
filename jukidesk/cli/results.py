"""results import / export / list: past yearly results (過去の実績) from before jukidesk,
through ``actions.past_results``."""

from __future__ import annotations

from pathlib import Path

from jukidesk.cli.common import add_db_argument, open_existing, print_json, print_table


def register(subparsers) -> None:
    from jukidesk.cli import JapaneseArgumentParser

    results = subparsers.add_parser("results", help="過去の実績（jukidesk 導入前の年度別の機関数と平均点）")
    commands = results.add_subparsers(dest="results_command", required=True, parser_class=JapaneseArgumentParser)

    imports = commands.add_parser(
        "import", help="過去の実績を Excel（.xlsx）または CSV から取り込む（年度・区分・対象機関数・平均点）"
    )
    add_db_argument(imports)
    imports.add_argument("file", type=Path, help="取り込むファイル（.xlsx / .csv）")
    imports.add_argument("--dry-run", action="store_true", help="取り込む内容を表示するだけで保存しない")
    imports.set_defaults(func=cmd_import)

    export = commands.add_parser("export", help="取り込んだ過去の実績を書き出す（そのまま取り込み直せる形）")
    add_db_argument(export)
    export.add_argument("--out", type=Path, required=True, help="書き出すファイル（.xlsx / .csv）")
    export.set_defaults(func=cmd_export)

    listing = commands.add_parser("list", help="取り込んだ過去の実績の一覧")
    add_db_argument(listing)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_list)


def cmd_import(args) -> int:
    from jukidesk.actions.past_results import import_results

    with open_existing(args.db) as db:
        done = import_results(db, args.file, dry_run=args.dry_run).value
    for line in done.lines:
        print(line)
    plan = done.plan
    counts = f"追加 {len(plan.added)}件、置き換え {len(plan.replaced)}件、変更なし {len(plan.unchanged)}件"
    if done.dry_run:
        print(f"確認のみ（保存していません）: {counts}")
    else:
        print(f"過去の実績を取り込みました: {counts}")
    return 0


def cmd_export(args) -> int:
    from jukidesk.actions.past_results import export_results

    with open_existing(args.db) as db:
        count = export_results(db, args.out).value
    print(f"過去の実績 {count}件を書き出しました: {args.out}")
    return 0


def cmd_list(args) -> int:
    from jukidesk.actions.base import read
    from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
    from jukidesk.core.past_results import list_past_results

    with open_existing(args.db) as db:
        rows = read(
            db,
            lambda s: [
                (r.fy, r.kind, r.institutions, r.average, r.source_file, r.source_row, r.imported_at)
                for r in list_past_results(s)
            ],
        )
    if args.json:
        print_json(
            [
                {"fy": fy, "kind": kind, "institutions": n, "average": avg, "file": f, "row": row, "imported_at": at.isoformat(timespec="seconds")}
                for fy, kind, n, avg, f, row, at in rows
            ]
        )
        return 0
    print_table(
        ["年度", "区分", "機関数", "平均点", "取り込んだファイル", "取り込み日時"],
        [
            [str(fy), CHECKLIST_KIND_LABELS[kind], str(n), avg or "", f"{f}（{row}行目）", f"{at:%Y-%m-%d %H:%M}"]
            for fy, kind, n, avg, f, row, at in rows
        ],
    )
    return 0
