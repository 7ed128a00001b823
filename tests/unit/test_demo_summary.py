"""The demo reproduces every figure of 資料2's trend table (shiryo2.md)."""

import json

import pytest

from jukidesk.cli import main

EXPECTED = {
    2008: {"self": (19, "2.91"), "internal": (5, "2.73"), "external": (0, None), "followup": (0, None)},
    2009: {"self": (19, "2.96"), "internal": (4, "2.70"), "external": (2, "3.00"), "followup": (0, None)},
    2010: {"self": (19, "3.00"), "internal": (5, "3.00"), "external": (2, "2.98"), "followup": (0, None)},
    2011: {"self": (19, "3.00"), "internal": (3, "3.00"), "external": (2, "3.00"), "followup": (10, None)},
    2012: {"self": (19, "3.00"), "internal": (4, "3.00"), "external": (2, "3.00"), "followup": (0, None)},
    2013: {"self": (19, "3.00"), "internal": (4, "3.00"), "external": (2, None), "followup": (0, None)},
    2014: {"self": (19, None), "internal": (3, None), "external": (2, None), "followup": (0, None)},
    2015: {"self": (19, None), "internal": (4, None), "external": (2, None), "followup": (0, None)},
    2016: {"self": (19, None), "internal": (4, None), "external": (2, None), "followup": (0, None)},
}


@pytest.mark.parametrize("fy", sorted(EXPECTED))
def test_summary_json_matches_the_trend_table(demo_path, capsys, fy):
    assert main(["summary", "--db", str(demo_path), "--fy", str(fy), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["fy"] == fy
    for kind, (count, average) in EXPECTED[fy].items():
        assert data[kind] == {"institutions": count, "average": average}, kind


def test_institutions_json_lists_the_registry(demo_path, capsys):
    assert main(["institutions", "--db", str(demo_path), "--fy", "2013", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 19
    assert sum(r["kind"] == "user" for r in rows) == 17
    assert sum(r["terminal"] for r in rows) == 11
    assert [r["name"] for r in rows[:3]] == ["消防課", "職員課", "税務課"]
    assert [r["name"] for r in rows if r["kind"] == "operator"] == ["情報システム推進室", "市町村課"]
    assert set(rows[0]) >= {"code", "name", "short_name", "kind", "terminal"}


def test_demo_refuses_to_overwrite(demo_path, capsys):
    assert main(["demo", "--db", str(demo_path)]) == 1
    assert "--force" in capsys.readouterr().err


def test_user_mistakes_exit_without_traceback(tmp_path, capsys):
    assert main(["summary", "--db", str(tmp_path / "missing.sqlite"), "--fy", "2013"]) == 1
    err = capsys.readouterr().err
    assert "見つかりません" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as exit_info:
        main(["summary", "--fy", "2013"])
    assert exit_info.value.code == 2
