"""``pip install .`` (the README's first command) must give a working app: the wheel
carries the resources (fonts, demo definition, checklist template, manual)."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_carries_the_resources(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("jukidesk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "jukidesk/resources/fonts/ipaexg.ttf",
        "jukidesk/resources/fonts/IPA_Font_License_Agreement_v1.0.txt",
        "jukidesk/resources/demo/nagano.toml",
        "jukidesk/resources/templates/standard_checklist.toml",
        "jukidesk/resources/manual/index.html",
        "jukidesk/storage/migrations/env.py",
        "jukidesk/storage/migrations/versions/0001_initial_schema.py",
    ):
        assert required in names, required
