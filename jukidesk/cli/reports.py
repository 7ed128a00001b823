"""report shiryo2 / committee, notices: the committee papers and the audit notice letters,
made through ``actions.papers`` (the papers are registered in ``reports.papers``)."""

from __future__ import annotations

from pathlib import Path

from jukidesk.base.audit_kinds import audit_codes
from jukidesk.cli.common import add_db_argument, iso_date, open_existing


def register(subparsers) -> None:
    from jukidesk.cli import JapaneseArgumentParser

    report = subparsers.add_parser("report", help="報告書を作る")
    kinds = report.add_subparsers(dest="report", required=True, parser_class=JapaneseArgumentParser)
    shiryo2 = kinds.add_parser("shiryo2", help="資料2（監査経過報告）を Excel / PDF で作る")
    add_db_argument(shiryo2)
    shiryo2.add_argument("--fy", type=int, required=True, help="報告の年度（西暦）")
    shiryo2.add_argument("--xlsx", type=Path, help="Excel ファイルの保存先")
    shiryo2.add_argument("--pdf", type=Path, help="PDF ファイルの保存先")
    shiryo2.add_argument("--out", type=Path, help="Excel と PDF を保存するフォルダ（ファイル名は報告書ラベルと年度）")
    shiryo2.add_argument(
        "--chart", type=Path, action="append", default=[], metavar="PNG",
        help="Excel のシート「グラフ」に置く画像（グラフ タブの「PNGで保存」で保存したもの。繰り返し指定可）",
    )
    shiryo2.set_defaults(func=cmd_shiryo2, _parser=shiryo2)
    committee = kinds.add_parser("committee", help="審議会への年次報告（監査・会議・研修・訓練・点検・指摘・調査票）を Excel / PDF で作る")
    add_db_argument(committee)
    committee.add_argument("--fy", type=int, required=True, help="報告の年度（西暦）")
    committee.add_argument("--date", type=iso_date, help="点検の記録状況を数える基準日（省略時は設定の基準日、なければ今日）")
    committee.add_argument("--xlsx", type=Path, help="Excel ファイルの保存先")
    committee.add_argument("--pdf", type=Path, help="PDF ファイルの保存先")
    committee.add_argument("--out", type=Path, help="Excel と PDF を保存するフォルダ（ファイル名は年度から）")
    committee.set_defaults(func=cmd_committee, _parser=committee)
    internal = kinds.add_parser("internal-audit", help="内部監査報告書（方法別の結果と意見・提案）を Excel / PDF で作る")
    add_db_argument(internal)
    internal.add_argument("--fy", type=int, required=True, help="監査の年度（西暦）")
    internal.add_argument("--institution", required=True, help="内部監査を受けた機関の機関コード")
    internal.add_argument("--xlsx", type=Path, help="Excel ファイルの保存先")
    internal.add_argument("--pdf", type=Path, help="PDF ファイルの保存先")
    internal.add_argument("--out", type=Path, help="Excel と PDF を保存するフォルダ")
    internal.add_argument("--issue", action="store_true", help="報告書を「発行済」にする（xlsx・PDF・モデルとその SHA-256 を保存）")
    internal.add_argument("--note", default="", help="--issue のメモ（提出先など）")
    internal.set_defaults(func=cmd_internal_audit, _parser=internal)
    _register_evidence_commands(kinds)  # issue / verify / issued / trace / compare

    notices = subparsers.add_parser("notices", help="監査実施通知を PDF で作る（機関ごとに1ページ）")
    add_db_argument(notices)
    notices.add_argument("--fy", type=int, required=True, help="監査の年度（西暦）")
    notices.add_argument("--kind", required=True, choices=audit_codes(), help="監査区分")
    notices.add_argument("--pdf", type=Path, required=True, help="PDF ファイルの保存先")
    notices.add_argument("--institution", help="この機関コードの通知だけを作る")
    notices.add_argument("--date", type=iso_date, help="通知の日付 YYYY-MM-DD（監査の日より後は不可。省略時は監査ごとに、基準日が通知期限までならその日、過ぎていれば通知期限の日）")
    notices.add_argument("--number", type=int, help="最初の文書番号（省略時は空欄）")
    notices.add_argument("--mark-notified", action="store_true", help="予定の監査を「通知済」にする（通知日 = 通知の日付）")
    notices.set_defaults(func=cmd_notices)


def _register_evidence_commands(kinds) -> None:
    """``report issue / verify / issued / trace / compare``: their commands are in cli/evidence.py."""
    from jukidesk.reports.papers import issuable_papers
    from jukidesk.storage.models import CHECKLIST_KINDS

    def paper_arguments(parser):
        add_db_argument(parser)
        parser.add_argument("--fy", type=int, required=True, help="報告の年度（西暦）")
        parser.add_argument("--paper", choices=issuable_papers(), default="shiryo2", help="報告書の種類（既定: shiryo2）")

    issue = kinds.add_parser("issue", help="報告書を「発行済」にする（xlsx・PDF・モデルとその SHA-256 を保存）")
    paper_arguments(issue)
    issue.add_argument("--date", type=iso_date, help="committee: 点検の記録状況を数える基準日（省略時は設定の基準日、なければ今日）")
    issue.add_argument("--note", default="", help="メモ（提出先など）")
    issue.add_argument("--institution", help="internal_audit: 内部監査を受けた機関の機関コード")
    issue.set_defaults(func=_evidence_command("cmd_report_issue"))

    verify = kinds.add_parser(
        "verify", help="発行済みの報告書を確かめる（ハッシュ不一致または発行後のデータ変更があれば終了コード 1）"
    )
    paper_arguments(verify)
    verify.add_argument("--institution", help="internal_audit: 内部監査を受けた機関の機関コード（省略時は最後に発行したもの）")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=_evidence_command("cmd_report_verify"))

    issued = kinds.add_parser("issued", help="発行済みの報告書の一覧。--xlsx/--pdf で発行した時のファイルを書き出す")
    add_db_argument(issued)
    issued.add_argument("--fy", type=int, help="年度（西暦）")
    issued.add_argument("--paper", choices=issuable_papers())
    issued.add_argument("--id", type=int, help="書き出す発行済みの報告書の ID（省略時は最新）")
    issued.add_argument("--xlsx", type=Path, help="発行した xlsx の書き出し先")
    issued.add_argument("--pdf", type=Path, help="発行した PDF の書き出し先")
    issued.add_argument("--json", action="store_true")
    issued.set_defaults(func=_evidence_command("cmd_report_issued"))

    trace = kinds.add_parser("trace", help="平均点の根拠: その平均を構成する機関・チェックリスト・項目・点数")
    add_db_argument(trace)
    trace.add_argument("--fy", type=int, required=True)
    trace.add_argument("--kind", choices=CHECKLIST_KINDS, required=True)
    trace.add_argument("--institution", help="この機関コードの得点だけ")
    trace.add_argument("--all", action="store_true", help="3点の回答も表示する（既定は3点未満だけ）")
    trace.add_argument("--json", action="store_true")
    trace.set_defaults(func=_evidence_command("cmd_report_trace"))

    compare = kinds.add_parser("compare", help="前年度比と区分（章）別の推移（年度間で比較できる項目だけ）")
    add_db_argument(compare)
    compare.add_argument("--fy", type=int, required=True)
    compare.add_argument("--kind", choices=CHECKLIST_KINDS, default="self")
    compare.add_argument("--json", action="store_true")
    compare.set_defaults(func=_evidence_command("cmd_report_compare"))


def _evidence_command(name: str):
    """A ``report`` command of cli/evidence.py, imported when that command runs: making a
    paper (``report shiryo2``) does not load the evidence commands."""

    def run(args) -> int:
        from jukidesk.cli import evidence

        return getattr(evidence, name)(args)

    return run


def _write_paper(args, make, **options) -> int:
    """shiryo2 / committee: the action builds the document once and writes the asked files."""
    if args.xlsx is None and args.pdf is None and args.out is None:
        args._parser.error("--xlsx・--pdf・--out の少なくとも1つを指定してください")
    with open_existing(args.db) as db:
        written = make(db, args.fy, xlsx=args.xlsx, pdf=args.pdf, folder=args.out, **options).value
    names = {"xlsx": "Excel", "pdf": "PDF"}
    for fmt, path in written.items():
        print(f"{names.get(fmt, fmt)} を保存しました: {path}")
    return 0


def cmd_shiryo2(args) -> int:
    from jukidesk.actions.papers import chart_images, make_shiryo2

    if args.chart and args.xlsx is None and args.out is None:
        args._parser.error("--chart は Excel（--xlsx または --out）と一緒に指定してください")
    return _write_paper(args, make_shiryo2, charts=chart_images(args.chart))


def cmd_committee(args) -> int:
    from jukidesk.actions.papers import make_committee

    return _write_paper(args, make_committee, as_of=args.date)


def cmd_internal_audit(args) -> int:
    from jukidesk.actions.papers import issue_internal_audit, make_internal_audit

    if args.issue and args.xlsx is None and args.pdf is None and args.out is None:
        with open_existing(args.db) as db:
            info = issue_internal_audit(db, args.fy, institution=args.institution, note=args.note).value
    else:
        _write_paper(args, make_internal_audit, institution=args.institution)
        if not args.issue:
            return 0
        with open_existing(args.db) as db:
            info = issue_internal_audit(db, args.fy, institution=args.institution, note=args.note).value
    print(f"{info.paper_label} {info.fy}年度を発行済みにしました（ID {info.id}、{info.issued_at:%Y-%m-%d %H:%M}、{info.issued_by}）。")
    print(f"  PDF    SHA-256 {info.pdf_sha256}")
    return 0


def cmd_notices(args) -> int:
    from jukidesk.actions.papers import print_notices

    with open_existing(args.db) as db:
        printed = print_notices(
            db,
            args.fy,
            target=args.pdf,
            kind=args.kind,
            institution=args.institution,
            date=args.date,
            first_number=args.number,
            mark_notified=args.mark_notified,
        ).value
    print(f"通知 {len(printed.letters)} 件を保存しました: {printed.path}")
    if args.mark_notified:
        print(f"{len(printed.marked)} 件の監査を「通知済」にしました（通知日 {printed.dates_text()}）。")
    return 0
