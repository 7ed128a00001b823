"""Text measured with the bundled fonts, and Japanese line breaking with 禁則処理.

The Excel renderer of the papers and the exchange workbooks size their columns and rows
from this (Excel and LibreOffice never grow a row for wrapped text that openpyxl wrote),
and the PDF renderer sizes its table columns from it, so a figure such as ``19 機関`` is
given the room it needs instead of breaking inside its cell.

Metrics come from the TrueType files in ``resources/fonts`` (read once, lazily):

- ``gothic`` / ``mincho``: IPAex, the faces the PDFs embed (proportional Latin);
- ``ud``: BIZ UD (the file bundled is BIZ UDゴシック Bold). The workbooks name BIZ UDゴシック
  and BIZ UD明朝, whose advances are the same in every weight and in both faces: every
  Latin character half an em, every kana and kanji one em.

Line breaking (:func:`break_lines`) follows the usual rules for printed Japanese:

- a break may fall between any two Japanese characters, and after a space;
- never before a character that may not start a line (``、。）」`` small kana, ``ー`` …): such a
  character stays on the previous line, hanging past the width by at most ``hang``
  (追い込み), and only when it would not fit either is the character before it taken
  along to the next line (追い出し);
- never after an opening bracket (``（「``);
- never inside a run of Latin letters and digits, nor between a number and the unit that
  follows it (``19 機関``, ``3.00 点``, ``３巡目``: :data:`FIGURE`).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from functools import lru_cache

# Characters that may not start a line (JIS X 4051 classes: closing brackets, full stops,
# commas, middle dots, small kana, the prolonged sound mark, iteration marks …).
NO_LINE_START = frozenset(
    "、。，．,.:;?!！？）)］]｝}〕〉》」』】〙〗〟’”｠»"
    "・：；‐゠–〜～ーヽヾゝゞ々〻"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "%％°′″℃"
)
# Characters that may not end a line (opening brackets and quotes).
NO_LINE_END = frozenset("（([［{｛〔〈《「『【〘〖〝‘“｟«")
DIGITS = frozenset("0123456789０１２３４５６７８９")

# A number with its unit stays on one line: 19 機関, 3.00 点, ３巡目, 12月18日.
FIGURE = re.compile(r"[0-9０-９][0-9０-９.,]*(?: ?(?:機関|巡目|年度|か所|箇所|件|点|回|年|月|日|名|人|%|％))?")

_ROLES = {"gothic": "gothic", "mincho": "mincho", "ud": "gothic_bold", "gothic_bold": "gothic_bold"}
_lock = threading.Lock()


WIDTH_TABLES = "widths.json"  # in resources/fonts: every bundled font's advances, precomputed


@lru_cache(maxsize=None)
def _widths(role: str) -> dict[int, float]:
    """{code point: advance in ems} of a role's bundled font: from the precomputed table in
    ``resources/fonts/widths.json`` (no font parsing and no reportlab import, so an Excel
    report does not load the PDF library), or read from the font when that table does not
    describe this font file (``write_width_tables`` makes it again)."""
    from jukidesk.base.paths import font_path

    path = font_path(_ROLES[role])
    table = _stored_table(path)
    if table is not None:
        return table
    return {code: width / 1000 for code, width in _read_font_widths(path).items()}


@lru_cache(maxsize=None)
def _char_widths(role: str) -> dict[str, float]:
    """The same table keyed by character: a line is measured by one ``sum(map(...))``."""
    return {chr(code): em for code, em in _widths(role).items()}


@lru_cache(maxsize=4)
def _load_tables(tables_path) -> dict:
    import json

    return json.loads(tables_path.read_text(encoding="utf-8"))


def _stored_table(path) -> dict[int, float] | None:
    try:
        entry = _load_tables(path.with_name(WIDTH_TABLES))[path.name]
        if entry["bytes"] != path.stat().st_size:
            return None
        runs, per_unit = entry["runs"], 1000 / entry["units_per_em"]
    except (OSError, ValueError, KeyError, ZeroDivisionError):
        return None
    widths: dict[int, float] = {}
    code = -1
    for index in range(0, len(runs), 3):
        gap, length, advance = runs[index : index + 3]
        em = advance * per_unit / 1000  # as reportlab scales it, then in ems
        first = code + gap
        for code in range(first, first + length):
            widths[code] = em
    return widths


def _read_font(path):
    from reportlab.pdfbase.ttfonts import TTFontFile

    with _lock:
        return TTFontFile(str(path))


def _read_font_widths(path) -> dict[int, float]:
    """{code point: advance in 1/1000 em} as reportlab reads the font (what the PDFs use)."""
    return dict(_read_font(path).charWidths)


def width_tables() -> dict[str, dict]:
    """The content of ``widths.json`` for the bundled fonts: each font file's size, units
    per em, and its advances as flat triples ``gap, length, advance in font units``: a run
    of ``length`` consecutive code points starting ``gap`` after the previous run's last."""
    from jukidesk.base.paths import FONT_FILES, font_path

    tables = {}
    for role in FONT_FILES:
        path = font_path(role)
        face = _read_font(path)
        per_unit = 1000 / face.unitsPerEm
        units = {}
        for code, width in face.charWidths.items():
            advance = round(width / per_unit)
            if advance * per_unit != width:
                raise ValueError(f"{path.name}: U+{code:04X} is not a whole number of font units")
            units[code] = advance
        runs: list[list[int]] = []  # [first, last, advance]
        for code, advance in sorted(units.items()):
            if runs and runs[-1][1] == code - 1 and runs[-1][2] == advance:
                runs[-1][1] = code
            else:
                runs.append([code, code, advance])
        flat, last = [], -1
        for first, end, advance in runs:
            flat += [first - last, end - first + 1, advance]
            last = end
        tables[path.name] = {"bytes": path.stat().st_size, "units_per_em": face.unitsPerEm, "runs": flat}
    return tables


def write_width_tables() -> None:
    """Rewrite ``resources/fonts/widths.json`` (after a bundled font was replaced)."""
    import json

    from jukidesk.base.paths import resource

    text = json.dumps(width_tables(), separators=(",", ":"), sort_keys=True)
    resource("fonts", WIDTH_TABLES).write_text(text + "\n", encoding="utf-8")


def char_em(ch: str, role: str = "ud") -> float:
    """Advance of ``ch`` in ems (a character the font lacks: one em if wide, else half)."""
    width = _widths(role).get(ord(ch))
    if width is None:
        return 1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5
    return width


def text_width(text: str, size: float, role: str = "ud") -> float:
    """Width of one line of ``text`` in points at ``size`` points."""
    widths = _char_widths(role)
    try:
        return sum(map(widths.__getitem__, text)) * size
    except KeyError:  # a character the font lacks
        return sum(widths[ch] if ch in widths else char_em(ch, role) for ch in text) * size


def _is_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".,%/-+#&@_'")


def can_break(text: str, i: int) -> bool:
    """Whether a line may break between ``text[i - 1]`` and ``text[i]``."""
    if i <= 0 or i >= len(text):
        return False
    before, after = text[i - 1], text[i]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if after == " ":
        return False  # break after the space, never before it
    if _is_word(before) and _is_word(after):
        return False
    if before in DIGITS and after in DIGITS:
        return False
    return True


def clusters(text: str) -> list[str]:
    """``text`` cut at every allowed break."""
    parts: list[str] = []
    start = 0
    figures = set()
    for match in FIGURE.finditer(text):
        figures.update(range(match.start() + 1, match.end()))
    for i in range(1, len(text)):
        if i not in figures and can_break(text, i):
            parts.append(text[start:i])
            start = i
    if text:
        parts.append(text[start:])
    return parts


HANGING = frozenset("、。，．）」』】〕〉》")  # may hang past the line's end (ぶら下げ)


def _hanging(cluster: str) -> int:
    """How many closing marks at the end of ``cluster`` may hang past the line's end."""
    count = 0
    for ch in reversed(cluster):
        if ch not in HANGING:
            break
        count += 1
    return min(count, 2) if count < len(cluster) else 0


def break_lines(
    text: str, width: float, measure: Callable[[str], float], *, hang: float | None = None, rest_width: float | None = None
) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (the first line) or ``rest_width``
    (the others) as measured by ``measure``; ``\\n`` in the text always breaks. A closing
    mark may hang past the width by up to ``hang`` (one full-width character if None).
    A space at a break is dropped."""
    lines: list[str] = []
    rest_width = width if rest_width is None else rest_width
    for part in (text or "").split("\n"):
        lines.extend(_break_part(part, width if not lines else rest_width, rest_width, measure, hang))
    return lines or [""]


def _break_part(text, first_width, rest_width, measure, hang) -> list[str]:
    if not text:
        return [""]
    whole = text.rstrip(" ")
    if measure(whole) <= first_width:
        # It fits: every shorter start of it fits too (widths only add up), so
        # _break_clusters would keep it on one line. Most table cells end here, without
        # being cut into clusters and measured cluster by cluster.
        return [whole]
    return _break_clusters(text, first_width, rest_width, measure, hang)


def _break_clusters(text, first_width, rest_width, measure, hang) -> list[str]:
    """The line breaking itself: clusters (``clusters``) added to a line while it fits."""
    hang = measure("。") if hang is None else hang
    lines: list[str] = []
    line = ""
    limit = first_width
    for cluster in clusters(text):
        candidate = line + cluster
        if not line or measure(candidate.rstrip(" ")) <= limit:
            line = candidate
        else:
            hanging = _hanging(cluster)
            base = candidate[: len(candidate) - hanging] if hanging else None
            if base is not None and measure(base) <= limit and measure(candidate) <= limit + hang:
                line = candidate  # 追い込み: the closing marks hang at the line's end
                continue
            lines.append(line.rstrip(" "))
            limit = rest_width
            line = cluster
        while measure(line.rstrip(" ")) > limit + (hang if _hanging(line) else 0) and len(line) > 1:
            # a cluster wider than the whole line (a long Latin word): cut it where it must be
            cut = len(line) - 1
            while cut > 1 and measure(line[:cut]) > limit:
                cut -= 1
            lines.append(line[:cut])
            limit = rest_width
            line = line[cut:]
    lines.append(line.rstrip(" "))
    return lines


PHRASE_ENDS = frozenset("）」』】〕、")  # a title may break after these …
PHRASE_STARTS = frozenset("（「『【〔")  # … or before these


def title_lines(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """A title's lines: one where it fits; otherwise broken at the phrase boundary (after a
    closing bracket or 、, or before an opening bracket) that gives the most even lines, so
    a title never breaks inside a word (「監査経過報／告」); running-text breaking only where
    no boundary fits. The same rule for the Excel sheet and the PDF."""
    if measure(text) <= width or "\n" in text:
        return break_lines(text, width, measure, hang=0)
    cut, best = 0, None
    for i in range(1, len(text)):
        boundary = text[i - 1] in PHRASE_ENDS or text[i] in PHRASE_STARTS
        if boundary and measure(text[:i]) <= width:
            # the most even two lines (a long first line over a stub reads badly)
            longer = max(measure(text[:i]), measure(text[i:]))
            if best is None or longer < best:
                cut, best = i, longer
    if not cut:
        return break_lines(text, width, measure, hang=0)
    return [text[:cut]] + break_lines(text[cut:], width, measure, hang=0)


def measurer(size: float, role: str = "ud") -> Callable[[str], float]:
    """``measure(text)`` in points for ``break_lines``."""
    return lambda text: text_width(text, size, role)


def fit_widths(wanted: list[float], minimums: list[float], total: float) -> list[float] | None:
    """Column widths adding up to ``total``: ``wanted`` (relative) scaled, then every column
    below its minimum raised to it, the difference taken from the columns with room to
    spare (in proportion to their spare room). None when the minimums do not fit."""
    if sum(minimums) > total + 1e-6:
        return None
    scale = total / (sum(wanted) or 1)
    widths = [w * scale for w in wanted]
    for _ in range(len(widths) + 1):
        short = sum(max(0.0, m - w) for w, m in zip(widths, minimums))
        if short <= 1e-6:
            return widths
        spare = [max(0.0, w - m) for w, m in zip(widths, minimums)]
        room = sum(spare)
        if room <= 1e-9:
            return None
        take = min(short, room)
        widths = [max(w, m) - (s / room * take if w > m else 0.0) for w, m, s in zip(widths, minimums, spare)]
    return widths


def fit_table(
    wanted: list[float],
    cells: list[tuple[int, str, bool, bool]],
    total: float,
    *,
    size: float,
    min_size: float,
    padding: float,
    role: str = "ud",
    bold_role: str | None = None,
    step: float = 0.5,
) -> tuple[float, list[float]]:
    """The font size and column widths of a table ``total`` points wide.

    ``cells`` are the single-column cells as (column, text, whole, bold). A *whole* cell (a
    figure: ``19 機関``, ``(実施中)``) must fit on one line; a short one-line label (up to six
    characters, ``対象機関数``) should. The widest size from ``size`` down to ``min_size``
    where figures and labels fit wins; failing that, the widest where the figures alone
    fit (the labels then wrap); failing that, ``wanted`` scaled at ``min_size``."""
    sizes = []
    current = size
    while current > min_size + 1e-9:
        sizes.append(current)
        current -= step
    sizes.append(min_size)

    def minimums(at: float, labels: bool) -> list[float]:
        need = [0.0] * len(wanted)
        for column, text, whole, bold in cells:
            if not text:
                continue
            font = (bold_role or role) if bold else role
            if whole:
                width = text_width(text, at, font)
            elif labels and "\n" not in text and text_width(text, at, font) <= 6 * at:
                width = text_width(text, at, font)
            else:
                continue
            need[column] = max(need[column], width + 2 * padding + 0.5)
        return need

    for labels in (True, False):
        for at in sizes:
            widths = fit_widths(wanted, minimums(at, labels), total)
            if widths is not None:
                return at, widths
    scale = total / (sum(wanted) or 1)
    return min_size, [w * scale for w in wanted]
