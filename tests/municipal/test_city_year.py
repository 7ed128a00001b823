"""The city's year (issue 18) on a copy of the city demo: 年度更新 carries the training
plan and plans the audits, 今年度の進捗 shows a city's own steps (not 資料2), contracts
without a Pマーク warn, the 審議会's decision whether to meet is recorded and reported, and
the internal audit report by method prints and reaches the committee report."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import select

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
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
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
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


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
        assert "回答6/6名（開催を要するとの回答0名）" in flat
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
