from fractions import Fraction

import pytest

from jukidesk.core.scoring import checklist_score, format_points, format_score, mean


@pytest.mark.parametrize(
    "value, text",
    [
        (Fraction(2985, 1000), "2.99"),
        (Fraction(2975, 1000), "2.98"),
        (Fraction(2905, 1000), "2.91"),
        (Fraction(2904999, 1000000), "2.90"),
        (Fraction(3), "3.00"),
        (Fraction(8, 3), "2.67"),
        (Fraction(1, 200), "0.01"),
    ],
)
def test_round_half_up_to_two_decimals(value, text):
    assert format_score(value) == text


def test_float_rounding_would_be_wrong_here():
    # 2.675 is stored as 2.67499999… in binary: float rounding gives 2.67, exact gives 2.68.
    assert round(2.675, 2) == 2.67
    assert format_score(Fraction(2675, 1000)) == "2.68"


def test_not_applicable_is_left_out_of_the_mean():
    assert checklist_score([3, 2, None, 3]) == Fraction(8, 3)
    assert checklist_score([None, None]) is None


def test_each_institution_weighs_the_same():
    assert mean([Fraction(3), Fraction(2), None]) == Fraction(5, 2)
    assert mean([]) is None


def test_points_for_the_report():
    assert format_points(Fraction(3)) == "3.00 点"
    assert format_points(None) == "－"
