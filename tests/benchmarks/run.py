"""jukidesk's benchmarks: each measures jukidesk and, in the same run, a floor for the same work.

    python tests/benchmarks/run.py [--quick] [--only NAME ...] [--runs N]

prints one line per benchmark:

    NAME jukidesk=SECONDS floor=SECONDS ratio=R target=T

(for the ``*_rss_mb`` lines the two figures are megabytes, not seconds). Figures are medians
over repeated runs; jukidesk's and the floor's runs alternate, so load from other processes
on the machine hits both alike. ``--quick`` uses small sizes (a 200-institution database,
50 workbooks) and finishes in about a minute; the default is national scale (2,000
institutions × 20 years × 100 items ≈ 4.7 million answers, 1,000 workbooks).

The databases and workbooks are generated once into ``tests/benchmarks/data/`` (ignored by
git) and reused while the schema revision and sizes stay the same. See README.md for what
each benchmark compares and the latest figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA = HERE / "data"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))


@dataclass(frozen=True)
class Size:
    institutions: int
    years: int
    items: int
    workbooks: int
    start_runs: int  # on the demo
    large_start_runs: int
    runs: int  # in-process benchmarks (summary, 資料2)
    tab_runs: int
    import_runs: int


FULL = Size(institutions=2000, years=20, items=100, workbooks=1000,
            start_runs=7, large_start_runs=3, runs=9, tab_runs=3, import_runs=1)
QUICK = Size(institutions=200, years=20, items=100, workbooks=50,
             start_runs=3, large_start_runs=1, runs=3, tab_runs=1, import_runs=1)
SEED = 1
FIRST_FY = 2005

# The targets (ratios); the tab targets are ours (the issue asks for lazy loading).
TARGETS = {
    "start_demo": 1.5,
    "start_large": 1.5,
    "idle_rss_demo_mb": 1.5,
    "summary_year": 1.5,
    "summary_trend": 1.5,
    "shiryo2_xlsx": 1.5,
    "shiryo2_pdf": 1.5,
    "import_workbooks": 2.0,
    "registry_tab_large": 2.0,
    "checklist_tab_large": 2.0,
    "tabs_large_rss_mb": 1.5,
    "cli_shiryo2_xlsx": 2.0,
}


@dataclass
class Result:
    name: str
    jukidesk: float
    floor: float
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.jukidesk / self.floor if self.floor else float("inf")

    @property
    def target(self) -> float | None:
        return TARGETS.get(self.name)  # None: reported beside a target, not a target itself

    def line(self) -> str:
        target = "-" if self.target is None else f"{self.target:g}"
        return (
            f"{self.name} jukidesk={self.jukidesk:.3f} floor={self.floor:.3f} "
            f"ratio={self.ratio:.2f} target={target}"
        )


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


def child_env(config_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_CONFIG_HOME"] = str(config_home)  # the window's remembered geometry and tab
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    # An installed jukidesk has compiled .pyc files; let the warm-up run write them here too.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def parse_fields(output: str) -> list[dict[str, str]]:
    """``key=value key=value`` lines of a child's stdout."""
    rows = []
    for line in output.splitlines():
        fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
        if fields:
            rows.append(fields)
    return rows


def run_child(args: list[str], env: dict[str, str], timeout: float = 600) -> tuple[float, list[dict[str, str]]]:
    """Spawn a Python child; returns (wall-clock time of the spawn, parsed stdout fields)."""
    spawned = time.time()
    proc = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    return spawned, parse_fields(proc.stdout)


# ---------------------------------------------------------------------------------------
# Data


def large_database(size: Size) -> Path:
    """The generated database for ``size`` (made once; migrated when the schema moved on)."""
    from generate import generate

    from jukidesk.storage.database import head_revision, open_database, stored_revision

    DATA.mkdir(exist_ok=True)
    path = DATA / f"large-i{size.institutions}-y{size.years}-n{size.items}-s{SEED}.sqlite"
    if not path.exists():
        log(f"generating {path.name} …")
        tmp = path.with_name(path.stem + "-partial.sqlite")
        generate(tmp, institutions=size.institutions, years=size.years, items=size.items, seed=SEED,
                 first_fy=FIRST_FY, force=True, quiet=True)
        tmp.rename(path)
    elif stored_revision(path) != head_revision():
        log(f"migrating {path.name} to the current schema …")
        open_database(path, create=False).close()
        shutil.rmtree(DATA / "backups", ignore_errors=True)  # the copy made before migrating
    return path


def demo_database(workdir: Path) -> Path:
    from jukidesk.demo.builder import write_demo

    return write_demo(workdir / "demo.sqlite")


def fiscal_years(db_path: Path) -> list[int]:
    con = sqlite3.connect(db_path)
    try:
        low, high = con.execute("SELECT min(fy), max(fy) FROM checklist").fetchone()
    finally:
        con.close()
    return list(range(low, high + 1))


# ---------------------------------------------------------------------------------------
# Summary: core.summary.summaries vs one raw GROUP BY

FLOOR_SUMMARY_SQL = """
SELECT fy, kind, COUNT(*), AVG(score) FROM (
    SELECT c.fy AS fy, c.kind AS kind, CAST(SUM(a.score) AS REAL) / COUNT(a.score) AS score
    FROM checklist c JOIN answer a ON a.checklist_id = c.id
    WHERE c.fy BETWEEN ? AND ? AND c.status = 'complete'
    GROUP BY c.id HAVING COUNT(a.score) > 0
) GROUP BY fy, kind
"""


def bench_summary(large: Path, size: Size) -> list[Result]:
    from jukidesk.core.summary import summaries
    from jukidesk.storage.database import open_database

    years = fiscal_years(large)
    db = open_database(large, create=False)
    con = sqlite3.connect(f"file:{large}?mode=ro", uri=True)
    results = []
    try:
        for name, fys in (("summary_year", [years[-1]]), ("summary_trend", years)):
            jk_times, floor_times = [], []
            with db.session() as session:  # warm-up: mapper configuration, statement caches
                summaries(session, fys)
            con.execute(FLOOR_SUMMARY_SQL, (fys[0], fys[-1])).fetchall()
            figures = rows = None
            for _ in range(size.runs):
                started = time.perf_counter()
                with db.session() as session:
                    figures = summaries(session, fys)
                jk_times.append(time.perf_counter() - started)
                started = time.perf_counter()
                rows = con.execute(FLOOR_SUMMARY_SQL, (fys[0], fys[-1])).fetchall()
                floor_times.append(time.perf_counter() - started)
            _check_same_figures(figures, rows)
            results.append(Result(name, median(jk_times), median(floor_times), f"{len(fys)} years"))
    finally:
        con.close()
        db.close()
    return results


def _check_same_figures(figures, rows) -> None:
    """The floor computes the same averages (as floats): a benchmark of different work is void."""
    for fy, kind, count, average in rows:
        summary = figures[fy][kind]
        if summary.results != count or abs(float(summary.average) - average) > 1e-9:
            raise AssertionError(f"floor and jukidesk disagree for {fy} {kind}: {summary} vs {count} {average}")


# ---------------------------------------------------------------------------------------
# Start and idle memory: jukidesk --db PATH --exit-when-ready vs a bare window


def bench_start(db_path: Path, runs: int, workdir: Path, *, name: str, data_name: str, rss_name: str | None) -> list[Result]:
    """``name``: spawn → the window's first paint (the file not opened yet); ``data_name``:
    spawn → the first tab shows the file's data; both against the bare window's paint."""
    env = child_env(workdir / f"config-{name}")
    app_args = [str(HERE / "app_driver.py"), "start", "--db", str(db_path)]
    bare_args = [str(HERE / "bare_window.py"), "--rss"]
    run_child(app_args, env)  # warm-up: .pyc files, the file's first backup, the OS file cache
    run_child(bare_args, env)
    jk_times, jk_data, floor_times, jk_rss, floor_rss = [], [], [], [], []
    for _ in range(runs):
        spawned, fields = run_child(app_args, env)
        jk_times.append(float(fields[-1]["first_paint_at"]) - spawned)
        jk_data.append(float(fields[-1]["data_at"]) - spawned)
        jk_rss.append(int(fields[-1]["rss_kb"]) / 1024)
        spawned, fields = run_child(bare_args, env)
        floor_times.append(float(fields[-1]["ready_at"]) - spawned)
        floor_rss.append(int(fields[-1]["rss_kb"]) / 1024)
    results = [Result(name, median(jk_times), median(floor_times)),
               Result(data_name, median(jk_data), median(floor_times))]
    if rss_name:
        results.append(Result(rss_name, median(jk_rss), median(floor_rss)))
    return results


# ---------------------------------------------------------------------------------------
# Registry and checklist tabs on the large database: first paint and memory


def bench_tabs(large: Path, size: Size, workdir: Path) -> list[Result]:
    app_args = [str(HERE / "app_driver.py"), "tabs", "--db", str(large), "--tab", "機関台帳", "--tab", "チェックリスト"]
    per_tab: dict[str, list[float]] = {"機関台帳": [], "チェックリスト": []}
    floor_tab: dict[str, list[float]] = {"機関台帳": [], "チェックリスト": []}
    jk_rss, floor_rss = [], []
    placeholders = set()
    for run in range(size.tab_runs):
        # A fresh settings folder each run: the window reopens on the tab it was closed on,
        # which would build the measured tab before the clock starts (0.003 s, not the tab).
        env = child_env(workdir / f"config-tabs-{run}")
        _spawned, fields = run_child(app_args, env)
        rows = {}
        for f in fields:
            if "tab" in f:
                per_tab[f["tab"]].append(float(f["seconds"]))
                rows[f["tab"]] = max(int(f["rows"]), 1)
                if f.get("placeholder") == "1":
                    placeholders.add(f["tab"])
            elif "rss_kb" in f:
                jk_rss.append(int(f["rss_kb"]) / 1024)
        # The floor: the same window with tables of as many constant rows as jukidesk showed.
        bare_args = [str(HERE / "bare_window.py"), "--tabs-timing",
                     str(rows["機関台帳"]), str(rows["チェックリスト"])]
        _spawned, fields = run_child(bare_args, env)
        for f, title in zip([f for f in fields if "tab" in f], per_tab):
            floor_tab[title].append(float(f["seconds"]))
        floor_rss.append(int(fields[-1]["rss_kb"]) / 1024)
    results = []
    for title, name in (("機関台帳", "registry_tab_large"), ("チェックリスト", "checklist_tab_large")):
        note = "placeholder tab (not built yet)" if title in placeholders else ""
        results.append(Result(name, median(per_tab[title]), median(floor_tab[title]), note))
    results.append(Result("tabs_large_rss_mb", median(jk_rss), median(floor_rss)))
    return results


# ---------------------------------------------------------------------------------------
# 資料2: build + render vs the libraries writing the same amount with no logic


def bench_shiryo2(demo: Path, size: Size, workdir: Path) -> list[Result]:
    from shiryo2_floor import floor_pdf, floor_xlsx, pdf_pages, sheet_replay, shiryo2_outputs

    fy = 2013
    jk = shiryo2_outputs(demo, fy, workdir)
    if jk is None:
        log("shiryo2: jukidesk.reports.shiryo2 is not available yet — skipped")
        return []
    build_xlsx, build_pdf, document = jk
    build_xlsx()  # warm-up: imports, font registration (both sides register the same fonts)
    build_pdf()
    replay = sheet_replay(workdir / "shiryo2.xlsx")
    pages = pdf_pages(workdir / "shiryo2.pdf")
    floor_xlsx(replay, workdir / "floor.xlsx")
    floor_pdf(document, workdir / "floor.pdf", pages)
    times = {"jx": [], "fx": [], "jp": [], "fp": []}
    for _ in range(size.runs):
        for key, action in (
            ("jx", build_xlsx),
            ("fx", lambda: floor_xlsx(replay, workdir / "floor.xlsx")),
            ("jp", build_pdf),
            ("fp", lambda: floor_pdf(document, workdir / "floor.pdf", pages)),
        ):
            started = time.perf_counter()
            action()
            times[key].append(time.perf_counter() - started)
    return [
        Result("shiryo2_xlsx", median(times["jx"]), median(times["fx"])),
        Result("shiryo2_pdf", median(times["jp"]), median(times["fp"])),
    ]


def bench_cli_shiryo2(demo: Path, size: Size, workdir: Path) -> list[Result]:
    """``jukidesk report shiryo2 --xlsx`` as a whole process (interpreter, imports, the file,
    the report) against a process that only has openpyxl write the same sheet."""
    import pickle

    from shiryo2_floor import sheet_replay

    env = child_env(workdir / "config-cli")
    out, floor_out = workdir / "cli-shiryo2.xlsx", workdir / "cli-floor.xlsx"
    app_args = ["-m", "jukidesk", "report", "shiryo2", "--db", str(demo), "--fy", "2013", "--xlsx", str(out)]
    run_child(app_args, env)  # warm-up: .pyc files
    replay = workdir / "replay.pickle"
    replay.write_bytes(pickle.dumps(sheet_replay(out)))
    floor_args = [str(HERE / "shiryo2_floor.py"), str(replay), str(floor_out)]
    run_child(floor_args, env)
    jk_times, floor_times = [], []
    for _ in range(size.start_runs):
        for args, times in ((app_args, jk_times), (floor_args, floor_times)):
            started = time.perf_counter()
            run_child(args, env)
            times.append(time.perf_counter() - started)
    return [Result("cli_shiryo2_xlsx", median(jk_times), median(floor_times))]


# ---------------------------------------------------------------------------------------
# Import of filled checklist workbooks vs openpyxl only reading them


def bench_import(large: Path, size: Size, workdir: Path) -> list[Result]:
    from import_floor import import_once, prepare_workbooks, read_only_floor

    fy = fiscal_years(large)[-1]
    files, institution_ids = prepare_workbooks(large, fy, size.workbooks, DATA)
    jk_times, floor_times = [], []
    read_only_floor(files[:5])  # warm-up: imports and the OS file cache
    for _ in range(size.import_runs):
        jk_times.append(import_once(large, fy, files, institution_ids, workdir))
        floor_times.append(read_only_floor(files))
    return [Result("import_workbooks", median(jk_times), median(floor_times), f"{len(files)} workbooks")]


# ---------------------------------------------------------------------------------------

BENCHMARKS = ("summary", "start", "tabs", "shiryo2", "cli", "import")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="jukidesk の性能測定（jukidesk と下限の比）")
    parser.add_argument("--quick", action="store_true", help="小さな規模で1分程度")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, help="この測定だけ")
    args = parser.parse_args(argv)
    size = QUICK if args.quick else FULL
    wanted = args.only or BENCHMARKS
    started = time.perf_counter()
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="jukidesk-bench-") as tmp:
        workdir = Path(tmp)
        large = large_database(size)
        demo = demo_database(workdir)

        def emit(new: list[Result]) -> None:
            for result in new:
                print(result.line(), flush=True)
                if result.note:
                    log(f"{result.name}: {result.note}")
            results.extend(new)

        if "summary" in wanted:
            emit(bench_summary(large, size))
        if "start" in wanted:
            emit(bench_start(demo, size.start_runs, workdir, name="start_demo", data_name="first_data_demo",
                             rss_name="idle_rss_demo_mb"))
            emit(bench_start(large, size.large_start_runs, workdir, name="start_large", data_name="first_data_large",
                             rss_name=None))
        if "tabs" in wanted:
            emit(bench_tabs(large, size, workdir))
        if "shiryo2" in wanted:
            emit(bench_shiryo2(demo, size, workdir))
        if "cli" in wanted:
            emit(bench_cli_shiryo2(demo, size, workdir))
        if "import" in wanted:
            emit(bench_import(large, size, workdir))
    missed = [r.name for r in results if r.target is not None and r.ratio > r.target]
    log(f"{'quick' if args.quick else 'full'} run, {time.perf_counter() - started:.0f} s; "
        f"over target: {', '.join(missed) if missed else 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
