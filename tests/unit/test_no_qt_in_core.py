"""The core (everything but jukidesk.gui) must not import Qt, not even indirectly."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "jukidesk"


def test_no_module_outside_gui_imports_qt():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "gui" in path.relative_to(PACKAGE).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = set(map(id, tree.body))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            qt = any(n.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"} for n in names)
            # The command line may start the GUI, but only lazily, inside the function that does.
            gui_at_import_time = id(node) in top_level and any(n.startswith("jukidesk.gui") for n in names)
            if qt or gui_at_import_time:
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_running_core_commands_loads_no_qt(demo_path):
    code = (
        "import sys\n"
        "from jukidesk.cli import main\n"
        f"rc = main(['summary', '--db', {str(demo_path)!r}, '--fy', '2013', '--json'])\n"
        "assert rc == 0\n"
        "loaded = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
