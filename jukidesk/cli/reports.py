"""report shiryo2, notices: the committee paper and the audit notice letters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jukidesk.cli.common import add_db_argument, iso_date, open_existing
from jukidesk.storage.models import AUDIT_KINDS


def register(subparsers) -> None:
    from jukidesk.cli import JapaneseArgumentParser

    report = subparsers.add_parser("report", help="報告書を作る")
    kinds = report.add_subparsers(dest="report", required=True, parser_class=JapaneseArgumentParser)
    shiryo2 = kinds.add_parser("shiryo2", help="資料2（監査経過報告）を Excel / PDF で作る")
    add_db_argument(shiryo2)
    shiryo2.add_argument("--fy", type=int, required=True, help="報告の年度（西暦）")
    shiryo2.add_argument("--xlsx", type=Path, help="Excel ファイルの保存先")
    shiryo2.add_argument("--pdf", type=Path, help="PDF ファイルの保存先")
    shiryo2.set_defaults(func=cmd_shiryo2, _parser=shiryo2)
    committee = kinds.add_parser("committee", help="審議会への年次報告（監査・会議・研修・訓練・点検・指摘）を Excel / PDF で作る")
    add_db_argument(committee)
    committee.add_argument("--fy", type=int, required=True, help="報告の年度（西暦）")
    committee.add_argument("--date", type=iso_date, help="点検の記録状況を数える基準日（省略時は設定の基準日、なければ今日）")
    committee.add_argument("--xlsx", type=Path, help="Excel ファイルの保存先")
    committee.add_argument("--pdf", type=Path, help="PDF ファイルの保存先")
    committee.set_defaults(func=cmd_committee, _parser=committee)
    from jukidesk.cli.evidence import register_report_commands

    register_report_commands(kinds)  # issue / verify / issued / trace / compare

    notices = subparsers.add_parser("notices", help="監査実施通知を PDF で作る（機関ごとに1ページ）")
    add_db_argument(notices)
    notices.add_argument("--fy", type=int, required=True, help="監査の年度（西暦）")
    notices.add_argument("--kind", required=True, choices=AUDIT_KINDS, help="監査区分")
    notices.add_argument("--pdf", type=Path, required=True, help="PDF ファイルの保存先")
    notices.add_argument("--institution", help="この機関コードの通知だけを作る")
    notices.add_argument("--date", type=iso_date, help="通知の日付 YYYY-MM-DD（省略時は今日）")
    notices.add_argument("--number", type=int, help="最初の文書番号（省略時は空欄）")
    notices.add_argument("--mark-notified", action="store_true", help="予定の監査を「通知済」にする（通知日 = 通知の日付）")
    notices.set_defaults(func=cmd_notices)


def _write_paper(args, build, sheet_title: str | None = None) -> int:
    """shiryo2 / committee: ``build(session)`` the document once, then write the asked formats."""
    if args.xlsx is None and args.pdf is None:
        args._parser.error("--xlsx と --pdf の少なくとも一方を指定してください")
    with open_existing(args.db) as db:
        with db.session() as session:
            document = build(session)
    if args.xlsx is not None:
        from jukidesk.reports.xlsx_renderer import render_xlsx

        options = {} if sheet_title is None else {"sheet_title": sheet_title}
        print(f"Excel を保存しました: {render_xlsx(document, args.xlsx, **options)}")
    if args.pdf is not None:
        from jukidesk.reports.pdf_renderer import render_pdf

        print(f"PDF を保存しました: {render_pdf(document, args.pdf)}")
    return 0


def cmd_shiryo2(args) -> int:
    from jukidesk.reports.shiryo2 import build_shiryo2

    return _write_paper(args, lambda session: build_shiryo2(session, args.fy))


def cmd_committee(args) -> int:
    from jukidesk.reports.committee import build_committee

    return _write_paper(args, lambda session: build_committee(session, args.fy, as_of=args.date), sheet_title="審議会報告")


def cmd_notices(args) -> int:
    from jukidesk.reports.notices import build_notices, render_notices_pdf

    date = args.date or dt.date.today()
    with open_existing(args.db) as db:
        with db.session() as session:
            letters = build_notices(
                session, args.fy, args.kind, institution_code=args.institution, date=date, first_number=args.number
            )
        render_notices_pdf(letters, args.pdf)
        print(f"通知 {len(letters)} 件を保存しました: {args.pdf}")
        if args.mark_notified:
            from jukidesk.core.audits import get_audit, set_status

            marked = 0
            with db.transaction() as session:  # all or nothing
                for letter in letters:
                    if get_audit(session, letter.audit_id).status == "planned":
                        set_status(session, letter.audit_id, "notified", on=date)
                        marked += 1
            print(f"{marked} 件の監査を「通知済」にしました（通知日 {date.isoformat()}）。")
    return 0
