"""year status / prepare / schedule / export / import / mark-done: the clerk's year (the home tab 今年度の進捗),
written through ``actions.year``."""

from __future__ import annotations

from pathlib import Path

from jukidesk.cli.common import add_db_argument, iso_date, open_existing, print_json, print_table
from jukidesk.core.settings import year_style


def register(subparsers) -> None:
    from jukidesk.cli import JapaneseArgumentParser

    year = subparsers.add_parser("year", help="今年度の進捗（年度の手順、年度更新、配布と回収）")
    commands = year.add_subparsers(dest="year_command", required=True, parser_class=JapaneseArgumentParser)

    status = commands.add_parser("status", help="年度の手順ごとの状況と次の作業")
    add_db_argument(status)
    status.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    status.add_argument("--date", type=iso_date, help="基準日 YYYY-MM-DD（省略時は設定の基準日、なければ今日）")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_status)

    prepare = commands.add_parser(
        "prepare", help="年度更新: 年度のチェックリストを作り、巡目の計画がなければ（足りなければ）適用し、予定の監査に日程の案を入れる"
    )
    add_db_argument(prepare)
    prepare.add_argument("--fy", type=int, required=True, help="準備する年度（西暦）")
    prepare.add_argument("--dry-run", action="store_true", help="何をするかだけ表示する（保存しない）")
    prepare.set_defaults(func=cmd_prepare)

    schedule = commands.add_parser(
        "schedule", help="日程が未定の予定の監査（巡目のこの年度以降）に日時・監査人・方法・場所の案を入れる"
    )
    add_db_argument(schedule)
    schedule.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    schedule.set_defaults(func=cmd_schedule)

    export = commands.add_parser("export", help="自己点検の Excel ブックを全機関分書き出し、配布を記録する")
    add_db_argument(export)
    export.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    export.add_argument("--out", type=Path, required=True, help="書き出すフォルダ")
    export.set_defaults(func=cmd_export)

    imports = commands.add_parser(
        "import", help="回収した Excel ブックをフォルダごと取り込む（正しいものだけ一括、同じファイルは二度取り込まない）"
    )
    add_db_argument(imports)
    imports.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="フォルダまたは .xlsx ファイル")
    imports.add_argument("--fy", type=int, help="この年度のファイルだけを取り込む（西暦）")
    imports.set_defaults(func=cmd_import)

    done = commands.add_parser("mark-done", help="監査日を過ぎチェックリストが完了した監査を「実施済」にする（指摘事項を作成）")
    add_db_argument(done)
    done.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    done.add_argument("--date", type=iso_date, help="基準日 YYYY-MM-DD（省略時は設定の基準日、なければ今日）")
    done.set_defaults(func=cmd_mark_done)


def cmd_status(args) -> int:
    from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
    from jukidesk.core.scoring import format_score
    from jukidesk.core.year_progress import year_overview

    with open_existing(args.db) as db:
        with db.session() as session:
            overview = year_overview(session, args.fy, today=args.date)
            style = year_style(session)
    if args.json:
        print_json(overview.as_json())
        return 0
    counts = overview.counts
    print(f"{style.display(args.fy)}　基準日 {overview.today.isoformat()}")
    averages = "・".join(
        f"{CHECKLIST_KIND_LABELS[kind]} {format_score(value) or '－'}" for kind, value in counts.averages.items()
    )
    print(f"回収 {counts.returned}/{counts.targets}　平均 {averages}　未確認の指摘 {counts.open_findings}件"
          f"　次の監査 {counts.next_audit.text() if counts.next_audit else 'なし'}")
    rows = [
        [f"{n}. {step.title}", step.status_label, step.detail, step.action_label]
        for n, step in enumerate(overview.steps, start=1)
    ]
    print_table(["手順", "状況", "内容", "次の作業"], rows)
    return 0


def cmd_prepare(args) -> int:
    from jukidesk.actions.year import prepare_year

    with open_existing(args.db) as db:
        result = prepare_year(db, args.fy, dry_run=args.dry_run).value
    print(f"{result.year_label}の準備" + ("（確認のみ・保存していません）" if args.dry_run else ""))
    for line in result.lines():
        print(f"  {line}")
    return 0


def cmd_export(args) -> int:
    from jukidesk.actions.year import export_workbooks

    with open_existing(args.db) as db:
        paths = export_workbooks(db, args.fy, args.out).value
    print(f"{len(paths)} 件の Excel ブックを書き出しました: {args.out}")
    return 0


def cmd_import(args) -> int:
    from jukidesk.actions.year import import_workbooks

    with open_existing(args.db) as db:
        result = import_workbooks(db, args.paths, fy=args.fy).value
    for line in result.lines():
        print(line)
    return 1 if result.rejected else 0


def cmd_mark_done(args) -> int:
    from jukidesk.actions.year import mark_audits_done

    with open_existing(args.db) as db:
        marked = mark_audits_done(db, args.fy, on=args.date).value
    print(f"実施済にしました: {'、'.join(marked) or 'なし'}")
    return 0


def cmd_schedule(args) -> int:
    from jukidesk.actions.year import schedule_audits

    with open_existing(args.db) as db:
        schedule = schedule_audits(db, args.fy).value
    print(f"日程の案を入れました: {len(schedule.proposed)}件")
    for item in schedule.proposed:
        print(f"  {item.text()}  {item.place}  {item.auditors}")
    for note in schedule.notes():
        print(f"※ {note}")
    return 0
