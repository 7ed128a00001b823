"""The import dialog (issue 22, workbook side): a folder stands for every file in it, and
the files that cannot be taken in are named with their reason — a macro book stops the
batch, anything else that is not a book is listed as 対象外. Failed before the fix."""

from __future__ import annotations

import shutil

import openpyxl

from jukidesk.gui import prompts


def _export(context, folder, code):
    from jukidesk.exchange.checklist_xlsx import export_checklists

    with context.database.session() as session:
        path = export_checklists(session, 2014, "self", folder, institution_code=code)[0]
    wb = openpyxl.load_workbook(path)
    ws = wb["チェックリスト"]
    for r in range(7, ws.max_row + 1):
        if ws[f"A{r}"].value and ws[f"D{r}"].protection.locked is False:
            ws[f"D{r}"].value = 3
    wb.save(path)
    return path


def test_the_dialog_names_the_files_of_a_folder_it_cannot_take(checklist_tab, context, tmp_path, monkeypatch):
    folder = tmp_path / "returned"
    good = _export(context, folder, "202")
    shutil.copy(good, folder / "2014_自己点検_佐久地方事務所.xlsm")
    (folder / "送付状.pdf").write_bytes(b"%PDF-1.4\n")
    monkeypatch.setattr(prompts, "existing_directory", lambda *args, **kwargs: str(folder))
    dialog = checklist_tab.open_import_dialog()
    dialog.choose_folder()
    lines = dialog.preview_lines()
    assert any(line.startswith("[エラー]") and ".xlsm" in line and "マクロ" in line for line in lines), lines
    assert any("送付状.pdf" in line and "対象外" in line for line in lines), lines
    assert any(good.name in line and "新規 50 項目" in line for line in lines), lines
    assert not dialog.ok_button.isEnabled()
    assert "取り込めないファイル" in dialog.ui.summary_label.text()
