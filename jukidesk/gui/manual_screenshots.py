"""Screenshots for the user manual (resources/manual/index.html), taken from the real app:

    python -m jukidesk.gui.manual_screenshots --out resources/manual/images

Offscreen, on a fresh copy of the demo data, the main window as it is maximized on a
municipal PC's 1366×768 screen (1366×705 inside the taskbar and the title bar): every tab of
``tabs.TABS`` (``tab_<module>.png``; the first tab also as ``main_window.png``, which the
README shows) and the key dialogs. The user's settings and files are never touched: window
settings go to a temporary folder and every message box or file chooser is answered with
"cancel" instead of being shown. Prints the files it wrote.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path, PureWindowsPath

WINDOW_SIZE = (1366, 705)  # maximized on 1366×768: 40 px taskbar, 23 px title bar
SCREEN = (1366, 728)  # the screen's free part, which windows and dialogs fit themselves to
# Shown in the status bar instead of the temporary copy's path: where the file lives on the
# clerk's PC (platformdirs' user data folder on Windows).
DISPLAY_PATH = r"C:\Users\利用者\AppData\Local\jukidesk\jukidesk.sqlite"
SCREENSHOT_FY = 2013  # the demo's last year with answers and audits
# Tabs shown on another demo (a city's own records are empty in the prefecture's demo).
TAB_DEMOS = {"jukidesk.gui.municipal_tab": "city"}
# Tabs shown in another year: the home tab at the start of a new year, with work to do.
TAB_YEARS = {"jukidesk.gui.home_tab": SCREENSHOT_FY + 1}

# Dialogs and special views (the tabs come from tabs.TABS). name → what it shows.
DIALOG_SHOTS = {
    "first_run": "初回起動の画面",
    "first_run_new": "新しく始める: 組織の情報",
    "first_day_registry": "初めての日: 機関台帳の取り込み（確認）",
    "first_day_past": "初めての日: 過去の実績の取り込み（確認）",
    "first_day_done": "初めての日: 準備ができました",
    "institution_dialog": "機関の編集",
    "checklist_import": "チェックリストの取り込み（確認結果）",
    "audit_dialog": "監査の編集",
    "plan_dialog": "監査計画（巡目）",
    "settings_dialog": "組織の設定",
    "backup_dialog": "バックアップと復元",
}


def tab_image_name(module: str) -> str:
    """``jukidesk.gui.checklist_tab`` → ``tab_checklist.png``."""
    name = module.rsplit(".", 1)[-1]
    name = name[: -len("_tab")] if name.endswith("_tab") else name
    return f"tab_{name}.png"


@contextmanager
def _quiet_prompts():
    """No modal box may block the script: every question is answered with "cancel"."""
    from jukidesk.gui import prompts

    names = ("info", "warn", "error", "confirm", "open_file_name", "save_file_name", "open_file_names",
             "existing_directory", "ask_text")
    saved = {name: getattr(prompts, name) for name in names if hasattr(prompts, name)}
    replies = {"confirm": False, "open_file_names": []}
    for name in saved:
        setattr(prompts, name, lambda *args, _reply=replies.get(name), **kwargs: _reply)
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(prompts, name, function)


class Shooter:
    def __init__(self, out: Path):
        self.out = out
        self.written: list[Path] = []

    def settle(self) -> None:
        from PySide6.QtWidgets import QApplication

        for _ in range(3):
            QApplication.processEvents()

    def save(self, widget, name: str) -> Path:
        self.settle()
        path = self.out / name
        if not widget.grab().save(str(path)):
            raise RuntimeError(f"{path} を保存できませんでした。")
        self.written.append(path)
        return path

    def dialog(self, dialog, name: str, prepare: Callable | None = None) -> Path:
        dialog.show()
        if prepare is not None:
            prepare(dialog)
        try:
            return self.save(dialog, name)
        finally:
            dialog.reject()


def take_screenshots(out: Path) -> list[Path]:
    from PySide6.QtCore import QRect, QSettings

    from jukidesk.demo.builder import write_demo
    from jukidesk.gui import operations, widgets
    from jukidesk.gui.app import ensure_application
    from jukidesk.gui.tabs import TABS

    out.mkdir(parents=True, exist_ok=True)
    ensure_application()
    widgets.available_rect = lambda _widget: QRect(0, 0, *SCREEN)  # not offscreen Qt's 800×600
    shooter = Shooter(out)
    with tempfile.TemporaryDirectory(prefix="jukidesk-shots-") as temp, _quiet_prompts():
        temp = Path(temp)
        settings = QSettings(str(temp / "window.ini"), QSettings.Format.IniFormat)
        was_synchronous = operations._synchronous
        operations.set_synchronous(True)
        window = None
        try:
            _first_run(shooter, temp)
            data = write_demo(temp / "jukidesk.sqlite")
            window = _window(data, settings)
            window.context.set_fiscal_year(SCREENSHOT_FY)
            for number, spec in enumerate(TABS):
                if spec.module in TAB_DEMOS:
                    continue
                widget = window.show_tab(spec.title)
                _prepare_tab(spec.module, widget)
                if number == 0:
                    shooter.save(window, "main_window.png")
                window.context.set_fiscal_year(TAB_YEARS.get(spec.module, SCREENSHOT_FY))
                shooter.save(window, tab_image_name(spec.module))
                window.context.set_fiscal_year(SCREENSHOT_FY)
            window.show_tab(TABS[0].title)
            _dialogs(shooter, window, temp)
            for spec in TABS:
                if spec.module in TAB_DEMOS:
                    other = _window(write_demo(temp / TAB_DEMOS[spec.module] / "jukidesk.sqlite", name=TAB_DEMOS[spec.module]), settings)
                    try:
                        widget = other.show_tab(spec.title)
                        _prepare_tab(spec.module, widget)
                        shooter.save(other, tab_image_name(spec.module))
                        _views(shooter, other, spec.module, widget)
                    finally:
                        other.close()
                        other.deleteLater()
        finally:
            operations.set_synchronous(was_synchronous)
            if window is not None:
                window.close()
                window.deleteLater()
            shooter.settle()
    return shooter.written


def _window(data: Path, settings):
    from jukidesk.gui.context import context_from
    from jukidesk.gui.main_window import MainWindow
    from jukidesk.gui.opening import open_path

    window = MainWindow(context_from(open_path(data)), settings=settings)
    window.resize(*WINDOW_SIZE)
    window.show()
    window.file_label.setText(DISPLAY_PATH)
    return window


def _first_run(shooter: Shooter, temp: Path) -> None:
    from jukidesk.gui.first_run import FirstRunDialog

    example = [PureWindowsPath(r"D:\監査\jukidesk-2013年度.sqlite")]
    dialog = FirstRunDialog(Path(DISPLAY_PATH), recent=[])
    dialog._fill_recent(example)  # the list as it looks once a file has been used
    shooter.dialog(dialog, "first_run.png")

    def fill(d):
        d.show_new_page()
        d.ui.org_name.setText("○○県")
        d.ui.org_short_name.setText("県")
        d.ui.security_officer_section.setText("企画部市町村課")
        d.ui.cycle_first_fy.setValue(2026)

    shooter.dialog(FirstRunDialog(Path(DISPLAY_PATH)), "first_run_new.png", fill)
    _first_day(shooter, temp)


# The organisation's own files the first-day walk is shown with (as Excel on a Japanese PC
# saves a CSV: CP932; 和暦 and full-width digits as clerks type them).
FIRST_DAY_REGISTRY = (
    "機関コード,機関名,略称,種別,業務端末設置,長の職名,開始年度,終了年度\r\n"
    "１０１,消防課,消防,事務利用機関,○,消防課長,平成２０年度,\r\n"
    "102,職員課,,事務利用機関,×,職員課長,,\r\n"
    "103,税務課,,事務利用機関,あり,税務課長,,\r\n"
    "104,佐久地方事務所,佐久,事務利用機関,○,所長,H20,\r\n"
    "201,情報政策課,,運用機関,,,H20,\r\n"
)
FIRST_DAY_RESULTS = (
    "年度,区分,対象機関数,平均点\r\n"
    "H20,自己点検,19機関,2.91 点\r\nH21,自己点検,１９機関,２．９６点\r\nH22,自己点検,19,3.00\r\n"
    "H20,内部監査,5機関,2.73\r\nH21,内部監査,4,2.70\r\nH21,外部監査,2,3.00\r\nH22,外部監査,2,2.98\r\n"
    "H23,フォローアップ,10 機関,\r\n"
)


def _first_day(shooter: Shooter, temp: Path) -> None:
    """The walk after 新しく始める, on a real new file with the files above."""
    from jukidesk.gui.first_run import FirstRunDialog

    folder = temp / "first-day"
    folder.mkdir()
    (folder / "機関台帳.csv").write_bytes(FIRST_DAY_REGISTRY.encode("cp932"))
    (folder / "過去の実績.csv").write_bytes(FIRST_DAY_RESULTS.encode("cp932"))
    dialog = FirstRunDialog(folder / "jukidesk.sqlite")
    dialog.show()
    try:
        dialog.show_new_page()
        dialog.ui.org_name.setText("○○県")
        dialog.ui.cycle_first_fy.setValue(2008)
        if not dialog.create_new():
            raise RuntimeError(dialog.ui.error_label.text())
        walk = dialog.walk
        walk.preview_file(folder / "機関台帳.csv")
        shooter.save(dialog, "first_day_registry.png")
        walk.store_file()
        walk.next_step()
        walk.next_step()  # the standard checklist
        walk.preview_file(folder / "過去の実績.csv")
        shooter.save(dialog, "first_day_past.png")
        walk.store_file()
        walk.next_step()
        shooter.save(dialog, "first_day_done.png")
    finally:
        dialog.reject()
        if dialog.opened is not None:
            dialog.opened.close()


def _prepare_tab(module: str, widget) -> None:
    """Show each tab with something in it (the demo's year and a filled checklist)."""
    if widget is None:
        return
    if module.endswith("checklist_tab") and hasattr(widget, "select_kind"):
        widget.select_kind("internal")
        combo = widget.ui.institution_combo
        if combo.count() > 1:
            combo.setCurrentIndex(1)


# Pages inside a tab, shot after the tab itself: module → [(view, image name, item to select)];
# the item is a 調査票 number, or for a page of record lists the panel whose first row is selected.
VIEW_SHOTS = {
    "jukidesk.gui.municipal_tab": [
        ("survey", "survey_page.png", "5-6"),
        ("council", "city_council.png", "council_decision"),
        ("internal_audit", "city_internal_audit.png", "audit_report"),
    ]
}


def _views(shooter: Shooter, window, module: str, widget) -> None:
    """The pages of ``VIEW_SHOTS`` (the 調査票 with its 未整備 item selected, the city's year
    with its first decision / report selected)."""
    if widget is None or not hasattr(widget, "show_view"):
        return
    for view, name, number in VIEW_SHOTS.get(module, []):
        page = widget.show_view(view)
        if number and hasattr(page, "select_number"):
            page.select_number(number)
        elif number in getattr(widget, "panels", {}):
            widget.panels[number].view.selectRow(0)
        shooter.save(window, name)


def _dialogs(shooter: Shooter, window, temp: Path) -> None:
    from jukidesk.gui.tabs import TABS

    titles = {spec.module: spec.title for spec in TABS}

    registry = window.show_tab(titles["jukidesk.gui.registry_tab"])
    registry.ui.table.selectRow(6)
    dialog = registry.edit_institution()
    if dialog is not None:
        shooter.dialog(dialog, "institution_dialog.png")

    if "jukidesk.gui.calendar_tab" in titles:
        calendar = window.show_tab(titles["jukidesk.gui.calendar_tab"])
        calendar.ui.audits_table.selectRow(0)
        dialog = calendar.edit_audit()
        if dialog is not None:
            shooter.dialog(dialog, "audit_dialog.png")
        shooter.dialog(calendar.open_plan_dialog(), "plan_dialog.png")

    shooter.dialog(window.show_settings_dialog(), "settings_dialog.png")

    from jukidesk.gui.backup_dialog import show_backup_dialog
    from jukidesk.storage.backup import backups_dir

    backups = show_backup_dialog(window)
    backups.backup_now()
    label = backups.ui.intro_label
    label.setText(label.text().replace(str(backups_dir(window.context.path)), str(PureWindowsPath(DISPLAY_PATH).parent / "backups")))
    shooter.dialog(backups, "backup_dialog.png")

    if "jukidesk.gui.checklist_tab" in titles:
        _import_preview(shooter, window, temp, titles["jukidesk.gui.checklist_tab"])

    _template_editor(shooter, window)
    if "jukidesk.gui.charts_tab" in titles:
        _charts(shooter, window, titles["jukidesk.gui.charts_tab"])


def _template_editor(shooter: Shooter, window) -> None:
    """設定 → チェックリストのテンプレート: the first item selected (nothing is saved)."""
    from PySide6.QtCore import Qt

    window.template_editor_action.trigger()
    dialog = window.template_editor
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    dialog.year_spin.setValue(dialog.year_spin.value() + 1)
    shooter.dialog(dialog, "template_editor.png")


def _charts(shooter: Shooter, window, title: str) -> None:
    """The radar and the trend as 「PNGで保存」 writes them: FY2009 (H21), 内部監査, the year
    with differences between categories."""
    tab = window.show_tab(title)
    window.context.set_fiscal_year(2009)
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData("internal"))
    shooter.settle()
    for view, name in ((tab.radar_view, "chart_radar.png"), (tab.trend_view, "chart_trend.png")):
        path = shooter.out / name
        if not tab.image_of(view).save(str(path)):
            raise RuntimeError(f"{path} を保存できませんでした。")
        shooter.written.append(path)
    window.context.set_fiscal_year(SCREENSHOT_FY)


def _import_preview(shooter: Shooter, window, temp: Path, title: str) -> None:
    """The import dialog after checking a folder of returned workbooks: two of them are new
    (their checklists are removed from this temporary copy first), the rest unchanged."""
    from sqlalchemy import select

    from jukidesk.actions.checklists import delete_checklists
    from jukidesk.exchange.checklist_xlsx import export_checklists
    from jukidesk.storage.models import Checklist

    context = window.context
    folder = temp / "回収"
    with context.database.session() as session:
        paths = export_checklists(session, SCREENSHOT_FY, "self", folder)
        first_two = list(
            session.scalars(
                select(Checklist.id).where(Checklist.fy == SCREENSHOT_FY, Checklist.kind == "self").order_by(Checklist.id).limit(2)
            )
        )
    context.apply(delete_checklists(context.database, first_two))  # through the ORM: the edit history records it
    tab = window.show_tab(title)
    dialog = tab.open_import_dialog()
    dialog.set_paths(sorted(paths))
    shooter.dialog(dialog, "checklist_import.png")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="使い方の文書の画面写真を、実際の画面から作る")
    parser.add_argument("--out", type=Path, default=None, help="保存先のフォルダ（省略時は resources/manual/images）")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from jukidesk.base.paths import resource

    out = args.out if args.out is not None else resource("manual", "images")
    for path in take_screenshots(out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
