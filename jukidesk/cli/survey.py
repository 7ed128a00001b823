"""survey: the yearly 調査票 to 総務省 (status, printable workbook, the city's item list)."""

from __future__ import annotations

from pathlib import Path

from jukidesk.cli.common import add_db_argument, open_existing, print_json, print_table


def register(subparsers) -> None:
    from jukidesk.cli import JapaneseArgumentParser

    survey = subparsers.add_parser("survey", help="調査票（総務省）: 回答の状況・Excel への書き出し・項目一覧の取り込み")
    commands = survey.add_subparsers(dest="survey", required=True, parser_class=JapaneseArgumentParser)

    status = commands.add_parser("status", help="年度の回答の状況と、例規・手順書の一覧との不一致")
    add_db_argument(status)
    status.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_status)

    export = commands.add_parser("export", help="年度の調査票を印刷用の Excel（A4）に書き出す")
    add_db_argument(export)
    export.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    export.add_argument("--xlsx", type=Path, required=True, help="保存先")
    export.set_defaults(func=cmd_export)

    imp = commands.add_parser("import", help="項目一覧（章・番号・質問・関連手順の列がある .xlsx / .csv）を取り込む")
    add_db_argument(imp)
    source = imp.add_mutually_exclusive_group(required=True)
    source.add_argument("file", type=Path, nargs="?", help="項目一覧（.xlsx / .csv）")
    source.add_argument("--standard", action="store_true", help="jukidesk に付属する標準（デモ）の項目一覧を使う")
    imp.add_argument("--from-fy", type=int, help="適用を始める年度（省略時は回答のある最後の年度の翌年度）")
    imp.set_defaults(func=cmd_import)

    items = commands.add_parser("items", help="年度に適用する項目一覧を取り込みと同じ列の Excel に書き出す（編集して取り込み直せる）")
    add_db_argument(items)
    items.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    items.add_argument("--xlsx", type=Path, required=True, help="保存先")
    items.set_defaults(func=cmd_items)

    start = commands.add_parser("start", help="年度の調査票を開始する（前年度の回答を未確認として引き継ぐ）")
    add_db_argument(start)
    start.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    start.set_defaults(func=cmd_start)

    answer = commands.add_parser("answer", help="1項目に回答する（整備・運用済 / 一部未整備 / 未整備 / 該当なし）")
    add_db_argument(answer)
    answer.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    answer.add_argument("number", help="項目番号（例: 5-6）")
    answer.add_argument("status", help="回答（整備・運用済 / 一部未整備 / 未整備 / 該当なし、または done/partial/missing/na）")
    answer.add_argument("--note", help="備考（省略時はそのまま）")
    answer.set_defaults(func=cmd_answer)


def cmd_status(args) -> int:
    from jukidesk.actions.base import read
    from jukidesk.core.municipal import survey

    def work(session) -> dict:
        status = survey.survey_status(session, args.fy)
        return {
            "fy": args.fy,
            "template": f"{status.template.name} 第{status.template.version}版" if status.template else None,
            "summary": status.describe(),
            "previous_fy": status.previous_fy,
            "items": [
                {
                    "chapter": row.question.chapter,
                    "number": row.question.number,
                    "text": row.question.text,
                    "status": row.status,
                    "confirmed": bool(row.answer and row.answer.confirmed),
                    "label": survey.status_label(row.answer),
                    "note": row.answer.note if row.answer else "",
                    "procedures": [r.title for r in row.question.procedures],
                    "previous": survey.status_label(row.previous) if row.previous else None,
                }
                for row in status.rows
            ],
            "warnings": [m.message for m in status.mismatches],
        }

    with open_existing(args.db) as db:
        data = read(db, work)
    if args.json:
        print_json(data)
        return 0
    if data["template"]:
        print(data["template"])
    print(data["summary"])
    shown = [i for i in data["items"] if i["status"] != "done" or not i["confirmed"]]
    if shown:
        print_table(
            ["番号", "回答", "前年度", "関連手順", "備考"],
            [[i["number"], i["label"], i["previous"] or "", "、".join(i["procedures"]), i["note"]] for i in shown],
        )
    for warning in data["warnings"]:
        print(f"・[不一致] {warning}")
    return 0


def cmd_export(args) -> int:
    from jukidesk.actions.survey import export

    with open_existing(args.db) as db:
        path = export(db, args.fy, args.xlsx)
    print(f"調査票を保存しました: {path}")
    return 0


def cmd_import(args) -> int:
    from jukidesk.actions.survey import import_items, load_standard

    with open_existing(args.db) as db:
        outcome = load_standard(db, args.from_fy) if args.standard else import_items(db, args.file, args.from_fy)
    print(outcome.value)
    return 0


def cmd_items(args) -> int:
    from jukidesk.actions.survey import export_items

    with open_existing(args.db) as db:
        path = export_items(db, args.fy, args.xlsx)
    print(f"調査票の項目一覧を保存しました: {path}")
    return 0


def cmd_start(args) -> int:
    from jukidesk.actions.survey import start_year

    with open_existing(args.db) as db:
        print(start_year(db, args.fy).value.describe())
    return 0


def cmd_answer(args) -> int:
    from jukidesk.actions.survey import answer_by_number

    with open_existing(args.db) as db:
        answer_by_number(db, args.fy, args.number, args.status, args.note)
    print(f"{args.fy}年度の調査票 {args.number} に回答しました: {args.status}")
    return 0
