"""Exact scoring: the one place where averages are computed and rounded.

An institution's score for a checklist is the mean of its applicable item scores
(該当なし left out). A kind's average for a year is the mean of the institutions' scores,
each institution weighing the same. Everything is a ``Fraction`` until it is shown;
display rounds half up to two decimals (2.985 → 2.99).
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

SCORES = (1, 2, 3)
FULL_SCORE = 3


def is_low(score: int | Fraction | None) -> bool:
    """A score under full marks: an item needing improvement (a finding, a remark), or an
    institution's mean below 3. ``None`` (該当なし, unanswered, no result) is never low."""
    return score is not None and score < FULL_SCORE


def low_score_clause(column):
    """:func:`is_low` as a SQL condition on a score column (``Answer.score``): NULL — 該当なし
    or unanswered — compares as unknown and is left out, as ``is_low(None)`` is False."""
    return column < FULL_SCORE


def checklist_score(scores: Iterable[int | None]) -> Fraction | None:
    """Mean of the applicable scores; ``None`` stands for 該当なし or unanswered and is skipped."""
    values = [s for s in scores if s is not None]
    if not values:
        return None
    return Fraction(sum(values), len(values))


def score_from_totals(total: int, count: int) -> Fraction | None:
    """The same mean from a SQL ``SUM``/``COUNT`` pair (what the fast queries return)."""
    return Fraction(total, count) if count else None


def mean(values: Iterable[Fraction | None]) -> Fraction | None:
    # Exact, and fast for thousands of values: numerators are added per denominator first
    # (a checklist score's denominator is its number of applicable items, so there are few).
    by_denominator: dict[int, list[int]] = {}
    for v in values:
        if v is None:
            continue
        d = v.denominator  # ints and Fractions both have numerator/denominator
        group = by_denominator.setdefault(d, [0, 0])
        group[0] += v.numerator
        group[1] += 1
    return mean_of_totals((n, d, how_many) for d, (n, how_many) in by_denominator.items())


def mean_of_totals(groups: Iterable[tuple[int, int, int]]) -> Fraction | None:
    """The same mean from grouped totals: each group is (sum of the scores' numerators, their
    common denominator, how many scores). A SQL ``GROUP BY`` on the number of applicable
    answers gives exactly this for checklist scores (total / applicable), so the figures of
    twenty years arrive as a few hundred rows instead of one row per checklist."""
    total = Fraction(0)
    count = 0
    for numerators, denominator, how_many in groups:
        if how_many:
            total += Fraction(numerators, denominator)
            count += how_many
    return total / count if count else None


def _half_up_units(value: Fraction, scale: int) -> int:
    """|value| · scale rounded half up, in integers: the one rounding rule."""
    return (2 * abs(value.numerator) * scale + value.denominator) // (2 * value.denominator)


def round_half_up(value: Fraction, places: int = 2) -> Fraction:
    """Round exactly, ties away from zero (scores are never negative)."""
    scale = 10**places
    sign = -1 if value < 0 else 1
    return sign * Fraction(_half_up_units(Fraction(value), scale), scale)


def format_score(value: Fraction | None, places: int = 2) -> str | None:
    """'2.91' for display and JSON; ``None`` when there is no result yet."""
    if value is None:
        return None
    value = Fraction(value)
    # round_half_up's units without building the rounded Fraction (a report formats every
    # figure of twelve years)
    scale = 10**places
    units = _half_up_units(value, scale)
    whole, frac = divmod(units, scale)
    sign = "-" if value < 0 and units else ""
    return f"{sign}{whole}.{frac:0{places}d}" if places else f"{sign}{whole}"


def format_points(value: Fraction | None, *, none_text: str = "－") -> str:
    """'3.00 点' as 資料2 prints it."""
    text = format_score(value)
    return none_text if text is None else f"{text} 点"
