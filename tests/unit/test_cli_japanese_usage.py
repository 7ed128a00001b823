"""argparse's own lines (usage, headings, errors) are in Japanese."""

import pytest

from jukidesk.cli import main


def test_usage_and_errors_are_japanese(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["summary", "--bogus"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("使い方: jukidesk summary") and "usage:" not in err
    assert "引数が正しくありません: 次の引数が必要です: --db, --fy" in err


def test_help_headings_are_japanese(capsys):
    with pytest.raises(SystemExit):
        main(["summary", "--help"])
    out = capsys.readouterr().out
    assert "オプション:" in out and "この説明を表示して終わります" in out
    assert "options:" not in out and "show this help" not in out
