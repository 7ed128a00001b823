"""The city's year (issue 18) on a copy of the city demo: 年度更新 carries the training
plan and plans the audits, 今年度の進捗 shows a city's own steps (not 資料2), contracts
without a Pマーク warn, the 審議会's decision whether to meet is recorded and reported, and
the internal audit report by method prints and reaches the committee report."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from sqlalchemy import select

from tests.gui.helpers import shown

from .conftest import DEMO_FY

NEXT_FY = DEMO_FY + 1
CITY_STEPS = ["training", "drills", "inspections", "management", "survey", "council"]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jukidesk", *args], capture_output=True, text=True, encoding="utf-8", check=False
    )


# ---------------------------------------------------------------- carry-over and the city's steps


def test_fy2027_starts_with_fy2026s_courses_and_an_audit_plan(city_path):
    """`year prepare --fy 2027` on the city demo: the training plan is carried (same kinds,
    titles and required flags, dates a year later, no completions) and the audits planned."""
    result = _cli("year", "prepare", "--db", str(city_path), "--fy", str(NEXT_FY))
    assert result.returncode == 0, result.stderr
    assert "合計を" not in result.stdout + result.stderr
    assert "研修計画: 前年度の研修 3件を引き継ぎました" in result.stdout

    from jukidesk.storage.database import open_database
    from jukidesk.storage.models import Audit
    from jukidesk.storage.models_municipal import TrainingCourse

    db = open_database(city_path)
    try:
        with db.session() as session:
            def plan(fy):
                rows = session.scalars(select(TrainingCourse).where(TrainingCourse.fy == fy).order_by(TrainingCourse.title))
                return [(c.kind, c.title, c.required, c.due_on, c.planned_from, len(c.completions)) for c in rows]

            before, after = plan(DEMO_FY), plan(NEXT_FY)
            assert [row[:3] for row in after] == [row[:3] for row in before]
            assert all(row[5] == 0 for row in after)  # everyone retakes the course
            for old, new in zip(before, after, strict=True):
                for a, b in ((old[3], new[3]), (old[4], new[4])):
                    assert (a is None and b is None) or (b.year == a.year + 1 and (b.month, b.day) == (a.month, a.day))
            audits = session.scalars(select(Audit).where(Audit.fy == NEXT_FY)).all()
            assert audits and {a.kind for a in audits} <= {"internal", "external"}
    finally:
        db.close()
    again = _cli("year", "prepare", "--db", str(city_path), "--fy", str(NEXT_FY))
    assert "引き継ぎました" not in again.stdout and "変更はありません" in again.stdout


def test_year_status_shows_a_citys_own_steps_and_not_shiryo2(city_path):
    result = _cli("year", "status", "--db", str(city_path), "--fy", str(DEMO_FY), "--json")
    assert result.returncode == 0, result.stderr
    import json

    keys = [step["key"] for step in json.loads(result.stdout)["steps"]]
    assert "report" not in keys
    assert keys[-len(CITY_STEPS):] == CITY_STEPS
    text = _cli("year", "status", "--db", str(city_path), "--fy", str(DEMO_FY)).stdout
    assert "資料2" not in text
    for title in ("研修", "緊急時対応訓練", "日次・月次点検", "管理運用会議", "調査票", "審議会への報告"):
        assert title in text


def test_a_prefecture_keeps_shiryo2(city_db):
    from jukidesk.core.settings import save_settings
    from jukidesk.core.year_progress import year_overview

    with city_db.session() as session:
        save_settings(session, {"org_kind": "都道府県"})
        keys = [step.key for step in year_overview(session, DEMO_FY).steps]
    assert keys[-1] == "report" and not set(CITY_STEPS) & set(keys)


def test_a_new_management_meeting_starts_with_last_years_agenda(city_db, ctx):
    import datetime as dt

    from jukidesk.core.municipal import meetings
    from jukidesk.core.municipal.records import Context, add_record
    from jukidesk.storage.models_municipal import AgendaItem, Meeting

    with city_db.session() as session:
        first = session.scalars(select(Meeting).where(Meeting.kind == "management", Meeting.fy == DEMO_FY)).first()
        first.agenda.append(AgendaItem(position=len(first.agenda) + 1, title="地域センターの不定期ログ確認について"))
        session.flush()
        titles = [item.title for item in first.agenda]
        meeting = add_record(session, meetings.MEETING, {
            "kind": "management", "title": "令和９年度 管理運用会議", "held_on": dt.date(2027, 7, 8), "place": "会議室",
        }, Context(NEXT_FY, dt.date(2027, 7, 1)))
        assert [item.title for item in meeting.agenda] == titles


@pytest.fixture
def city_window(qtbot, qapp, city_path, monkeypatch, tmp_path_factory):
    from PySide6.QtCore import QSettings

    from jukidesk.gui import operations, prompts
    from jukidesk.gui.context import AppContext
    from jukidesk.gui.main_window import MainWindow
    from jukidesk.storage.database import open_database

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path_factory.mktemp("qs")))
    calls: list = []
    for kind in ("info", "warn", "error"):
        monkeypatch.setattr(prompts, kind, lambda parent, text, _k=kind, **kw: calls.append((_k, text)))
    answers: list[bool] = []

    def confirm(parent, text, **kw):
        calls.append(("confirm", text))
        return answers.pop(0) if answers else True

    monkeypatch.setattr(prompts, "confirm", confirm)
    operations.set_synchronous(True)
    context = AppContext(open_database(city_path))
    context.set_fiscal_year(DEMO_FY)
    win = MainWindow(context)
    win.calls, win.answers = calls, answers
    shown(qtbot, win)
    yield win
    win.close()
    context.close()
    operations.set_synchronous(False)


def test_home_tab_of_a_city_lists_its_steps_and_opens_their_views(city_window):
    home = city_window.show_tab("今年度の進捗")
    keys = [step.key for step in home.model.steps()]
    assert "report" not in keys and keys[-len(CITY_STEPS):] == CITY_STEPS
    assert home.status_text("management") == "完了"
    assert "記録漏れ 2件" in home.detail_text("inspections")
    assert "開催要否は照会中（回答 4件・期限 R8.11.27）" in home.detail_text("council")
    home.grab().save("/tmp/city_home.png")
    home.action_buttons["training"].click()
    assert city_window.current_tab_title() == "市町村の運用"
    assert city_window.tab_widget("市町村の運用").current_view() == "training"


def _ok(qtbot, dialog):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


# ---------------------------------------------------------------- contracts


def _contract_rows(path):
    import sqlite3

    con = sqlite3.connect(path)
    try:
        return con.execute(
            "SELECT vendor, certificate_kind, privacy_mark_number FROM outsourcing_contract ORDER BY id"
        ).fetchall()
    finally:
        con.close()


def test_a_contract_without_pmark_warns_at_entry_and_in_the_warnings(qtbot, city_window, city_path):
    import datetime as dt

    tab = city_window.show_tab("市町村の運用")
    tab.show_view("contracts")
    panel = tab.panels["contract"]
    dialog = panel.add()
    dialog.set_values({**dialog.values(), "vendor": "認証なし株式会社", "subject": "端末保守"})
    before = _contract_rows(city_path)
    city_window.answers.append(False)  # the clerk reads the warning and goes back
    _ok(qtbot, dialog)
    asked = [text for kind, text in city_window.calls if kind == "confirm"]
    assert len(asked) == 1 and "認証なし株式会社 のプライバシーマーク又はISMSの認証が登録されていません" in asked[0]
    assert dialog.isVisible() and _contract_rows(city_path) == before
    city_window.answers.append(True)  # saved knowingly
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert _contract_rows(city_path)[-1] == ("認証なし株式会社", "pmark", "")
    texts = tab.warning_texts()
    assert any("認証なし株式会社" in t and "認証が登録されていません" in t for t in texts)

    # An ISMS expiring before the contract ends is asked about too; one lasting past it is not.
    dialog = panel.add()
    dialog.set_values({**dialog.values(), "vendor": "ISMS株式会社", "subject": "データ消去", "certificate_kind": "isms",
                       "privacy_mark_number": "IS 123456", "privacy_mark_expires_on": dt.date(2027, 2, 1)})
    city_window.answers.append(False)
    _ok(qtbot, dialog)
    assert "ISMS株式会社 のISMS（IS 123456）の有効期限 令和9年2月1日 が、契約期間の終了 令和9年3月31日 より前です" in (
        [text for kind, text in city_window.calls if kind == "confirm"][-1]
    )
    dialog.set_values({**dialog.values(), "privacy_mark_expires_on": dt.date(2028, 2, 1)})
    asked = len([1 for kind, _ in city_window.calls if kind == "confirm"])
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len([1 for kind, _ in city_window.calls if kind == "confirm"]) == asked
    assert _contract_rows(city_path)[-1] == ("ISMS株式会社", "isms", "IS 123456")
    assert "ISMS" in [cells[4] for cells in panel.rows()]


def test_contract_certificate_rule_follows_the_setting_and_the_cli_needs_confirm(city_path):
    args = ["records", "add", "--db", str(city_path), "--fy", str(DEMO_FY), "--kind", "contract",
            "vendor=認証なし株式会社", "subject=保守"]
    refused = _cli(*args)
    assert refused.returncode == 1 and "認証が登録されていません" in refused.stdout and "--confirm" in refused.stdout
    assert all(row[0] != "認証なし株式会社" for row in _contract_rows(city_path))
    saved = _cli(*args, "--confirm")
    assert saved.returncode == 0, saved.stderr
    import json

    warnings = json.loads(_cli("warnings", "--db", str(city_path), "--json").stdout)["warnings"]
    gaps = [w for w in warnings if w["kind"] == "certificate_gap"]
    assert len(gaps) == 1 and "認証なし株式会社" in gaps[0]["message"]

    from jukidesk.core.municipal.warnings import collect
    from jukidesk.core.settings import save_settings
    from jukidesk.storage.database import open_database

    db = open_database(city_path)
    try:
        with db.transaction() as session:
            save_settings(session, {"contract_certificate_required": False})
        with db.session() as session:
            assert not [a for a in collect(session) if a.kind == "certificate_gap"]
    finally:
        db.close()


# ---------------------------------------------------------------- 審議会 decisions


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _flat(text: str) -> str:
    """Text as laid out on paper, without the line breaks and spaces the layout adds."""
    return text.replace("\n", "").replace(" ", "").replace("\u3000", "")


def _xlsx_text(path) -> str:
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    return "\n".join(
        str(cell.value) for ws in workbook.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None
    )


def test_a_decision_not_to_hold_the_council_is_recorded_with_replies_and_reported(city_db, tmp_path):
    import datetime as dt

    from jukidesk.actions import municipal as act
    from jukidesk.actions import papers
    from jukidesk.core.municipal import council
    from jukidesk.core.municipal.records import Context, values_of
    from jukidesk.core.municipal.warnings import collect
    from jukidesk.storage.models_municipal import CommitteeMember

    with city_db.session() as session:
        decision = council.decision_of(session, DEMO_FY)
        members = {m.name: m.id for m in session.scalars(select(CommitteeMember))}
        values = values_of(council.COUNCIL_DECISION, decision)
        decision_id = decision.id
        # the deadline (11/27) is 7 days ahead on the demo date (setting council_reply_warning_days = 7)
        assert [a.message for a in collect(session, dt.date(2026, 11, 19)) if a.kind == "council_reply"] == []
        [alert] = [a for a in collect(session, dt.date(2026, 11, 20)) if a.kind == "council_reply"]
        assert "2名（坂井 典子、石田 健）" in alert.message and alert.view == "council"

    ctx = Context(DEMO_FY, dt.date(2026, 11, 30), decision_id)
    act.add_record(city_db, "council_reply", {"member_id": members["石田 健"], "received_on": dt.date(2026, 11, 24),
                                               "answer": "not_hold", "opinion": ""}, ctx)
    # the chair decides with one reply missing: the clerk is asked to confirm
    decided = {**values, "decision": "not_hold", "decided_on": dt.date(2026, 12, 1),
               "reason": "審議すべき重要事項はないとの回答のため"}
    asked = act.record_warnings(city_db, "council_decision", decided, ctx, record_id=decision_id)
    assert asked and "坂井 典子" in asked[0]
    act.add_record(city_db, "council_reply", {"member_id": members["坂井 典子"], "received_on": dt.date(2026, 11, 28),
                                               "answer": "not_hold", "opinion": "特段の意見はない。"}, ctx)
    assert act.record_warnings(city_db, "council_decision", decided, ctx, record_id=decision_id) == []
    act.update_record(city_db, "council_decision", decision_id, decided, ctx)
    with city_db.session() as session:
        assert not [a for a in collect(session, dt.date(2026, 11, 30)) if a.kind == "council_reply"]

    written = papers.make_committee(city_db, DEMO_FY, xlsx=tmp_path / "c.xlsx", pdf=tmp_path / "c.pdf").value
    for text in (_xlsx_text(written["xlsx"]), _pdf_text(written["pdf"])):
        flat = _flat(text)
        assert "回答６/６名（開催を要するとの回答０名）" in flat  # counts as elsewhere in the paper (num)
        assert "令和8年12月1日、会長が審議会を開催しないと決定した（審議すべき重要事項はないとの回答のため）" in flat
        for name in ("小松和夫", "大坪里美", "川辺俊介", "松本弘美", "石田健", "坂井典子"):
            assert name in flat
        assert "特段の意見はない。" in flat and "未回答" not in flat


def test_a_term_of_another_length_than_the_rules_needs_confirmation(qtbot, city_window, city_path):
    import datetime as dt

    args = ["records", "add", "--db", str(city_path), "--fy", str(DEMO_FY), "--kind", "member", "name=長期 委員",
            "term_start=2026-12-01", "term_end=2031-11-30"]
    refused = _cli(*args)
    assert refused.returncode == 1 and "規程の任期2年" in refused.stdout
    tab = city_window.show_tab("市町村の運用")
    tab.show_view("meetings")
    panel = tab.panels["member"]
    dialog = panel.add()
    values = dialog.values()
    assert values["term_end"] == dt.date(2028, 3, 31)  # the rule's two years from the start of the year
    dialog.set_values({**values, "name": "長期 委員", "term_start": dt.date(2026, 12, 1), "term_end": dt.date(2031, 11, 30)})
    city_window.answers.append(False)
    _ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "規程の任期2年（令和10年11月30日まで）と異なります" in [t for k, t in city_window.calls if k == "confirm"][-1]
    dialog.set_values({**dialog.values(), "term_end": dt.date(2028, 11, 30)})
    confirms = len([1 for k, _ in city_window.calls if k == "confirm"])
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len([1 for k, _ in city_window.calls if k == "confirm"]) == confirms
    assert "長期 委員" in [cells[1] for cells in panel.rows()]


def test_the_council_view_lists_the_decision_and_replies(qtbot, city_window):
    tab = city_window.show_tab("市町村の運用")
    page = tab.show_view("council")
    qtbot.waitUntil(page.isVisible)
    decisions, replies = tab.panels["council_decision"], tab.panels["council_reply"]
    assert len(decisions.rows()) == 1 and decisions.rows()[0][4] == "未定"
    decisions.view.selectRow(0)
    qtbot.waitUntil(lambda: len(replies.rows()) == 4)
    assert [r[0] for r in replies.rows()] == ["小松 和夫", "大坪 里美", "川辺 俊介", "松本 弘美"]
    city_window.grab().save("/tmp/city_council.png")


# ---------------------------------------------------------------- internal audit report


def test_the_demo_reproduces_the_minutes_internal_audit_report(city_db):
    from jukidesk.core.municipal import internal_audit

    with city_db.session() as session:
        [report] = internal_audit.reports_of(session, DEMO_FY - 1)
        assert report.audit.institution.name == "市民課"
        assert [(m.method, m.no_problem) for m in report.methods] == [
            ("聞き取り調査", True), ("ログ解析等", True), ("現地調査", True)
        ]
        assert "不正な使用はなく問題なし" in report.methods[1].result
        contents = [p.content for p in report.proposals]
        assert "チェックシート" in contents[0] and "月次点検簿" in contents[1] and "不定期にログ確認" in contents[2]
        assert [p.status for p in report.proposals] == ["done", "done", "in_progress"]
        # the one still in progress is followed into the next year
        assert [p.content for p in internal_audit.open_proposals(session, DEMO_FY)][0] == contents[2]


def test_an_audit_report_with_three_methods_and_two_proposals_prints_and_reaches_the_committee_report(city_db, city_path, tmp_path):
    import datetime as dt

    from jukidesk.actions import municipal as act
    from jukidesk.actions import papers
    from jukidesk.core.municipal import internal_audit
    from jukidesk.core.municipal.records import Context, values_of
    from jukidesk.core.municipal.warnings import collect

    with city_db.session() as session:
        audit = internal_audit.audit_of(session, DEMO_FY, "203")  # 南部地域センター, 2026-10-21
        audit_id = audit.id
    ctx = Context(DEMO_FY, dt.date(2026, 11, 20))
    report_id = act.add_record(city_db, "audit_report", {
        "audit_id": audit_id, "reported_on": dt.date(2026, 11, 10), "auditors": "内部監査委員会（委員長 情報政策課長）",
        "scope": "端末の運用状況と検索ログ",
    }, ctx).value
    child = Context(DEMO_FY, ctx.as_of, report_id)
    with city_db.session() as session:
        report = session.get(internal_audit.InternalAuditReport, report_id)
        methods = {m.method: (m.id, values_of(internal_audit.METHOD, m)) for m in report.methods}
    assert list(methods) == ["聞き取り調査", "ログ解析等", "現地調査"]  # from the setting, each 問題なし
    method_id, values = methods["ログ解析等"]
    act.update_record(city_db, "audit_method", method_id, {
        **values, "no_problem": False, "result": "検索ログの確認記録が２か月分なかった。"}, child)
    for content, due in (("検索ログの確認記録を月次点検簿に綴る。", dt.date(2026, 12, 25)),
                         ("地域センターの操作者に検索目的の記録を徹底する。", dt.date(2027, 3, 31))):
        act.add_record(city_db, "audit_proposal", {
            "method": "ログ解析等", "content": content, "owner": "南部地域センター所長", "due_on": due, "status": "open",
        }, child)

    cli = _cli("report", "internal-audit", "--db", str(city_path), "--fy", str(DEMO_FY), "--institution", "203",
               "--xlsx", str(tmp_path / "ia.xlsx"), "--pdf", str(tmp_path / "ia.pdf"))
    assert cli.returncode == 0, cli.stderr
    for text in (_xlsx_text(tmp_path / "ia.xlsx"), _pdf_text(tmp_path / "ia.pdf")):
        flat = _flat(text)
        assert "令和８年度内部監査報告書（南部地域センター）" in flat
        assert "聞き取り調査による監査…問題なし。" in flat and "現地調査による監査…問題なし。" in flat
        assert "ログ解析等による監査…【指摘あり】検索ログの確認記録が２か月分なかった。" in flat
        assert "検索ログの確認記録を月次点検簿に綴る。" in flat and "地域センターの操作者に検索目的の記録を徹底する。" in flat
        assert flat.count("南部地域センター所長") == 2
    assert "-2-" not in _pdf_text(tmp_path / "ia.pdf").replace(" ", "")  # one A4 page

    written = papers.make_committee(city_db, DEMO_FY, xlsx=tmp_path / "c.xlsx", pdf=tmp_path / "c.pdf").value
    for text in (_xlsx_text(written["xlsx"]), _pdf_text(written["pdf"])):
        flat = _flat(text)
        section = flat[flat.index("内部監査の実施報告"):]
        assert "南部地域センター（実施令和8年10月21日、報告令和8年11月10日）" in section
        assert "ログ解析等指摘あり検索ログの確認記録が２か月分なかった。" in section
        assert section.count("問題なし") >= 5  # 西部 (2 of 3) and 南部 (2 of 3) by method
        assert "検索ログの確認記録を月次点検簿に綴る。" in section
        # FY2025's proposal still in progress is listed until it is done
        assert "前年度までの意見・提案で完了していないもの" in section and "不定期にログ確認を行う。" in section

    # followed to done: overdue warns, done needs its date, then the warning goes
    with city_db.session() as session:
        [overdue] = [a for a in collect(session, dt.date(2026, 12, 26)) if a.kind == "proposal"]
        assert "検索ログの確認記録を月次点検簿に綴る。" in overdue.message and overdue.view == "internal_audit"
        proposal = internal_audit.open_proposals(session, DEMO_FY)[0]
        proposal_id, values = proposal.id, values_of(internal_audit.PROPOSAL, proposal)
    from jukidesk.base.errors import ValidationError

    with pytest.raises(ValidationError, match="完了日"):
        act.update_record(city_db, "audit_proposal", proposal_id, {**values, "status": "done"}, child)
    act.update_record(city_db, "audit_proposal", proposal_id,
                      {**values, "status": "done", "done_on": dt.date(2026, 12, 20), "response": "綴り始めた。"}, child)
    with city_db.session() as session:
        assert not [a for a in collect(session, dt.date(2026, 12, 26)) if a.kind == "proposal"]


def test_the_internal_audit_view_prints_the_selected_report(qtbot, city_window, tmp_path, monkeypatch):
    from jukidesk.gui import prompts

    tab = city_window.show_tab("市町村の運用")
    page = tab.show_view("internal_audit")
    qtbot.waitUntil(page.isVisible)
    reports = tab.panels["audit_report"]
    assert [r[0].split()[0] for r in reports.rows()] == ["西部地域センター"]
    assert re.fullmatch(r"西部地域センター R8\.\d+\.\d+", reports.rows()[0][0])  # the screens' date style
    reports.view.selectRow(0)
    qtbot.waitUntil(lambda: len(tab.panels["audit_method"].rows()) == 3)
    assert [r[2] for r in tab.panels["audit_method"].rows()] == ["問題なし", "問題なし", "指摘あり"]
    assert tab.panels["audit_proposal"].rows()[0][5] == "未着手"
    city_window.grab().save("/tmp/city_internal_audit.png")
    chooser_kinds = []
    monkeypatch.setattr(prompts, "save_file_name", lambda *a, **k: chooser_kinds.append(k.get("kind")) or str(tmp_path / "report.xlsx"))
    tab.print_internal_audit()
    assert chooser_kinds == ["internal_audit_report"]  # the chooser starts where these reports went last time
    assert (tmp_path / "report.xlsx").exists() and (tmp_path / "report.pdf").exists()
    assert "現地調査による監査…【指摘あり】" in _flat(_pdf_text(tmp_path / "report.pdf"))


def test_year_prepare_starts_the_new_years_survey_from_last_years_answers(city_path):
    """`year prepare --fy 2027` on the city demo also starts the FY2027 調査票: every item
    carried from FY2026 as 未確認, 未整備 where the register lacks a procedure; the dry run
    only announces it, a second run leaves the answers alone."""
    from jukidesk.core.municipal import survey
    from jukidesk.storage.database import open_database

    preview = _cli("year", "prepare", "--db", str(city_path), "--fy", str(NEXT_FY), "--dry-run")
    assert preview.returncode == 0, preview.stderr
    assert "調査票: 項目 34件で開始します（前年度の回答 34件を未確認として引継ぎ" in preview.stdout
    db = open_database(city_path)
    try:
        with db.session() as session:
            assert survey.year_answers(session, NEXT_FY) == {}
    finally:
        db.close()

    result = _cli("year", "prepare", "--db", str(city_path), "--fy", str(NEXT_FY))
    assert result.returncode == 0, result.stderr
    assert "調査票: 項目 34件で開始しました" in result.stdout
    db = open_database(city_path)
    try:
        with db.session() as session:
            before, after = survey.year_answers(session, DEMO_FY), survey.year_answers(session, NEXT_FY)
            assert len(after) == 34 and set(after) == set(before)
            assert not any(answer.confirmed for answer in after.values())
            questions = {q.id: q for q in survey.template_for_year(session, NEXT_FY).questions}
            missing = {qid for qid, q in questions.items() if survey.missing_procedures(q)}
            assert missing, "the demo register should lack a procedure"
            assert f"手順が未整備の {len(missing)}件は未整備）" in result.stdout
            for qid, answer in after.items():
                expected = "missing" if qid in missing else before[qid].status
                assert answer.status == expected, questions[qid].number
                assert answer.note == before[qid].note
            assert all(survey.status_label(a).startswith("未確認（") for a in after.values())
            snapshot = {qid: (a.status, a.note, a.confirmed) for qid, a in after.items()}
    finally:
        db.close()
    again = _cli("year", "prepare", "--db", str(city_path), "--fy", str(NEXT_FY))
    assert "調査票" not in again.stdout and "変更はありません" in again.stdout
    db = open_database(city_path)
    try:
        with db.session() as session:
            assert {qid: (a.status, a.note, a.confirmed) for qid, a in survey.year_answers(session, NEXT_FY).items()} == snapshot
    finally:
        db.close()


def test_the_internal_audit_report_is_issued_from_its_view_and_verified(qtbot, city_window, city_path, tmp_path):
    """発行済 like 資料2: the view's button keeps the selected report's files and model; a
    cancelled confirmation keeps nothing; `report issued` writes the kept PDF back out and
    `report verify` finds it unchanged."""
    from PySide6.QtCore import Qt

    tab = city_window.show_tab("市町村の運用")
    page = tab.show_view("internal_audit")
    qtbot.waitUntil(page.isVisible)
    tab.panels["audit_report"].view.selectRow(0)
    city_window.answers.append(False)
    qtbot.mouseClick(tab.internal_audit_issue_button, Qt.MouseButton.LeftButton)
    assert "発行済" in city_window.calls[-1][1] and "西部地域センター" in city_window.calls[-1][1]
    listing = _cli("report", "issued", "--db", str(city_path))
    assert "発行済みの報告書はありません" in listing.stdout
    qtbot.mouseClick(tab.internal_audit_issue_button, Qt.MouseButton.LeftButton)
    assert city_window.calls[-1][0] == "info" and "内部監査報告書（西部地域センター）を発行済にしました" in city_window.calls[-1][1]
    # the moment in the screens' one date style (R8.11.20（金）10:30), the hash in plain words
    assert re.search(r"発行済にしました（R\d+\.\d+\.\d+（.）\d\d:\d\d）", city_window.calls[-1][1]), city_window.calls[-1][1]
    assert "改ざん検知の値（SHA-256）" in city_window.calls[-1][1]
    listing = _cli("report", "issued", "--db", str(city_path), "--paper", "internal_audit", "--fy", str(DEMO_FY))
    assert "内部監査報告書" in listing.stdout and listing.stdout.count("内部監査報告書") == 1, listing.stdout
    out = _cli("report", "issued", "--db", str(city_path), "--paper", "internal_audit", "--pdf", str(tmp_path / "kept.pdf"))
    assert out.returncode == 0, out.stderr
    assert "令和８年度内部監査報告書（西部地域センター）" in _flat(_pdf_text(tmp_path / "kept.pdf"))
    verify = _cli("report", "verify", "--db", str(city_path), "--paper", "internal_audit", "--fy", str(DEMO_FY))
    assert verify.returncode == 0 and "一致し" in verify.stdout, verify.stdout + verify.stderr


def test_report_internal_audit_issue_keeps_the_paper(city_path, tmp_path):
    """`report internal-audit --issue` (with or without files) marks it 発行済; an audit
    without a report is refused with a message and nothing is kept."""
    cli = _cli("report", "internal-audit", "--db", str(city_path), "--fy", str(DEMO_FY), "--institution", "202",
               "--out", str(tmp_path), "--issue", "--note", "市長へ")
    assert cli.returncode == 0, cli.stderr
    assert "内部監査報告書 2026年度を発行済みにしました" in cli.stdout
    assert (tmp_path / "内部監査報告書_令和8年度_西部地域センター.pdf").exists()
    refused = _cli("report", "internal-audit", "--db", str(city_path), "--fy", str(DEMO_FY), "--institution", "203", "--issue")
    assert refused.returncode != 0 and "内部監査報告書はまだ作成されていません" in refused.stderr
    listing = _cli("report", "issued", "--db", str(city_path), "--json")
    import json

    issued = json.loads(listing.stdout)
    assert [(i["paper"], i["note"]) for i in issued] == [("internal_audit", "市長へ")]


def test_report_issue_and_verify_name_the_internal_audit_by_institution(city_path):
    """`report issue --paper internal_audit --institution` keeps that audit's report;
    `report verify --institution` checks it, and names a later change of the report."""
    from jukidesk.core.municipal.internal_audit import audit_of
    from jukidesk.storage.database import open_database
    from jukidesk.storage.models_city import InternalAuditReport

    missing = _cli("report", "issue", "--db", str(city_path), "--fy", str(DEMO_FY), "--paper", "internal_audit")
    assert missing.returncode != 0 and "内部監査" in missing.stderr
    issued = _cli("report", "issue", "--db", str(city_path), "--fy", str(DEMO_FY), "--paper", "internal_audit",
                  "--institution", "202")
    assert issued.returncode == 0, issued.stderr
    verify = ["report", "verify", "--db", str(city_path), "--fy", str(DEMO_FY), "--paper", "internal_audit", "--institution", "202"]
    assert _cli(*verify).returncode == 0
    db = open_database(city_path)
    try:
        with db.session() as session:
            audit = audit_of(session, DEMO_FY, "202")
            report = session.scalars(select(InternalAuditReport).where(InternalAuditReport.audit_id == audit.id)).one()
            report.summary = "総評を発行後に書き換えた"
            session.commit()
    finally:
        db.close()
    changed = _cli(*verify)
    assert changed.returncode == 1 and "総評を発行後に書き換えた" in changed.stdout, changed.stdout + changed.stderr
    other = _cli("report", "verify", "--db", str(city_path), "--fy", str(DEMO_FY), "--paper", "internal_audit", "--institution", "203")
    assert other.returncode != 0 and "まだ発行済みにしていません" in other.stderr
