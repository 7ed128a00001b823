"""ヘルプ → 使い方: the bundled manual, its links, and its screenshots — made by
``python -m jukidesk.gui.manual_screenshots`` from the real app (run here into a tmp folder)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage

from jukidesk.gui.manual import ManualDialog, manual_path
from jukidesk.gui.manual_screenshots import WINDOW_SIZE, tab_image_name
from jukidesk.gui.tabs import TABS

MANUAL = manual_path()
HTML = MANUAL.read_text(encoding="utf-8")
ALL_IMAGES = sorted(set(re.findall(r'<img src="(images/[^"]+)"', HTML)))
# Pages of papers, rendered from tests/unit/test_ten_years.py (``pdftoppm -png -r 70``), not
# screenshots of the app: kept in resources/manual/images as they are.
PAPER_PAGES = [image for image in ALL_IMAGES if re.fullmatch(r"images/shiryo2_FY\d{4}_p\d+\.png", image)]
IMAGES = [image for image in ALL_IMAGES if image not in PAPER_PAGES]
PAPER_PAGE_MAX_BYTES = 250_000


def _image_problem(path: Path) -> str | None:
    """None for a real screenshot; otherwise what is wrong (missing, unreadable, blank)."""
    if not path.exists():
        return "missing"
    image = QImage(str(path))
    if image.isNull():
        return "unreadable"
    if image.width() < 200 or image.height() < 150:
        return f"too small {image.width()}×{image.height()}"
    colours, dark = set(), 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            pixel = image.pixel(x, y)
            colours.add(pixel)
            dark += QColor(pixel).lightness() < 90
    if len(colours) < 8 or dark < 100:
        return f"blank ({len(colours)} colours, {dark} dark samples)"
    return None


def test_manual_references_images_and_anchors_that_exist():
    assert len(IMAGES) >= 12
    names = set(re.findall(r'<a name="([^"]+)"', HTML))
    for anchor in re.findall(r'<a href="#([^"]+)"', HTML):
        assert anchor in names, anchor
    committed = MANUAL.parent
    for image in IMAGES:
        assert _image_problem(committed / image) is None, f"{image}: {_image_problem(committed / image)}"


def test_every_tab_is_shown_and_described_in_the_manual():
    for spec in TABS:
        assert f"images/{tab_image_name(spec.module)}" in IMAGES, (
            f"タブ「{spec.title}」の説明と写真が使い方にありません (resources/manual/index.html)"
        )
        assert spec.title in HTML


def test_paper_pages_of_the_manual_are_there_and_small(gui_app):
    assert len(PAPER_PAGES) >= 2
    for image in PAPER_PAGES:
        path = MANUAL.parent / image
        assert _image_problem(path) is None, f"{image}: {_image_problem(path)}"
        assert path.stat().st_size < PAPER_PAGE_MAX_BYTES, image


def test_screenshot_script_makes_every_image_of_the_manual(gui_app, tmp_path, artifacts):
    from jukidesk.gui import manual_screenshots

    out = tmp_path / "images"
    assert manual_screenshots.main(["--out", str(out)]) == 0
    for image in IMAGES:
        problem = _image_problem(tmp_path / image)
        assert problem is None, f"{image}: {problem}"
    main_window = QImage(str(out / "main_window.png"))
    assert (main_window.width(), main_window.height()) == WINDOW_SIZE
    for name in ("main_window.png", "first_run.png", "checklist_import.png"):
        shutil.copy(out / name, artifacts / f"manual_{name}")


def test_manual_dialog_navigation_search_and_full_size_screenshots(qtbot, gui_app, artifacts):
    dialog = ManualDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    browser = dialog.ui.browser
    assert browser.documentTitle() == "jukidesk の使い方"
    assert not dialog.ui.back_button.isEnabled()
    dialog.ui.find_text.setText("資料2")
    assert dialog.find_next()
    assert browser.textCursor().selectedText() == "資料2"
    dialog.ui.find_text.setText("存在しない語句ですよ")
    assert not dialog.find_next()

    browser.scrollToAnchor("registry")
    dialog.grab().save(str(artifacts / "manual_dialog.png"))
    # a wide screenshot is shown smoothly scaled to fit; a click shows it at full size
    scaled = browser.loadResource(2, QUrl("images/main_window.png"))
    assert scaled.width() == 800
    browser.setSource(browser.source().resolved(QUrl("images/main_window.png")))
    assert dialog.ui.back_button.isEnabled()
    assert "実寸" in browser.toPlainText()
    full = browser.document().resource(2, QUrl(browser.toHtml().split("src=\"")[1].split('"')[0]))
    assert full is not None and full.width() == WINDOW_SIZE[0]
    dialog.ui.back_button.click()
    assert browser.source().fileName() == "index.html"
    dialog.ui.home_button.click()
    assert browser.source().fileName() == "index.html"


def test_missing_manual_is_said_not_crashed(qtbot, gui_app, monkeypatch, tmp_path):
    from jukidesk.gui import manual

    monkeypatch.setattr(manual, "manual_path", lambda: tmp_path / "none" / "index.html")
    dialog = ManualDialog()
    qtbot.addWidget(dialog)
    assert "見つかりません" in dialog.ui.browser.toPlainText()


@pytest.mark.parametrize("anchor", ["start", "backup", "cli"])
def test_manual_opens_at_an_anchor(qtbot, gui_app, anchor):
    dialog = ManualDialog(anchor=anchor)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ui.browser.source().fileName() == "index.html"


def test_about_box_lists_version_file_schema_and_all_licences(window, qtbot, artifacts):
    from jukidesk import __version__
    from jukidesk.storage.database import head_revision

    dialog = window.show_about_dialog()
    qtbot.waitExposed(dialog)
    text = dialog.ui.details.toPlainText()
    assert __version__ in text and str(window.context.path) in text and head_revision() in text
    for words in ("IPA Font License", "SIL Open Font License", "LGPL v3", "ReportLab", "openpyxl"):
        assert words in text, words
    dialog.grab().save(str(artifacts / "about_dialog.png"))
    dialog.close()
