"""Merging institution names for reports: 佐久地方事務所 + 上小地方事務所 → 佐久・上小地方事務所.

The rule (the one place it lives; the 資料2 report, the GUI and the CLI all call it):

* ``suffixes`` is the organisation's list of office words (setting ``name_merge_suffixes``,
  e.g. 地方事務所, 建設事務所, 支所, センター). A plain 課 or 室 is deliberately not in the
  default list: 消防課 and 職員課 are different sections, not two offices of one kind.
* Two names *share a suffix* when their longest common ending, cut back to start at the
  earliest listed office word inside it, is non-empty and leaves a non-empty front part
  (stem) on both. 佐久地方事務所地域政策課 / 上小地方事務所地域政策課 share
  ``地方事務所地域政策課``; 北佐久地方事務所 / 南佐久地方事務所 share ``地方事務所`` (the
  cut never splits a place name); 消防課 / 職員課 share nothing (``課`` holds no listed word).
* A *run* is a maximal sequence of consecutive names (registry order is kept) that all end
  in the suffix shared by the run's first two names.
* A run is written as its stems joined with ``・`` followed by the suffix
  (``佐久・上小地方事務所``), or — when ``count_from`` is given and the run has at least that
  many names — as the count followed by the suffix (``10地方事務所地域政策課``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

JOINER = "・"


def parse_suffixes(text: str) -> tuple[str, ...]:
    """The setting's text (one word a line, or separated by 、 or commas) as a tuple."""
    words = []
    for part in text.replace("、", "\n").replace(",", "\n").splitlines():
        word = part.strip()
        if word and word not in words:
            words.append(word)
    return tuple(words)


def _common_ending(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n :] if n else ""


def shared_suffix(a: str, b: str, suffixes: Iterable[str]) -> str:
    """The office suffix ``a`` and ``b`` share ('' when they share none)."""
    ending = _common_ending(a, b)
    starts = [ending.find(word) for word in suffixes if word and word in ending]
    if not starts:
        return ""
    suffix = ending[min(starts) :]
    if len(suffix) >= len(a) or len(suffix) >= len(b):
        return ""  # one name is the bare office word: nothing to put in front of it
    return suffix


def merge_names(
    names: Sequence[str],
    suffixes: Iterable[str],
    *,
    count_from: int | None = None,
    number: Callable[[int], str] = str,
) -> list[str]:
    """Merge runs of names sharing an office suffix (see the module docstring)."""
    suffixes = tuple(suffixes)
    result: list[str] = []
    i = 0
    while i < len(names):
        suffix = shared_suffix(names[i], names[i + 1], suffixes) if i + 1 < len(names) else ""
        if not suffix:
            result.append(names[i])
            i += 1
            continue
        j = i + 1
        while j < len(names) and names[j].endswith(suffix) and len(names[j]) > len(suffix):
            j += 1
        run = names[i:j]
        if count_from is not None and len(run) >= count_from:
            result.append(f"{number(len(run))}{suffix}")
        else:
            result.append(JOINER.join(name[: -len(suffix)] for name in run) + suffix)
        i = j
    return result
