"""資料2: the committee paper of the selected year, previewed as the renderers draw it.

The preview is the report model (``reports.shiryo2`` or ``reports.committee``) drawn by
``reports.html_renderer``; every figure is a link that opens the answers behind it
(``gui.trace_dialog``). Beside it, the year's paragraphs of every section that takes a note
(``reports.shiryo2.NOTE_KEYS``: １ to ４) are edited and saved
(``actions.papers.save_year_notes``); the hint names ``{定型文}`` and the fields.
Excel, PDF and the audit notice letters are written in the background by the actions of
``actions.papers`` (``operations.run_action``), the same as the home tab's and the
command line's: 資料2 saved here counts as generated, each notice is dated by its audit
(``core.audits.notice_date``). 発行済にする stores the rendered files, the model and their
hashes (``reports.issued``); the status line says whether today's data still gives the
issued paper, and 発行済みの版 lists every issued version with what changed since.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jukidesk.actions.papers import issue_paper, make_paper, mark_notified, print_notices, save_year_notes
from jukidesk.base import audit_kinds
from jukidesk.base.errors import JukideskError
from jukidesk.base.fiscal import screen_datetime
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS, PAPER_LABELS
from jukidesk.core.notes import year_notes
from jukidesk.core.trace import parse_figure_ref
from jukidesk.gui import operations, prompts
from jukidesk.gui.context import AppContext
from jukidesk.gui.tables import set_up_table
from jukidesk.gui.widgets import ReloadWhenShown, fit_to_screen
from jukidesk.reports.document import Document
from jukidesk.reports.html_renderer import FIGURE_SCHEME, render_html
from jukidesk.reports.shiryo2 import NOTE_KEYS, TEMPLATE_LINE, note_field_names

PDF_FILTER = "PDF (*.pdf);;すべてのファイル (*)"
NOTE_EXAMPLES = {
    "overview": "例: {定型文}（空のときは組織の設定の定型文）",
    "method": "例: {定型文}\n○今年度から{事務利用機関数}機関で実施。",
    "progress": "例: ○今年度の監査は実施中であるが、…",
    "next_plan": "例: ○来年度から{次の巡目}を迎える。…（⇒ で始まる行は字下げ）",
}
# One editor per section that takes a year's note (reports.shiryo2.NOTE_KEYS, in its order).
NOTE_FIELDS = tuple((key, label, NOTE_EXAMPLES.get(key, "例: {定型文}")) for key, label in NOTE_KEYS.items())


def notes_hint() -> str:
    """What the note editors accept: paragraphs, {定型文}, and the fields by name."""
    fields = "、".join(f"{{{name}}}" for name in note_field_names())
    return (
        "1行が1段落です。○・⇒ などの記号は行頭に書いたものが使われます。"
        f"空のままなら、その節の定型文（組織の設定の「報告書」）が使われます。{TEMPLATE_LINE} だけの行には定型文が入り、"
        "その前後に書いた行が加わります。{名前} の項目はその年度の値になります（値のない年度は、その行が省かれます）。"
        f"使える項目: {fields}"
    )


def build_document(session, paper: str, fy: int, parameters: dict | None = None) -> Document:
    """The paper's model from today's data (the committee summary as of the reference date)."""
    from jukidesk.reports.papers import build_paper

    return build_paper(session, paper, fy, parameters)


class Shiryo2Tab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.document: Document | None = None
        self.last_operation: operations.Operation | None = None
        self.trace_dialog = None
        self.issued_dialog = None
        self._saved_notes: dict[str, str] = {}
        self._notes_fy = context.fiscal_year  # the year the note editors hold

        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        paper_label = QLabel("報告書(&P):", self)
        bar.addWidget(paper_label)
        self.paper_combo = QComboBox(self)
        paper_label.setBuddy(self.paper_combo)  # Alt+P; without a buddy the label shows "&P"
        for paper in ("shiryo2", "committee"):
            self.paper_combo.addItem(PAPER_LABELS[paper], paper)
        bar.addWidget(self.paper_combo)
        bar.addStretch(1)
        self.xlsx_button = QPushButton("Excel に保存(&X)…", self)
        self.pdf_button = QPushButton("PDF に保存(&D)…", self)
        self.issue_button = QPushButton("発行済にする(&I)…", self)
        self.issued_button = QPushButton("発行済みの版(&L)…", self)
        self.notice_button = QToolButton(self)
        self.notice_button.setText("監査通知を印刷(&N)")
        self.notice_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        notice_menu = QMenu(self)
        self.notice_actions = {}
        for kind in audit_kinds.audit_codes():
            action = QAction(f"{CHECKLIST_KIND_LABELS[kind]}の通知（PDF）…", self)
            action.triggered.connect(lambda _=False, k=kind: self.print_notices(k))
            notice_menu.addAction(action)
            self.notice_actions[kind] = action
        self.notice_button.setMenu(notice_menu)
        self.charts_check = QCheckBox("Excel にグラフを付ける(&G)", self)
        self.charts_check.setToolTip(
            "資料2の Excel にシート「グラフ」を加え、グラフ タブと同じ推移・機関別得点・区分別レーダーの画像を置きます"
        )
        for widget in (self.charts_check, self.xlsx_button, self.pdf_button, self.issue_button, self.issued_button,
                       self.notice_button):
            bar.addWidget(widget)
        layout.addLayout(bar)

        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.status_label)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.preview = QTextBrowser(splitter)
        self.preview.setOpenLinks(False)
        self.preview.setOpenExternalLinks(False)
        self.preview.anchorClicked.connect(self._anchor_clicked)
        self.preview.setToolTip("青い数字をクリックすると、その数字の根拠（機関・項目・点数）を表示します。")
        notes_box = QGroupBox("この年度の記述（資料2）", splitter)
        notes_layout = QVBoxLayout(notes_box)
        self.note_edits: dict[str, QPlainTextEdit] = {}
        for key, label, placeholder in NOTE_FIELDS:
            notes_layout.addWidget(QLabel(label, notes_box))
            edit = QPlainTextEdit(notes_box)
            edit.setPlaceholderText(placeholder)
            edit.textChanged.connect(self._notes_edited)
            notes_layout.addWidget(edit, 1)
            self.note_edits[key] = edit
        hint = QLabel(notes_hint())
        hint.setWordWrap(True)
        hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint.setStyleSheet("color: #555;")
        self.notes_hint = hint
        hint_area = QScrollArea(notes_box)  # the field list is long: it scrolls, the editors keep their room
        hint_area.setWidget(hint)
        hint_area.setWidgetResizable(True)
        hint_area.setFrameShape(QFrame.Shape.NoFrame)
        hint_area.setMaximumHeight(96)
        notes_layout.addWidget(hint_area)
        row = QHBoxLayout()
        self.notes_state = QLabel(notes_box)
        row.addWidget(self.notes_state, 1)
        self.save_notes_button = QPushButton("記述を保存(&W)", notes_box)
        row.addWidget(self.save_notes_button)
        notes_layout.addLayout(row)
        self.notes_box = notes_box
        splitter.addWidget(self.preview)
        splitter.addWidget(notes_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 320])
        layout.addWidget(splitter, 1)

        self.paper_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.issue_button.clicked.connect(self.issue)
        self.issued_button.clicked.connect(self.show_issued)
        self.save_notes_button.clicked.connect(self.save_notes)
        # notes typed and not saved stay when others' changes are read (at once, or when shown)
        self._reloader = ReloadWhenShown(self, lambda: self.reload(keep_notes=self.notes_dirty()))
        context.year_changed.connect(self._year_changed)
        context.data_changed.connect(self._data_changed)
        self.reload()

    # -- state ------------------------------------------------------------------------
    @property
    def paper(self) -> str:
        return self.paper_combo.currentData()

    @property
    def fy(self) -> int:
        return self.context.fiscal_year

    def _year_changed(self, _fy: int) -> None:
        if self.notes_dirty():
            self.save_notes()  # to the year they were written for (then reloads)
        self.reload()

    def _data_changed(self, _area: str) -> None:
        self._reloader.request()  # at once when on screen, else when shown again

    def reload_for_others(self) -> None:
        """The window's reread of other clerks' changes: never drops notes being typed."""
        self.reload(keep_notes=True)

    def select_paper(self, paper: str) -> None:
        self.paper_combo.setCurrentIndex(self.paper_combo.findData(paper))

    def reload(self, *, keep_notes: bool = False) -> None:
        from jukidesk.reports.issued import document_from_json, document_json, latest_issued, model_changes
        from jukidesk.reports.papers import paper_parameters
        from jukidesk.storage.models_evidence import IssuedPaper

        self.document = None
        status = ""
        paper, fy = self.paper, self.fy
        try:
            with self.context.database.session() as session:
                parameters = paper_parameters(session, paper)
                self.document = build_document(session, paper, fy, parameters)
                notes = year_notes(session, fy)
                latest = latest_issued(session, paper, fy)
                issued_json = current = None
                if latest is not None:
                    issued_json = session.get(IssuedPaper, latest.id).model_json
                    # compared as it was issued (the committee summary keeps its reference date)
                    same = latest.parameters == parameters
                    current = self.document if same else build_document(session, paper, fy, latest.parameters)
        except JukideskError as exc:
            self.preview.setHtml(f"<p>{exc}</p>")
            self.status_label.setText("")
            self._enable(False)
            return
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(render_html(self.document))
        self.preview.verticalScrollBar().setValue(scroll)
        if latest is None:
            status = "未発行です。委員会に提出した版は「発行済にする」で保存できます（ファイル・内容・改ざん検知の値を記録）。"
        else:
            stamp = f"{screen_datetime(latest.issued_at)}（{latest.issued_by}）"
            if issued_json == document_json(current):
                status = f"<b>発行済</b> {stamp}: 現在のデータから作った内容は発行した版と同じです。"
            else:
                changes = model_changes(document_from_json(issued_json), current)
                status = (
                    f'<b>発行済</b> {stamp}: <span style="color:#B00020;"><b>発行後にデータが変わっています'
                    f"（{len(changes)}か所）</b></span>。「発行済みの版」で違いを確認できます（発行した版も保存されています）。"
                )
        self.status_label.setText(status + "　青い数字をクリックすると根拠を表示します。")
        self._enable(True)
        is_shiryo2 = self.paper == "shiryo2"
        self.notes_box.setEnabled(is_shiryo2)
        self.charts_check.setVisible(is_shiryo2)
        if not keep_notes:
            self._notes_fy = fy
            self._saved_notes = {key: notes.get(key, "") for key, _l, _p in NOTE_FIELDS}
            for key, edit in self.note_edits.items():
                edit.blockSignals(True)
                edit.setPlainText(self._saved_notes[key])
                edit.blockSignals(False)
        self._notes_edited()

    def _enable(self, enabled: bool) -> None:
        for widget in (self.xlsx_button, self.pdf_button, self.issue_button):
            widget.setEnabled(enabled)

    def preview_text(self) -> str:
        return self.preview.toPlainText()

    # -- figures ----------------------------------------------------------------------
    def _anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == FIGURE_SCHEME:
            self.open_figure(url.path() or url.toString().split(":", 1)[-1])

    def open_figure(self, ref: str):
        from jukidesk.gui.trace_dialog import TraceDialog

        figure = parse_figure_ref(ref)
        if figure is None:
            return None
        dialog = TraceDialog(self.context, figure.fy, figure.kind, self, institution_id=figure.institution_id, what=figure.what)
        dialog.open()
        self.trace_dialog = dialog
        return dialog

    def figure_refs(self) -> list[tuple[str, str]]:
        """(cell text, link) of every figure of the preview."""
        if self.document is None:
            return []
        return [(c.text, c.ref) for t in self.document.tables() for row in t.rows for c in row if c.ref and c.text]

    # -- notes ------------------------------------------------------------------------
    def notes(self) -> dict[str, str]:
        return {key: edit.toPlainText() for key, edit in self.note_edits.items()}

    def notes_dirty(self) -> bool:
        return any(text.rstrip() != self._saved_notes.get(key, "").rstrip() for key, text in self.notes().items())

    def _notes_edited(self) -> None:
        dirty = self.notes_dirty()
        self.save_notes_button.setEnabled(dirty)
        self.notes_state.setText("未保存の変更があります" if dirty else "")

    def save_notes(self) -> bool:
        try:
            outcome = save_year_notes(self.context.database, self._notes_fy, self.notes())
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return False
        self._saved_notes = dict(outcome.value)
        self.context.apply(outcome)  # reloads this tab (and the others) from the stored text
        return True

    def closing(self) -> None:
        if self.notes_dirty():
            self.save_notes()

    # -- files ------------------------------------------------------------------------
    def default_file_name(self, fmt: str) -> str:
        """The name offered for the paper: the registry's, made safe for Windows."""
        from jukidesk.reports.papers import default_file_name

        with self.context.database.session() as session:
            return default_file_name(session, self.paper, self.fy, fmt)

    def export(self, fmt: str) -> operations.Operation | None:
        """Build the model again (the data may have changed) and draw it to a file, in the
        background (資料2 is recorded as generated, as from the home tab)."""
        if self.notes_dirty() and prompts.confirm(self, "記述の変更を保存してから書き出しますか？", ok_text="保存する"):
            self.save_notes()
        filters = prompts.XLSX_FILTER if fmt == "xlsx" else PDF_FILTER
        name = prompts.save_file_name(self, f"{PAPER_LABELS[self.paper]}の保存先", self.default_file_name(fmt), filters, kind="papers")
        if not name:
            return None
        target = Path(name)
        if target.suffix.lower() != f".{fmt}":
            target = target.with_suffix(f".{fmt}")
        database, paper, fy = self.context.database, self.paper, self.fy
        charts = []
        if fmt == "xlsx" and paper == "shiryo2" and self.charts_check.isChecked():
            from jukidesk.gui.charts_tab import chart_images

            charts = chart_images(self.context, fy)  # painted here (GUI thread), placed by the renderer

        self.last_operation = operations.run_action(
            self,
            self.context,
            lambda progress: make_paper(database, paper, fy, targets={fmt: target}, progress=progress, charts=charts),
            label=f"{fmt.upper()} を作成しています…",
            on_success=lambda written: prompts.info(self, f"保存しました。\n{written[fmt]}"),
        )
        return self.last_operation

    def issue(self) -> operations.Operation | None:
        if self.notes_dirty():
            prompts.warn(self, "記述に未保存の変更があります。保存してから発行済にしてください。")
            return None
        label = PAPER_LABELS[self.paper]
        year = self.context.year_style.label(self.fy, fullwidth=False)
        if not prompts.confirm(
            self,
            f"{year}の{label}を「発行済」にします。\n"
            "現在のデータから作った Excel・PDF と内容を、改ざん検知の値（SHA-256）・日時・利用者名とともに保存します。\n"
            "発行後にデータが変わっても、この版は変わらずに残ります。",
            ok_text="発行済にする",
        ):
            return None
        database, paper, fy = self.context.database, self.paper, self.fy

        def done(info):
            prompts.info(self, f"{label}を発行済にしました（{screen_datetime(info.issued_at)}）。\nPDF の改ざん検知の値（SHA-256）: {info.pdf_sha256}")

        self.last_operation = operations.run_action(
            self,
            self.context,
            lambda progress: issue_paper(database, paper, fy, progress=progress),
            label="発行済の版を保存しています…",
            on_success=done,
        )
        return self.last_operation

    def show_issued(self):
        dialog = IssuedDialog(self.context, self.paper, self.fy, self)
        dialog.open()
        self.issued_dialog = dialog
        return dialog

    def print_notices(self, kind: str) -> operations.Operation | None:
        """監査実施通知 of the year's audits of ``kind`` as one PDF (one page each), each
        letter dated by its audit (``core.audits.notice_date``); then, if the clerk agrees,
        通知済 on those dates."""
        from jukidesk.reports.papers import default_file_name, paper_parameters

        label = CHECKLIST_KIND_LABELS[kind]
        database, fy = self.context.database, self.fy
        try:
            with database.session() as session:
                default = default_file_name(session, "notices", fy, "pdf", paper_parameters(session, "notices", {"kind": kind}))
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return None
        name = prompts.save_file_name(self, f"{label}の通知の保存先", default, PDF_FILTER, kind="notices")
        if not name:
            return None
        target = Path(name).with_suffix(".pdf")

        def done(printed):
            text = f"{label}の通知 {len(printed.letters)} 件を保存しました。\n{printed.path}"
            if printed.pending and prompts.confirm(
                self,
                f"{text}\n\n予定のままの {len(printed.pending)} 件の監査を「通知済」（通知日 {printed.dates_text()}）にしますか？",
                ok_text="通知済にする",
            ):
                self._mark_notified(printed.pending, printed.dates)
            elif not printed.pending:
                prompts.info(self, text)

        self.last_operation = operations.run_action(
            self,
            self.context,
            lambda progress: print_notices(database, fy, target=target, kind=kind, progress=progress),
            label="通知を作成しています…",
            on_success=done,
        )
        return self.last_operation

    def _mark_notified(self, audit_ids: list[int], dates: dict[int, dt.date]) -> None:
        try:
            outcome = mark_notified(self.context.database, audit_ids, dates=dates)
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return
        self.context.apply(outcome)


class IssuedDialog(QDialog):
    """Every issued version of a paper and year: check one (hashes, changes since), save
    its files, or show its content."""

    HEADERS = ("発行日時", "発行者", "メモ", "内容の改ざん検知の値")

    def __init__(self, context: AppContext, paper: str, fy: int, parent: QWidget | None = None):
        from jukidesk.reports.issued import list_issued

        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context, self.paper, self.fy = context, paper, fy
        year = context.year_style.label(fy, fullwidth=False)
        self.setWindowTitle(f"発行済みの版 — {year} {PAPER_LABELS[paper]}")
        with context.database.session() as session:
            self.infos = list_issued(session, paper, fy)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(self.infos), len(self.HEADERS), self)
        self.table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        for r, info in enumerate(self.infos):
            for c, text in enumerate((screen_datetime(info.issued_at), info.issued_by, info.note, info.model_sha256[:16] + "…")):
                item = QTableWidgetItem(text)
                item.setToolTip(f"内容 {info.model_sha256}\nxlsx {info.xlsx_sha256}\nPDF {info.pdf_sha256}")
                self.table.setItem(r, c, item)
        set_up_table(self.table, stretch=(2,))
        layout.addWidget(QLabel("発行した版は変更・削除されません。新しい版を発行しても、前の版はここに残ります。", self))
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.verify_button = QPushButton("確認（改ざん検知の値と現在のデータ）(&C)", self)
        self.xlsx_button = QPushButton("発行した Excel を保存…", self)
        self.pdf_button = QPushButton("発行した PDF を保存…", self)
        self.show_button = QPushButton("発行した内容を表示", self)
        for button in (self.verify_button, self.xlsx_button, self.pdf_button, self.show_button):
            buttons.addWidget(button)
            button.setEnabled(bool(self.infos))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.result = QPlainTextEdit(self)
        self.result.setReadOnly(True)
        self.result.setPlaceholderText("「確認」で、保存したファイルが発行時の改ざん検知の値（SHA-256）と一致するか、発行後にデータが変わったかを表示します。")
        layout.addWidget(self.result, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.verify_button.clicked.connect(self.verify)
        self.xlsx_button.clicked.connect(lambda: self.save_file("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.save_file("pdf"))
        self.show_button.clicked.connect(self.show_content)
        if self.infos:
            self.table.selectRow(0)
        self.resize(820, 560)
        fit_to_screen(self)  # inside the screen's free area (1366×728 on a municipal PC)

    def selected(self):
        row = self.table.currentRow()
        return self.infos[row] if 0 <= row < len(self.infos) else None

    def verify(self) -> list[str]:
        from jukidesk.reports.issued import verify_paper

        info = self.selected()
        if info is None:
            return []
        try:
            with self.context.database.session() as session:
                lines = verify_paper(session, self.paper, self.fy, issued_id=info.id).lines()
        except JukideskError as exc:
            lines = [str(exc)]
        self.result.setPlainText("\n".join(lines))
        return lines

    def save_file(self, fmt: str) -> Path | None:
        from jukidesk.reports.issued import write_issued_file
        from jukidesk.reports.papers import safe_file_stem

        info = self.selected()
        if info is None:
            return None
        filters = prompts.XLSX_FILTER if fmt == "xlsx" else PDF_FILTER
        default = f"{safe_file_stem(f'{PAPER_LABELS[self.paper]}_{self.fy}_発行{info.issued_at:%Y%m%d-%H%M}')}.{fmt}"
        name = prompts.save_file_name(self, "発行した版の保存先", default, filters)
        if not name:
            return None
        try:
            with self.context.database.session() as session:
                path = write_issued_file(session, info.id, fmt, Path(name))
        except JukideskError as exc:
            prompts.error(self, str(exc))
            return None
        prompts.info(self, f"発行した版を保存しました（改ざん検知の値を確認済み）。\n{path}")
        return path

    def show_content(self):
        from jukidesk.reports.issued import issued_document

        info = self.selected()
        if info is None:
            return None
        with self.context.database.session() as session:
            document = issued_document(session, info.id)
        dialog = QDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowTitle(f"発行した内容（{screen_datetime(info.issued_at)}）")
        layout = QVBoxLayout(dialog)
        browser = QTextBrowser(dialog)
        browser.setOpenLinks(False)
        browser.setHtml(render_html(document))
        layout.addWidget(browser)
        fit_to_screen(dialog, 900, 700)
        dialog.open()
        self.content_dialog = dialog
        return dialog
