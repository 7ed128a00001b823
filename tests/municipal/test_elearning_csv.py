"""Issue 16: an e-learning system's CSV mapped by its headers (職員番号・氏名・所属・修了日),
previewed, and imported all or nothing beside jukidesk's own xlsx list."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from jukidesk.actions import municipal as act
from jukidesk.cli import main
from jukidesk.core.municipal import training
from jukidesk.exchange.completion_xlsx import CompletionImportError
from jukidesk.storage.models_municipal import TrainingCompletion
from tests.conftest import sql_dump

from .conftest import DEMO_FY

HEADER = ["ユーザーID", "氏名", "所属", "メールアドレス", "受講状況", "修了日時"]


def write_csv(path, rows, encoding="cp932"):
    path.write_bytes(("\r\n".join(",".join(r) for r in rows) + "\r\n").encode(encoding))
    return path


def completions(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count(TrainingCompletion.id)))


def test_an_elearning_csv_is_mapped_previewed_and_imported(city_db, city_path, tmp_path, capsys):
    source = write_csv(
        tmp_path / "elearning_export.csv",
        [
            HEADER,
            ["M004", "岡本　直樹", "市民課", "okamoto@example.jp", "修了", "２０２６/１１/１８ 10:32"],
            ["M017", "橋本 麻衣", "市民課", "=cmd|' /C calc'!A0", "修了", "2026年11月19日"],
            ["M026", "吉田 翔", "税務課", "", "未受講", ""],  # not finished: skipped, counted
            ["M001", "青木 陽子", "市民課", "", "修了", "2026/06/03"],  # already recorded
        ],
    )
    before = completions(city_db)
    preview = act.preview_completion_list(city_db, source, DEMO_FY)
    lines = "\n".join(preview.lines())
    assert "職員番号 ← 「ユーザーID」列（1 列）" in lines and "受講日 ← 「修了日時」列（6 列）" in lines
    assert "使わない列: メールアドレス" in lines
    assert "研修「住基ネットセキュリティ研修（e-ラーニング）」: 3 名" in lines
    assert "新規 2 件、受講日の訂正 0 件、登録済み 1 件" in lines and "1 行は取り込みません" in lines
    assert completions(city_db) == before  # a preview stores nothing

    done = act.import_completion_list(city_db, source, DEMO_FY)
    assert (done.value.added, done.value.unchanged) == (2, 1)
    assert completions(city_db) == before + 2
    with city_db.session() as session:
        codes = [n.staff.code for n in training.not_completed(session, DEMO_FY)]
    assert "M004" not in codes and "M017" not in codes and "M026" in codes


def test_a_wrong_row_refuses_the_whole_list_naming_row_and_column(city_db, city_path, tmp_path):
    source = write_csv(
        tmp_path / "bad.csv",
        [
            HEADER,
            ["M004", "岡本 直樹", "市民課", "", "修了", "2026-11-18"],
            ["M999", "誰か", "市民課", "", "修了", "2026-11-18"],
            ["M017", "橋本 太郎", "市民課", "", "修了", "2026-11-18"],
            ["M026", "吉田 翔", "税務課", "", "修了", "2025-11-18"],  # outside the year
            ["M011", "", "", "", "修了", "十一月"],
        ],
    )
    before = sql_dump(city_path)
    with pytest.raises(CompletionImportError) as refused:
        act.import_completion_list(city_db, source, DEMO_FY)
    text = str(refused.value)
    assert "何も取り込んでいません" in text
    assert "bad.csv の 3 行目・「ユーザーID」列（1 列）" in text and "M999" in text
    assert "bad.csv の 4 行目・「氏名」列（2 列）" in text
    assert "bad.csv の 5 行目・「修了日時」列（6 列）" in text
    assert "bad.csv の 6 行目・「修了日時」列（6 列）" in text
    assert sql_dump(city_path) == before


def test_the_cli_previews_and_imports_an_elearning_csv_and_still_reads_its_own_xlsx(city_db, city_path, tmp_path, capsys):
    city_db.close()
    source = write_csv(tmp_path / "修了者.csv", [["職員番号", "氏名", "修了日"], ["M004", "岡本 直樹", "2026/11/18"]], "utf-8-sig")
    assert main(["training", "import", "--db", str(city_path), "--fy", str(DEMO_FY), str(source), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "新規 1 件" in out and "確認のみ" in out
    assert main(["training", "import", "--db", str(city_path), "--fy", str(DEMO_FY), str(source), "--course", "存在しない"]) == 1
    assert "研修「存在しない」" in capsys.readouterr().err
    assert main(["training", "import", "--db", str(city_path), "--fy", str(DEMO_FY), str(source)]) == 0
    assert "新規 1 件" in capsys.readouterr().out
    own = tmp_path / "own.xlsx"
    assert main(["training", "export", "--db", str(city_path), "--fy", str(DEMO_FY), "--xlsx", str(own)]) == 0
    capsys.readouterr()
    assert main(["training", "import", "--db", str(city_path), "--fy", str(DEMO_FY), str(own)]) == 0
    assert "新規 0 件" in capsys.readouterr().out
