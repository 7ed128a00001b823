"""The first day, after 新しく始める made the file (gui/first_run.py): a walk through the
organisation's own files — registry → checklist template → past results → done.

Every step is optional (スキップ) and works the same way: ファイルを選ぶ… reads the file
and shows what would be stored (the action's dry run / preview); only 取り込む stores it,
all or nothing, through the same action as the command line:

* 機関台帳 — ``actions.registry_io.import_registry`` (new rows start in the first cycle's
  year, so the past years have their institutions);
* チェックリスト — ``actions.checklists.read_template`` / ``save_template`` (the
  organisation's own list found by its headers), in force from the first cycle's year;
* 過去の実績 — ``actions.past_results.import_results`` (one row per year and kind) or
  ``actions.past_answers.import_answers`` (one row per answer), told apart by the headers.

A step may take several files (取り込む, then another file). Reading and storing run
through ``gui.operations`` (worker, progress, cancel); a refused file shows its message
(file, row, column) under the preview and nothing is stored. Code only, no .ui form: the
pages are alike and built from ``STEPS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jukidesk.base.errors import JukideskError
from jukidesk.gui import operations, prompts
from jukidesk.storage.database import Database


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    explanation: str


STEPS = (
    Step(
        "registry",
        "機関台帳",
        "機関の一覧（Excel の .xlsx または CSV）を取り込みます。列は見出しで探します: コード・名称・略称・区分・"
        "業務端末・長の職名・所在地・開始年度・終了年度。開始年度のない機関は {first}から台帳にあるものとします。",
    ),
    Step(
        "template",
        "チェックリスト",
        "これまで使ってきた点検表（番号・項目・章・着眼点の見出しのある .xlsx / .csv）を取り込むと、"
        "{first}からそのチェックリストを使います。スキップすると標準のチェックリストを使います。",
    ),
    Step(
        "past",
        "過去の実績",
        "jukidesk を使う前の年度の結果を取り込みます。年度別の実績（年度・区分・対象機関数・平均点）でも、"
        "項目ごとの回答（年度・区分・機関・項目番号・評価・備考）でも読めます。資料2の推移表やグラフ、"
        "前年度比に使います。",
    ),
)
# the file chooser of each step starts where that kind of file went last time (the same
# kinds as the registry tab's and checklist tab's choosers)
CHOOSER_KINDS = {"registry": "registry", "template": "template", "past": "past_answers"}
FILE_FILTER = "Excel ブック・CSV (*.xlsx *.csv);;すべてのファイル (*)"
MAX_PREVIEW_LINES = 200


# ---------------------------------------------------------------------------------------
# What each step reads and stores (through the actions, as the command line does)


def preview_lines(key: str, db: Database, path: Path, first_fy: int) -> list[str]:
    """What storing ``path`` in step ``key`` would do, one line each (a refused file raises)."""
    if key == "registry":
        from jukidesk.actions.registry_io import import_registry

        return import_registry(db, path, from_fy=first_fy, dry_run=True).value.lines()
    if key == "template":
        from jukidesk.actions.checklists import read_template

        definition = read_template(path)
        items = sum(len(c.items) for c in definition.categories)
        lines = [f"「{definition.name}」: {len(definition.categories)} 章・{items} 項目（{first_fy}年度から使います）"]
        for category in definition.categories:
            numbers = [i.number for i in category.items]
            shown = "、".join(numbers[:8]) + (f" ほか {len(numbers) - 8} 項目" if len(numbers) > 8 else "")
            lines.append(f"  {category.name}: {shown}")
        return lines
    from jukidesk.actions.past_answers import import_answers, is_answers_file
    from jukidesk.actions.past_results import import_results

    if is_answers_file(path):
        done = import_answers(db, path, dry_run=True).value
        return [f"項目ごとの回答: チェックリスト {done.checklists} 件・回答 {done.answers} 件", *done.lines]
    done = import_results(db, path, dry_run=True).value
    return [f"年度別の実績: {len(done.plan.rows)} 行", *done.lines]


def store(key: str, db: Database, path: Path, first_fy: int) -> str:
    """Store ``path`` in step ``key``; a one-line report of what was stored."""
    if key == "registry":
        from jukidesk.actions.registry_io import import_registry

        return import_registry(db, path, from_fy=first_fy).value.lines()[0]
    if key == "template":
        from jukidesk.actions.checklists import read_template, save_template

        saved = save_template(db, read_template(path), from_fy=first_fy).value
        return f"{path.name}: {saved.title()}"
    from jukidesk.actions.past_answers import import_answers, is_answers_file
    from jukidesk.actions.past_results import import_results

    if is_answers_file(path):
        done = import_answers(db, path).value
        return f"{path.name}: 過去の回答 チェックリスト {done.checklists} 件・回答 {done.answers} 件"
    done = import_results(db, path).value
    return f"{path.name}: 過去の実績 {done.written} 行"


# ---------------------------------------------------------------------------------------
# The widget


class FirstDayWalk(QWidget):
    """The walk's page inside the first-run dialog; ``finished`` when 始める is pressed."""

    finished = Signal()

    def __init__(self, database: Database, first_fy: int, year_label: Callable[[int], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.database = database
        self.first_fy = first_fy
        self.year_label = year_label
        self.index = 0
        self.path: Path | None = None
        self.stored: dict[str, list[str]] = {step.key: [] for step in STEPS}
        self.last_operation: operations.Operation | None = None

        layout = QVBoxLayout(self)
        self.progress_label = QLabel(self)
        self.progress_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.progress_label)
        self.title_label = QLabel(self)
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        layout.addWidget(self.title_label)
        self.explanation_label = QLabel(self)
        self.explanation_label.setWordWrap(True)
        layout.addWidget(self.explanation_label)

        row = QHBoxLayout()
        self.choose_button = QPushButton("ファイルを選ぶ(&F)…", self)
        self.choose_button.clicked.connect(self.choose_file)
        row.addWidget(self.choose_button)
        self.file_label = QLabel(self)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.file_label, 1)
        layout.addLayout(row)

        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setPlaceholderText("ファイルを選ぶと、保存される内容がここに表示されます（まだ何も保存しません）。")
        self.preview.setAccessibleName("取り込む内容の確認")
        layout.addWidget(self.preview, 1)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message_label)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.store_button = QPushButton("取り込む(&I)", self)
        self.store_button.clicked.connect(self.store_file)
        buttons.addWidget(self.store_button)
        self.next_button = QPushButton(self)
        self.next_button.clicked.connect(self.next_step)
        buttons.addWidget(self.next_button)
        self.start_button = QPushButton("始める(&S)", self)
        self.start_button.clicked.connect(self.finished.emit)
        buttons.addWidget(self.start_button)
        layout.addLayout(buttons)
        self.show_step(0)

    # -- steps ------------------------------------------------------------------------
    @property
    def step(self) -> Step | None:
        return STEPS[self.index] if self.index < len(STEPS) else None

    def show_step(self, index: int) -> None:
        self.index = index
        self.path = None
        names = [s.title for s in STEPS] + ["完了"]
        self.progress_label.setText(
            " → ".join(f"<b>{name}</b>" if i == index else name for i, name in enumerate(names))
        )
        self.preview.clear()
        self.file_label.clear()
        self.message_label.clear()
        step = self.step
        done = step is None
        for widget in (self.choose_button, self.file_label, self.store_button, self.next_button):
            widget.setVisible(not done)
        self.start_button.setVisible(done)
        if done:
            self.title_label.setText("準備ができました")
            self.explanation_label.setText(
                "取り込んだものは次のとおりです。あとからでも、それぞれのタブやコマンドで取り込めます。"
                "「始める」で画面を開きます。"
            )
            self.preview.setPlainText("\n".join(self.summary_lines()))
            self.start_button.setDefault(True)
            self.start_button.setFocus()
            return
        self.title_label.setText(f"{index + 1} / {len(STEPS)}　{step.title}")
        self.explanation_label.setText(step.explanation.format(first=self.year_label(self.first_fy)))
        self.store_button.setEnabled(False)
        self._update_next()
        self.choose_button.setDefault(True)
        self.choose_button.setFocus()

    def _update_next(self) -> None:
        stored = self.step is not None and bool(self.stored[self.step.key])
        self.next_button.setText("次へ(&N)" if stored else "スキップ(&N)")

    def summary_lines(self) -> list[str]:
        lines = []
        for step in STEPS:
            done = self.stored[step.key]
            lines.append(f"{step.title}:" + "".join(f"\n  {text}" for text in done) if done else f"{step.title}: スキップしました")
        return lines

    def next_step(self) -> None:
        self.show_step(self.index + 1)

    # -- a file: preview, then store --------------------------------------------------
    def choose_file(self) -> None:
        name = prompts.open_file_name(
            self, f"{self.step.title}のファイルを選ぶ", "", FILE_FILTER, kind=CHOOSER_KINDS[self.step.key]
        )
        if name:
            self.preview_file(Path(name))

    def preview_file(self, path: Path) -> None:
        key, db, first = self.step.key, self.database, self.first_fy
        self.path = None
        self.store_button.setEnabled(False)
        self.file_label.setText(path.name)
        self.preview.clear()
        self.message_label.clear()

        def shown(lines: list[str]) -> None:
            self.preview.setPlainText("\n".join(prompts.first_lines(lines, MAX_PREVIEW_LINES)))
            self.path = path
            self.store_button.setEnabled(True)
            self.store_button.setDefault(True)
            self.message_label.setText("まだ保存していません。この内容でよければ「取り込む」を押してください。")

        self.last_operation = operations.run_operation(
            self,
            lambda _progress: preview_lines(key, db, path, first),
            label="ファイルを確認しています…",
            on_success=shown,
            on_error=self._refused,
        )

    def store_file(self) -> None:
        if self.path is None:
            return
        key, db, first, path = self.step.key, self.database, self.first_fy, self.path

        def stored(text: str) -> None:
            self.stored[key].append(text)
            self.path = None
            self.store_button.setEnabled(False)
            self.message_label.setText(f"取り込みました: {text}\n続けて別のファイルも取り込めます。")
            self._update_next()
            self.next_button.setDefault(True)

        self.last_operation = operations.run_operation(
            self,
            lambda _progress: store(key, db, path, first),
            label="取り込んでいます…",
            on_success=stored,
            on_error=self._refused,
        )

    def _refused(self, exc: BaseException) -> None:
        self.path = None
        self.store_button.setEnabled(False)
        if isinstance(exc, JukideskError):
            self.message_label.setText(f"取り込めません（何も保存していません）:\n{exc}")
        else:
            self.message_label.setText("取り込めません（何も保存していません）。")
            prompts.error(self, f"ファイルを読めませんでした: {exc}")
