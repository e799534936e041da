"""Money: whole rials, tomans, basis-point rates and exact int64 arithmetic (Art. 0.1).

Money is a whole number of rials held in a Python ``int`` (one record) or an
``int64`` array (the register); no float ever holds money. One toman is 10 rials.
Rates are whole basis points (10,000 bp = 100 %) and every division names its
rounding (:class:`Rounding`).

Bulk arithmetic is overflow-checked: each ``checked_*`` function returns exactly
the Python-int result when it fits in int64 and raises
:class:`~coopmodel.IntegerOverflowError`, naming the operation, when it does not;
nothing ever wraps around.

Text
    :func:`format_amount` writes an amount in rials or tomans, with thousands
    separators, in Latin or Persian digits. A rial amount that is not a whole
    number of tomans is written with one decimal digit in tomans (``12,345.6
    tomans``): exact, never rounded. :func:`parse_amount` reads amounts as people
    type them and reads back everything :func:`format_amount` writes.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from enum import StrEnum
from fractions import Fraction
from typing import Any, Literal, TypeAlias

import numpy as np

from coopmodel._errors import AmountParseError, IntegerOverflowError
from coopmodel._typing import BoolArray, Int64Array
from coopmodel.values._digits import (
    PERSIAN_THOUSANDS_SEPARATOR,
    to_ascii_digits,
    to_persian_digits,
)

__all__ = [
    "INT64_MAX",
    "INT64_MIN",
    "RIALS_PER_TOMAN",
    "Rounding",
    "apply_rate",
    "apply_rate_array",
    "check_int64",
    "checked_add",
    "checked_mul",
    "checked_neg",
    "checked_segment_sum",
    "checked_sub",
    "checked_sum",
    "div_round",
    "div_round_array",
    "format_amount",
    "parse_amount",
    "rials_to_tomans",
    "tomans",
]

#: The smallest int64, -2**63.
INT64_MIN = -(2**63)
#: The largest int64, 2**63 - 1.
INT64_MAX = 2**63 - 1
#: Rials in one toman.
RIALS_PER_TOMAN = 10

_PERSIAN_DECIMAL_SEPARATOR = "\u066b"


class Rounding(StrEnum):
    """How an exact quotient becomes a whole number.

    ``HALF_UP`` rounds halves toward positive infinity: ``floor(x + 1/2)``.
    """

    FLOOR = "floor"
    CEIL = "ceil"
    HALF_UP = "half_up"


# --------------------------------------------------------------------------
# Python ints


def tomans(n: int) -> int:
    """Return the rials in ``n`` tomans.

    Examples:
        >>> tomans(276_000_000_000)
        2760000000000
    """
    return operator.index(n) * RIALS_PER_TOMAN


def rials_to_tomans(rials: int, *, rounding: Rounding = Rounding.FLOOR) -> int:
    """Return ``rials`` as whole tomans, rounded as named (floor by default).

    Examples:
        >>> rials_to_tomans(125), rials_to_tomans(125, rounding=Rounding.CEIL)
        (12, 13)
        >>> rials_to_tomans(-125)
        -13
    """
    return div_round(rials, RIALS_PER_TOMAN, rounding)


def div_round(numerator: int, denominator: int, rounding: Rounding) -> int:
    """Divide exactly and round as named.

    Args:
        numerator: Any whole number.
        denominator: A whole number greater than 0.
        rounding: How the exact quotient becomes a whole number.

    Returns:
        The rounded quotient.

    Raises:
        ValueError: When the denominator is not positive.

    Examples:
        >>> [div_round(n, 4, Rounding.HALF_UP) for n in (-6, -5, 5, 6)]
        [-1, -1, 1, 2]
    """
    n = operator.index(numerator)
    d = operator.index(denominator)
    if d <= 0:
        msg = f"denominator={denominator!r} must be greater than 0"
        raise ValueError(msg)
    match Rounding(rounding):
        case Rounding.FLOOR:
            return n // d
        case Rounding.CEIL:
            return -(-n // d)
        case Rounding.HALF_UP:
            return (2 * n + d) // (2 * d)


def apply_rate(
    amount: int, rate_bp: int, rounding: Rounding, *, per: int = 10_000
) -> int:
    """Return ``amount · rate_bp / per``, rounded as named (exact on Python ints).

    Args:
        amount: Rials.
        rate_bp: The rate, in basis points when ``per`` is 10,000.
        rounding: How the exact product becomes whole rials.
        per: The denominator of the rate; greater than 0.

    Returns:
        The rounded amount.

    Examples:
        >>> apply_rate(1_000_005, 2_000, Rounding.FLOOR)
        200001
        >>> apply_rate(1_000_005, 2_000, Rounding.CEIL)
        200001
        >>> apply_rate(7, 5_000, Rounding.HALF_UP)
        4
        >>> apply_rate(-7, 5_000, Rounding.HALF_UP)
        -3
    """
    return div_round(operator.index(amount) * operator.index(rate_bp), per, rounding)


def check_int64(value: int, *, op: str) -> int:
    """Return ``value`` when it fits in int64, else raise naming the operation.

    Raises:
        IntegerOverflowError: When ``value`` is outside ``INT64_MIN..INT64_MAX``.

    Examples:
        >>> check_int64(2**63, op="total equity")
        Traceback (most recent call last):
        ...
        coopmodel._errors.IntegerOverflowError: total equity: 9223372036854775808 leaves int64
    """  # noqa: E501 - a doctest traceback is one line
    value = operator.index(value)
    if not INT64_MIN <= value <= INT64_MAX:
        msg = f"{op}: {value} leaves int64"
        raise IntegerOverflowError(msg)
    return value


# --------------------------------------------------------------------------
# int64 arrays

#: Anything the array functions accept: an integer array or a whole number.
IntegerInput: TypeAlias = Int64Array | int | np.integer[Any]


def _as_int64(value: IntegerInput, *, op: str, name: str) -> Int64Array:
    """Return ``value`` as an int64 array; refuse floats and values beyond int64."""
    if isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_):
        return np.asarray(check_int64(int(value), op=op), dtype=np.int64)
    array = np.asarray(value)
    if array.dtype.kind == "i":
        return array.astype(np.int64, copy=False)
    if array.dtype.kind == "u":
        if array.size and int(array.max()) > INT64_MAX:
            msg = f"{op}: {name} has a value beyond int64"
            raise IntegerOverflowError(msg)
        return array.astype(np.int64)
    msg = f"{op}: {name} must be whole numbers (int64), not {array.dtype}"
    raise TypeError(msg)


def _raise_overflow(op: str, where: BoolArray, exact: str) -> None:
    """Raise for the first element where ``where`` holds; ``exact`` explains it."""
    index = tuple(int(i) for i in np.argwhere(where)[0])
    place = f" at index {index[0] if len(index) == 1 else index}" if index else ""
    count = int(np.count_nonzero(where))
    msg = f"{op}: result leaves int64{place} ({exact}; {count} element(s) overflow)"
    raise IntegerOverflowError(msg)


def _peak(array: Int64Array) -> int:
    """Return the largest ``|v|`` of an int64 array as a Python int (0 when empty).

    Two reductions; a bound on the operands that proves a whole column free of
    overflow spares the element-wise check.
    """
    if not array.size:
        return 0
    return max(int(array.max()), -int(array.min()))


def _first(array: Int64Array, where: BoolArray) -> int:
    """Return the broadcast element of ``array`` at the first True of ``where``."""
    return int(np.broadcast_to(array, where.shape)[tuple(np.argwhere(where)[0])])


def checked_add(a: IntegerInput, b: IntegerInput, *, op: str = "add") -> Int64Array:
    """Add element-wise in int64, raising instead of wrapping around.

    Args:
        a: An integer array or a whole number (broadcast).
        b: An integer array or a whole number (broadcast).
        op: Names the operation in the error message.

    Returns:
        ``a + b`` as an int64 array of the broadcast shape.

    Raises:
        IntegerOverflowError: When an exact sum leaves int64.

    Examples:
        >>> checked_add(np.array([1, 2]), 40)
        array([41, 42])
    """
    x, y = _as_int64(a, op=op, name="a"), _as_int64(b, op=op, name="b")
    with np.errstate(over="ignore"):
        result = np.asarray(np.add(x, y), dtype=np.int64)
    if _peak(x) + _peak(y) <= INT64_MAX:  # no sum can leave int64: nothing to check
        return result
    # Overflow iff both operands have the sign the wrapped result lacks.
    overflow = ((x ^ result) & (y ^ result)) < 0
    if overflow.any():
        i, j = _first(x, overflow), _first(y, overflow)
        _raise_overflow(op, overflow, f"{i} + {j} = {i + j}")
    return result


def checked_sub(
    a: IntegerInput, b: IntegerInput, *, op: str = "subtract"
) -> Int64Array:
    """Subtract element-wise in int64, raising instead of wrapping around.

    Args:
        a: An integer array or a whole number (broadcast).
        b: An integer array or a whole number (broadcast).
        op: Names the operation in the error message.

    Returns:
        ``a - b`` as an int64 array of the broadcast shape.

    Raises:
        IntegerOverflowError: When an exact difference leaves int64.

    Examples:
        >>> checked_sub(np.array([5, 0]), np.array([7, -3]))
        array([-2,  3])
    """
    x, y = _as_int64(a, op=op, name="a"), _as_int64(b, op=op, name="b")
    with np.errstate(over="ignore"):
        result = np.asarray(np.subtract(x, y), dtype=np.int64)
    # Overflow iff the operands' signs differ and the result's differs from a's.
    overflow = ((x ^ y) & (x ^ result)) < 0
    if overflow.any():
        i, j = _first(x, overflow), _first(y, overflow)
        _raise_overflow(op, overflow, f"{i} - {j} = {i - j}")
    return result


def checked_neg(a: IntegerInput, *, op: str = "negate") -> Int64Array:
    """Negate element-wise in int64; ``-INT64_MIN`` raises.

    Examples:
        >>> checked_neg(np.array([3, -4]))
        array([-3,  4])
    """
    x = _as_int64(a, op=op, name="a")
    overflow = x == INT64_MIN
    if overflow.any():
        _raise_overflow(op, overflow, f"-({INT64_MIN}) = {-INT64_MIN}")
    return np.asarray(np.negative(x), dtype=np.int64)


def _mul_overflow(x: Int64Array, y: Int64Array, product: Int64Array) -> BoolArray:
    """Tell where the wrapped ``product`` differs from the exact ``x · y``.

    Exact: when no wrap occurred, ``product // x == y``; when it did, the wrapped
    product differs from the exact one by a non-zero multiple of 2**64, which
    floor division by ``|x| <= 2**63`` cannot hide. The one quotient that itself
    overflows, ``INT64_MIN // -1``, is the case x = -1, y = INT64_MIN, tested apart.
    """
    nonzero = x != 0
    with np.errstate(over="ignore", divide="ignore"):
        quotient = product // np.where(nonzero, x, 1)
    overflow: BoolArray = (nonzero & (quotient != y)) | ((x == -1) & (y == INT64_MIN))
    return overflow


def checked_mul(
    a: IntegerInput, b: IntegerInput, *, op: str = "multiply"
) -> Int64Array:
    """Multiply element-wise in int64, raising instead of wrapping around.

    Args:
        a: An integer array or a whole number (broadcast).
        b: An integer array or a whole number (broadcast).
        op: Names the operation in the error message.

    Returns:
        ``a * b`` as an int64 array of the broadcast shape.

    Raises:
        IntegerOverflowError: When an exact product leaves int64.

    Examples:
        >>> checked_mul(np.array([3, -4]), 5)
        array([ 15, -20])
    """
    x, y = _as_int64(a, op=op, name="a"), _as_int64(b, op=op, name="b")
    with np.errstate(over="ignore"):
        result = np.asarray(np.multiply(x, y), dtype=np.int64)
    if _peak(x) * _peak(y) <= INT64_MAX:  # no product can leave int64
        return result
    overflow = _mul_overflow(x, y, result)
    if overflow.any():
        i, j = _first(x, overflow), _first(y, overflow)
        _raise_overflow(op, overflow, f"{i} * {j} = {i * j}")
    return result


_HALF = 32
_LOW_MASK = (1 << _HALF) - 1


def checked_segment_sum(
    values: Int64Array, offsets: Int64Array, *, op: str = "segment sum"
) -> Int64Array:
    """Sum each segment ``values[offsets[i]:offsets[i + 1]]`` exactly in int64.

    Empty segments sum to 0. Each value is split into a signed high and an
    unsigned low 32-bit half whose running sums cannot overflow, so a sum is
    exact and raises only when the segment's true total leaves int64.

    Args:
        values: A 1-D integer array.
        offsets: Non-decreasing positions from 0 to ``len(values)``; there are
            ``len(offsets) - 1`` segments.
        op: Names the operation in the error message.

    Returns:
        The ``len(offsets) - 1`` sums as int64.

    Raises:
        IntegerOverflowError: When a segment's exact sum leaves int64.
        ValueError: When the offsets are not valid for ``values``, or ``values``
            has 2**31 elements or more.

    Examples:
        >>> checked_segment_sum(np.array([1, 2, 3, 4]), np.array([0, 3, 3, 4]))
        array([6, 0, 4])
    """
    x = _as_int64(values, op=op, name="values")
    bounds = _as_int64(offsets, op=op, name="offsets")
    if x.ndim != 1 or bounds.ndim != 1 or bounds.size == 0:
        msg = f"{op}: values and offsets must be 1-D and offsets not empty"
        raise ValueError(msg)
    if x.size >= 2**31:
        msg = f"{op}: {x.size} values; sum at most 2**31 - 1 at once"
        raise ValueError(msg)
    if bounds[0] < 0 or bounds[-1] > x.size or (np.diff(bounds) < 0).any():
        msg = f"{op}: offsets must rise from 0 or more to at most {x.size}"
        raise ValueError(msg)
    if x.size:
        # Fast path: when n · max|v| fits, no running sum can leave int64, so one
        # cumulative sum is exact (the bound is checked with Python ints).
        peak = max(int(x.max()), -int(x.min()))
        if peak * x.size <= INT64_MAX:
            running = np.zeros(x.size + 1, dtype=np.int64)
            np.cumsum(x, out=running[1:])
            fast: Int64Array = running[bounds[1:]] - running[bounds[:-1]]
            return fast
    # Fewer than 2**31 halves: |Σ high| < 2**62 and 0 <= Σ low < 2**63.
    high = np.concatenate(([0], np.cumsum(x >> _HALF)))
    low = np.concatenate(([0], np.cumsum(x & _LOW_MASK)))
    high_sums = high[bounds[1:]] - high[bounds[:-1]]
    low_sums = low[bounds[1:]] - low[bounds[:-1]]
    # total = top · 2**32 + rest with 0 <= rest < 2**32, so it fits in int64
    # exactly when -2**31 <= top < 2**31.
    top = high_sums + (low_sums >> _HALF)
    rest = low_sums & _LOW_MASK
    overflow = (top < -(1 << (_HALF - 1))) | (top >= (1 << (_HALF - 1)))
    if overflow.any():
        exact = _first(top, overflow) * 2**_HALF + _first(rest, overflow)
        _raise_overflow(op, overflow, f"the exact sum is {exact}")
    result: Int64Array = (top << _HALF) | rest
    return result


def checked_sum(values: Int64Array, *, op: str = "sum") -> int:
    """Sum an integer array exactly, raising when the total leaves int64.

    Intermediate partial sums may leave int64; only the total matters.

    Examples:
        >>> checked_sum(np.array([2**62, 2**62, -(2**62)]))
        4611686018427387904
    """
    x = _as_int64(values, op=op, name="values").ravel()
    return int(checked_segment_sum(x, np.array([0, x.size]), op=op)[0])


def div_round_array(
    numerator: IntegerInput, denominator: IntegerInput, rounding: Rounding
) -> Int64Array:
    """Divide element-wise and round as named; never overflows.

    Args:
        numerator: An integer array or a whole number (broadcast).
        denominator: An integer array or a whole number (broadcast), each > 0.
        rounding: How each exact quotient becomes a whole number.

    Returns:
        The rounded quotients, equal to :func:`div_round` on each element.

    Raises:
        ValueError: When a denominator is not positive.

    Examples:
        >>> div_round_array(np.array([-6, -5, 5, 6]), 4, Rounding.HALF_UP)
        array([-1, -1,  1,  2])
    """
    n = _as_int64(numerator, op="divide", name="numerator")
    d = _as_int64(denominator, op="divide", name="denominator")
    if (d <= 0).any():
        msg = "divide: every denominator must be greater than 0"
        raise ValueError(msg)
    rounding = Rounding(rounding)
    if d.ndim == 0:
        # One denominator: numpy divides by a constant with a multiply and a shift.
        quotient = np.floor_divide(n, d)
        if rounding is Rounding.FLOOR:
            return np.asarray(quotient, dtype=np.int64)
        # n - quotient·d lies in [0, d); computed modulo 2**64 it is exact.
        with np.errstate(over="ignore"):
            product = np.asarray(quotient).view(np.uint64) * d.view(np.uint64)
            remainder = (n.view(np.uint64) - product).view(np.int64)
    else:
        quotient, remainder = np.divmod(n, d)  # 0 <= remainder < d
    match rounding:
        case Rounding.FLOOR:
            bump = np.zeros(quotient.shape, dtype=bool)
        case Rounding.CEIL:
            bump = remainder != 0
        case Rounding.HALF_UP:
            # remainder / d >= 1/2, written without the overflowing 2·remainder.
            bump = remainder >= d - remainder
    # quotient + 1 cannot overflow: a bump needs remainder > 0, so d >= 2 and
    # |quotient| <= 2**62.
    return np.asarray(quotient + bump, dtype=np.int64)


def apply_rate_array(
    amounts: IntegerInput,
    rate_bp: IntegerInput,
    rounding: Rounding,
    *,
    per: int = 10_000,
    op: str = "apply rate",
) -> Int64Array:
    """Return ``amounts · rate_bp / per`` element-wise, rounded as named.

    Equal to :func:`apply_rate` on each element. A product that leaves int64 is
    computed exactly with Python ints for the rows concerned, so this raises only
    when a rounded result itself leaves int64.

    Args:
        amounts: Rials, an integer array or a whole number (broadcast).
        rate_bp: Rates, an integer array or a whole number (broadcast).
        rounding: How each exact product becomes whole rials.
        per: The denominator of the rate; greater than 0.
        op: Names the operation in the error message.

    Returns:
        The rounded amounts as int64.

    Raises:
        IntegerOverflowError: When a rounded result leaves int64.
        ValueError: When ``per`` is not positive.

    Examples:
        >>> apply_rate_array(np.array([1_000_005, 7, -7]), 5_000, Rounding.HALF_UP)
        array([500003,      4,     -3])
    """
    if operator.index(per) <= 0:
        msg = f"{op}: per={per!r} must be greater than 0"
        raise ValueError(msg)
    x = _as_int64(amounts, op=op, name="amounts")
    y = _as_int64(rate_bp, op=op, name="rate_bp")
    x, y = np.broadcast_arrays(x, y)
    with np.errstate(over="ignore"):
        product = np.asarray(np.multiply(x, y), dtype=np.int64)
    wide = _mul_overflow(x, y, product)
    result = div_round_array(np.where(wide, 0, product), per, rounding)
    if wide.any():
        result = result.copy()
        for index in map(tuple, np.argwhere(wide)):
            exact = apply_rate(int(x[index]), int(y[index]), rounding, per=per)
            place = index[0] if len(index) == 1 else index
            result[index] = check_int64(exact, op=f"{op} at index {place}")
    return result


# --------------------------------------------------------------------------
# Text

#: The units :func:`format_amount` writes.
MoneyUnit: TypeAlias = Literal["rial", "toman"]
#: The digit systems :func:`format_amount` writes.
DigitSystem: TypeAlias = Literal["latin", "persian"]

_UNIT_NAMES = {
    ("rial", "latin"): ("rial", "rials"),
    ("toman", "latin"): ("toman", "tomans"),
    ("rial", "persian"): ("ریال", "ریال"),
    ("toman", "persian"): ("تومان", "تومان"),
}


def format_amount(
    rials: int,
    *,
    unit: MoneyUnit = "rial",
    digits: DigitSystem = "latin",
    with_unit: bool = True,
) -> str:
    """Write an amount of rials for people, in rials or tomans.

    Thousands are separated by ``,`` (Latin) or ``٬`` (Persian). In tomans, a
    remainder of rials is written as one decimal digit (``.`` or ``٫``), so the
    text is always exact. :func:`parse_amount` reads the result back when the
    unit is written.

    Args:
        rials: The amount.
        unit: ``"rial"`` or ``"toman"``.
        digits: ``"latin"`` or ``"persian"``.
        with_unit: Whether to write the unit's name after the number.

    Returns:
        The text.

    Raises:
        ValueError: When ``unit`` or ``digits`` is not one of the names above.

    Examples:
        >>> format_amount(276_000_000_000)
        '276,000,000,000 rials'
        >>> format_amount(276_000_000_000, unit="toman", digits="persian")
        '۲۷٬۶۰۰٬۰۰۰٬۰۰۰ تومان'
        >>> format_amount(123_456, unit="toman")
        '12,345.6 tomans'
    """
    amount = operator.index(rials)
    if (unit, digits) not in _UNIT_NAMES:
        msg = f"unit={unit!r} and digits={digits!r}: use rial|toman and latin|persian"
        raise ValueError(msg)
    sign = "-" if amount < 0 else ""
    if unit == "toman":
        whole, tenth = divmod(abs(amount), RIALS_PER_TOMAN)
        fraction = f".{tenth}" if tenth else ""
    else:
        whole, fraction = abs(amount), ""
    number = f"{sign}{whole:,}{fraction}"
    singular = number.removeprefix("-") == "1"
    if digits == "persian":
        number = to_persian_digits(
            number.replace(",", PERSIAN_THOUSANDS_SEPARATOR).replace(
                ".", _PERSIAN_DECIMAL_SEPARATOR
            )
        )
    if not with_unit:
        return number
    one, many = _UNIT_NAMES[unit, digits]
    return f"{number} {one if singular else many}"


# Word → value. Persian spellings are matched after Arabic yeh/kaf are folded.
_SCALES = {
    "thousand": 10**3,
    "هزار": 10**3,
    "million": 10**6,
    "میلیون": 10**6,
    "billion": 10**9,
    "milliard": 10**9,
    "میلیارد": 10**9,
    "trillion": 10**12,
    "تریلیون": 10**12,
}
_UNITS = {
    "rial": 1,
    "rials": 1,
    "irr": 1,
    "ریال": 1,
    "toman": RIALS_PER_TOMAN,
    "tomans": RIALS_PER_TOMAN,
    "irt": RIALS_PER_TOMAN,
    "تومان": RIALS_PER_TOMAN,
    "تومن": RIALS_PER_TOMAN,
}
_CONNECTIVES = frozenset({"and", "و"})
_FOLD = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh → Persian yeh
        "\u0649": "\u06cc",  # alef maksura → Persian yeh
        "\u0643": "\u06a9",  # Arabic kaf → Persian kaf
        "\u200c": " ",  # zero-width non-joiner separates words
        "\u00a0": " ",  # no-break space
        "\u2212": "-",  # minus sign
    }
)
_TOKEN = re.compile(
    r"\s*(?:(?P<number>[0-9][0-9,\u066c\u060c.\u066b/]*)|(?P<word>[^\W\d_]+)"
    r"|(?P<sign>-)|(?P<other>\S))"
)
# Thousands separators group by three; the decimal separator is ".", "٫" or "/".
_NUMBER = re.compile(
    r"(?P<whole>[0-9]{1,3}(?:(?P<sep>[,\u066c\u060c])[0-9]{3}"
    r"(?:(?P=sep)[0-9]{3})*)?|[0-9]+)(?:[.\u066b/](?P<fraction>[0-9]+))?"
)


def _tokens(text: str) -> list[tuple[str, str]]:
    """Split normalised text into (kind, token) pairs."""
    found: list[tuple[str, str]] = []
    position = 0
    stripped = text.rstrip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if match is None:  # pragma: no cover - the pattern matches any character
            break
        kind = match.lastgroup or "other"
        found.append((kind, match.group(kind)))
        position = match.end()
    return found


def parse_amount(text: str) -> int:
    """Read an amount of money as people type it and return rials.

    The text is a number with an optional scale and an optional unit at the end:
    ``"1,200,000"``, ``"276 billion tomans"``, ``"۲۷۶ میلیارد تومان"``,
    ``"۵۰٬۰۰۰٬۰۰۰ ریال"``, ``"2.5 million tomans"``. Several terms may be joined,
    largest scale first, with or without "و"/"and": ``"۲ میلیارد و ۵۰۰ میلیون
    تومان"``. Digits may be ASCII, Persian or Arabic-Indic; thousands separators
    ``,``, ``٬`` or ``،`` must group by three; the decimal separator is ``.``,
    ``٫`` or ``/``. Scales: thousand/هزار, million/میلیون, billion/milliard/
    میلیارد, trillion/تریلیون; consecutive scales multiply (``هزار میلیارد`` is
    10**12). Units: rial(s)/IRR/ریال, toman(s)/IRT/تومان/تومن; without a unit the
    amount is in rials. A scale without a number counts once (``هزار تومان``). A
    leading ``-`` makes it negative. Letters are matched
    without regard to case.

    Args:
        text: The amount as typed.

    Returns:
        The amount in whole rials.

    Raises:
        AmountParseError: When the text is not an amount in this form, names an
            unknown unit or scale, or comes to a fraction of a rial.

    Examples:
        >>> parse_amount("276 billion tomans")
        2760000000000
        >>> parse_amount("۲ میلیارد و ۵۰۰ میلیون تومان")
        25000000000
        >>> parse_amount("1.25 tomans")
        Traceback (most recent call last):
        ...
        coopmodel._errors.AmountParseError: '1.25 tomans' is 25/2 rials, a fraction of a rial
    """  # noqa: E501 - a doctest traceback is one line
    value: object = text  # spreadsheet cells are not always text
    if not isinstance(value, str):
        msg = f"{value!r} is not text"
        raise AmountParseError(msg)
    normal = unicodedata.normalize("NFC", to_ascii_digits(value)).translate(_FOLD)
    tokens = _tokens(normal.casefold())
    negative = bool(tokens) and tokens[0][0] == "sign"
    if negative:
        tokens = tokens[1:]
    unit = 1
    if tokens and tokens[-1][1] in _UNITS:
        unit = _UNITS[tokens.pop()[1]]
    if not tokens:
        msg = f"{text!r} has no number"
        raise AmountParseError(msg)

    total = Fraction(0)
    previous_scale: int | None = None
    i = 0
    while i < len(tokens):
        if previous_scale is not None and tokens[i][1] in _CONNECTIVES:
            i += 1
        kind, token = tokens[i] if i < len(tokens) else ("end", "the end")
        if kind == "number":
            number = _read_number(token, text)
            i += 1
        elif token in _SCALES:  # "هزار تومان": a scale alone counts once
            number = Fraction(1)
        else:
            msg = f"{text!r}: expected a number, found {token!r}"
            raise AmountParseError(msg)
        scale = 1
        while i < len(tokens) and tokens[i][1] in _SCALES:
            scale *= _SCALES[tokens[i][1]]
            i += 1
        if previous_scale is not None and scale >= previous_scale:
            msg = f"{text!r}: each term needs a smaller scale than the one before"
            raise AmountParseError(msg)
        if i < len(tokens) and tokens[i][0] not in {"number", "word"}:
            msg = f"{text!r}: unexpected {tokens[i][1]!r}"
            raise AmountParseError(msg)
        if i < len(tokens) and tokens[i][0] == "word":
            if tokens[i][1] in _UNITS:
                msg = f"{text!r}: the unit {tokens[i][1]!r} must come last"
                raise AmountParseError(msg)
            if tokens[i][1] not in _CONNECTIVES:
                msg = f"{text!r}: unknown unit or scale {tokens[i][1]!r}"
                raise AmountParseError(msg)
        previous_scale = scale
        total += number * scale

    rials = total * unit
    if rials.denominator != 1:
        msg = f"{text!r} is {rials} rials, a fraction of a rial"
        raise AmountParseError(msg)
    return -rials.numerator if negative else rials.numerator


def _read_number(token: str, text: str) -> Fraction:
    """Read one number token exactly."""
    match = _NUMBER.fullmatch(token)
    if match is None:
        msg = (
            f"{text!r}: {token!r} is not a number (thousands separators group by "
            "three; one decimal separator)"
        )
        raise AmountParseError(msg)
    whole = re.sub(r"[^0-9]", "", match.group("whole"))
    fraction = match.group("fraction") or ""
    try:
        return Fraction(int(whole + fraction), 10 ** len(fraction))
    except ValueError as err:  # more digits than Python converts
        msg = f"{text!r}: {token!r} has too many digits"
        raise AmountParseError(msg) from err
