"""A defect of ours (not a bad file or a broken rule) ends in one Japanese sentence naming a
report file with the traceback — never in a traceback on the clerk's screen."""

import os
from pathlib import Path

from jukidesk.cli import EXIT_BUG, main


def test_an_unexpected_error_in_a_command_is_a_sentence_and_a_report(demo_path, monkeypatch, capsys):
    from jukidesk.cli import basic

    def broken(*_args, **_kwargs):
        raise RuntimeError("故障の再現")

    monkeypatch.setattr(basic, "year_summary", broken)  # a defect inside the command
    assert main(["summary", "--db", str(demo_path), "--fy", "2013"]) == EXIT_BUG
    err = capsys.readouterr().err
    assert "Traceback" not in err and "予期しない問題が起きました（RuntimeError: 故障の再現）" in err
    assert "この操作は保存されていません" in err
    report = Path(err.split("詳しい記録を ")[1].split(" に保存しました")[0])
    assert report.parent == Path(os.environ["JUKIDESK_LOG_DIR"])
    text = report.read_text(encoding="utf-8")
    assert "Traceback" in text and "故障の再現" in text and text.startswith("jukidesk ")
