"""The import with the answers written in bulk and the ORM way, alternating in one process,
with the openpyxl read floor after each pair (the machine is loaded: compare within one run).

    python tests/benchmarks/import_ab.py            # 200 institutions, 50 books, 3 rounds
    python tests/benchmarks/import_ab.py --full 1   # 2,000 institutions, 1,000 books, 1 round
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

import run
from import_floor import import_once, prepare_workbooks, read_only_floor


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true")
    parser.add_argument("rounds", nargs="?", type=int, default=3)
    args = parser.parse_args()
    from jukidesk.exchange import checklist_xlsx

    size = run.FULL if args.full else run.QUICK
    large = run.large_database(size)
    fy = run.fiscal_years(large)[-1]
    files, ids = prepare_workbooks(large, fy, size.workbooks, run.DATA)
    read_only_floor(files[:5])  # warm-up
    times: dict[str, list[float]] = {"bulk": [], "orm": [], "floor": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.rounds):
            for name, bulk in (("bulk", True), ("orm", False)):
                checklist_xlsx.BULK_ANSWERS = bulk
                times[name].append(import_once(large, fy, files, ids, Path(tmp)))
            times["floor"].append(read_only_floor(files))
    checklist_xlsx.BULK_ANSWERS = True
    floor = statistics.median(times["floor"])
    for name, values in times.items():
        print(f"{name}: {' '.join(f'{v:.2f}' for v in values)} s, median {statistics.median(values):.2f} s,"
              f" ratio {statistics.median(values) / floor:.2f}")


if __name__ == "__main__":
    main()
