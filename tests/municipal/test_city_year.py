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
    monkeypatch.setattr(prompts, "confirm", lambda parent, text, **kw: (calls.append(("confirm", text)) or True))
    operations.set_synchronous(True)
    context = AppContext(open_database(city_path))
    context.set_fiscal_year(DEMO_FY)
    win = MainWindow(context)
    win.calls = calls
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
