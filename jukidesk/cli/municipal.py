"""training, warnings, roster, inspections, records: a city's operational records."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from jukidesk.cli.common import add_db_argument, iso_date, open_existing, print_json, print_table


def _month(text: str) -> dt.date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"月は YYYY-MM で指定してください: {text}") from None


def register(subparsers) -> None:
    from jukidesk.cli import JapaneseArgumentParser

    training = subparsers.add_parser("training", help="研修計画と受講状況（受講完了者リストの取り込み・書き出し）")
    commands = training.add_subparsers(dest="training", required=True, parser_class=JapaneseArgumentParser)
    status = commands.add_parser("status", help="研修ごとの受講率と未受講者")
    add_db_argument(status)
    status.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_training_status)
    imp = commands.add_parser(
        "import",
        help="受講完了者リスト（jukidesk の xlsx、または e-ラーニングの CSV など: 職員番号・氏名・所属・受講日／修了日の"
        "見出しで読む）を取り込む（誤りが1つでもあれば何も取り込まない）",
    )
    add_db_argument(imp)
    imp.add_argument("--fy", type=int, required=True, help="研修計画の年度（西暦）")
    imp.add_argument("file", type=Path, help="受講完了者リスト（.xlsx / .csv）")
    imp.add_argument("--course", help="研修名の列がない一覧: どの研修の受講か（省略時はその年度のただ一つの e-ラーニング）")
    imp.add_argument("--dry-run", action="store_true", help="列の対応と取り込む内容を表示するだけで保存しない")
    imp.set_defaults(func=cmd_training_import)
    exp = commands.add_parser("export", help="受講完了者リストを研修ごとのシートで書き出す（取り込みと同じ列）")
    add_db_argument(exp)
    exp.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    exp.add_argument("--xlsx", type=Path, required=True, help="保存先")
    exp.set_defaults(func=cmd_training_export)

    warnings = subparsers.add_parser("warnings", help="任期満了・認証期限・見直し期限・点検漏れなどの警告")
    add_db_argument(warnings)
    warnings.add_argument("--date", type=iso_date, help="基準日 YYYY-MM-DD（省略時は設定の基準日、なければ今日）")
    warnings.add_argument("--json", action="store_true")
    warnings.set_defaults(func=cmd_warnings)

    roster = subparsers.add_parser("roster", help="セキュリティ組織名簿（指定日現在）")
    add_db_argument(roster)
    roster.add_argument("--date", type=iso_date, help="この日現在の名簿 YYYY-MM-DD（省略時は基準日）")
    roster.add_argument("--json", action="store_true")
    roster.set_defaults(func=cmd_roster)

    inspections = subparsers.add_parser("inspections", help="日次点検（月ごと）・月次点検（年度ごと）の記録状況")
    add_db_argument(inspections)
    which = inspections.add_mutually_exclusive_group(required=True)
    which.add_argument("--month", type=_month, help="日次点検のこの月 YYYY-MM")
    which.add_argument("--fy", type=int, help="月次点検のこの年度（西暦）")
    inspections.add_argument("--date", type=iso_date, help="基準日（これより前の記録なしを点検漏れとする）")
    inspections.set_defaults(func=cmd_inspections)

    records = subparsers.add_parser("records", help="市町村の運用記録")
    record_commands = records.add_subparsers(dest="records", required=True, parser_class=JapaneseArgumentParser)
    export = record_commands.add_parser("export", help="年度の全一覧を1つの Excel ブックに書き出す")
    add_db_argument(export)
    export.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    export.add_argument("--date", type=iso_date, help="基準日（名簿・点検漏れの基準。省略時は設定の基準日、なければ今日）")
    export.add_argument("--xlsx", type=Path, required=True, help="保存先")
    export.set_defaults(func=cmd_records_export)
    kinds = "contract（委託契約）, member（審議会委員）, council_decision（審議会の開催要否）など"
    listing = record_commands.add_parser("list", help="1種類の記録の一覧（id 付き）")
    add_db_argument(listing)
    listing.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    listing.add_argument("--kind", required=True, help=f"記録の種類: {kinds}")
    listing.add_argument("--parent", type=int, help="親の記録の id（会議の議題・回答など）")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_records_list)
    add = record_commands.add_parser(
        "add", help="記録を1件追加する（画面と同じ検査。確認が必要な内容は --confirm を付けたときだけ保存）"
    )
    add_db_argument(add)
    add.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    add.add_argument("--kind", required=True, help=f"記録の種類: {kinds}")
    add.add_argument("--parent", type=int, help="親の記録の id（会議の議題・回答など）")
    add.add_argument("--confirm", action="store_true", help="警告（認証なし・規程と異なる任期など）を確認のうえ保存する")
    add.add_argument("values", nargs="*", metavar="項目=値", help="例: vendor=株式会社○○ ends_on=2027-03-31")
    add.set_defaults(func=cmd_records_add)


def cmd_training_status(args) -> int:
    from jukidesk.base.vocabulary import COURSE_KIND_LABELS
    from jukidesk.core.municipal.records import display, format_rate
    from jukidesk.core.municipal.training import course_due, not_completed, training_status

    with open_existing(args.db) as db:
        with db.session() as session:
            courses = [
                {
                    "title": s.course.title,
                    "kind": s.course.kind,
                    "required": s.course.required,
                    "planned_from": s.course.planned_from.isoformat() if s.course.planned_from else None,
                    "due": course_due(s.course).isoformat(),
                    "targets": len(s.targets),
                    "completed": len(s.completed),
                    "rate": format_rate(s.rate) if s.rate is not None else None,
                }
                for s in training_status(session, args.fy)
            ]
            missing = [
                {
                    "code": n.staff.code,
                    "name": n.staff.name,
                    "section": n.staff.institution.name,
                    "courses": [c.title for c in n.courses],
                }
                for n in not_completed(session, args.fy)
            ]
    if args.json:
        print_json({"fy": args.fy, "courses": courses, "not_completed": missing})
        return 0
    print_table(
        ["区分", "研修名", "実施予定", "対象者", "受講済", "受講率"],
        [
            [
                COURSE_KIND_LABELS[c["kind"]],
                c["title"],
                display(dt.date.fromisoformat(c["planned_from"])) if c["planned_from"] else "",
                str(c["targets"]),
                str(c["completed"]),
                c["rate"] or "－（任意）",
            ]
            for c in courses
        ],
    )
    print()
    print(f"未受講者 {len(missing)} 名")
    if missing:
        print_table(["職員番号", "氏名", "所属", "未受講の研修"], [[m["code"], m["name"], m["section"], "、".join(m["courses"])] for m in missing])
    return 0


def cmd_training_import(args) -> int:
    from jukidesk.actions import municipal as act

    own = args.course is None and act.is_own_completion_list(args.file)
    with open_existing(args.db) as db:
        if not own:
            for line in act.preview_completion_list(db, args.file, args.fy, course=args.course).lines():
                print(line)
        if args.dry_run:
            if own:
                from jukidesk.actions.base import read
                from jukidesk.exchange.completion_xlsx import read_completions

                rows = read(db, lambda session: read_completions(session, args.file, args.fy))
                print(f"{len(rows)} 行を確認しました。")
            print("確認のみ（保存していません）")
            return 0
        if own:
            result = act.import_completions(db, args.file, args.fy).value
        else:
            result = act.import_completion_list(db, args.file, args.fy, course=args.course).value
    print(result.describe())
    return 0


def cmd_training_export(args) -> int:
    from jukidesk.exchange.completion_xlsx import export_completions

    with open_existing(args.db) as db:
        with db.session() as session:
            path = export_completions(session, args.fy, args.xlsx)
    print(f"受講完了者リストを保存しました: {path}")
    return 0


def cmd_warnings(args) -> int:
    from jukidesk.base.fiscal import wareki_date
    from jukidesk.core.municipal.warnings import collect
    from jukidesk.core.settings import reference_date

    with open_existing(args.db) as db:
        with db.session() as session:
            day = reference_date(session, args.date)
            alerts = collect(session, day)
    if args.json:
        print_json({"date": day.isoformat(), "warnings": [a.as_json() for a in alerts]})
        return 0
    print(f"{wareki_date(day)}現在の警告 {len(alerts)} 件")
    for alert in alerts:
        print(f"・[{alert.label}] {alert.message}")
    return 0


def cmd_roster(args) -> int:
    from jukidesk.core.municipal.roster import roster_table
    from jukidesk.core.settings import reference_date

    with open_existing(args.db) as db:
        with db.session() as session:
            table = roster_table(session, reference_date(session, args.date))
    if args.json:
        print_json([dict(zip(["role", "title", "person", "section", "starts_on"], [*row[:4], row[4].isoformat()])) for row in table.rows])
        return 0
    print(table.title)
    print_table(table.headers, table.text_rows())
    return 0


def cmd_inspections(args) -> int:
    from jukidesk.core.municipal import inspections
    from jukidesk.core.settings import reference_date

    with open_existing(args.db) as db:
        with db.session() as session:
            today = reference_date(session, args.date)
            if args.month is not None:
                grid = inspections.daily_grid(session, args.month.year, args.month.month, today)
                headers = [str(p.day) for p in grid.periods]
            else:
                grid = inspections.monthly_grid(session, args.fy, today)
                headers = [f"{p.month}月" for p in grid.periods]
            rows = [
                [site.name, *[inspections.STATUS_LABELS[grid.cell(site.id, p).status] or "・" for p in grid.periods]]
                for site in grid.sites
            ]
            gaps = [(site.name, day) for site, day in grid.gaps]
    print(grid.title + "（○ 異常なし　× 不備あり　未 点検漏れ　・ 閉庁日・予定）")
    print_table(["点検場所", *headers], rows)
    print(f"点検漏れ {len(gaps)} 件")
    return 0


def cmd_records_export(args) -> int:
    from jukidesk.core.municipal.records import Context
    from jukidesk.core.settings import reference_date
    from jukidesk.exchange.municipal_xlsx import export_year

    with open_existing(args.db) as db:
        with db.session() as session:
            path = export_year(session, Context(args.fy, reference_date(session, args.date)), args.xlsx)
    print(f"運用記録の一覧を保存しました: {path}")
    return 0


def _record_kind(key: str):
    from jukidesk.base.errors import ValidationError
    from jukidesk.core.municipal.kinds import RECORD_KINDS

    if key not in RECORD_KINDS:
        raise ValidationError(f"記録の種類 {key} はありません。使える種類: {', '.join(RECORD_KINDS)}")
    return RECORD_KINDS[key]


def cmd_records_list(args) -> int:
    from jukidesk.core.municipal.records import Context, table
    from jukidesk.core.settings import reference_date

    kind = _record_kind(args.kind)
    with open_existing(args.db) as db:
        with db.session() as session:
            data = table(session, kind, Context(args.fy, reference_date(session), args.parent))
    if args.json:
        print_json([{"id": record_id, **dict(zip(data.headers, row))} for record_id, row in zip(data.ids, data.text_rows())])
        return 0
    print(data.title)
    print_table(["id", *data.headers], [[str(record_id), *row] for record_id, row in zip(data.ids, data.text_rows())])
    return 0


def cmd_records_add(args) -> int:
    from jukidesk.actions import municipal as act
    from jukidesk.actions.base import today_of
    from jukidesk.base.errors import ValidationError
    from jukidesk.core.municipal.records import Context, defaults

    kind = _record_kind(args.kind)
    raw: dict = {}
    keys = {f.key: f for f in kind.fields}
    for item in args.values:
        key, sep, value = item.partition("=")
        if not sep or key not in keys:
            fields = "、".join(f"{f.key}（{f.label}）" for f in kind.fields)
            raise ValidationError(f"「{item}」は 項目=値 の形ではないか、{kind.label}にない項目です。項目: {fields}")
        raw[key] = value
    with open_existing(args.db) as db:
        ctx = Context(args.fy, today_of(db), args.parent)
        with db.session() as session:  # what the form starts with (the year's dates …)
            raw = {**defaults(session, kind, ctx), **raw}
        warnings = act.record_warnings(db, kind, raw, ctx)
        for message in warnings:
            print(f"警告: {message}")
        if warnings and not args.confirm:
            print("保存していません。内容を確認のうえ保存するには --confirm を付けてください。")
            return 1
        record_id = act.add_record(db, kind, raw, ctx).value
    print(f"{kind.label}を追加しました（id {record_id}）")
    return 0
