"""The checks of packaging/wine_check.sh: jukidesk's Windows command line under Wine, compared
with the same commands run on Linux from this tree.

On Linux (started by wine_check.sh, with PYTHONPATH set to the tree)::

    python3 packaging/wine_check.py run --work build/wine --python …/python.exe --cli …/jukidesk.exe
    python3 packaging/wine_check.py frozen --work build/wine --cli …/jukidesk-cli.exe

prints one line per check, ``OK name`` or ``NG name: reason``, and exits 1 when one failed.
The same file also runs on the Windows side, with the Windows Python under Wine::

    python.exe wine_check.py redirect OUT ERR -- PROGRAM ARGS…   # stdout/stderr into files, as cmd's > does
    python.exe wine_check.py hold FILE [--stale-lock]            # keep FILE open as another program would

Standard library only on both sides (openpyxl and pdftotext, when present, compare the reports).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve()
FY = "2013"
CP = "cp932"  # what a Japanese Windows gives a program whose output is not a console


# -- the Windows side -----------------------------------------------------------------------


def win_redirect(args) -> int:
    """Run PROGRAM with its stdout and stderr in files, as ``PROGRAM > OUT 2> ERR`` in cmd."""
    with open(args.out, "wb") as out, open(args.err, "wb") as err:
        return subprocess.run(args.command, stdin=subprocess.DEVNULL, stdout=out, stderr=err).returncode


def win_hold(args) -> int:
    """Hold FILE open the way Python's ``open()`` does on Windows (share read and write, not
    delete: another process can neither rename nor delete it, as with Excel or an antivirus
    scan) until FILE.release appears or ``--seconds`` pass. With ``--stale-lock`` FILE first
    gets a jukidesk lock record of a process that no longer runs on this computer."""
    import socket

    path = Path(args.file)
    if args.stale_lock:
        record = {
            "pid": 999996,
            "started": None,
            "host": socket.gethostname(),
            "user": "wine-check",
            "since": "2026-01-01T00:00:00",
            "token": "0" * 32,
            "app": "jukidesk",
        }
        path.write_text(json.dumps(record), encoding="utf-8")
    release = path.with_name(path.name + ".release")
    with open(path, "r+b"):
        print("ready", flush=True)
        deadline = time.monotonic() + args.seconds
        while time.monotonic() < deadline and not release.exists():
            time.sleep(0.1)
    return 0


# -- the Linux side -------------------------------------------------------------------------


def winpath(path: Path | str) -> str:
    return "Z:" + str(path).replace("/", "\\")


class Result:
    def __init__(self, rc: int, out: bytes, err: bytes, seconds: float):
        self.rc, self.out, self.err, self.seconds = rc, out, err, seconds

    def text(self, which: str = "out", encoding: str = CP) -> str:
        return getattr(self, which).decode(encoding, "replace").replace("\r\n", "\n")

    def tail(self) -> str:
        lines = [line for line in self.text("err").splitlines() if line.strip()]
        return " / ".join(lines[-3:]) if lines else "(stderr empty)"


def run_piped(argv: list[str], *, timeout: float, env=None, echo: bool = False) -> Result:
    """Run ``argv`` with pipes as stdout and stderr (Wine's Python cannot start with a regular
    file there) and return once the process has ended: Wine's own services (services.exe,
    explorer.exe …), started by the first program that needed them, inherit the pipes and
    keep them open, so waiting for the end of the output would never return."""
    import threading

    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    buffers = (bytearray(), bytearray())

    def pump(stream, buffer, copy):
        for chunk in iter(lambda: stream.read1(65536), b""):
            buffer.extend(chunk)
            if copy is not None:
                copy.write(chunk)
                copy.flush()

    copies = (sys.stdout.buffer, sys.stdout.buffer) if echo else (None, None)
    threads = [
        threading.Thread(target=pump, args=(stream, buffer, copy), daemon=True) for stream, buffer, copy in zip((proc.stdout, proc.stderr), buffers, copies)
    ]
    for thread in threads:
        thread.start()
    note = b""
    try:
        rc = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        rc, note = -999, f"\n(timed out after {timeout:.0f} s)".encode()
    for thread in threads:
        thread.join(timeout=3)
    return Result(rc, bytes(buffers[0]), bytes(buffers[1]) + note, time.monotonic() - start)


def pipe_command(args) -> int:
    """(Linux) ``wine_check.py pipe -- wine PROGRAM ARGS…``: run it through pipes, copy its
    output here and exit with its exit code (wine_check.sh runs Windows programs this way)."""
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    return run_piped(command, timeout=args.timeout, echo=True).rc


def missing_requirements(args) -> int:
    """(Linux) Print the requirements of the wheels in a folder that apply on Windows but have
    no wheel there. ``pip download --platform win_amd64`` evaluates environment markers for
    the machine it runs on, so ``pywin32-ctypes; sys_platform == "win32"`` (PyInstaller's) is
    left out on Linux."""
    import re
    import zipfile

    try:
        from packaging.requirements import Requirement
    except ImportError:
        from pip._vendor.packaging.requirements import Requirement

    def normal(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    windows = {
        "os_name": "nt",
        "sys_platform": "win32",
        "platform_system": "Windows",
        "platform_machine": "AMD64",
        "platform_release": "10",
        "platform_version": "10.0.19045",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "python_version": args.python_version,
        "python_full_version": args.python_version + ".0",
        "implementation_version": args.python_version + ".0",
        "extra": "",
    }
    wheels = sorted(Path(args.folder).glob("*.whl"))
    have = {normal(w.name.split("-")[0]) for w in wheels}
    missing: dict[str, str] = {}
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            lines = archive.read(meta).decode("utf-8", "replace").splitlines()
        for line in lines:
            if not line.startswith("Requires-Dist:"):
                continue
            requirement = Requirement(line.split(":", 1)[1].strip())
            if requirement.marker is not None and not requirement.marker.evaluate(windows):
                continue
            if normal(requirement.name) not in have:
                missing[normal(requirement.name)] = f"{requirement.name}{requirement.specifier}"
    for text in missing.values():
        print(text)
    return 0


def traceback_in(data: bytes) -> bool:
    return b"Traceback" in data or b"UnicodeEncodeError" in data or b"UnicodeDecodeError" in data


class CheckFailed(Exception):
    pass


def expect(condition: bool, reason: str) -> None:
    if not condition:
        raise CheckFailed(reason)


class Checks:
    def __init__(self, work: Path, cli: Path, python: Path | None):
        self.work = work
        self.cli = cli
        self.python = python
        self.run_dir = work / "run"
        self.results: list[tuple[str, bool, str, float]] = []
        self.env = dict(os.environ, PYTHONPATH=str(ROOT))

    # running ------------------------------------------------------------------------------

    def wine(self, *argv: str, timeout: float = 600) -> Result:
        return run_piped(["wine", *argv], timeout=timeout, env=self.env)

    def jk(self, *args: str, timeout: float = 600) -> Result:
        """The Windows ``jukidesk`` with pipes as stdout and stderr."""
        return self.wine(str(self.cli), *args, timeout=timeout)

    def jk_to_files(self, name: str, *args: str) -> tuple[Result, bytes, bytes]:
        """The Windows ``jukidesk`` with stdout and stderr redirected to files (by a Windows process)."""
        out, err = self.run_dir / f"{name}.out", self.run_dir / f"{name}.err"
        result = self.wine(str(self.python), winpath(HERE), "redirect", winpath(out), winpath(err), "--", winpath(self.cli), *args)
        return result, (out.read_bytes() if out.exists() else b""), (err.read_bytes() if err.exists() else b"")

    def linux(self, *args: str) -> Result:
        start = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "jukidesk", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=self.env,
            timeout=600,
        )
        return Result(done.returncode, done.stdout, done.stderr, time.monotonic() - start)

    def check(self, name: str, function) -> bool:
        start = time.monotonic()
        try:
            function()
        except CheckFailed as exc:
            ok, reason = False, str(exc)
        except Exception as exc:  # the checker's own trouble is a failed check too
            ok, reason = False, f"{type(exc).__name__}: {exc}"
        else:
            ok, reason = True, ""
        seconds = time.monotonic() - start
        self.results.append((name, ok, reason, seconds))
        print(f"OK {name}" if ok else f"NG {name}: {reason}", flush=True)
        return ok

    def ran(self, result: Result, what: str, rc: int = 0) -> None:
        expect(not traceback_in(result.err), f"{what}: traceback in stderr: {result.tail()}")
        expect(result.rc == rc, f"{what}: exit {result.rc}, expected {rc}: {result.tail()}")

    # holding a file open from a second Windows process ----------------------------------

    def holding(self, path: Path, *, stale_lock: bool = False):
        checks = self

        class Hold:
            def __enter__(self):
                release = path.with_name(path.name + ".release")
                release.unlink(missing_ok=True)
                argv = ["wine", str(checks.python), winpath(HERE), "hold", winpath(path)]
                if stale_lock:
                    argv.append("--stale-lock")
                self.release = release
                self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=checks.env)
                line = _readline(self.proc, timeout=120)
                if line.strip() != b"ready":
                    self.proc.kill()
                    raise CheckFailed(f"the holding process did not start ({line!r} {self.proc.stderr.read()[-300:]!r})")
                return self

            def __exit__(self, *exc):
                self.release.touch()
                try:
                    self.proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
                self.release.unlink(missing_ok=True)

        return Hold()


def _readline(proc: subprocess.Popen, timeout: float) -> bytes:
    import select

    deadline = time.monotonic() + timeout
    line = b""
    fd = proc.stdout.fileno()
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            chunk = os.read(fd, 1)
            if not chunk:
                break
            line += chunk
            if chunk == b"\n":
                break
        elif proc.poll() is not None:
            break
    return line


def integrity(path: Path) -> str:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def first_difference(a: str, b: str) -> str:
    for number, (x, y) in enumerate(zip(a.splitlines(), b.splitlines()), 1):
        if x != y:
            return f"line {number}: Windows {x!r} / Linux {y!r}"
    return f"Windows {len(a.splitlines())} lines / Linux {len(b.splitlines())} lines"


def xlsx_values(path: Path) -> dict:
    import openpyxl

    book = openpyxl.load_workbook(path, data_only=False)
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book.worksheets}


def pdf_text(path: Path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode("utf-8", "replace")


def run_checks(args) -> int:
    work = Path(args.work).resolve()
    c = Checks(work, Path(args.cli), Path(args.python))
    shutil.rmtree(c.run_dir, ignore_errors=True)
    c.run_dir.mkdir(parents=True)
    folder = c.run_dir / "監査データ"  # a Japanese folder and file name, as a clerk's PC has
    db = folder / "デモ.sqlite"
    linux_dir = c.run_dir / "linux"
    linux_db = linux_dir / "demo.sqlite"
    info = c.wine(str(c.python), "-c", "import sys, locale; print(sys.version.split()[0], locale.getencoding())")
    wine_version = subprocess.run(["wine", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"Windows Python {info.text().strip()} under {wine_version}, LANG={os.environ.get('LANG')}", flush=True)
    linux_version = c.linux("--version").text(encoding="utf-8").strip()

    def version():
        r = c.jk("--version")
        c.ran(r, "jukidesk --version")
        expect(r.text().strip() == linux_version, f"printed {r.text().strip()!r}, Linux {linux_version!r}")

    def demo():
        r = c.jk("demo", "--db", winpath(db))
        c.ran(r, "demo")
        expect(db.is_file(), f"{db} was not created")
        expect("デモデータを作成しました" in r.text(), f"stdout {r.text()!r}")
        expect(winpath(db) in r.text(), f"the path with the Japanese folder is not printed as given: {r.text()!r}")
        expect(integrity(db) == "ok", f"integrity_check: {integrity(db)}")

    c.check("version", version)
    made_on_windows = c.check("demo-japanese-folder", demo)
    linux_dir.mkdir()
    made = c.linux("demo", "--db", str(linux_db))
    if made.rc != 0:
        print(f"(Linux demo failed: {made.tail()})", flush=True)
    if not made_on_windows:  # the remaining checks still tell something on the Linux-made file
        folder.mkdir(exist_ok=True)
        _copy_database(linux_db, db)
        print("(the remaining checks use the demo made on Linux)", flush=True)

    linux_summary = c.linux("summary", "--db", str(db), "--fy", FY).text(encoding="utf-8")
    linux_demo_summary = c.linux("summary", "--db", str(linux_db), "--fy", FY).text(encoding="utf-8")

    def summary_pipe():
        r = c.jk("summary", "--db", winpath(db), "--fy", FY)
        c.ran(r, "summary")
        try:
            text = r.out.decode(CP).replace("\r\n", "\n")
        except UnicodeDecodeError as exc:
            raise CheckFailed(f"stdout is not {CP}: {exc}") from None
        expect(text == linux_summary, "figures differ from Linux on the same file: " + first_difference(text, linux_summary))
        expect(text == linux_demo_summary, "figures differ from the demo made on Linux: " + first_difference(text, linux_demo_summary))

    def summary_file():
        r, out, err = c.jk_to_files("summary", "summary", "--db", winpath(db), "--fy", FY)
        expect(not traceback_in(err), f"traceback in the stderr file: {err.decode(CP, 'replace')[-300:]!r}")
        expect(r.rc == 0, f"exit {r.rc}: {err.decode(CP, 'replace')[-300:]!r} {r.tail()}")
        try:
            text = out.decode(CP).replace("\r\n", "\n")
        except UnicodeDecodeError as exc:
            raise CheckFailed(f"the file is not {CP}: {exc}") from None
        expect(text == linux_summary, "differs from Linux: " + first_difference(text, linux_summary))

    def institutions_json():
        r, out, err = c.jk_to_files("institutions", "institutions", "--db", winpath(db), "--fy", FY, "--json")
        expect(not traceback_in(err), f"traceback in the stderr file: {err.decode(CP, 'replace')[-300:]!r}")
        expect(r.rc == 0, f"exit {r.rc}: {err.decode(CP, 'replace')[-300:]!r}")
        try:
            data = json.loads(out.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise CheckFailed(f"the file is not UTF-8: {exc}") from None
        except ValueError as exc:
            raise CheckFailed(f"the file is not JSON: {exc}") from None
        linux = json.loads(c.linux("institutions", "--db", str(db), "--fy", FY, "--json").out.decode("utf-8"))
        expect(data == linux, f"differs from Linux ({len(data)} / {len(linux)} institutions)")
        expect(any(any("\u3040" <= ch <= "\u9fff" for ch in str(entry.get("name", ""))) for entry in data), "no Japanese names in the JSON")

    c.check("summary-pipe", summary_pipe)
    c.check("summary-file", summary_file)
    c.check("institutions-json-file", institutions_json)

    odd = c.run_dir / "𠮷野" / "デモ.sqlite"  # 𠮷 (U+20BB7) has no code in cp932

    def odd_path():
        odd.parent.mkdir(parents=True, exist_ok=True)
        _copy_database(db, odd)
        r = c.jk("check", "--db", winpath(odd))
        c.ran(r, "check (pipe)")
        expect("問題は見つかりませんでした" in r.text(), f"stdout {r.text()!r}")
        r, out, err = c.jk_to_files("odd-check", "check", "--db", winpath(odd))
        expect(not traceback_in(err), f"check (file): traceback: {err.decode(CP, 'replace')[-300:]!r}")
        expect(r.rc == 0, f"check (file): exit {r.rc}: {err.decode(CP, 'replace')[-300:]!r}")
        expect("問題は見つかりませんでした" in out.decode(CP, "replace"), f"check (file): {out.decode(CP, 'replace')!r}")
        r = c.jk("summary", "--db", winpath(odd), "--fy", FY)
        c.ran(r, "summary")
        expect(r.text() == linux_summary, "summary differs from Linux: " + first_difference(r.text(), linux_summary))
        r = c.jk("backup", "--db", winpath(odd))
        c.ran(r, "backup")
        made = list((odd.parent / "backups").glob("*.sqlite"))
        expect(len(made) == 1, f"backups folder holds {len(made)} files")
        r = c.jk("summary", "--db", winpath(odd.parent / "ない.sqlite"), "--fy", FY)
        c.ran(r, "summary of a missing file", rc=1)
        expect("エラー" in r.text("err"), f"no Japanese error message: {r.tail()}")

    c.check("path-not-in-cp932", odd_path)

    def check_cmd():
        r = c.jk("check", "--db", winpath(db))
        c.ran(r, "check")
        expect("問題は見つかりませんでした" in r.text(), f"stdout {r.text()!r}")

    backups = folder / "backups"

    def backup():
        before = set(backups.glob("*.sqlite")) if backups.is_dir() else set()
        r = c.jk("backup", "--db", winpath(db))
        c.ran(r, "backup")
        expect("バックアップを作成しました" in r.text(), f"stdout {r.text()!r}")
        new = set(backups.glob("*.sqlite")) - before
        expect(len(new) == 1, f"{len(new)} new files in {backups}")
        expect(integrity(next(iter(new))) == "ok", "the backup fails integrity_check")
        out = folder / "手動" / "控え.sqlite"
        r = c.jk("backup", "--db", winpath(db), "--out", winpath(out))
        c.ran(r, "backup --out")
        expect(out.is_file() and integrity(out) == "ok", f"{out} missing or damaged")
        r = c.jk("backup", "--db", winpath(db), "--list")
        c.ran(r, "backup --list")

    def report():
        out = c.run_dir / "報告"
        r = c.jk("report", "shiryo2", "--db", winpath(db), "--fy", FY, "--xlsx", winpath(out / "資料2.xlsx"), "--pdf", winpath(out / "資料2.pdf"))
        c.ran(r, "report shiryo2")
        xlsx, pdf = out / "資料2.xlsx", out / "資料2.pdf"
        expect(xlsx.is_file() and pdf.is_file(), "xlsx or pdf missing")
        expect(pdf.read_bytes()[:5] == b"%PDF-", "the PDF does not start with %PDF-")
        lx, lp = linux_dir / "資料2.xlsx", linux_dir / "資料2.pdf"
        lr = c.linux("report", "shiryo2", "--db", str(db), "--fy", FY, "--xlsx", str(lx), "--pdf", str(lp))
        expect(lr.rc == 0, f"Linux report failed: {lr.tail()}")
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            pass
        else:
            a, b = xlsx_values(xlsx), xlsx_values(lx)
            expect(a == b, f"xlsx cells differ from Linux (sheets {list(a)} / {list(b)})")
        a, b = pdf_text(pdf), pdf_text(lp)
        if a is None:
            print("   (no pdftotext (poppler-utils): the PDF text was not compared)", flush=True)
        else:
            expect(a == b, "PDF text differs from Linux: " + first_difference(a, b))
            expect("資料" in a or "監査" in a, "no Japanese text in the PDF")

    c.check("check", check_cmd)
    c.check("backup", backup)
    c.check("report-shiryo2", report)

    # Sharing violations: a second Windows process keeps a file open (Python's open() on
    # Windows shares read and write but not delete, as Excel or an antivirus scan do).
    def newest_backup() -> Path:
        found = sorted(backups.glob("*-manual.sqlite"))
        expect(bool(found), "no backup to restore from (the backup check failed)")
        return found[-1]

    def japanese_error(r: Result, what: str) -> None:
        c.ran(r, what, rc=1)
        err = r.text("err")
        expect("エラー" in err, f"{what}: no Japanese error message: {r.tail()}")

    def sharing_backup_out():
        out = folder / "使用中" / "控え.sqlite"
        out.parent.mkdir(parents=True, exist_ok=True)
        _copy_database(db, out)
        before = sha256(out)
        with c.holding(out):
            r = c.jk("backup", "--db", winpath(db), "--out", winpath(out))
        japanese_error(r, "backup --out onto a file held open")
        expect(sha256(out) == before, "the held file was changed")
        expect(not list(out.parent.glob("*.part")), "a .part file was left behind")
        print(f"   stderr: {r.text('err').strip()}", flush=True)

    def sharing_restore_db():
        source = newest_backup()
        before = sha256(db)
        with c.holding(db):
            r = c.jk("restore", "--db", winpath(db), winpath(source))
        japanese_error(r, "restore onto a database held open")
        expect(sha256(db) == before, "the database was changed")
        expect(integrity(db) == "ok", "the database fails integrity_check afterwards")
        expect(not (folder / (db.name + ".lock")).exists(), "the lock file was left behind")
        expect(not list(folder.glob(".*.part")), "a .part file was left behind")
        print(f"   stderr: {r.text('err').strip()}", flush=True)

    def sharing_restore_lock():
        source = newest_backup()
        lock = folder / (db.name + ".lock")
        before = sha256(db)
        with c.holding(lock, stale_lock=True):
            r = c.jk("restore", "--db", winpath(db), winpath(source))
        japanese_error(r, "restore while a stale lock file is held open")
        expect(sha256(db) == before, "the database was changed")
        print(f"   stderr: {r.text('err').strip()}", flush=True)

    def restore_after():
        source = newest_backup()
        r = c.jk("restore", "--db", winpath(db), winpath(source))  # the stale lock is taken over now
        c.ran(r, "restore once nothing holds the files")
        expect("復元しました" in r.text(), f"stdout {r.text()!r}")
        expect(integrity(db) == "ok", "integrity_check after the restore")
        expect(not (folder / (db.name + ".lock")).exists(), "the lock file was left behind")
        r = c.jk("summary", "--db", winpath(db), "--fy", FY)
        c.ran(r, "summary after the restore")
        expect(r.text() == linux_summary, "figures changed by the restore: " + first_difference(r.text(), linux_summary))

    c.check("sharing-backup-out", sharing_backup_out)
    c.check("sharing-restore-db", sharing_restore_db)
    c.check("sharing-restore-lock", sharing_restore_lock)
    c.check("restore-after-release", restore_after)

    def gui():
        if not os.environ.get("DISPLAY"):
            raise CheckFailed("no DISPLAY (wine_check.sh runs the checks under xvfb-run)")
        r = c.jk("--demo", "--exit-when-ready", timeout=300)
        c.ran(r, "jukidesk --demo --exit-when-ready")

    c.check("gui-demo-window", gui)
    return report_results(c, work / "results.txt")


def report_results(c: Checks, path: Path, *, append: bool = False) -> int:
    failed = [r for r in c.results if not r[1]]
    lines = [f"{'OK' if ok else 'NG'} {name} ({seconds:.0f} s){'' if ok else ': ' + reason}" for name, ok, reason, seconds in c.results]
    with path.open("a" if append else "w", encoding="utf-8") as stream:
        stream.write("\n".join(lines) + "\n")
    print(f"{len(c.results) - len(failed)} passed, {len(failed)} failed")
    print("seconds: " + ", ".join(f"{name} {seconds:.0f}" for name, _, _, seconds in c.results), flush=True)
    return 1 if failed else 0


def _copy_database(source: Path, target: Path) -> None:
    """A consistent single-file copy (the source may have a write-ahead log beside it)."""
    target.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def run_frozen(args) -> int:
    work = Path(args.work).resolve()
    c = Checks(work, Path(args.cli), None)
    db = c.run_dir / "監査データ" / "デモ.sqlite"
    if not db.is_file():
        db.parent.mkdir(parents=True, exist_ok=True)
        made = c.linux("demo", "--db", str(db))
        if made.rc != 0:
            print(f"NG frozen-summary: no demo file (Linux demo failed: {made.tail()})")
            return 1
    linux_version = c.linux("--version").text(encoding="utf-8").strip()
    linux_summary = c.linux("summary", "--db", str(db), "--fy", FY).text(encoding="utf-8")

    def version():
        r = c.jk("--version")
        c.ran(r, "jukidesk-cli.exe --version")
        expect(r.text().strip() == linux_version, f"printed {r.text().strip()!r}, Linux {linux_version!r}")

    def summary():
        r = c.jk("summary", "--db", winpath(db), "--fy", FY)
        c.ran(r, "jukidesk-cli.exe summary")
        expect(r.text() == linux_summary, "differs from Linux: " + first_difference(r.text(), linux_summary))

    c.check("frozen-version", version)
    c.check("frozen-summary", summary)
    return report_results(c, work / "results.txt", append=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    run = sub.add_parser("run", help="the checks of the installed Windows command line")
    run.add_argument("--work", required=True)
    run.add_argument("--python", required=True, help="the Windows python.exe (Linux path)")
    run.add_argument("--cli", required=True, help="the Windows jukidesk.exe (Linux path)")
    run.set_defaults(func=run_checks)
    frozen = sub.add_parser("frozen", help="the checks of the PyInstaller build")
    frozen.add_argument("--work", required=True)
    frozen.add_argument("--cli", required=True, help="jukidesk-cli.exe of the build (Linux path)")
    frozen.set_defaults(func=run_frozen)
    redirect = sub.add_parser("redirect", help="(Windows) run a program with stdout/stderr in files")
    redirect.add_argument("out")
    redirect.add_argument("err")
    redirect.add_argument("command", nargs=argparse.REMAINDER)
    redirect.set_defaults(func=win_redirect)
    missing = sub.add_parser("missing-requirements", help="requirements for Windows without a wheel in FOLDER")
    missing.add_argument("folder")
    missing.add_argument("--python-version", default="3.13")
    missing.set_defaults(func=missing_requirements)
    pipe = sub.add_parser("pipe", help="run a command with pipes as stdout/stderr, copying its output")
    pipe.add_argument("--timeout", type=float, default=3600)
    pipe.add_argument("command", nargs=argparse.REMAINDER)
    pipe.set_defaults(func=pipe_command)
    hold = sub.add_parser("hold", help="(Windows) keep a file open")
    hold.add_argument("file")
    hold.add_argument("--stale-lock", action="store_true")
    hold.add_argument("--seconds", type=float, default=120)
    hold.set_defaults(func=win_hold)
    args = parser.parse_args()
    if args.what == "redirect" and args.command[:1] == ["--"]:
        args.command = args.command[1:]
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
