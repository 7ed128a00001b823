"""attach, report issue/verify/issued/trace/compare, template diff, checklist carry:
evidence and traceability (issue 11).

``attach`` is a command group of its own (``register``). The other commands belong to
groups of other modules: cli/reports.py declares ``report issue / verify / issued / trace /
compare`` and runs the ``cmd_report_*`` here only when one of them is given (``report
shiryo2`` does not import this module); cli/checklist.py calls ``register_template_commands``
/ ``register_checklist_commands`` with its sub-parsers.
"""

from __future__ import annotations

from pathlib import Path

from jukidesk.base.errors import JukideskError
from jukidesk.cli.common import add_db_argument, iso_date, open_existing, print_json, print_table
from jukidesk.storage.models import CHECKLIST_KINDS

EXIT_CHANGED = 1


def _add_owner_arguments(parser, *, required: bool) -> None:
    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument("--answer", nargs=4, metavar=("FY", "KIND", "CODE", "ITEM"), help="回答: 年度 区分 機関コード 項目番号")
    group.add_argument("--audit", nargs=3, metavar=("FY", "KIND", "CODE"), help="監査: 年度 区分 機関コード")
    group.add_argument("--finding", nargs=4, metavar=("FY", "KIND", "CODE", "ITEM"), help="指摘事項: 監査の年度 区分 機関コード 項目番号")
    group.add_argument("--drill", type=iso_date, metavar="DATE", help="訓練: 実施日 YYYY-MM-DD")


def _fy(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise JukideskError(f"年度は西暦の数字で指定してください: {text}") from None


def _owner(session, args):
    from jukidesk.core import evidence

    if args.answer:
        fy, kind, code, item = args.answer
        return evidence.answer_owner(session, _fy(fy), kind, code, item)
    if args.audit:
        fy, kind, code = args.audit
        return evidence.audit_owner(session, _fy(fy), kind, code)
    if args.finding:
        fy, kind, code, item = args.finding
        return evidence.finding_owner(session, _fy(fy), kind, code, item)
    if args.drill:
        return evidence.drill_owner(session, args.drill)
    return None


def register(subparsers) -> None:
    from jukidesk.cli import JapaneseArgumentParser

    attach = subparsers.add_parser("attach", help="証拠資料（回答・指摘事項・監査・訓練に添付するファイル）")
    commands = attach.add_subparsers(dest="attach_command", required=True, parser_class=JapaneseArgumentParser)

    add = commands.add_parser("add", help="ファイルを証拠資料として登録する（データベースの中に保存）")
    add_db_argument(add)
    _add_owner_arguments(add, required=True)
    add.add_argument("--date", type=iso_date, required=True, help="証拠の日付（書類の日付、写真を撮った日）YYYY-MM-DD")
    add.add_argument("--description", default="", help="説明")
    add.add_argument("files", nargs="+", type=Path, metavar="FILE")
    add.set_defaults(func=cmd_attach_add)

    listing = commands.add_parser("list", help="証拠資料の一覧（添付先を指定しなければ全部）")
    add_db_argument(listing)
    _add_owner_arguments(listing, required=False)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_attach_list)

    extract = commands.add_parser("extract", help="証拠資料をファイルに書き出す（SHA-256 を確認してから）")
    add_db_argument(extract)
    extract.add_argument("--id", type=int, required=True, help="証拠資料の番号（attach list の ID）")
    extract.add_argument("--out", required=True, help="書き出すファイル、またはフォルダ（既存のフォルダか / で終わる名前）")
    extract.set_defaults(func=cmd_attach_extract)

    remove = commands.add_parser("remove", help="証拠資料を削除する")
    add_db_argument(remove)
    remove.add_argument("--id", type=int, required=True)
    remove.set_defaults(func=cmd_attach_remove)


def register_template_commands(tcommands) -> None:
    """``template diff`` (called from cli/checklist.py)."""
    diff = tcommands.add_parser("diff", help="テンプレートの2つの版の違い（追加・削除・文言変更・移動）")
    add_db_argument(diff)
    diff.add_argument("--from-version", type=int, required=True, help="比べる元の版")
    diff.add_argument("--to-version", type=int, required=True, help="比べる先の版")
    diff.add_argument("--name", help="テンプレートの名称（同じ版番号のテンプレートが複数あるとき）")
    diff.add_argument("--json", action="store_true")
    diff.set_defaults(func=cmd_template_diff)


def register_checklist_commands(commands) -> None:
    """``checklist carry`` (called from cli/checklist.py)."""
    carry = commands.add_parser("carry", help="前回の回答を「未確認」として引き継いで年度のチェックリストを始める（文言が変わった項目は要再回答）")
    add_db_argument(carry)
    carry.add_argument("--fy", type=int, required=True)
    carry.add_argument("--kind", choices=CHECKLIST_KINDS, required=True)
    carry.add_argument("--institution", nargs="+", required=True, metavar="CODE", help="機関コード（複数可。all で対象の全機関）")
    carry.set_defaults(func=cmd_checklist_carry)


# ---------------------------------------------------------------------- attach


def cmd_attach_add(args) -> int:
    from jukidesk.actions.evidence import add_attachments
    from jukidesk.core import evidence

    with open_existing(args.db) as db:
        with db.session() as session:
            owner = _owner(session, args)
            label = evidence.owner_label(session, owner)
        added = add_attachments(db, owner, args.files, evidence_date=args.date, description=args.description).value
    for info in added:  # all files or none
        print(f"登録しました（ID {info.id}）: {info.file_name}  {evidence.size_text(info.size)}  SHA-256 {info.sha256}")
    print(f"添付先: {label}")
    return 0


def cmd_attach_list(args) -> int:
    from jukidesk.core import evidence

    with open_existing(args.db) as db:
        with db.session() as session:
            owner = _owner(session, args)
            infos = evidence.list_attachments(session, owner)
    if args.json:
        print_json([info.as_json() for info in infos])
        return 0
    if not infos:
        print("証拠資料はありません。")
        return 0
    print_table(
        ["ID", "添付先", "証拠の日付", "ファイル名", "大きさ", "説明", "SHA-256"],
        [
            [
                str(i.id), i.owner_label, i.evidence_date.isoformat() if i.evidence_date else "",
                i.file_name, i.size_text, i.description.replace("\n", " ")[:40], i.sha256[:16] + "…",
            ]
            for i in infos
        ],
    )
    return 0


def cmd_attach_extract(args) -> int:
    from jukidesk.core import evidence

    with open_existing(args.db) as db:
        out = Path(args.out)
        if args.out.endswith(("/", "\\")):
            out.mkdir(parents=True, exist_ok=True)
        with db.session() as session:
            path = evidence.extract(session, args.id, out)
    print(f"書き出しました（SHA-256 確認済み）: {path}")
    return 0


def cmd_attach_remove(args) -> int:
    from jukidesk.actions.evidence import remove_attachment

    with open_existing(args.db) as db:
        name = remove_attachment(db, args.id).value
    print(f"削除しました: {name}")
    return 0


# ---------------------------------------------------------------------- report


def cmd_report_issue(args) -> int:
    from jukidesk.actions.papers import issue_paper

    with open_existing(args.db) as db:
        if args.paper == "internal_audit":
            from jukidesk.actions.papers import issue_internal_audit

            info = issue_internal_audit(db, args.fy, institution=args.institution, note=args.note).value
        else:
            info = issue_paper(db, args.paper, args.fy, as_of=args.date, note=args.note).value
    print(f"{info.paper_label} {info.fy}年度を発行済みにしました（ID {info.id}、{info.issued_at:%Y-%m-%d %H:%M}、{info.issued_by}）。")
    print(f"  モデル SHA-256 {info.model_sha256}")
    print(f"  xlsx   SHA-256 {info.xlsx_sha256}")
    print(f"  PDF    SHA-256 {info.pdf_sha256}")
    return 0


def cmd_report_verify(args) -> int:
    from jukidesk.reports.issued import verify_paper

    with open_existing(args.db) as db:
        with db.session() as session:
            parameters = None
            if args.paper == "internal_audit" and args.institution:
                from jukidesk.core.municipal.internal_audit import audit_of

                parameters = {"audit_id": audit_of(session, args.fy, args.institution).id}
            result = verify_paper(session, args.paper, args.fy, parameters=parameters)
    if args.json:
        print_json(
            {
                "issued": result.issued.as_json(),
                "ok": result.ok,
                "hash_problems": result.hash_problems,
                "changes": [
                    {"section": c.section, "place": c.place, "before": c.before, "after": c.after} for c in result.changes
                ],
            }
        )
    else:
        print("\n".join(result.lines()))
    return 0 if result.ok else EXIT_CHANGED


def cmd_report_issued(args) -> int:
    from jukidesk.reports.issued import list_issued, write_issued_file

    with open_existing(args.db) as db:
        with db.session() as session:
            infos = list_issued(session, args.paper, args.fy)
            written = []
            if args.xlsx or args.pdf:
                chosen = next((i for i in infos if i.id == args.id), None) if args.id else (infos[0] if infos else None)
                if chosen is None:
                    raise JukideskError("書き出す発行済みの報告書がありません（--fy・--paper・--id を確かめてください）。")
                for fmt, target in (("xlsx", args.xlsx), ("pdf", args.pdf)):
                    if target is not None:
                        written.append(write_issued_file(session, chosen.id, fmt, target))
    if args.json:
        print_json([i.as_json() for i in infos])
    elif not written:
        if not infos:
            print("発行済みの報告書はありません。")
        else:
            print_table(
                ["ID", "報告書", "年度", "発行日時", "発行者", "モデル SHA-256", "メモ"],
                [
                    [str(i.id), i.paper_label, str(i.fy), f"{i.issued_at:%Y-%m-%d %H:%M}", i.issued_by, i.model_sha256[:16] + "…", i.note]
                    for i in infos
                ],
            )
    for path in written:
        print(f"発行時のファイルを書き出しました（SHA-256 確認済み）: {path}")
    return 0


def cmd_report_trace(args) -> int:
    from sqlalchemy import select

    from jukidesk.core.scoring import format_score
    from jukidesk.core.trace import trace_figure
    from jukidesk.storage.models import Institution

    with open_existing(args.db) as db:
        with db.session() as session:
            institution_id = None
            if args.institution:
                institution_id = session.scalar(select(Institution.id).where(Institution.code == args.institution))
                if institution_id is None:
                    raise JukideskError(f"機関コード「{args.institution}」は機関台帳にありません。")
            trace = trace_figure(session, args.fy, args.kind, institution_id)
    if args.json:
        print_json(trace.as_json())
        return 0
    value = format_score(trace.value) or "－"
    if trace.past is not None:  # imported from the organisation's own file: no answers behind it
        print(f"{args.fy}年度 {trace.kind_label}: {value}")
        print(trace.past.text())
        return 0
    print(
        f"{args.fy}年度 {trace.kind_label}: {value}（{len(trace.checklists)}機関の得点の平均、"
        f"回答 {trace.answer_count}件、うち3点未満 {len(trace.low_answers)}件。対象 {len(trace.counted)}機関）"
    )
    print_table(
        ["機関", "得点", "採点した項目", "該当なし"],
        [[f"{c.institution_code} {c.institution_name}", format_score(c.score), str(len(c.answers)), str(c.not_applicable)] for c in trace.checklists],
    )
    shown = trace.answers() if args.all else trace.low_answers
    if shown:
        print()
        print_table(
            ["機関", "項目", "点", "備考"],
            [[c.institution_name, a.number, str(a.score), a.remark.replace("\n", " ")[:40]] for c, a in shown],
        )
    return 0


def cmd_report_compare(args) -> int:
    from jukidesk.core.revisions import category_trend, year_over_year
    from jukidesk.core.scoring import format_score
    from jukidesk.core.settings import year_style

    with open_existing(args.db) as db:
        with db.session() as session:
            style = year_style(session)
            comparison = year_over_year(session, args.fy, args.kind)
            years = list(range(max(style.cycle_first_fy, args.fy - 5), args.fy + 1))
            trends, comparability = category_trend(session, years, args.kind)
    if args.json:
        print_json(
            {
                "year_over_year": comparison.as_json(),
                "years": years,
                "category_trend": [{"category": t.category, "values": [format_score(v) for v in t.values]} for t in trends],
                "category_trend_excluded": [{"number": i.number, "text": i.text} for i in comparability.excluded],
            }
        )
        return 0
    print(comparison.text(style))
    print()
    print(f"区分（章）別の推移（{len(comparability.items)} 項目で比較）")
    print_table(["区分"] + [style.short(y) for y in years], [[t.category] + [format_score(v) or "－" for v in t.values] for t in trends])
    if comparability.note():
        print(comparability.note())
    return 0


# ---------------------------------------------------------------------- template, checklist


def cmd_template_diff(args) -> int:
    from jukidesk.core.revisions import diff_templates, find_version

    with open_existing(args.db) as db:
        with db.session() as session:
            old = find_version(session, args.from_version, args.name)
            new = find_version(session, args.to_version, args.name)
            diff = diff_templates(old, new)
    if args.json:
        print_json(diff.as_json())
        return 0
    print(diff.summary())
    for change in diff.changes:
        if change.change != "unchanged":
            print(change.text())
    return 0


def cmd_checklist_carry(args) -> int:
    from jukidesk.actions.checklists import start_many_from_previous

    codes = None if args.institution == ["all"] else args.institution
    with open_existing(args.db) as db:
        carried = start_many_from_previous(db, args.fy, args.kind, codes).value  # all institutions or none
    for done in carried:
        print(f"{done.institution_name}: " + done.result.text().replace("\n", "\n  "))
    return 0
