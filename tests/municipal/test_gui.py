"""The 市町村の運用 tab driven with qtbot on a copy of the city demo: each view's add and
edit path with valid and invalid input, the all-or-nothing completion import, figures
against the stored records, warnings on the right dates, and a screenshot."""

from __future__ import annotations

import datetime as dt
import sqlite3

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.conftest import sql_dump
from tests.gui.helpers import shown

from .conftest import DEMO_FY, DEMO_TODAY

pytestmark = pytest.mark.usefixtures("qapp")


class Prompts:
    def __init__(self):
        self.calls: list[tuple[str, str]] = []
        self.answers: list = []
        self.kinds: list[str | None] = []  # kind= of each file chooser (where it starts)

    def texts(self, kind: str) -> list[str]:
        return [text for k, text in self.calls if k == kind]


@pytest.fixture
def prompts_log(monkeypatch, tmp_path_factory):
    from jukidesk.gui import operations, prompts

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path_factory.mktemp("qs")))
    log = Prompts()

    def recorder(kind):
        def record(parent, text, **kwargs):
            log.calls.append((kind, text))
        return record

    def answer(kind):
        def choose(parent, title, *args, **kwargs):
            log.calls.append((kind, title))
            log.kinds.append(kwargs.get("kind"))
            return log.answers.pop(0) if log.answers else None
        return choose

    for kind in ("info", "warn", "error"):
        monkeypatch.setattr(prompts, kind, recorder(kind))
    monkeypatch.setattr(prompts, "confirm", lambda parent, text, **kw: (log.calls.append(("confirm", text)) or True))
    monkeypatch.setattr(prompts, "open_file_name", answer("open_file_name"))
    monkeypatch.setattr(prompts, "save_file_name", answer("save_file_name"))
    operations.set_synchronous(True)
    yield log
    operations.set_synchronous(False)


@pytest.fixture
def app_context(city_path, prompts_log):
    from jukidesk.gui.context import AppContext
    from jukidesk.storage.database import open_database

    context = AppContext(open_database(city_path))
    yield context
    context.close()


@pytest.fixture
def tab(qtbot, app_context):
    from jukidesk.gui.municipal_tab import MunicipalTab

    widget = MunicipalTab(app_context)
    shown(qtbot, widget, 1280, 760)
    yield widget
    widget.close()


def _ok(qtbot, dialog):
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _select(panel, text: str, column: int = 1):
    for row, cells in enumerate(panel.rows()):
        if cells[column] == text:
            panel.view.selectRow(row)
            return
    raise AssertionError(f"{text} not in {panel.title()}")


# For every view: a list, the parent row to select first (child lists), input the record
# kind refuses (with the expected message and field), then input it accepts, and the text
# the new row shows.
CASES = [
    ("roster", "roster", None,
     {"role": "操作者", "person": "試験 一郎", "starts_on": dt.date(2026, 11, 1), "ends_on": dt.date(2026, 10, 1)},
     "退任日", "ends_on", {"ends_on": None}, "試験 一郎", 2),
    ("training", "staff", None,
     {"code": "M001", "name": "試験 二郎"}, "既に", "code", {"code": "T100"}, "T100", 0),
    ("training", "course", None,
     {"kind": "other", "title": "個人情報保護研修", "planned_from": dt.date(2027, 5, 1)}, "年度", "planned_from",
     {"planned_from": dt.date(2027, 2, 1)}, "個人情報保護研修", 1),
    ("training", "completion", ("course", "住基ネットセキュリティ研修（e-ラーニング）"),
     {"completed_on": dt.date(2026, 11, 19)}, "既に記録", "staff_id", {}, "R8.11.19", 3),
    ("emergency", "emergency_document", None,
     {"kind": "contacts", "title": ""}, "文書名", "title", {"title": "住基ネット緊急時連絡網", "version": "2026年11月版"},
     "2026年11月版", 2),
    ("emergency", "drill", None,
     {"scenario": ""}, "想定", "scenario", {"scenario": "庁舎の停電を想定した連絡訓練"}, "庁舎の停電を想定した連絡訓練", 1),
    ("meetings", "meeting", None,
     {"kind": "council", "title": "臨時審議会", "written": True, "materials_sent_on": dt.date(2026, 11, 20)},
     "回答期限", "opinions_due_on", {"opinions_due_on": dt.date(2026, 12, 10)}, "臨時審議会", 1),
    ("meetings", "agenda", ("meeting", "令和８年度 みどり市住民基本台帳ネットワークシステム管理運用会議"),
     {"title": " "}, "議題", "title", {"title": "その他（次回の開催）"}, "その他（次回の開催）", 1),
    ("meetings", "attendance", ("meeting", "令和８年度 みどり市住民基本台帳ネットワークシステム管理運用会議"),
     {"member_id": None, "name": ""}, "氏名", "name", {"name": "市民課 係長", "capacity": "事務局"}, "市民課 係長", 0),
    ("meetings", "reply", ("meeting", "令和８年度 みどり市住民基本台帳ネットワークシステム管理運用審議会（書面開催）"),
     {"received_on": dt.date(2026, 8, 20)}, "資料送付日", "received_on", {"received_on": dt.date(2026, 10, 2)}, "R8.10.2", 1),
    ("meetings", "member", None,
     {"name": "新任 委員", "role": "deputy", "term_start": dt.date(2027, 1, 1), "term_end": dt.date(2028, 12, 31)},
     "職務代理者は1人だけ", "role", {"role": "member"}, "新任 委員", 1),
    ("rules", "rule", None,
     {"title": "ログ解析手順書", "revised_on": dt.date(2026, 11, 1)}, "既に登録", "title", {"title": "端末更新手順書"},
     "端末更新手順書", 1),
    ("contracts", "contract", None,
     {"vendor": "試験システム株式会社", "subject": "保守", "privacy_mark_number": "999"}, "有効期限", "privacy_mark_expires_on",
     {"privacy_mark_expires_on": dt.date(2028, 3, 31)}, "試験システム株式会社", 0),
]


@pytest.mark.parametrize(("view", "key", "parent", "bad", "message", "field", "fix", "shown", "column"), CASES,
                         ids=[c[1] for c in CASES])
def test_each_view_adds_through_the_core_checks(qtbot, tab, city_path, view, key, parent, bad, message, field, fix, shown, column):
    tab.show_view(view)
    panel = tab.panels[key]
    if parent is not None:
        _select(tab.panels[parent[0]], parent[1])
    before_rows = len(panel.rows())
    dialog = panel.add()
    assert dialog is not None and dialog.isVisible()
    values = dialog.values()
    if key == "completion":  # someone who already completed it
        values["staff_id"] = dialog.widgets["staff_id"].itemData(0)
    if key == "reply":  # the one member who has not replied yet
        box = dialog.widgets["member_id"]
        values["member_id"] = box.itemData(box.findText("坂井 典子（委員）"))
    dialog.set_values({**values, **bad})
    before = sql_dump(city_path)
    _ok(qtbot, dialog)
    assert dialog.isVisible(), "refused input must keep the dialog open"
    assert message in dialog.error_text()
    assert dialog.widgets[field].hasFocus() or dialog.widgets[field].isAncestorOf(dialog.focusWidget())
    assert sql_dump(city_path) == before
    if key == "completion":
        box = dialog.widgets["staff_id"]
        fix = {"staff_id": box.itemData(box.findText("M004 岡本 直樹（市民課）"))}
    dialog.set_values({**dialog.values(), **fix})
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len(panel.rows()) == before_rows + 1
    assert shown in [cells[column] for cells in panel.rows()]
    assert sql_dump(city_path) != before


def test_edit_goes_through_the_same_checks(qtbot, tab, city_path):
    tab.show_view("contracts")
    panel = tab.panels["contract"]
    _select(panel, "みどりシステムサービス株式会社", 0)
    dialog = panel.edit()
    dialog.set_values({**dialog.values(), "ends_on": dt.date(2026, 3, 1)})
    before = sql_dump(city_path)
    _ok(qtbot, dialog)
    assert "契約期間（終了）" in dialog.error_text() and sql_dump(city_path) == before
    dialog.set_values({**dialog.values(), "ends_on": dt.date(2027, 3, 31), "privacy_mark_expires_on": dt.date(2029, 1, 15)})
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    con = sqlite3.connect(city_path)
    assert con.execute("SELECT privacy_mark_expires_on FROM outsourcing_contract WHERE vendor LIKE 'みどり%'").fetchone() == ("2029-01-15",)
    con.close()
    assert not [t for t in tab.warning_texts() if "委託先の認証の期限" in t]  # the renewed mark no longer warns


def test_deleting_a_referenced_record_is_refused(tab, prompts_log, city_path):
    tab.show_view("training")
    staff = tab.panels["staff"]
    _select(staff, "青木 陽子")
    before = sql_dump(city_path)
    assert not staff.delete()
    assert "参照されている" in prompts_log.texts("error")[-1] and sql_dump(city_path) == before
    _select(tab.panels["course"], "新任操作者説明会")
    assert tab.panels["course"].delete()  # a course takes its completions with it
    assert "新任操作者説明会" not in [r[1] for r in tab.panels["course"].rows()]


def test_a_gap_is_filled_from_the_grid_in_a_few_keystrokes(qtbot, tab, city_path):
    tab.show_view("inspections")
    assert tab.grid_model.grid.title == "令和8年11月 日次点検"
    assert tab.grid_status("東部地域センター", dt.date(2026, 11, 5)) == "missing"
    gaps_before = len([t for t in tab.warning_texts() if "点検の記録漏れ" in t])
    tab.select_grid_cell("東部地域センター", dt.date(2026, 11, 5))
    dialog = tab.record_selected_cell()
    assert dialog.inspector.text() == "林 大輔"  # the site's last inspector
    assert all(check.isChecked() for check in dialog.checks.values())
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert tab.grid_status("東部地域センター", dt.date(2026, 11, 5)) == "ok"
    assert len([t for t in tab.warning_texts() if "点検の記録漏れ" in t]) == gaps_before - 1


def test_a_sheet_with_a_finding_and_a_refused_sheet(qtbot, tab, city_path):
    tab.show_view("inspections")
    tab.select_grid_cell("南部地域センター", dt.date(2026, 11, 12))
    dialog = tab.record_selected_cell()
    first = next(iter(dialog.checks))
    dialog.checks[first].setChecked(False)
    assert dialog.remarks[first].isEnabled()
    dialog.remarks[first].setText("ロック忘れ1台")
    dialog.day.set_value(dt.date.today() + dt.timedelta(days=3))  # a day still to come
    before = sql_dump(city_path)
    _ok(qtbot, dialog)
    assert "まだ来ていない日" in dialog.error_text() and sql_dump(city_path) == before
    dialog.day.set_value(dt.date(2026, 11, 12))
    dialog.checks[first].setChecked(False)
    dialog.remarks[first].setText("ロック忘れ1台")
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert tab.grid_status("南部地域センター", dt.date(2026, 11, 12)) == "ng"


def test_a_new_sheet_starts_on_the_organisations_reference_date(qtbot, tab):
    # The demo fixes 基準日 2026-11-20; the PC's clock is another day.
    tab.show_view("inspections")
    dialog = tab.open_inspection(kind="daily")
    assert dialog.today == DEMO_TODAY and dialog.day.value() == DEMO_TODAY
    dialog.reject()


def test_item_sheet_edit_becomes_a_new_version(qtbot, tab, city_path):
    tab.show_view("inspections")
    dialog = tab.edit_items()
    dialog.items.setPlainText("画面ロック\n画面ロック")
    _ok(qtbot, dialog)
    assert "重複" in dialog.error_label.text()
    dialog.items.setPlainText("画面ロック\nカード保管\n入退室記録")
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    con = sqlite3.connect(city_path)
    assert con.execute("SELECT max(version) FROM inspection_template WHERE kind='daily'").fetchone() == (2,)
    con.close()


def _bad_and_good_lists(tmp_path):
    from jukidesk.exchange.completion_xlsx import blank_list

    good = blank_list(tmp_path / "good.xlsx")
    bad = blank_list(tmp_path / "bad.xlsx")
    for path, rows in (
        (good, [["M004", "岡本 直樹", "住基ネットセキュリティ研修（e-ラーニング）", dt.date(2026, 11, 18)]]),
        (bad, [["M004", "岡本 直樹", "住基ネットセキュリティ研修（e-ラーニング）", dt.date(2026, 11, 18)],
               ["M999", "誰か", "住基ネットセキュリティ研修（e-ラーニング）", dt.date(2026, 11, 18)]]),
    ):
        workbook = openpyxl.load_workbook(path)
        for r, row in enumerate(rows, 4):
            for c, value in enumerate(row, 1):
                workbook.active.cell(r, c).value = value
        workbook.save(path)
    return good, bad


def _import_backups(path):
    from jukidesk.storage.backup import list_backups

    return [b for b in list_backups(path) if b.reason == "before-import"]


def test_completion_import_is_all_or_nothing(tab, prompts_log, city_path, tmp_path):
    good, bad = _bad_and_good_lists(tmp_path)
    tab.show_view("training")
    missing_before = len(tab.panels["training:missing"].rows())
    before = sql_dump(city_path)
    prompts_log.answers = [str(bad)]
    tab.import_completions()
    error = prompts_log.texts("error")[-1]
    assert "何も取り込んでいません" in error and "bad.xlsx シート「受講完了者リスト」 セル A5" in error
    assert sql_dump(city_path) == before
    assert len(tab.panels["training:missing"].rows()) == missing_before
    assert _import_backups(city_path) == []
    prompts_log.answers = [str(good)]
    tab.import_completions()
    assert "新規 1 件" in prompts_log.texts("info")[-1]
    assert len(_import_backups(city_path)) == 1
    assert len(tab.panels["training:missing"].rows()) == missing_before - 1
    assert prompts_log.kinds == ["elearning", "elearning"]  # the chooser starts where these lists went last time


def test_training_figures_on_screen_match_the_stored_records(tab, city_path):
    tab.show_view("training")
    con = sqlite3.connect(city_path)
    stored = dict(con.execute(
        "SELECT c.title, count(t.id) FROM training_course c LEFT JOIN training_completion t ON t.course_id = c.id "
        "WHERE c.fy = ? GROUP BY c.id", (DEMO_FY,)))
    con.close()
    rows = {r[1]: r for r in tab.panels["course"].rows()}
    for title, count in stored.items():
        assert rows[title][7] == str(count)
    assert rows["住基ネットセキュリティ研修（e-ラーニング）"][8] == "86.2%"
    assert "必須研修の未受講者 5名" in tab.ui.status_label.text()


def test_the_yearly_report_and_exports_from_the_tab(tab, prompts_log, tmp_path):
    prompts_log.answers = [str(tmp_path / "report.xlsx")]
    tab.write_report()
    assert (tmp_path / "report.xlsx").exists() and (tmp_path / "report.pdf").exists()
    prompts_log.answers = [str(tmp_path / "year.xlsx")]
    tab.export_year()
    assert "委託契約" in openpyxl.load_workbook(tmp_path / "year.xlsx").sheetnames
    tab.show_view("roster")
    prompts_log.answers = [str(tmp_path / "roster.xlsx")]
    tab.export_roster()
    assert openpyxl.load_workbook(tmp_path / "roster.xlsx").active["A1"].value == "セキュリティ組織名簿（令和8年11月20日現在）"


@pytest.mark.parametrize(
    ("day", "term", "certificate"),
    [
        (dt.date(2026, 10, 1), False, False),  # 91 days before the term ends, 106 before the mark expires
        (dt.date(2026, 10, 2), True, False),  # 90 days before the term ends
        (dt.date(2026, 10, 17), True, True),  # 90 days before the mark expires
        (dt.date(2027, 1, 1), False, True),  # the term has ended; the mark expires in 14 days
    ],
)
def test_warnings_follow_the_reference_date(tab, day, term, certificate):
    from jukidesk.gui.record_dialog import to_qdate

    tab.ui.as_of.setDate(to_qdate(day))
    texts = tab.warning_texts()
    assert any("坂井 典子" in t and "任期" in t for t in texts) == term
    # the mark expiring soon (the mark expiring before the contract ends is its own warning)
    assert any("プライバシーマーク" in t and ("近づいて" in t or "過ぎて" in t) for t in texts) == certificate
    assert tab.ui.warnings_label.text().startswith(f"警告（{len(texts)}件）")


def test_a_warning_opens_its_view(tab):
    item = next(tab.ui.warnings_list.item(i) for i in range(tab.ui.warnings_list.count())
                if "任期" in tab.ui.warnings_list.item(i).text())
    tab._warning_opened(item)
    assert tab.current_view() == "meetings"


def test_the_tab_is_registered_and_screenshot(qtbot, app_context, artifacts):
    from jukidesk.gui.main_window import MainWindow

    window = MainWindow(app_context)
    shown(qtbot, window)
    tab = window.show_tab("市町村の運用")
    assert type(tab).__name__ == "MunicipalTab"
    assert len(tab.warning_texts()) == 8  # the demo date: one of each kind the demo is built for
    for view in ("meetings", "inspections", "training"):
        tab.show_view(view)
        qtbot.wait(10)
        window.grab().save(str(artifacts / f"municipal_tab_{view}.png"))
    window.close()


def test_an_elearning_csv_is_previewed_then_imported_from_the_training_page(tab, prompts_log, city_path, tmp_path):
    """Issue 16: the same button takes an e-learning CSV, shows the column mapping and
    what will be stored, and stores it only after 取り込む."""
    source = tmp_path / "elearning.csv"
    source.write_bytes("ユーザーID,氏名,所属,受講状況,修了日\r\nM004,岡本 直樹,市民課,修了,2026/11/18\r\n".encode("cp932"))
    tab.show_view("training")
    missing_before = len(tab.panels["training:missing"].rows())
    prompts_log.answers = [str(source)]
    tab.import_completions()
    preview = prompts_log.texts("confirm")[-1]
    assert "職員番号 ← 「ユーザーID」列（1 列）" in preview and "新規 1 件" in preview
    assert "新規 1 件" in prompts_log.texts("info")[-1]
    assert len(tab.panels["training:missing"].rows()) == missing_before - 1
