"""The committed forms in jukidesk/gui/forms match the Designer files in ui/."""

from __future__ import annotations

import re

import pytest

from jukidesk.gui.forms import compile as forms_compile

UI_FILES = sorted(forms_compile.UI_DIR.glob("*.ui"))


def test_every_ui_file_has_a_form():
    assert {f.stem for f in UI_FILES} >= {"main_window", "institution_dialog", "settings_dialog", "registry_tab"}
    for ui_file in UI_FILES:
        assert forms_compile.form_path(ui_file).exists(), f"run python -m jukidesk.gui.forms.compile ({ui_file.name})"


@pytest.mark.parametrize("ui_file", UI_FILES, ids=lambda p: p.name)
def test_committed_form_is_compiled_from_the_current_ui_file(ui_file):
    form = forms_compile.form_path(ui_file)
    assert forms_compile.recorded_digest(form) == forms_compile.source_digest(ui_file), (
        f"{form.name} is stale: run python -m jukidesk.gui.forms.compile"
    )
    assert "do not edit" in form.read_text(encoding="utf-8").splitlines()[0]


def _uic_version(text: str) -> str | None:
    match = re.search(r"Qt User Interface Compiler version (\S+)", text)
    return match.group(1) if match else None


def test_recompiling_reproduces_the_committed_forms(tmp_path):
    """Same uic, same output: nobody edited a generated file by hand."""
    for ui_file in UI_FILES:
        committed = forms_compile.form_path(ui_file).read_text(encoding="utf-8")
        fresh = forms_compile.compile_form(ui_file, tmp_path).read_text(encoding="utf-8")
        if _uic_version(committed) != _uic_version(fresh):
            pytest.skip(f"uic {_uic_version(fresh)} differs from the one that made the forms ({_uic_version(committed)})")
        assert fresh == committed, f"{ui_file.name}: generated form was edited or not recompiled"
