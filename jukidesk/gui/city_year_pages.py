"""The city's year in 市町村の運用 (issue 18): the pages 審議会の開催要否 and 内部監査報告書
and printing a 内部監査報告書. ``municipal_tab.MunicipalTab`` builds its pages through
these functions (one small hook each); the lists are its ``RecordPanel``s."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton, QTabWidget, QWidget

from jukidesk.base.fiscal import screen_datetime
from jukidesk.gui import operations, prompts

# ``tab`` is the MunicipalTab (not imported: it imports this module).

def council_page(tab) -> QWidget:
    decisions = tab._panel("council_decision", kind_key="council_decision", title="審議会の開催要否（選択年度）")
    replies = tab._panel("council_reply", kind_key="council_reply", parent_panel=decisions, title="各委員の回答（選択した開催要否）")
    return tab._page(decisions, replies)


def internal_audit_page(tab) -> QWidget:
    reports = tab._panel("audit_report", kind_key="audit_report", title="内部監査報告書（選択年度の内部監査）")
    button = QPushButton("報告書を印刷（Excel・PDF）…", reports)
    button.setToolTip("選択した内部監査報告書を A4 の Excel と PDF で保存します")
    button.clicked.connect(lambda: tab.print_internal_audit())
    reports.add_button_row(button)
    tab.internal_audit_button = button
    issue = QPushButton("発行済にする…", reports)
    issue.setToolTip("選択した内部監査報告書の Excel・PDF と内容を、改ざん検知の値（SHA-256）・日時・利用者名とともに保存します")
    issue.clicked.connect(lambda: issue_internal_audit(tab))
    reports.add_button_row(issue)
    tab.internal_audit_issue_button = issue
    children = QTabWidget()
    for key, title in (("audit_method", "監査方法別の結果"), ("audit_proposal", "意見・提案と対応")):
        children.addTab(tab._panel(key, kind_key=key, parent_panel=reports, title=f"{title}（選択した報告書）"), title)
    return tab._page(reports, children)


def _selected_audit(tab, verb: str) -> tuple[int, str] | None:
    from jukidesk.storage.models_city import InternalAuditReport

    report_id = tab.panels["audit_report"].selected_id()
    if report_id is None:
        prompts.info(tab, f"{verb}内部監査報告書を一覧で選んでください。")
        return None
    with tab.context.database.session() as session:
        report = session.get(InternalAuditReport, report_id)
        return report.audit_id, report.audit.institution.name


def issue_internal_audit(tab) -> operations.Operation | None:
    """発行済 for the selected 内部監査報告書 (``actions.papers.issue_internal_audit``), as
    資料2 and the committee summary are issued."""
    from jukidesk.actions.papers import issue_internal_audit as issue

    selected = _selected_audit(tab, "発行済にする")
    if selected is None:
        return None
    audit_id, place = selected
    fy, database = tab.context.fiscal_year, tab.context.database
    year = tab.context.year_style.label(fy, fullwidth=False)
    if not prompts.confirm(
        tab,
        f"{year}の内部監査報告書（{place}）を「発行済」にします。\n"
        "現在のデータから作った Excel・PDF と内容を、改ざん検知の値（SHA-256）・日時・利用者名とともに保存します。\n"
        "発行後にデータが変わっても、この版は変わらずに残ります。",
        ok_text="発行済にする",
    ):
        return None

    def done(info):
        prompts.info(
            tab,
            f"内部監査報告書（{place}）を発行済にしました（{screen_datetime(info.issued_at)}）。\n"
            f"PDF の改ざん検知の値（SHA-256）: {info.pdf_sha256}",
        )

    tab.last_operation = operations.run_action(
        tab,
        tab.context,
        lambda progress: issue(database, fy, audit_id=audit_id, progress=progress),
        label="発行済の版を保存しています…",
        on_success=done,
    )
    return tab.last_operation


def print_internal_audit(tab) -> operations.Operation | None:
    """The selected 内部監査報告書 as xlsx and PDF (``actions.papers.make_internal_audit``)."""
    from jukidesk.actions.papers import make_internal_audit

    selected = _selected_audit(tab, "印刷する")
    if selected is None:
        return None
    audit_id, place = selected
    label = tab.context.year_style.label(tab.context.fiscal_year, fullwidth=False)
    name = prompts.save_file_name(
        tab, "内部監査報告書を保存（Excel と同じ名前の PDF も作ります）", f"内部監査報告書_{label}_{place}.xlsx",
        prompts.XLSX_FILTER,
        kind="internal_audit_report",
    )
    if not name:
        return None
    xlsx = Path(name).with_suffix(".xlsx")
    fy, database = tab.context.fiscal_year, tab.context.database
    return operations.run_action(
        tab,
        tab.context,
        lambda progress: make_internal_audit(
            database, fy, audit_id=audit_id, xlsx=xlsx, pdf=xlsx.with_suffix(".pdf"), progress=progress
        ),
        label="内部監査報告書を作成しています…",
        on_success=lambda written: prompts.info(tab, "保存しました:\n" + "\n".join(str(p) for p in written.values())),
    )
