"""Issue 16: after 新しく始める the first-run dialog walks on — registry → checklist
template → past results → done — each step optional and previewed before it is stored.
Driven through the real dialog with real files: a CP932 CSV registry (和暦, full-width
digits, no 開始年度 on some rows), the organisation's own checklist, the seed's H20–H24
results and per-item answers."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from jukidesk.cli import main
from jukidesk.core.templates import template_for_year
from jukidesk.gui import operations
from jukidesk.storage.database import open_database
from jukidesk.storage.models import Checklist, Institution
from jukidesk.storage.models_past import PastResult
from tests.gui.helpers import type_text

REGISTRY = (
    "機関コード,機関名,略称,種別,業務端末設置,長の職名,所在地,開始年度,終了年度\r\n"
    "１０１,消防課,消防,事務利用機関,○,消防課長,長野市南長野,平成２０年度,\r\n"
    "102,職員課,,事務利用機関,×,職員課長,,,\r\n"
    "103,税務課,,事務利用機関,あり,,,,\r\n"
    "201,情報政策課,,運用機関,,,,H20,\r\n"
)
RESULTS = [
    ["年度", "区分", "対象機関数", "平均点"],
    ["H20", "自己点検", "19機関", "2.91 点"],
    ["平成21年度", "自己点検", "１９機関", "２．９６点"],
    ["H22", "自己点検", "19", "3.00"],
    ["H23", "自己点検", "19", "3.00"],
    ["H24", "自己点検", "19", "3.00"],
    ["H20", "内部監査", "5機関", "2.73"],
    ["H21", "内部監査", "4", "2.70"],
    ["H22", "内部監査", "5", "3.00"],
    ["H23", "内部監査", "3", "3.00"],
    ["H24", "内部監査", "4", "3.00"],
    ["H21", "外部監査", "2", "3.00"],
    ["H22", "外部監査", "2", "2.98"],
    ["H23", "外部監査", "2", "3.00"],
    ["H24", "外部監査", "2", "3.00"],
    ["H23", "フォローアップ", "10 機関", ""],
]


@pytest.fixture(autouse=True)
def synchronous():
    operations.set_synchronous(True)
    yield
    operations.set_synchronous(False)




@pytest.fixture
def files(tmp_path):
    folder = tmp_path / "県の資料"
    folder.mkdir()
    (folder / "機関台帳.csv").write_bytes(REGISTRY.encode("cp932"))
    (folder / "実績.csv").write_bytes(("\r\n".join(",".join(r) for r in RESULTS) + "\r\n").encode("cp932"))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["みなみ県 住基ネット点検表"])
    sheet.append(["No.", "点検項目", "章", "着眼点", "評価"])
    sheet.append(["1-1", "責任者を定めているか。", "第1章 体制", "任命文書"])
    sheet.append(["1-2", "名簿を毎年更新しているか。", None, ""])
    sheet.append(["2-1", "端末室を施錠しているか。", "第2章 端末", "鍵の管理簿"])
    book.save(folder / "点検表.xlsx")
    answers = [["年度", "区分", "機関", "項目番号", "評価", "備考"]]
    for code in ("101", "102"):
        answers += [["H25", "自己点検", code, n, "3", ""] for n in ("1-1", "1-2", "2-1")]
    answers[1][4], answers[1][5] = "2", "任命文書が未整備"
    (folder / "回答.csv").write_bytes(("\r\n".join(",".join(r) for r in answers) + "\r\n").encode("cp932"))
    bad = folder / "壊れた台帳.csv"
    bad.write_bytes("コード,名称,区分\r\n301,総務課,事務利用機関\r\n301,人事課,不明\r\n".encode("cp932"))
    return folder


def _create(qtbot, dialog, first_fy=2008):
    qtbot.mouseClick(dialog.ui.new_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, dialog.ui.org_name, "みなみ県")
    dialog.ui.cycle_first_fy.setValue(first_fy)
    qtbot.mouseClick(dialog.ui.create_button, Qt.MouseButton.LeftButton)
    assert dialog.walk is not None and dialog.ui.pages.currentWidget() is dialog.walk
    assert dialog.isVisible() and dialog.opened is not None
    return dialog.walk


def _pick(qtbot, walk, prompts_log, path):
    prompts_log.answers = [str(path)]
    qtbot.mouseClick(walk.choose_button, Qt.MouseButton.LeftButton)


def test_the_first_day_walk_with_the_organisations_own_files(qtbot, dialog, target, files, prompts_log):
    walk = _create(qtbot, dialog)
    assert walk.title_label.text() == "1 / 3　機関台帳" and walk.next_button.text() == "スキップ(&N)"
    assert "平成20年度（2008年度）から" in walk.explanation_label.text()

    # a bad registry: refused with the row named, nothing stored, 取り込む stays disabled
    _pick(qtbot, walk, prompts_log, files / "壊れた台帳.csv")
    assert "壊れた台帳.csv の 3 行目" in walk.message_label.text() and "何も保存していません" in walk.message_label.text()
    assert not walk.store_button.isEnabled()

    # the CP932 registry: the preview first, nothing stored until 取り込む
    _pick(qtbot, walk, prompts_log, files / "機関台帳.csv")
    assert prompts_log.last_options("open_file_name")["kind"] == "registry"  # starts where registries went
    assert walk.message_label.text().startswith("まだ保存していません"), walk.message_label.text()
    assert "追加 4 件" in walk.preview.toPlainText() and "101 消防課" in walk.preview.toPlainText()
    assert walk.store_button.isEnabled()
    with dialog.opened.database.session() as session:
        assert session.scalar(select(func.count(Institution.id))) == 0
    walk.grab().save(str(target.parent.parent / "walk-registry.png"))
    qtbot.mouseClick(walk.store_button, Qt.MouseButton.LeftButton)
    assert "取り込みました" in walk.message_label.text() and walk.next_button.text() == "次へ(&N)"
    qtbot.mouseClick(walk.next_button, Qt.MouseButton.LeftButton)

    # the organisation's own checklist, found by its headers
    assert walk.title_label.text() == "2 / 3　チェックリスト"
    _pick(qtbot, walk, prompts_log, files / "点検表.xlsx")
    assert prompts_log.last_options("open_file_name")["kind"] == "template"
    assert "2 章・3 項目" in walk.preview.toPlainText() and "第1章 体制: 1-1、1-2" in walk.preview.toPlainText()
    qtbot.mouseClick(walk.store_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(walk.next_button, Qt.MouseButton.LeftButton)

    # past results (per year) and past answers (per item): both in the one step
    assert walk.title_label.text() == "3 / 3　過去の実績"
    _pick(qtbot, walk, prompts_log, files / "実績.csv")
    assert prompts_log.last_options("open_file_name")["kind"] == "past_answers"
    assert "年度別の実績: 15 行" in walk.preview.toPlainText()
    qtbot.mouseClick(walk.store_button, Qt.MouseButton.LeftButton)
    _pick(qtbot, walk, prompts_log, files / "回答.csv")
    assert "項目ごとの回答: チェックリスト 2 件・回答 6 件" in walk.preview.toPlainText()
    qtbot.mouseClick(walk.store_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(walk.next_button, Qt.MouseButton.LeftButton)

    assert walk.title_label.text() == "準備ができました" and walk.start_button.isVisible()
    summary = walk.preview.toPlainText().splitlines()
    assert summary[:2] == ["機関台帳:", "  機関台帳.csv: 追加 4 件・変更 0 件・終了 0 件・変更なし 0 件（取り込みました）"]
    assert summary[2:4] == ["チェックリスト:", "  点検表.xlsx: 点検表 第1版（2008年度から）"]
    assert summary[4:] == ["過去の実績:", "  実績.csv: 過去の実績 15 行", "  回答.csv: 過去の回答 チェックリスト 2 件・回答 6 件"]
    walk.grab().save(str(target.parent.parent / "walk-done.png"))  # looked at: no clipping, no tofu
    qtbot.mouseClick(walk.start_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted

    # what was stored, read back from the real file through a new connection
    dialog.opened.database.close()
    db = open_database(target, create=False)
    try:
        with db.session() as session:
            institutions = {i.code: i.valid_from_fy for i in session.scalars(select(Institution))}
            template = template_for_year(session, 2008)
            numbers = [i.number for i in template.items]
            results = session.scalar(select(func.count(PastResult.id)))
            checklists = session.scalar(select(func.count(Checklist.id)).where(Checklist.fy == 2013))
    finally:
        db.close()
    assert institutions == {"101": 2008, "102": 2008, "103": 2008, "201": 2008}  # no 開始年度: the first cycle
    assert numbers == ["1-1", "1-2", "2-1"] and (results, checklists) == (15, 2)


def test_the_seed_results_through_the_walk_show_in_summary(qtbot, dialog, target, files, prompts_log, capsys):
    walk = _create(qtbot, dialog)
    qtbot.mouseClick(walk.next_button, Qt.MouseButton.LeftButton)  # スキップ: no registry
    qtbot.mouseClick(walk.next_button, Qt.MouseButton.LeftButton)  # スキップ: the standard checklist
    _pick(qtbot, walk, prompts_log, files / "実績.csv")
    qtbot.mouseClick(walk.store_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(walk.next_button, Qt.MouseButton.LeftButton)
    assert "機関台帳: スキップしました" in walk.preview.toPlainText()
    dialog.reject()  # Esc at the end still opens the new file
    assert dialog.result() == dialog.DialogCode.Accepted
    dialog.opened.database.close()
    capsys.readouterr()
    averages = []
    for fy in range(2008, 2013):
        assert main(["summary", "--db", str(target), "--fy", str(fy), "--json"]) == 0
        figures = json.loads(capsys.readouterr().out)
        averages.append(figures["self"]["average"] if fy != 2008 else figures["internal"]["average"])
        if fy == 2011:
            assert figures["followup"]["institutions"] == 10
    assert averages == ["2.73", "2.96", "3.00", "3.00", "3.00"]
    shutil.rmtree(target.parent, ignore_errors=True)
