"""Text from outside (typed, pasted, imported) made safe to store and to write anywhere."""

from __future__ import annotations

import re

# C0 control characters other than tab, line feed and carriage return: XML 1.0 (and so every
# xlsx cell) cannot hold them, and they never belong in a name or a remark.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(text: str) -> str:
    return _CONTROL.sub("", text)
