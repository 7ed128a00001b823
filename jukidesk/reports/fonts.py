"""The bundled Japanese fonts registered with reportlab, once per process.

TrueType-outline fonts only: reportlab embeds them as searchable subsets (``pdffonts``
shows ``emb yes``), so the PDF prints the same on any machine. IPAex has no bold face:
the family's bold is mapped to BIZ UDゴシック Bold.
"""

from __future__ import annotations

import threading

from jukidesk.base.paths import font_path

MINCHO = "IPAexMincho"  # body text
GOTHIC = "IPAexGothic"  # tables
GOTHIC_BOLD = "BIZUDGothic-Bold"  # title, headings, bold cells

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    global _registered
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont(MINCHO, str(font_path("mincho"))))
        pdfmetrics.registerFont(TTFont(GOTHIC, str(font_path("gothic"))))
        pdfmetrics.registerFont(TTFont(GOTHIC_BOLD, str(font_path("gothic_bold"))))
        for family in (MINCHO, GOTHIC):
            addMapping(family, 0, 0, family)
            addMapping(family, 0, 1, family)
            addMapping(family, 1, 0, GOTHIC_BOLD)
            addMapping(family, 1, 1, GOTHIC_BOLD)
        _registered = True
