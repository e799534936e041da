"""Tests of money: rials and tomans, rates, rounding, int64 arithmetic, text (Art. 0.1).

Oracles: Python ints (unbounded, exact) and fractions.Fraction.
"""

from __future__ import annotations

import itertools
import math
import re
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from coopmodel._errors import AmountParseError, IntegerOverflowError
from coopmodel.values._digits import to_persian_digits
from coopmodel.values._money import (
    INT64_MAX,
    INT64_MIN,
    Rounding,
    apply_rate,
    apply_rate_array,
    check_int64,
    checked_add,
    checked_mul,
    checked_neg,
    checked_segment_sum,
    checked_sub,
    checked_sum,
    div_round,
    div_round_array,
    format_amount,
    parse_amount,
    rials_to_tomans,
    tomans,
)

EDGES = [
    INT64_MIN,
    INT64_MIN + 1,
    -(2**62),
    -(2**32),
    -(2**31),
    -1,
    0,
    1,
    2**31,
    2**32,
    2**62,
    INT64_MAX - 1,
    INT64_MAX,
]
int64s = st.one_of(
    st.sampled_from(EDGES),
    st.integers(INT64_MIN, INT64_MAX),
    st.integers(-1000, 1000),
    st.integers(-(2**33), 2**33),
)
roundings = st.sampled_from(list(Rounding))


def fits(value: int) -> bool:
    """Tell whether a Python int fits in int64."""
    return INT64_MIN <= value <= INT64_MAX


def exact_round(value: Fraction, rounding: Rounding) -> int:
    """Round an exact Fraction as named: the oracle for every rounding."""
    if rounding is Rounding.FLOOR:
        return math.floor(value)
    if rounding is Rounding.CEIL:
        return math.ceil(value)
    return math.floor(value + Fraction(1, 2))


# ----------------------------------------------------------------- rials and tomans


def test_int64_bounds():
    """The bounds are those of a two's-complement 64-bit integer."""
    assert np.iinfo(np.int64).min == INT64_MIN
    assert np.iinfo(np.int64).max == INT64_MAX


def test_tomans_are_ten_rials():
    """276 billion tomans are 2,760 billion rials; a toman is 10 rials."""
    assert tomans(1) == 10
    assert tomans(276_000_000_000) == 2_760_000_000_000
    with pytest.raises(TypeError):
        tomans(2.5)  # type: ignore[arg-type]


@given(st.integers(), roundings)
def test_rials_to_tomans_rounds_as_named(rials, rounding):
    """Rials to tomans is the exact rials/10 rounded as named; floor by default."""
    assert rials_to_tomans(rials, rounding=rounding) == exact_round(
        Fraction(rials, 10), rounding
    )
    assert rials_to_tomans(rials) == math.floor(Fraction(rials, 10))


@given(st.integers())
def test_tomans_then_back_is_identity(n):
    """Converting tomans to rials and back loses nothing."""
    assert rials_to_tomans(tomans(n)) == n


# ----------------------------------------------------------------- rounding laws


def test_rounding_names():
    """The rounding names are the rulebook's words."""
    assert [r.value for r in Rounding] == ["floor", "ceil", "half_up"]


def test_half_up_rounds_halves_toward_positive_infinity():
    """-2.5 -> -2, -1.5 -> -1, 1.5 -> 2, 2.5 -> 3; -2.6 -> -3."""
    assert [div_round(n, 2, Rounding.HALF_UP) for n in (-5, -3, 3, 5)] == [-2, -1, 2, 3]
    assert div_round(-13, 5, Rounding.HALF_UP) == -3


@given(st.integers(), st.integers(min_value=1), roundings)
def test_div_round_agrees_with_fraction(numerator, denominator, rounding):
    """div_round equals the exact quotient rounded as named."""
    expected = exact_round(Fraction(numerator, denominator), rounding)
    assert div_round(numerator, denominator, rounding) == expected


@given(st.integers(), st.integers(min_value=1))
def test_rounding_laws(numerator, denominator):
    """Floor <= exact <= ceil, ceil - floor in {0, 1}, half_up within 1/2."""
    exact = Fraction(numerator, denominator)
    low = div_round(numerator, denominator, Rounding.FLOOR)
    high = div_round(numerator, denominator, Rounding.CEIL)
    half = div_round(numerator, denominator, Rounding.HALF_UP)
    assert low <= exact <= high
    assert high - low == (0 if numerator % denominator == 0 else 1)
    assert abs(half - exact) <= Fraction(1, 2)
    assert low <= half <= high


@pytest.mark.parametrize("denominator", [0, -3])
def test_div_round_needs_a_positive_denominator(denominator):
    """A zero or negative denominator is refused, scalar and array alike."""
    with pytest.raises(ValueError, match="greater than 0"):
        div_round(1, denominator, Rounding.FLOOR)
    with pytest.raises(ValueError, match="greater than 0"):
        div_round_array(np.array([1]), denominator, Rounding.FLOOR)
    with pytest.raises(ValueError, match="greater than 0"):
        apply_rate_array(np.array([1]), 5, Rounding.FLOOR, per=denominator)


@given(
    st.integers(), st.integers(), roundings, st.integers(min_value=1, max_value=10**6)
)
def test_apply_rate_agrees_with_fraction(amount, rate_bp, rounding, per):
    """apply_rate is amount·rate/per, exact, rounded as named."""
    expected = exact_round(Fraction(amount * rate_bp, per), rounding)
    assert apply_rate(amount, rate_bp, rounding, per=per) == expected


def test_apply_rate_examples_by_hand():
    """20 % of 1,000,005 is 200,001 exactly; 7 · 50 % = 3.5 rounds to 3 or 4."""
    assert apply_rate(1_000_005, 2_000, Rounding.FLOOR) == 200_001
    assert apply_rate(7, 5_000, Rounding.FLOOR) == 3
    assert apply_rate(7, 5_000, Rounding.CEIL) == 4
    assert apply_rate(7, 5_000, Rounding.HALF_UP) == 4
    assert apply_rate(-7, 5_000, Rounding.HALF_UP) == -3
    # Art. 3.4: ceil(10^9 · 200 · 90 / (10,000 · 365)) = ceil(4,931,506.849...)
    assert apply_rate(10**9, 200 * 90, Rounding.CEIL, per=10_000 * 365) == 4_931_507


@given(
    hnp.arrays(np.int64, st.integers(0, 20), elements=int64s),
    st.one_of(st.integers(1, 2**40), st.sampled_from([1, 2, 3, INT64_MAX])),
    roundings,
)
def test_div_round_array_equals_scalar(numerators, denominator, rounding):
    """The array division equals div_round on each element, even at int64 edges."""
    result = div_round_array(numerators, denominator, rounding)
    assert result.dtype == np.int64
    expected = [div_round(int(n), denominator, rounding) for n in numerators]
    assert result.tolist() == expected


@given(
    st.lists(st.tuples(int64s, st.integers(1, INT64_MAX)), max_size=20),
    roundings,
)
def test_div_round_array_with_array_denominators(pairs, rounding):
    """Per-element denominators divide element by element."""
    numerators = np.array([p[0] for p in pairs], dtype=np.int64)
    denominators = np.array([p[1] for p in pairs], dtype=np.int64)
    result = div_round_array(numerators, denominators, rounding)
    assert result.tolist() == [div_round(n, d, rounding) for n, d in pairs]


@given(
    hnp.arrays(np.int64, st.integers(0, 20), elements=int64s),
    st.one_of(st.integers(-20_000, 20_000), st.sampled_from(EDGES)),
    roundings,
    st.sampled_from([1, 3, 10_000, 120_000, 3_650_000]),
)
def test_apply_rate_array_equals_scalar_or_raises(amounts, rate_bp, rounding, per):
    """The array rate equals apply_rate per element, raising iff one leaves int64."""
    expected = [apply_rate(int(a), rate_bp, rounding, per=per) for a in amounts]
    if all(fits(e) for e in expected):
        result = apply_rate_array(amounts, rate_bp, rounding, per=per)
        assert result.dtype == np.int64
        assert result.tolist() == expected
    else:
        with pytest.raises(IntegerOverflowError, match="apply rate"):
            apply_rate_array(amounts, rate_bp, rounding, per=per)


def test_apply_rate_array_survives_a_product_beyond_int64():
    """2^62 rials at 10,000 bp: the product leaves int64, the result does not."""
    amounts = np.array([2**62, -(2**62), 5], dtype=np.int64)
    result = apply_rate_array(amounts, 10_000, Rounding.FLOOR)
    assert result.tolist() == [2**62, -(2**62), 5]
    rates = np.array([20_000, 1, 1], dtype=np.int64)
    with pytest.raises(IntegerOverflowError, match="at index 0"):
        apply_rate_array(amounts, rates, Rounding.FLOOR)


# ----------------------------------------------------------------- overflow


def exact_or_none(values: list[int]) -> list[int] | None:
    """Return the values when all fit in int64, else None."""
    return values if all(fits(v) for v in values) else None


pairs_of_int64 = st.lists(st.tuples(int64s, int64s), max_size=20)


def as_arrays(pairs: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Split pairs into two int64 arrays."""
    a = np.array([p[0] for p in pairs], dtype=np.int64)
    b = np.array([p[1] for p in pairs], dtype=np.int64)
    return a, b


@pytest.mark.parametrize(
    ("function", "python", "name"),
    [
        (checked_add, lambda x, y: x + y, "add"),
        (checked_sub, lambda x, y: x - y, "subtract"),
        (checked_mul, lambda x, y: x * y, "multiply"),
    ],
)
@given(pairs=pairs_of_int64)
def test_checked_binary_ops_equal_python_or_raise(function, python, name, pairs):
    """Each op equals Python ints when all fit, and raises naming the op otherwise."""
    a, b = as_arrays(pairs)
    expected = exact_or_none([python(x, y) for x, y in pairs])
    if expected is None:
        with pytest.raises(
            IntegerOverflowError, match=rf"^{name}: result leaves int64"
        ):
            function(a, b)
    else:
        result = function(a, b)
        assert result.dtype == np.int64
        assert result.tolist() == expected


@given(pairs=pairs_of_int64)
def test_checked_ops_broadcast_a_python_int(pairs):
    """A Python int on either side broadcasts like a column of itself."""
    a, _ = as_arrays(pairs)
    scalar = pairs[0][1] if pairs else 7
    for function, python in ((checked_add, int.__add__), (checked_mul, int.__mul__)):
        expected = exact_or_none([python(int(x), scalar) for x in a])
        if expected is None:
            with pytest.raises(IntegerOverflowError):
                function(a, scalar)
            with pytest.raises(IntegerOverflowError):
                function(scalar, a)
        else:
            assert function(a, scalar).tolist() == expected
            assert function(scalar, a).tolist() == expected


@pytest.mark.parametrize(
    ("a", "b", "overflows"),
    [
        (-1, INT64_MIN, True),
        (INT64_MIN, -1, True),
        (INT64_MIN, 1, False),
        (-1, INT64_MAX, False),
        (2**32, 2**31, True),
        (2**32, -(2**31), False),
        (-(2**32), 2**31, False),
        (-(2**32), -(2**31), True),
        (3_037_000_500, 3_037_000_500, True),
        (3_037_000_499, 3_037_000_499, False),
        (0, INT64_MIN, False),
        (INT64_MIN, 0, False),
        (2, 2**62, True),
        (-2, 2**62, False),
    ],
)
def test_checked_mul_edges(a, b, overflows):
    """Products at the edge of int64, including -1 · INT64_MIN, are judged exactly."""
    assert fits(a * b) is not overflows  # the hand judgement agrees with Python
    x = np.array([a], dtype=np.int64)
    if overflows:
        with pytest.raises(IntegerOverflowError, match=str(a * b)):
            checked_mul(x, b)
    else:
        assert checked_mul(x, b).tolist() == [a * b]


@given(hnp.arrays(np.int64, st.integers(0, 20), elements=int64s))
def test_checked_neg_equals_python_or_raises(values):
    """Negation raises exactly when INT64_MIN is present."""
    if INT64_MIN in values.tolist():
        with pytest.raises(IntegerOverflowError, match=r"^negate"):
            checked_neg(values)
    else:
        assert checked_neg(values).tolist() == [-int(v) for v in values]


def test_overflow_message_names_the_operation_and_place():
    """The message names the caller's operation, the index and the exact value."""
    with pytest.raises(IntegerOverflowError) as info:
        checked_add(np.array([0, INT64_MAX, INT64_MAX]), 1, op="total equity")
    message = str(info.value)
    assert message.startswith("total equity: result leaves int64 at index 1")
    assert f"{INT64_MAX} + 1 = {2**63}" in message
    assert "2 element(s)" in message


def test_check_int64_for_python_ints():
    """check_int64 returns values in range and raises naming the op otherwise."""
    assert check_int64(INT64_MAX, op="x") == INT64_MAX
    assert check_int64(INT64_MIN, op="x") == INT64_MIN
    for bad in (INT64_MAX + 1, INT64_MIN - 1):
        with pytest.raises(IntegerOverflowError, match=rf"^premium: {bad} leaves"):
            check_int64(bad, op="premium")


def test_inputs_must_be_whole_numbers_within_int64():
    """Floats are refused; a Python int or uint64 beyond int64 raises overflow."""
    with pytest.raises(TypeError, match="whole numbers"):
        checked_add(np.array([1.5]), 1)
    with pytest.raises(IntegerOverflowError, match="add"):
        checked_add(np.array([1]), 2**63)
    with pytest.raises(IntegerOverflowError, match="beyond int64"):
        checked_add(np.array([2**63], dtype=np.uint64), 0)
    assert checked_add(np.array([2], dtype=np.uint8), np.int32(3)).tolist() == [5]


def test_scalar_inputs_give_a_zero_dimensional_array():
    """Two whole numbers give a 0-d int64 array, checked like any other."""
    result = checked_mul(6, 7)
    assert result.shape == ()
    assert int(result) == 42
    with pytest.raises(IntegerOverflowError):
        checked_mul(-1, INT64_MIN)


# ----------------------------------------------------------------- exact sums


@st.composite
def segmented(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Draw values and valid CSR offsets over them (empty segments included)."""
    values = draw(hnp.arrays(np.int64, st.integers(0, 25), elements=int64s))
    cuts = draw(st.lists(st.integers(0, len(values)), max_size=8))
    offsets = np.array([0, *sorted(cuts), len(values)], dtype=np.int64)
    return values, offsets


@given(segmented())
def test_segment_sums_equal_python_or_raise(case):
    """Each segment sum equals Python's sum; raise iff one leaves int64."""
    values, offsets = case
    items = values.tolist()
    expected = [
        sum(items[start:stop]) for start, stop in itertools.pairwise(offsets.tolist())
    ]
    if all(fits(e) for e in expected):
        result = checked_segment_sum(values, offsets)
        assert result.dtype == np.int64
        assert result.tolist() == expected
    else:
        with pytest.raises(IntegerOverflowError, match=r"^segment sum"):
            checked_segment_sum(values, offsets)


@given(hnp.arrays(np.int64, st.integers(0, 25), elements=int64s))
def test_checked_sum_equals_python_or_raises(values):
    """The total equals Python's sum, raising only when the total leaves int64."""
    total = sum(values.tolist())
    if fits(total):
        result = checked_sum(values)
        assert type(result) is int
        assert result == total
    else:
        with pytest.raises(IntegerOverflowError, match=r"^sum: result leaves int64"):
            checked_sum(values)


def test_sums_whose_partial_sums_leave_int64():
    """MAX + MAX - MAX is MAX: only the total must fit, not the running sum."""
    values = np.array([INT64_MAX, INT64_MAX, -INT64_MAX, INT64_MIN, INT64_MIN])
    offsets = np.array([0, 3, 3, 5, 5])
    with pytest.raises(IntegerOverflowError, match="at index 2"):
        checked_segment_sum(values, offsets)
    assert checked_segment_sum(values, np.array([0, 3, 3])).tolist() == [INT64_MAX, 0]
    assert checked_sum(values[:3]) == INT64_MAX
    assert checked_sum(np.array([INT64_MIN, -1, 1])) == INT64_MIN


def test_segment_sum_refuses_bad_offsets():
    """Offsets must rise within the values and not be empty."""
    values = np.arange(4, dtype=np.int64)
    for bad in ([0, 5], [2, 1], [-1, 2], []):
        with pytest.raises(ValueError, match="offsets"):
            checked_segment_sum(values, np.array(bad, dtype=np.int64))
    assert checked_segment_sum(values, np.array([2])).tolist() == []


# ----------------------------------------------------------------- formatting


def group_by_three(digits: str, separator: str) -> str:
    """Insert a separator every three digits from the right (the test's oracle)."""
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return separator.join(groups)


def test_format_examples_by_hand():
    """Known renderings in rials and tomans, Latin and Persian digits."""
    assert format_amount(276_000_000_000) == "276,000,000,000 rials"
    assert format_amount(276_000_000_000, unit="toman") == "27,600,000,000 tomans"
    assert (
        format_amount(276_000_000_000, unit="toman", digits="persian")
        == "۲۷٬۶۰۰٬۰۰۰٬۰۰۰ تومان"
    )
    assert format_amount(50_000_000, digits="persian") == "۵۰٬۰۰۰٬۰۰۰ ریال"
    assert format_amount(1) == "1 rial"
    assert format_amount(-10, unit="toman") == "-1 toman"
    assert format_amount(0) == "0 rials"
    assert format_amount(1_234_567, with_unit=False) == "1,234,567"


def test_toman_remainders_are_written_as_a_tenth():
    """A rial amount not divisible by 10 is written exactly with one decimal."""
    assert format_amount(123_456, unit="toman") == "12,345.6 tomans"
    assert format_amount(5, unit="toman") == "0.5 tomans"
    assert format_amount(-123_457, unit="toman") == "-12,345.7 tomans"
    assert format_amount(123_456, unit="toman", digits="persian") == "۱۲٬۳۴۵٫۶ تومان"


def test_format_refuses_unknown_names():
    """An unknown unit or digit system is refused."""
    with pytest.raises(ValueError, match="unit="):
        format_amount(1, unit="dollar")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="digits="):
        format_amount(1, digits="roman")  # type: ignore[arg-type]


@given(st.integers(-(10**30), 10**30))
def test_latin_rials_are_grouped_by_three(rials):
    """Without a unit, Latin rials are the digits grouped by three with commas."""
    expected = ("-" if rials < 0 else "") + group_by_three(str(abs(rials)), ",")
    assert format_amount(rials, with_unit=False) == expected
    persian = format_amount(rials, with_unit=False, digits="persian")
    assert persian == to_persian_digits(expected.replace(",", "٬"))


@given(
    st.integers(-(10**30), 10**30),
    st.sampled_from(["rial", "toman"]),
    st.sampled_from(["latin", "persian"]),
)
def test_format_then_parse_gives_the_amount_back(rials, unit, digits):
    """Every amount, in either unit and digit system, reads back exactly."""
    assert parse_amount(format_amount(rials, unit=unit, digits=digits)) == rials


@given(st.integers(-(10**30), 10**30), st.sampled_from(["latin", "persian"]))
def test_rials_without_unit_parse_back(rials, digits):
    """A bare number is read as rials, so unitless rial text reads back too."""
    assert parse_amount(format_amount(rials, with_unit=False, digits=digits)) == rials


# ----------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "rials"),
    [
        ("276 billion tomans", 276 * 10**9 * 10),
        ("۲۷۶ میلیارد تومان", 276 * 10**9 * 10),
        ("٢٧٦ ميليارد تومان", 276 * 10**9 * 10),  # Arabic-Indic digits, Arabic yeh
        ("۵۰٬۰۰۰٬۰۰۰ ریال", 50_000_000),
        ("1,200,000", 1_200_000),
        ("1200000", 1_200_000),
        ("2.5 million tomans", 25_000_000),
        ("۲/۵ میلیون تومان", 25_000_000),
        ("۲٫۵ میلیون تومن", 25_000_000),
        ("۲ میلیارد و ۵۰۰ میلیون تومان", 2_500_000_000 * 10),
        ("2 billion 500 million 3 thousand 7 tomans", 2_500_003_007 * 10),
        ("هزار میلیارد ریال", 10**12),
        ("هزار تومان", 10_000),
        ("3 trillion rials", 3 * 10**12),
        ("5 milliard IRR", 5 * 10**9),
        ("  7 Tomans ", 70),
        ("-12 rials", -12),
        ("−12 rials", -12),
        ("۱۲‌میلیون ریال", 12_000_000),  # zero-width non-joiner between words
        ("1,200,000.50 tomans", 12_000_005),
    ],
)
def test_parse_examples_by_hand(text, rials):
    """Amounts as people type them in Iranian spreadsheets."""
    assert parse_amount(text) == rials


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("5 dollars", "unknown unit or scale 'dollars'"),
        ("1.25 tomans", "fraction of a rial"),
        ("0.5", "fraction of a rial"),
        ("1.5 rials", "fraction of a rial"),
        ("1,20", "not a number"),
        ("12,34,567", "not a number"),
        ("1.200.000", "not a number"),
        ("", "no number"),
        ("tomans", "no number"),
        ("5 tomans 3", "must come last"),
        ("5 million 3 billion", "smaller scale"),
        ("5 6", "smaller scale"),
        ("5 and", "expected a number"),
        ("--5", "expected a number"),
        ("1e9", "unknown unit or scale 'e'"),
        ("(5)", "expected a number"),
        ("5 (tomans)", "unexpected '('"),
    ],
)
def test_parse_refuses_what_it_cannot_read_exactly(text, reason):
    """Unknown units, fractions of a rial and malformed numbers are refused."""
    with pytest.raises(AmountParseError, match=re.escape(reason)):
        parse_amount(text)


def test_parse_refuses_non_text():
    """A spreadsheet float is not an amount of money."""
    with pytest.raises(AmountParseError, match="not text"):
        parse_amount(1200000.0)  # type: ignore[arg-type]


SCALES = {
    "": 1,
    " thousand": 10**3,
    " هزار": 10**3,
    " million": 10**6,
    " میلیون": 10**6,
    " billion": 10**9,
    " milliard": 10**9,
    " میلیارد": 10**9,
    " trillion": 10**12,
    " تریلیون": 10**12,
}
UNITS = {
    "": 1,
    " rial": 1,
    " rials": 1,
    " ریال": 1,
    " IRR": 1,
    " toman": 10,
    " tomans": 10,
    " تومان": 10,
    " تومن": 10,
}
digit_systems = st.sampled_from(["0123456789", "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"])


@given(
    st.integers(0, 10**15),
    st.sampled_from(sorted(SCALES)),
    st.sampled_from(sorted(UNITS)),
    digit_systems,
    st.booleans(),
)
def test_parse_number_scale_unit(number, scale, unit, system, grouped):
    """Number · scale · unit, in any digit system, grouped or not."""
    digits = group_by_three(str(number), "٬") if grouped else str(number)
    text = digits.translate(str.maketrans("0123456789", system)) + scale + unit
    assert parse_amount(text) == number * SCALES[scale] * UNITS[unit]


@given(
    st.integers(0, 10**6),
    st.text(alphabet="0123456789", min_size=1, max_size=8),
    st.sampled_from(sorted(SCALES)),
    st.sampled_from(sorted(UNITS)),
    st.sampled_from([".", "٫", "/"]),
)
def test_parse_decimals_exactly(whole, fraction, scale, unit, point):
    """A decimal amount reads exactly, or is refused when it is a fraction of a rial."""
    text = f"{whole}{point}{fraction}{scale}{unit}"
    exact = (whole + Fraction(int(fraction), 10 ** len(fraction))) * (
        SCALES[scale] * UNITS[unit]
    )
    if exact.denominator == 1:
        assert parse_amount(text) == exact.numerator
    else:
        with pytest.raises(AmountParseError, match="fraction of a rial"):
            parse_amount(text)


@given(st.lists(st.integers(0, 999), min_size=1, max_size=5), st.booleans())
def test_parse_compound_terms(parts, persian):
    """Terms of decreasing scale joined by 'and' / 'و' add up."""
    names = (
        ["تریلیون", "میلیارد", "میلیون", "هزار", ""]
        if persian
        else ["trillion", "billion", "million", "thousand", ""]
    )
    scales = [10**12, 10**9, 10**6, 10**3, 1]
    chosen = list(zip(parts, names[-len(parts) :], scales[-len(parts) :], strict=True))
    joiner = " و " if persian else " and "
    text = joiner.join(f"{n} {name}".strip() for n, name, _ in chosen)
    text += " تومان" if persian else " tomans"
    assert parse_amount(text) == 10 * sum(n * s for n, _, s in chosen)


def test_parse_refuses_a_number_too_long_to_convert():
    """A number longer than Python converts is refused as an amount, not a crash."""
    with pytest.raises(AmountParseError, match="too many digits"):
        parse_amount("9" * 5000)


def test_segment_sum_refuses_two_billion_values_at_once():
    """2**31 values could overflow the low halves' running sum, so they are refused."""
    huge = np.broadcast_to(np.int64(0), (2**31,))  # a view: no memory is used
    with pytest.raises(ValueError, match="at most 2\\*\\*31 - 1"):
        checked_segment_sum(huge, np.array([0, 2**31]))
