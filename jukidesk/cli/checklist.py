"""checklist (export, import, status, figures, complete, reopen) and template (list, export, import)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jukidesk.base.errors import ValidationError
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS, CHECKLIST_STATUS_LABELS, kind_from_label
from jukidesk.cli.common import add_db_argument, open_existing, print_json, print_table
from jukidesk.core.scoring import format_score


def _kind(text: str) -> str:
    kind = kind_from_label(text, CHECKLIST_KIND_LABELS)
    if kind is None:
        choices = "、".join(f"{code}（{label}）" for code, label in CHECKLIST_KIND_LABELS.items())
        raise argparse.ArgumentTypeError(f"区分は {choices} のいずれかです")
    return kind


def register(subparsers) -> None:
    checklist = subparsers.add_parser("checklist", help="チェックリスト（Excel の書き出し・取り込み、進み具合）")
    commands = checklist.add_subparsers(dest="checklist_command", required=True, parser_class=type(checklist))

    export = commands.add_parser("export", help="機関ごとの記入用 Excel ブックを書き出す")
    add_db_argument(export)
    export.add_argument("--fy", type=int, required=True, help="年度（西暦）")
    export.add_argument("--kind", type=_kind, required=True, help="self / internal / external / followup（または 自己点検 など）")
    export.add_argument("--out", type=Path, required=True, help="書き出し先のフォルダ")
    export.add_argument("--institution", help="この機関コードの機関だけ")
    export.set_defaults(func=cmd_export)

    imp = commands.add_parser("import", help="記入済みの Excel ブックを取り込む（全部のファイルを確認してから、まとめて登録）")
    add_db_argument(imp)
    imp.add_argument(
        "files", nargs="+", type=Path, metavar="FILE",
        help="ブック（フォルダを指定すると中のファイルすべて。.xlsx 以外は理由とともに一覧に出ます）",
    )
    imp.add_argument("--replace", action="store_true", help="登録済みの回答と異なる場合も、ファイルの内容で置き換える")
    imp.add_argument("--fy", type=int, help="この年度のファイルだけを受け付ける")
    imp.add_argument("--kind", type=_kind, help="この区分のファイルだけを受け付ける")
    imp.add_argument("--dry-run", action="store_true", help="確認だけして登録しない")
    imp.set_defaults(func=cmd_import)

    status = commands.add_parser("status", help="年度・区分ごとの各機関の入力状況")
    add_db_argument(status)
    status.add_argument("--fy", type=int, required=True)
    status.add_argument("--kind", type=_kind, required=True)
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_status)

    figures = commands.add_parser("figures", help="区分（章）ごとの平均点と3点未満の項目")
    add_db_argument(figures)
    figures.add_argument("--fy", type=int, required=True)
    figures.add_argument("--kind", type=_kind, required=True)
    figures.add_argument("--json", action="store_true")
    figures.set_defaults(func=cmd_figures)

    for name, helptext, func in (
        ("complete", "チェックリストを完了にする", cmd_complete),
        ("reopen", "完了したチェックリストを再開する（記録が残ります）", cmd_reopen),
    ):
        sub = commands.add_parser(name, help=helptext)
        add_db_argument(sub)
        sub.add_argument("--fy", type=int, required=True)
        sub.add_argument("--kind", type=_kind, required=True)
        sub.add_argument("--institution", required=True, help="機関コード")
        if name == "reopen":
            sub.add_argument("--reason", default="", help="再開の理由")
        sub.set_defaults(func=func)

    template = subparsers.add_parser("template", help="チェックリストのテンプレート（版の一覧、Excel の書き出し・取り込み）")
    tcommands = template.add_subparsers(dest="template_command", required=True, parser_class=type(template))
    tlist = tcommands.add_parser("list", help="テンプレートの版の一覧")
    add_db_argument(tlist)
    tlist.add_argument("--json", action="store_true")
    tlist.set_defaults(func=cmd_template_list)
    texport = tcommands.add_parser("export", help="テンプレートを Excel の表に書き出す")
    add_db_argument(texport)
    texport.add_argument("--fy", type=int, help="この年度に使う版（省略時は最新の版）")
    texport.add_argument("--out", type=Path, required=True, help="書き出すファイル（.xlsx）")
    texport.set_defaults(func=cmd_template_export)
    timport = tcommands.add_parser(
        "import",
        help="Excel の表（書き出した表、または自前の点検表: 番号・項目・章・着眼点の見出しで読む）か CSV から"
        "テンプレートを読み込む（回答のある版は新しい版になる）",
    )
    add_db_argument(timport)
    timport.add_argument("file", type=Path, help="読み込むファイル（.xlsx / .csv）")
    timport.add_argument("--from-fy", type=int, help="適用を始める年度（省略時は回答のある最後の年度の翌年度）")
    timport.set_defaults(func=cmd_template_import)
    from jukidesk.cli.evidence import register_checklist_commands, register_template_commands

    register_template_commands(tcommands)  # template diff
    register_checklist_commands(commands)  # checklist carry


def cmd_export(args) -> int:
    from jukidesk.actions.checklists import export_workbooks

    with open_existing(args.db) as db:
        written = export_workbooks(db, args.fy, args.kind, args.out, institution_code=args.institution).value
    for path in written:
        print(path)
    print(f"{len(written)} 件のブックを書き出しました: {args.out}", file=sys.stderr)
    return 0


def cmd_import(args) -> int:
    from jukidesk.actions.checklists import import_checklists, plan_checklist_import

    with open_existing(args.db) as db:
        plan = plan_checklist_import(db, args.files, replace=args.replace, fy=args.fy, kind=args.kind)
        for problem in plan.problems:
            print(problem, file=sys.stderr)
        if not plan.ok:
            refused = sum(1 for r in plan.refused if r.blocking)
            print(
                f"エラーが {len(plan.errors)} 件あるため、何も取り込んでいません"
                f"（{plan.checked} ファイル、うち取り込めないファイル {refused} 件）。",
                file=sys.stderr,
            )
            return 1
        for file in plan.files:
            print(file.describe())
        if args.dry_run:
            print("確認のみ（--dry-run）: 何も登録していません。", file=sys.stderr)
            return 0  # the plan wrote nothing and took no backup
        result = import_checklists(db, plan).value
    print(
        f"取り込みました: {len(plan.files)} ファイル、変更のあったチェックリスト {result.changed_files} 件、"
        f"変更した項目 {result.changed_items} 件。"
    )
    return 0


def _answered_cell(d: dict) -> str:
    """「49 / 50」, with 「（備考なし 1）」 when scores under 3 still wait for their remark."""
    text = f"{d['answered']} / {d['total']}"
    return text + (f"（備考なし {d['missing_remarks']}）" if d["missing_remarks"] else "")


def cmd_status(args) -> int:
    from jukidesk.core.checklists import target_institutions, year_progress

    with open_existing(args.db) as db:
        with db.session() as session:
            targets = target_institutions(session, args.fy, args.kind)
            rows = year_progress(session, args.fy, args.kind, [inst.id for inst in targets])
    data = [
        {
            "code": r.code,
            "name": r.name,
            "status": r.status,
            "answered": r.answered,
            "missing_remarks": r.missing_remarks,
            "total": r.total,
            "score": format_score(r.score),
        }
        for r in rows
    ]
    if args.json:
        print_json(data)
        return 0
    labels = {**CHECKLIST_STATUS_LABELS, "none": "未着手"}
    print_table(
        ["コード", "機関名", "状態", "入力済", "平均"],
        [[d["code"], d["name"], labels[d["status"]], _answered_cell(d), d["score"] or "－"] for d in data],
    )
    return 0


def cmd_figures(args) -> int:
    from jukidesk.core.checklists import category_averages, items_under_three

    with open_existing(args.db) as db:
        with db.session() as session:
            categories = category_averages(session, args.fy, args.kind)
            low = items_under_three(session, args.fy, args.kind)
    data = {
        "fy": args.fy,
        "kind": args.kind,
        "categories": [
            {"code": c.code, "name": c.name, "average": format_score(c.average), "institutions": c.institutions}
            for c in categories
        ],
        "under_three": [
            {
                "institution_code": x.institution_code,
                "institution": x.institution_name,
                "number": x.number,
                "text": x.text,
                "important": x.important,
                "score": x.score,
                "remark": x.remark,
            }
            for x in low
        ],
    }
    if args.json:
        print_json(data)
        return 0
    print_table(
        ["区分", "平均点", "機関数"],
        [[f"{c['code']} {c['name']}", c["average"] or "－", str(c["institutions"])] for c in data["categories"]],
    )
    print()
    if not low:
        print("3点未満の項目はありません。")
    else:
        print_table(
            ["機関", "項目", "点", "備考"],
            [[x.institution_name, x.number, str(x.score), x.remark] for x in low],
        )
    return 0


def _change_checklist(args, change, done_message: str) -> int:
    """complete / reopen: the action ``change(db, checklist_id)`` on the checklist the options name."""
    from jukidesk.actions.checklists import find_checklist_id

    with open_existing(args.db) as db:
        change(db, find_checklist_id(db, args.fy, args.kind, args.institution))
    print(done_message)
    return 0


def cmd_complete(args) -> int:
    from jukidesk.actions.checklists import complete_checklist

    return _change_checklist(args, complete_checklist, "完了にしました。")


def cmd_reopen(args) -> int:
    from jukidesk.actions.checklists import reopen_checklist

    return _change_checklist(
        args, lambda db, checklist_id: reopen_checklist(db, checklist_id, args.reason), "再開しました（記録を残しました）。"
    )


def cmd_template_list(args) -> int:
    from jukidesk.core.templates import answered_years, list_templates

    with open_existing(args.db) as db:
        with db.session() as session:
            data = [
                {
                    "name": t.name,
                    "version": t.version,
                    "valid_from_fy": t.valid_from_fy,
                    "items": len(t.items),
                    "answered_years": answered_years(session, t.id),
                }
                for t in list_templates(session)
            ]
    if args.json:
        print_json(data)
        return 0
    print_table(
        ["名称", "版", "適用開始", "項目数", "回答のある年度"],
        [
            [d["name"], str(d["version"]), f"{d['valid_from_fy']}年度", str(d["items"]), "、".join(map(str, d["answered_years"]))]
            for d in data
        ],
    )
    return 0


def cmd_template_export(args) -> int:
    from jukidesk.core.templates import latest_template, template_for_year
    from jukidesk.exchange.template_xlsx import write_template_xlsx

    with open_existing(args.db) as db:
        with db.session() as session:
            template = template_for_year(session, args.fy) if args.fy is not None else latest_template(session)
            if template is None:
                raise ValidationError("書き出すテンプレートがありません。")
            write_template_xlsx(template, args.out)
            print(f"{template.name} 第{template.version}版を書き出しました: {args.out}")
    return 0


def cmd_template_import(args) -> int:
    from jukidesk.actions.checklists import TemplateRefused, import_template

    with open_existing(args.db) as db:
        try:
            saved = import_template(db, args.file, args.from_fy).value
        except TemplateRefused as refused:
            for problem in refused.problems:
                print(problem, file=sys.stderr)
            print("エラーがあるため、テンプレートを読み込んでいません。", file=sys.stderr)
            return 1
    message = {
        "unchanged": "変更はありません",
        "edited": "回答がまだないため、この版を書き換えました",
        "new_version": "新しい版を作りました（これまでの回答と平均点は変わりません）",
    }[saved.action]
    print(f"{saved.name} 第{saved.version}版（{saved.valid_from_fy}年度から適用）: {message}。")
    return 0
