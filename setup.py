"""Only one thing here that pyproject.toml cannot say: the top-level ``resources/`` folder
(fonts, templates, demo definitions, manual) is copied into the package when a wheel is
built, so ``pip install .`` gives a working app. Editable installs read it in place."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithResources(build_py):
    def run(self):
        super().run()
        if not getattr(self, "editable_mode", False):
            target = Path(self.build_lib) / "jukidesk" / "resources"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / "resources", target)


setup(cmdclass={"build_py": BuildPyWithResources})
