"""The plan grid says why: a 理由 column (and the year cell's tooltip) for each institution;
a cell clicked by hand reads 指定により固定; saving the FY2017 cycle dates every audit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from jukidesk.storage.models import Audit


def test_the_plan_grid_gives_the_reasons_and_saving_dates_the_audits(window, context, qtbot, artifacts, prompts_log):
    context.set_fiscal_year(2016)
    tab = window.show_tab("監査カレンダー")
    dialog = tab.open_plan_dialog(cycle_start=2017)
    qtbot.waitExposed(dialog)
    dialog.resize(1000, 700)
    grid, view = dialog.grid, dialog.ui.grid
    assert grid.headerData(grid.reason_column, Qt.Orientation.Horizontal) == "理由"
    rows = {inst.code: row for row, inst in enumerate(grid.context.institutions)}
    assert grid.index(rows["102"], grid.reason_column).data() == "前回 H26 内部監査・最も長く監査していない"
    assert "業務端末設置機関のため外部監査" in grid.index(rows["209"], grid.reason_column).data()
    # the year columns keep their labels readable; the reason takes the rest
    header = view.horizontalHeader()
    label_width = view.fontMetrics().horizontalAdvance("令和元年度")
    assert all(header.sectionSize(c) >= label_width for c in range(grid.reason_column))
    assert dialog.grab().save(str(artifacts / "gui_plan_dialog_reasons.png"))
    # 職員課 clicked into FY2018 by hand (and 諏訪 back to FY2017 to keep the counts)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(grid.index(rows["102"], 1)).center())
    assert grid.index(rows["102"], grid.reason_column).data() == "指定により固定"
    assert "指定により固定" in grid.index(rows["102"], 1).data(Qt.ItemDataRole.ToolTipRole)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(grid.index(rows["203"], 0)).center())
    assert dialog.check() == [], dialog.check_text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "日程の案 17 件" in prompts_log.texts("info")[-1]
    with context.database.session() as session:
        audits = list(session.scalars(select(Audit).where(Audit.fy.in_([2017, 2018, 2019]))))
        assert len(audits) == 17 and all(a.starts_at and a.auditors and a.methods and a.place for a in audits)
        moved = next(a for a in audits if a.institution.code == "102")
        assert (moved.fy, moved.pinned) == (2018, True)
