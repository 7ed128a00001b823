"""plan, audits list, calendar ics / pdf."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from jukidesk.base.errors import JukideskError
from jukidesk.cli.common import add_db_argument, open_existing, print_json, print_table
from jukidesk.core.settings import load_settings, year_style


def register(subparsers) -> None:
    plan = subparsers.add_parser("plan", help="巡目（3年）の内部監査・外部監査の計画を作る")
    add_db_argument(plan)
    plan.add_argument("--cycle-start", type=int, required=True, help="巡目の最初の年度（西暦）")
    plan.add_argument("--internal", help="年度ごとの内部監査の件数（例 3,4,4。省略時は前の巡目の実績、機関数と合わなければ均等に割り振り）")
    plan.add_argument("--external", help="年度ごとの外部監査の件数（例 2,2,2。省略時は前の巡目の実績、機関数と合わなければ均等に割り振り）")
    plan.add_argument(
        "--pin", action="append", default=[], metavar="CODE:FY:KIND", help="機関を年度と区分に固定（例 201:2015:internal）。複数可"
    )
    plan.add_argument(
        "--replace-planned", action="store_true", help="予定（未通知）の監査も組み直す（固定したもの・通知済以降は残す）"
    )
    plan.add_argument("--json", action="store_true")
    plan.add_argument("--apply", action="store_true", help="計画を「予定」の監査として保存する")
    plan.set_defaults(func=cmd_plan)

    audits = subparsers.add_parser("audits", help="監査の記録")
    audits_sub = audits.add_subparsers(dest="audits_command", required=True)
    listing = audits_sub.add_parser("list", help="年度の監査の一覧（日時、状況、警告）")
    add_db_argument(listing)
    listing.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_audits_list)

    calendar = subparsers.add_parser("calendar", help="監査カレンダー")
    calendar_sub = calendar.add_subparsers(dest="calendar_command", required=True)
    ics = calendar_sub.add_parser("ics", help="年度の監査日程を .ics（Outlook などの予定表）に書き出す")
    add_db_argument(ics)
    ics.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    ics.add_argument("--out", type=Path, required=True, help="書き出すファイル（.ics）")
    ics.set_defaults(func=cmd_calendar_ics)
    pdf = calendar_sub.add_parser("pdf", help="月の監査予定を A4 横1ページの PDF にする")
    add_db_argument(pdf)
    pdf.add_argument("--month", required=True, help="年月（例 2014-11）")
    pdf.add_argument("--out", type=Path, required=True, help="書き出すファイル（.pdf）")
    pdf.set_defaults(func=cmd_calendar_pdf)


def cmd_plan(args) -> int:
    from jukidesk.actions.audits import plan_cycle
    from jukidesk.core.planner import parse_counts, parse_pin, plan_reason_rows, plan_table_rows

    internal = parse_counts(args.internal, option="--internal") if args.internal else None
    external = parse_counts(args.external, option="--external") if args.external else None
    pins = [parse_pin(text) for text in args.pin]
    with open_existing(args.db) as db:
        proposed = plan_cycle(
            db, args.cycle_start, internal=internal, external=external, pins=pins,
            replace_planned=args.replace_planned, apply=args.apply,
        ).value
    plan, targets, style, result = proposed.plan, proposed.targets, proposed.style, proposed.applied
    if args.json:
        print_json(plan.as_json())
        for note in plan.notes:
            print(f"※ {note}", file=sys.stderr)
    else:
        cycle = plan.cycle
        print(
            f"{cycle.label(fullwidth=False)}（{style.label(cycle.first_fy, fullwidth=False)}〜"
            f"{style.label(cycle.last_fy, fullwidth=False)}）の監査計画"
        )
        source = "前の巡目の実績" if targets.from_previous_cycle else ("既定" if targets.note else "指定")
        print(
            f"件数（{source}）: 内部監査 {','.join(map(str, targets.internal))}、外部監査 {','.join(map(str, targets.external))}"
        )
        for note in plan.notes:
            print(f"※ {note}")
        print_table(["年度", "区分", "件数", "機関"], plan_table_rows(plan, style))
        print("＊ 登録済みの監査（そのまま残す）　◆ 固定した監査")
        print()
        print_table(["機関", "年度", "区分", "理由"], plan_reason_rows(plan, style))
    if result is not None:
        message = (
            f"計画を保存しました: 追加 {result.added} 件、削除 {result.removed} 件、変更なし {result.unchanged} 件"
            + (f"、日程の案 {result.scheduled} 件（audits list で確認、画面の監査カレンダーで直せます）" if result.scheduled else "")
            if result.added or result.removed or result.pinned or result.scheduled
            else f"計画は保存済みの内容と同じです（変更なし {result.unchanged} 件）。"
        )
        print(message, file=sys.stderr if args.json else sys.stdout)
    return 0


def cmd_audits_list(args) -> int:
    from jukidesk.core.calendar import year_progress, year_schedule

    with open_existing(args.db) as db:
        with db.session() as session:
            entries = year_schedule(session, args.fy)
            progress = year_progress(session, args.fy)
            style = year_style(session)
    if args.json:
        print_json({"fy": args.fy, "audits": [e.as_json() for e in entries], "progress": progress.as_json()})
        return 0
    print(style.display(args.fy))
    rows = [
        [
            e.when_text,
            e.kind_label,
            f"{e.institution_code} {e.institution}",
            e.status_label,
            "、".join(e.auditors),
            e.methods_label,
            f"{e.open_findings}件" if e.open_findings else "",
        ]
        for e in entries
    ]
    print_table(["日時", "区分", "機関", "状況", "監査人", "方法", "未了の指摘"], rows)
    for e in entries:
        for warning in e.warnings:
            print(f"警告: {e.institution}（{e.kind_label}）: {warning}")
    return 0


def cmd_calendar_ics(args) -> int:
    from jukidesk.core.calendar import export_ics

    if args.out.suffix.lower() != ".ics":
        raise JukideskError(f"書き出すファイル {args.out} の拡張子は .ics にしてください。")
    with open_existing(args.db) as db:
        with db.session() as session:
            result = export_ics(session, args.fy, args.out)
    print(f"{result.events} 件の監査を {result.path} に書き出しました。")
    if result.undated:
        print(f"日程未定の {result.undated} 件は含めていません。")
    return 0


def cmd_calendar_pdf(args) -> int:
    from jukidesk.core.calendar import month_view
    from jukidesk.reports.calendar_pdf import write_month_pdf

    match = re.fullmatch(r"(\d{4})-(\d{1,2})", args.month.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise JukideskError(f"--month の「{args.month}」は 2014-11 のように 年-月 で指定してください。")
    with open_existing(args.db) as db:
        with db.session() as session:
            view = month_view(session, int(match.group(1)), int(match.group(2)))
            org = load_settings(session).get("org_name", "")
    write_month_pdf(view, args.out, organisation=org)
    print(f"{view.title} の監査予定を {args.out} に書き出しました。")
    return 0
