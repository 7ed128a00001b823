"""Screenshots a person looks at (tests/artifacts/): Japanese text rendered, nothing clipped."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage


def _has_dark_text(image: QImage) -> bool:
    """Text was drawn at all (a blank or tofu-only grab would fail other checks by eye)."""
    dark = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            if QColor(image.pixel(x, y)).lightness() < 80:
                dark += 1
    return dark > 200


def test_screenshots(qtbot, window, registry_tab, artifacts):
    assert window.size().width() == 1280 and window.size().height() == 800
    shot = window.grab()
    assert shot.save(str(artifacts / "gui_main_window_registry.png"))
    assert _has_dark_text(shot.toImage())

    registry_tab.ui.table.selectRow(6)
    dialog = registry_tab.edit_institution()
    qtbot.waitExposed(dialog)
    assert dialog.grab().save(str(artifacts / "gui_institution_dialog.png"))
    dialog.ui.code.setText("101")
    dialog.accept()  # duplicate code: the red message inside the dialog
    assert dialog.grab().save(str(artifacts / "gui_institution_dialog_error.png"))
    dialog.reject()

    settings = window.show_settings_dialog()
    qtbot.waitExposed(settings)
    assert settings.grab().save(str(artifacts / "gui_settings_dialog.png"))
    settings.ui.groups.setCurrentIndex(1)
    assert settings.grab().save(str(artifacts / "gui_settings_dialog_report.png"))
    settings.reject()
