"""The precomputed font widths (resources/fonts/widths.json) are exactly what reportlab reads
from the bundled fonts, and an Excel report no longer loads the PDF library to measure text."""

from __future__ import annotations

import pytest

from jukidesk.base import text_layout
from jukidesk.base.paths import font_path


@pytest.mark.parametrize("role", ["gothic", "mincho", "ud"])
def test_the_stored_table_is_what_reportlab_reads(role):
    path = font_path(text_layout._ROLES[role])
    stored = text_layout._stored_table(path)
    assert stored is not None, "widths.json does not describe this font: run text_layout.write_width_tables()"
    read = {code: width / 1000 for code, width in text_layout._read_font_widths(path).items()}
    assert stored == read


def test_a_font_the_table_does_not_describe_is_read_from_the_file(monkeypatch, tmp_path):
    path = font_path("gothic")
    monkeypatch.setattr(text_layout, "WIDTH_TABLES", "missing.json")
    assert text_layout._stored_table(path) is None
    text_layout._widths.cache_clear()
    text_layout._char_widths.cache_clear()
    try:
        assert text_layout.text_width("監査 12", 10, "gothic") == pytest.approx(10 * (1 + 1 + text_layout.char_em(" ", "gothic") + 2 * text_layout.char_em("1", "gothic")))
    finally:
        text_layout._widths.cache_clear()
        text_layout._char_widths.cache_clear()


def test_text_width_of_a_character_the_font_lacks():
    lacking = "\U0002a6db"  # 𪛛: not in BIZ UD
    assert ord(lacking) not in text_layout._widths("ud")
    assert text_layout.text_width(f"点{lacking}", 10) == pytest.approx(10 * (text_layout.char_em("点") + 1.0))


def test_an_excel_report_does_not_load_reportlab(demo_path, tmp_path):
    from tests.unit.test_startup_imports import loaded_after

    out = tmp_path / "shiryo2.xlsx"
    code = (
        "from jukidesk.main import main\n"
        f"assert main(['report', 'shiryo2', '--db', {str(demo_path)!r}, '--fy', '2013', '--xlsx', {str(out)!r}]) == 0"
    )
    assert loaded_after(code, ("reportlab", "PySide6"), tmp_path) == []
    assert out.stat().st_size > 0
