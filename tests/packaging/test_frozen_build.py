"""Smoke test of the frozen (PyInstaller) build: the program runs without the source
tree or a Python on PATH. CI builds it first and points JUKIDESK_FROZEN_BUILD at it;
a developer can run ``python packaging/build.py`` and set the variable the same way."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

FROZEN = os.environ.get("JUKIDESK_FROZEN_BUILD")

pytestmark = pytest.mark.skipif(not FROZEN, reason="JUKIDESK_FROZEN_BUILD is not set (CI sets it)")


def run_frozen(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    # A bare environment: no PYTHONPATH, no Python on PATH, a working folder outside the repo.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    return subprocess.run(
        [FROZEN, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_frozen_build_runs_the_commands(tmp_path):
    from jukidesk import __version__

    result = run_frozen("--version", cwd=tmp_path)
    assert result.returncode == 0 and __version__ in result.stdout

    db = tmp_path / "demo.sqlite"
    assert run_frozen("demo", "--db", str(db), cwd=tmp_path).returncode == 0

    result = run_frozen("summary", "--db", str(db), "--fy", "2013", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["self"] == {"institutions": 19, "average": "3.00"}

    # The command-line twin shares the folder and answers the same way.
    cli = Path(FROZEN).with_name("jukidesk-cli")
    result = subprocess.run([str(cli), "--version"], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0 and __version__ in result.stdout

    result = run_frozen("summary", "--db", str(tmp_path / "missing.sqlite"), "--fy", "2013", cwd=tmp_path)
    assert result.returncode == 1 and "見つかりません" in result.stderr and "Traceback" not in result.stderr
