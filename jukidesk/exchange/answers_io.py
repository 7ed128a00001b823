"""Past answers per item (過去の回答) from the organisation's own file: .xlsx or .csv.

A long table, one row per answer: 年度, 区分 (自己点検 / 内部監査 / 外部監査 /
フォローアップ), 機関 (its code or its name), 項目番号, 評価 (1 / 2 / 3 / 該当なし,
full-width digits accepted) and optionally 備考. Columns are found by their Japanese
header through ``exchange.tabular`` (全角/半角, spaces and common synonyms do not matter;
CSV in UTF-8 with or without BOM or CP932, decoded strictly). Years as 2008, H20,
平成20年度, R1, 令和元年度 (``base.fiscal.parse_fiscal_year``).

This module only parses: every problem of a row (an unreadable year, an unknown 区分, a
score that is not 1–3 or 該当なし, the same item twice) is collected and the whole file is
refused with a ``ValidationError`` naming file, row and column. Whether the institutions
and item numbers exist is checked against the data by ``core.past_answers``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from jukidesk.base import audit_kinds
from jukidesk.base.errors import ValidationError
from jukidesk.base.fiscal import parse_fiscal_year
from jukidesk.base.vocabulary import NOT_APPLICABLE_LABEL
from jukidesk.core.checklists import REMARK_MAX_LENGTH, parse_score_value
from jukidesk.core.past_answers import item_key, problems_text
from jukidesk.exchange.results_io import kind_code
from jukidesk.exchange.tabular import Row, Table, read_table

MAX_ROWS = 500_000

COLUMNS: dict[str, tuple[str, ...]] = {
    "fy": ("年度", "実施年度", "fy"),
    "kind": ("区分", "種別", "監査区分", "点検区分", "種類"),
    "institution": ("機関", "機関コード", "機関名", "コード", "名称", "対象機関", "実施機関"),
    "item": ("項目番号", "番号", "項番", "点検項目番号", "項目no", "no"),
    "score": ("評価", "点数", "評点", "得点", "結果"),
    "remark": ("備考", "指摘内容", "指摘事項", "所見", "コメント"),
}
REQUIRED = ("fy", "kind", "institution", "item", "score")
NOT_APPLICABLE_WORDS = {NOT_APPLICABLE_LABEL, "対象外", "n/a", "na", "-", "―", "－", "ー"}
@dataclass(frozen=True)
class PastAnswerRow:
    """One parsed row; ``institution`` and ``item`` are still as written (matched later)."""

    row: int
    fy: int
    kind: str
    institution: str
    item: str
    score: int | None
    not_applicable: bool
    remark: str


@dataclass(frozen=True)
class PastAnswersFile:
    table: Table
    rows: list[PastAnswerRow]

    @property
    def name(self) -> str:
        return self.table.path.name

    def where(self, row: int, key: str) -> str:
        return self.table.where(row, key)


def _plain(text: str) -> str:
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]  # the quote a CSV export puts before formula-looking text
    return text


def read_answers(path: Path | str) -> PastAnswersFile:
    """Parse ``path``; a ``ValidationError`` lists every problem by file, row and column."""
    path = Path(path)
    table = read_table(path, COLUMNS, required=REQUIRED)
    if len(table.rows) > MAX_ROWS:
        raise ValidationError(f"{path.name} の行が多すぎます（{len(table.rows)} 行、上限 {MAX_ROWS} 行）。", "file")
    problems: list[str] = []
    result: list[PastAnswerRow] = []
    seen: dict[tuple[int, str, str, str], int] = {}
    labels = "／".join(k.label for k in audit_kinds.kinds())
    for row in table.rows:
        parsed = _parse_row(table, row, labels, problems)
        if parsed is None:
            continue
        key = (parsed.fy, parsed.kind, unicodedata.normalize("NFKC", parsed.institution), item_key(parsed.item))
        if key in seen:
            problems.append(f"{table.where(row, 'item')}: 同じ年度・区分・機関の項目 {parsed.item} が {seen[key]} 行目と重複しています。")
            continue
        seen[key] = row.number
        result.append(parsed)
    if problems:
        raise ValidationError(problems_text(problems), "file")
    if not result:
        raise ValidationError(f"{path.name} に取り込む回答の行がありません。", "file")
    return PastAnswersFile(table, result)


def _parse_row(table: Table, row: Row, labels: str, problems: list[str]) -> PastAnswerRow | None:
    before = len(problems)
    fy_text, kind_text = row["fy"], row["kind"]
    fy = None
    try:
        fy = parse_fiscal_year(fy_text)
    except ValueError:
        problems.append(f"{table.where(row, 'fy')}: 年度として読めません（{fy_text or '空欄'}）。例: 2008、H20、平成20年度、令和元年度")
    if fy is not None and not 1989 <= fy <= 2100:
        problems.append(f"{table.where(row, 'fy')}: 年度 {fy} は扱えません（平成元年度以降）。")
    kind = kind_code(kind_text) if kind_text else None
    if kind is None:
        problems.append(f"{table.where(row, 'kind')}: 不明な区分です（{kind_text or '空欄'}）。使える区分: {labels}")
    institution = _plain(row["institution"])
    if not institution:
        problems.append(f"{table.where(row, 'institution')}: 機関（コードまたは名称）が空欄です。")
    item = row["item"]
    if not item:
        problems.append(f"{table.where(row, 'item')}: 項目番号が空欄です。")
    score_text = row["score"]
    score, not_applicable = None, False
    if unicodedata.normalize("NFKC", score_text).strip().lower() in NOT_APPLICABLE_WORDS:
        not_applicable = True
    else:
        try:
            score, not_applicable = parse_score_value(score_text)
        except ValueError:
            problems.append(f"{table.where(row, 'score')}: 評価は 1、2、3、{NOT_APPLICABLE_LABEL} のいずれかです（{score_text}）。")
        else:
            if score is None and not not_applicable:
                problems.append(f"{table.where(row, 'score')}: 評価が空欄です（1、2、3、{NOT_APPLICABLE_LABEL}）。")
    remark = _plain(row["remark"])
    if len(remark) > REMARK_MAX_LENGTH:
        problems.append(f"{table.where(row, 'remark')}: 備考が長すぎます（{REMARK_MAX_LENGTH}文字まで）。")
    if len(problems) > before or fy is None or kind is None:
        return None
    return PastAnswerRow(row.number, fy, kind, institution, item, score, not_applicable, remark)
