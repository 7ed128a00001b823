"""資料2 tab: the preview drawn from the report model, figures that open the answers behind
them, year notes, Excel/PDF export, issuing and the issued versions, notices; the drill-down
from the charts tab. Screenshots go to tests/artifacts."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QUrl

from jukidesk.core.scoring import format_points
from jukidesk.gui import operations
from tests.gui.helpers import type_text


@pytest.fixture
def synchronous():
    operations.set_synchronous(True)
    yield
    operations.set_synchronous(False)


@pytest.fixture
def tab(qtbot, window):
    tab = window.show_tab("資料2")
    qtbot.waitUntil(lambda: tab.isVisible() and tab.preview.width() > 400)
    return tab


def test_preview_shows_the_model_and_its_figures_open_their_answers(qtbot, window, tab, artifacts, prompts_log):
    assert window.context.fiscal_year == 2013
    text = tab.preview_text()
    for expected in ("資料２", "３ 平成25年度監査経過", "佐久・上小地方事務所", "12月18日に実施予定", "＜３巡目＞予定", "2.98 点"):
        assert expected in text
    assert "未発行です" in tab.status_label.text()
    assert window.grab().save(str(artifacts / "gui_shiryo2_tab.png"))
    bar = tab.preview.verticalScrollBar()
    bar.setValue(bar.maximum())  # the trend table of section ４
    assert window.grab().save(str(artifacts / "gui_shiryo2_tab_trend.png"))

    refs = dict((ref, text) for text, ref in tab.figure_refs())
    assert refs["average/2010/external"] == "2.98 点"
    tab.preview.anchorClicked.emit(QUrl("figure:average/2010/external"))  # what a click on 2.98 does
    dialog = tab.trace_dialog
    assert format_points(dialog.trace.value) == "2.98 点"
    assert [c.institution_name for c in dialog.checklist_model.rows] == ["松本地方事務所", "北安曇地方事務所"]
    assert [a.number for a in dialog.answer_model.rows] == ["3-4", "4-3"]  # the items under 3 first
    assert "2.96 点 = 145 点 ÷ 49 項目" in dialog.answers_label.text()
    dialog.low_only.setChecked(False)
    assert dialog.answer_model.rowCount() == 49
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.grab().save(str(artifacts / "gui_trace_dialog_2_98.png"))
    dialog.close()

    count = tab.open_figure("count/2013/internal")
    assert "対象機関数 4: 消防課、地域福祉課、佐久地方事務所、上小地方事務所" in count.summary_label.text()
    count.close()
    assert prompts_log.texts("error") == []


def test_year_notes_are_saved_and_shown(qtbot, window, tab, demo_path):
    edit = tab.note_edits["progress"]
    edit.clear()
    type_text(qtbot, edit, "今年度の監査は予定どおり進んでいる。")
    assert tab.notes_dirty() and tab.save_notes_button.isEnabled()
    assert tab.save_notes()
    assert not tab.notes_dirty()
    assert "○ 今年度の監査は予定どおり進んでいる。" in tab.preview_text()
    import sqlite3

    con = sqlite3.connect(demo_path)
    assert con.execute("SELECT text FROM year_note WHERE fy=2013 AND key='progress'").fetchone() == (
        "今年度の監査は予定どおり進んでいる。",
    )
    con.close()
    window.context.set_fiscal_year(2012)
    assert tab.note_edits["progress"].toPlainText() != "今年度の監査は予定どおり進んでいる。"
    # an unsaved edit is saved to its own year when another year is picked
    type_text(qtbot, tab.note_edits["next_plan"], "平成24年度の追記")
    window.context.set_fiscal_year(2013)
    con = sqlite3.connect(demo_path)
    assert con.execute("SELECT text FROM year_note WHERE fy=2012 AND key='next_plan'").fetchone()[0].endswith("平成24年度の追記")
    con.close()
    assert "平成24年度の追記" not in tab.note_edits["next_plan"].toPlainText()


def test_export_issue_and_issued_versions(qtbot, window, tab, synchronous, prompts_log, tmp_path, demo_path):
    prompts_log.answers.append(str(tmp_path / "資料2"))
    tab.export("xlsx")
    sheet = load_workbook(tmp_path / "資料2.xlsx").active
    assert "2.98 点" in [c.value for row in sheet.iter_rows() for c in row]
    prompts_log.answers.append(str(tmp_path / "資料2.pdf"))
    tab.export("pdf")
    assert (tmp_path / "資料2.pdf").read_bytes()[:5] == b"%PDF-"

    tab.issue()  # confirm() answers True
    assert "<b>発行済</b>" in tab.status_label.text() and "同じです" in tab.status_label.text()
    assert re.search(r"<b>発行済</b> R\d+\.\d+\.\d+（.）\d\d:\d\d（", tab.status_label.text())  # the screens' date style
    # the data changes after issue: the status line says so
    edit = tab.note_edits["next_plan"]
    type_text(qtbot, edit, "追記")
    assert tab.save_notes()
    assert "発行後にデータが変わっています（1か所）" in tab.status_label.text()
    dialog = tab.show_issued()
    lines = dialog.verify()
    assert any("発行後にデータが変わっています" in line for line in lines)
    assert any("追記" in line for line in lines)
    prompts_log.answers.append(str(tmp_path / "issued.pdf"))
    saved = dialog.save_file("pdf")
    assert saved.read_bytes()[:5] == b"%PDF-"
    content = dialog.show_content()
    assert "追記" not in content.findChild(type(tab.preview)).toPlainText()
    dialog.close()
    assert prompts_log.texts("error") == []


def test_notices_are_printed_and_audits_marked_notified(qtbot, window, tab, synchronous, prompts_log, tmp_path, demo_path):
    window.context.set_fiscal_year(2014)
    prompts_log.answers += [str(tmp_path / "通知.pdf"), True]
    tab.print_notices("internal")
    assert (tmp_path / "通知.pdf").read_bytes()[:5] == b"%PDF-"
    assert any("通知済" in text for text in prompts_log.texts("confirm"))
    import sqlite3

    con = sqlite3.connect(demo_path)
    statuses = {row[0] for row in con.execute("SELECT status FROM audit WHERE fy=2014 AND kind='internal'")}
    con.close()
    assert statuses == {"notified"}


def test_committee_summary_preview(qtbot, tab):
    tab.select_paper("committee")
    assert "運用状況" in tab.preview_text() or tab.preview_text()
    assert not tab.notes_box.isEnabled()


def test_charts_tab_opens_the_answers_behind_its_average(qtbot, window, artifacts):
    charts = window.show_tab("グラフ")
    qtbot.waitUntil(lambda: charts.isVisible())
    assert charts.yoy_label.text().startswith("前年度比（自己点検、比較できる 50 項目）: H24 3.00 → H25 3.00")
    dialog = charts.show_trace()
    assert len(dialog.checklist_model.rows) == 19 and format_points(dialog.trace.value) == "3.00 点"
    dialog.close()


def test_every_section_with_a_note_has_an_editor_and_the_hint_names_the_fields(qtbot, window, tab, demo_path):
    """Issue 17: the editors follow reports.shiryo2.NOTE_KEYS (１ to ４); the hint says what
    {定型文} does and lists every field report_fields gives."""
    from jukidesk.reports.shiryo2 import NOTE_KEYS, build_shiryo2, note_field_names, report_fields  # noqa: F401

    assert list(tab.note_edits) == list(NOTE_KEYS)
    hint = tab.notes_hint.text()
    assert "{定型文}" in hint
    for name in ("{年度}", "{対象機関数}", "{次の巡目}", "{内部監査平均点}", "{改善を要する項目数}"):
        assert name in hint
    # a note of section １ saved from its editor reaches the paper, {定型文} and fields filled
    edit = tab.note_edits["overview"]
    edit.setPlainText("{定型文}\n○{年度}は{対象機関数}機関を対象とした。")
    assert tab.save_notes()
    text = tab.preview_text()
    assert "○ 平成25年度は19機関を対象とした。" in text
    assert "本人確認情報保護管理規程" in text  # the template's paragraphs are still there


def test_the_field_names_are_those_of_the_paper(demo_db):
    """note_field_names (no data read) lists exactly the fields report_fields fills."""
    from jukidesk.core.settings import load_settings, year_style
    from jukidesk.core.summary import summaries
    from jukidesk.reports import shiryo2

    with demo_db.session() as session:
        style = year_style(session)
        years = shiryo2.trend_years(style, 2013)
        ctx = shiryo2.ReportContext(
            fy=2013,
            style=style,
            settings=load_settings(session),
            figures=summaries(session, set(years) | {2012, 2013}),
            first_years=shiryo2.first_years(session),
            suffixes=(),
            findings={k: shiryo2.audit_rules.findings_summary(session, 2013, k) for k in shiryo2.audit_kinds.checklist_codes()},
        )
        fields = shiryo2.report_fields(session, ctx, shiryo2.year_registry(session, 2013), years)
    assert set(shiryo2.note_field_names()) == set(fields) - {"year", "next_year", "next_cycle"}
