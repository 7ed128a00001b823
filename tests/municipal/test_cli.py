"""The municipal commands: JSON figures match the stored records; user mistakes exit 1
with a Japanese message and no traceback; argument mistakes exit 2."""

import json

import openpyxl
import pytest

from jukidesk.cli import main
from tests.conftest import sql_dump


def _import_backups(path):
    from jukidesk.storage.backup import list_backups

    return [b for b in list_backups(path) if b.reason == "before-import"]


def _json(capsys, argv):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_demo_city_command_writes_the_city(tmp_path, capsys):
    path = tmp_path / "city.sqlite"
    assert main(["demo", "--city", "--db", str(path)]) == 0
    assert "デモデータを作成しました" in capsys.readouterr().out
    data = _json(capsys, ["institutions", "--db", str(path), "--fy", "2026", "--json"])
    assert [r["name"] for r in data if r["terminal"]] == ["市民課", "東部地域センター", "西部地域センター", "南部地域センター"]


def test_training_status(city_path, capsys):
    data = _json(capsys, ["training", "status", "--db", str(city_path), "--fy", "2026", "--json"])
    rates = {c["kind"]: (c["targets"], c["completed"], c["rate"]) for c in data["courses"]}
    assert rates == {"other": (1, 1, None), "elearning": (29, 25, "86.2%"), "practical": (29, 27, "93.1%")}
    assert [m["code"] for m in data["not_completed"]] == ["M004", "M011", "M017", "M026", "M030"]
    assert main(["training", "status", "--db", str(city_path), "--fy", "2026"]) == 0
    out = capsys.readouterr().out
    assert "未受講者 5 名" in out and "86.2%" in out


def test_warnings_on_the_demo_date_and_another(city_path, capsys):
    data = _json(capsys, ["warnings", "--db", str(city_path), "--json"])
    assert data["date"] == "2026-11-20"
    assert {w["kind"] for w in data["warnings"]} == {
        "reply", "inspection_gap", "missing_rule", "review", "term_end", "certificate", "council_reply"
    }
    later = _json(capsys, ["warnings", "--db", str(city_path), "--date", "2027-01-16", "--json"])
    certificate = [w for w in later["warnings"] if w["kind"] == "certificate"]
    assert certificate[0]["date"] == "2027-01-15" and "過ぎています" in certificate[0]["message"]
    assert not [w for w in later["warnings"] if w["kind"] == "term_end"]
    assert main(["warnings", "--db", str(city_path)]) == 0
    assert "令和8年11月20日現在の警告 8 件" in capsys.readouterr().out


def test_roster_as_of_a_date(city_path, capsys):
    before = _json(capsys, ["roster", "--db", str(city_path), "--date", "2026-09-30", "--json"])
    after = _json(capsys, ["roster", "--db", str(city_path), "--date", "2026-10-01", "--json"])
    admin = lambda rows: [r["person"] for r in rows if r["role"] == "システム管理者"]  # noqa: E731
    assert admin(before) == ["赤坂 光一"] and admin(after) == ["黒田 尚美"]


def test_inspection_grids(city_path, capsys):
    assert main(["inspections", "--db", str(city_path), "--month", "2026-11"]) == 0
    out = capsys.readouterr().out
    assert "令和8年11月 日次点検" in out and "点検漏れ 2 件" in out
    assert main(["inspections", "--db", str(city_path), "--fy", "2026"]) == 0
    assert "点検漏れ 0 件" in capsys.readouterr().out


def test_records_export_and_training_round_trip(city_path, tmp_path, capsys):
    out = tmp_path / "records.xlsx"
    assert main(["records", "export", "--db", str(city_path), "--fy", "2026", "--xlsx", str(out)]) == 0
    assert "委託契約" in openpyxl.load_workbook(out).sheetnames
    lists = tmp_path / "completions.xlsx"
    assert main(["training", "export", "--db", str(city_path), "--fy", "2026", "--xlsx", str(lists)]) == 0
    capsys.readouterr()
    assert _import_backups(city_path) == []
    assert main(["training", "import", "--db", str(city_path), "--fy", "2026", str(lists)]) == 0
    assert "登録済み 53 件" in capsys.readouterr().out
    assert len(_import_backups(city_path)) == 1  # the file as it was before the import


def test_a_bad_completion_list_exits_1_and_changes_nothing(city_path, tmp_path, capsys):
    lists = tmp_path / "completions.xlsx"
    assert main(["training", "export", "--db", str(city_path), "--fy", "2026", "--xlsx", str(lists)]) == 0
    workbook = openpyxl.load_workbook(lists)
    workbook["研修2"]["A5"] = "M999"
    workbook.save(lists)
    capsys.readouterr()
    before = sql_dump(city_path)
    assert main(["training", "import", "--db", str(city_path), "--fy", "2026", str(lists)]) == 1
    err = capsys.readouterr().err
    assert "completions.xlsx シート「研修2」 セル A5" in err and "Traceback" not in err
    assert sql_dump(city_path) == before
    assert _import_backups(city_path) == []  # a refused file takes no generation


def test_argument_mistakes_exit_2(city_path):
    for argv in (
        ["warnings", "--db", str(city_path), "--date", "2026/11/20"],
        ["inspections", "--db", str(city_path)],
        ["inspections", "--db", str(city_path), "--month", "November"],
        ["training", "import", "--db", str(city_path), "x.xlsx"],
    ):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
