"""Problems found in an imported file: where (file, sheet, cell) and what, in Japanese."""

from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    sheet: str = ""
    cell: str = ""
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def where(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"シート「{self.sheet}」")
        if self.cell:
            parts.append(f"セル {self.cell}")
        return " ".join(parts)

    def __str__(self) -> str:
        prefix = "エラー" if self.is_error else "警告"
        return f"[{prefix}] {self.where}: {self.message}"


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_error]
