"""Identifiers with check digits: national codes and cooperative IDs (Art. 1.5).

A member's ``national_code`` has 10 digits d0…d9 and is valid when, with
s = Σ_{i=0..8} d_i·(10−i) and r = s mod 11, d9 = r if r < 2 else 11 − r, and it is
neither ten equal digits nor a code whose digits d3…d8 are all zero.

A cooperative's ``coop_id`` has 11 digits d0…d10 and is valid when, with
t = d9 + 2, weights 29, 27, 23, 19, 17, 29, 27, 23, 19, 17 and
s = Σ_{i=0..9} (d_i + t)·w_i, d10 = s mod 11, where a remainder of 10 counts as 0.

Text forms
    Persian and Arabic-Indic digits are read as digits and surrounding whitespace is
    ignored. A national code typed with 8 or 9 digits is left-padded with zeros
    (spreadsheets drop leading zeros); any other length, or any other character,
    is refused. A ``coop_id`` must have exactly 11 digits.

Integer forms
    The register stores identifiers as ``int64`` (see ``register._tables``): the
    number whose zero-padded 10-digit (11-digit) form is the code. A Python ``int``
    given to these functions is read the same way, so the scalar and the vectorised
    functions agree on every integer; negative numbers and numbers with too many
    digits are refused.

Making valid identifiers
    :func:`make_national_code` and :func:`make_coop_id` (and their vectorised forms)
    map ``n = 0, 1, 2, …`` onto the valid identifiers in increasing order, skipping
    every invalid body, so distinct ``n`` give distinct identifiers: a deterministic
    supply for synthetic registers and test strategies.
"""

from __future__ import annotations

import functools

import numpy as np

from coopmodel._errors import InvalidRecordError
from coopmodel._typing import BoolArray, Int64Array
from coopmodel.values._digits import to_ascii_digits

__all__ = [
    "COOP_ID_COUNT",
    "NATIONAL_CODE_COUNT",
    "coop_id_check_digit",
    "is_valid_coop_id",
    "is_valid_national_code",
    "make_coop_id",
    "make_coop_ids",
    "make_national_code",
    "make_national_codes",
    "national_code_check_digit",
    "normalize_coop_id",
    "normalize_national_code",
    "valid_coop_ids",
    "valid_national_codes",
    "validate_coop_id",
    "validate_national_code",
]

_NATIONAL_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_COOP_WEIGHTS = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)

# Bodies (first nine digits) of national codes are 0 <= b < 10**9. A body is
# refused when its last six digits (d3…d8) are all zero, or when it is a repdigit
# d·111111111 with d in 1..9: its check digit is then d as well (s = 54·d ≡ −d
# mod 11, so r = 11 − d and d9 = d), making ten equal digits.
_INNER = 999_999  # bodies per 1000-prefix whose last six digits are not all zero
#: How many valid national codes exist; ``make_national_code`` takes 0 <= n < this.
NATIONAL_CODE_COUNT = 1000 * _INNER - 9
# Positions, in the numbering that skips only all-zero d3…d8, of the nine
# repdigit bodies d·111111111: prefix d·111, inner index d·111111 − 1.
_REPDIGIT_POSITIONS = tuple(d * 111 * _INNER + d * 111_111 - 1 for d in range(1, 10))
#: How many valid cooperative IDs exist; ``make_coop_id`` takes 0 <= n < this.
COOP_ID_COUNT = 10**10


def _digits_of(value: str | int, *, field: str, width: int, padded: bool) -> str:
    """Return the ASCII digit string of an identifier, or raise naming ``field``."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        msg = f"{field}={value!r} is not text or a whole number"
        raise InvalidRecordError(msg)
    if isinstance(value, int):
        if not 0 <= value < 10**width:
            msg = f"{field}={value!r} is not a number of at most {width} digits"
            raise InvalidRecordError(msg)
        return str(value).zfill(width)
    text = to_ascii_digits(value.strip())
    if not (text.isascii() and text.isdigit()):
        msg = f"{field}={value!r} has a character that is not a digit"
        raise InvalidRecordError(msg)
    shortest = width - 2 if padded else width
    if not shortest <= len(text) <= width:
        lengths = f"{shortest} to {width}" if padded else f"{width}"
        msg = f"{field}={value!r} has {len(text)} digits, not {lengths}"
        raise InvalidRecordError(msg)
    return text.zfill(width)


def normalize_national_code(value: str | int) -> str:
    """Return a national code as 10 ASCII digits, without testing its check digit.

    Args:
        value: The code as typed (ASCII, Persian or Arabic-Indic digits; 8 or 9
            digits are left-padded with zeros) or as the register's integer.

    Returns:
        The 10-digit ASCII form.

    Raises:
        InvalidRecordError: When the value is not 8 to 10 digits (text) or not a
            number from 0 to 9,999,999,999 (integer). The message names the field
            ``national_code``.

    Examples:
        >>> normalize_national_code("۶۸۴۱۵۹۴۱")
        '0068415941'
        >>> normalize_national_code(68415941)
        '0068415941'
    """
    return _digits_of(value, field="national_code", width=10, padded=True)


def national_code_check_digit(first9: str) -> int:
    """Compute the check digit d9 of a national code from its first nine digits.

    Args:
        first9: The digits d0…d8 (ASCII, Persian or Arabic-Indic).

    Returns:
        d9 = r if r < 2 else 11 − r, with r = Σ d_i·(10−i) mod 11.

    Raises:
        ValueError: When ``first9`` is not nine digits.

    Examples:
        >>> national_code_check_digit("006841594")
        1
    """
    text = to_ascii_digits(first9)
    if len(text) != 9 or not (text.isascii() and text.isdigit()):
        msg = f"first9={first9!r} is not nine digits"
        raise ValueError(msg)
    r = sum(int(d) * w for d, w in zip(text, _NATIONAL_WEIGHTS, strict=True)) % 11
    return r if r < 2 else 11 - r


def _national_code_problem(code: str) -> str | None:
    """Say why a 10-digit ASCII national code is invalid, or return None."""
    if len(set(code)) == 1:
        return "has ten equal digits"
    if code[3:9] == "000000":
        return "has its 4th to 9th digits all zero"
    if national_code_check_digit(code[:9]) != int(code[9]):
        return "fails its check digit"
    return None


def validate_national_code(value: str | int, *, record: str | None = None) -> str:
    """Return the normalised national code, or raise saying why it is invalid.

    Args:
        value: The code as :func:`normalize_national_code` accepts it.
        record: Names the record in the message, e.g. ``"member 3 of coop
            10380284790"``.

    Returns:
        The valid code as 10 ASCII digits.

    Raises:
        InvalidRecordError: When the code cannot be read or is not valid.

    Examples:
        >>> validate_national_code("0684159415", record="member 3")
        Traceback (most recent call last):
        ...
        coopmodel._errors.InvalidRecordError: member 3: national_code='0684159415' fails its check digit
    """  # noqa: E501 - a doctest traceback is one line
    prefix = f"{record}: " if record else ""
    try:
        code = normalize_national_code(value)
    except InvalidRecordError as err:
        raise InvalidRecordError(f"{prefix}{err}") from err
    problem = _national_code_problem(code)
    if problem is not None:
        msg = f"{prefix}national_code={value!r} {problem}"
        raise InvalidRecordError(msg)
    return code


def is_valid_national_code(value: str | int) -> bool:
    """Tell whether a national code is valid (Art. 1.5).

    Args:
        value: The code as :func:`normalize_national_code` accepts it; anything it
            refuses is not valid.

    Returns:
        True when the code can be read and passes every test of Art. 1.5.

    Examples:
        >>> is_valid_national_code("0499370899"), is_valid_national_code("4271427685")
        (True, False)
        >>> is_valid_national_code("1111111111")
        False
    """
    try:
        code = normalize_national_code(value)
    except InvalidRecordError:
        return False
    return _national_code_problem(code) is None


def normalize_coop_id(value: str | int) -> str:
    """Return a cooperative ID as 11 ASCII digits, without testing its check digit.

    Args:
        value: The ID as typed (exactly 11 ASCII, Persian or Arabic-Indic digits) or
            as the register's integer.

    Returns:
        The 11-digit ASCII form.

    Raises:
        InvalidRecordError: When the value is not 11 digits (text) or not a number
            from 0 to 99,999,999,999 (integer). The message names ``coop_id``.

    Examples:
        >>> normalize_coop_id("۱۰۳۸۰۲۸۴۷۹۰")
        '10380284790'
    """
    return _digits_of(value, field="coop_id", width=11, padded=False)


def coop_id_check_digit(first10: str) -> int:
    """Compute the check digit d10 of a cooperative ID from its first ten digits.

    Args:
        first10: The digits d0…d9 (ASCII, Persian or Arabic-Indic).

    Returns:
        Σ (d_i + d9 + 2)·w_i mod 11, with 10 counted as 0.

    Raises:
        ValueError: When ``first10`` is not ten digits.

    Examples:
        >>> coop_id_check_digit("1038028479")
        0
    """
    text = to_ascii_digits(first10)
    if len(text) != 10 or not (text.isascii() and text.isdigit()):
        msg = f"first10={first10!r} is not ten digits"
        raise ValueError(msg)
    t = int(text[9]) + 2
    r = sum((int(d) + t) * w for d, w in zip(text, _COOP_WEIGHTS, strict=True)) % 11
    return 0 if r == 10 else r


def validate_coop_id(value: str | int, *, record: str | None = None) -> str:
    """Return the normalised cooperative ID, or raise saying why it is invalid.

    Args:
        value: The ID as :func:`normalize_coop_id` accepts it.
        record: Names the record in the message, e.g. ``"cooperative 7"``.

    Returns:
        The valid ID as 11 ASCII digits.

    Raises:
        InvalidRecordError: When the ID cannot be read or fails its check digit.

    Examples:
        >>> validate_coop_id("10380284791")
        Traceback (most recent call last):
        ...
        coopmodel._errors.InvalidRecordError: coop_id='10380284791' fails its check digit
    """  # noqa: E501 - a doctest traceback is one line
    prefix = f"{record}: " if record else ""
    try:
        code = normalize_coop_id(value)
    except InvalidRecordError as err:
        raise InvalidRecordError(f"{prefix}{err}") from err
    if coop_id_check_digit(code[:10]) != int(code[10]):
        msg = f"{prefix}coop_id={value!r} fails its check digit"
        raise InvalidRecordError(msg)
    return code


def is_valid_coop_id(value: str | int) -> bool:
    """Tell whether a cooperative ID is valid (Art. 1.5).

    Args:
        value: The ID as :func:`normalize_coop_id` accepts it; anything it refuses
            is not valid.

    Returns:
        True when the ID can be read and its check digit is right.

    Examples:
        >>> is_valid_coop_id("10380284790"), is_valid_coop_id(10380284791)
        (True, False)
    """
    try:
        code = normalize_coop_id(value)
    except InvalidRecordError:
        return False
    return coop_id_check_digit(code[:10]) == int(code[10])


def make_national_code(n: int) -> str:
    """Make the ``n``-th valid national code, counting from 0 in increasing order.

    Args:
        n: An index, 0 <= n < :data:`NATIONAL_CODE_COUNT`.

    Returns:
        A valid code; distinct ``n`` give distinct codes, larger ``n`` larger codes.

    Raises:
        ValueError: When ``n`` is out of range.

    Examples:
        >>> make_national_code(0)
        '0000000019'
        >>> make_national_code(6 * 999_999 + 841_593)
        '0068415941'
    """
    if not 0 <= n < NATIONAL_CODE_COUNT:
        msg = f"n={n!r} is not in 0..{NATIONAL_CODE_COUNT - 1}"
        raise ValueError(msg)
    k = n
    for position in _REPDIGIT_POSITIONS:
        if k >= position:
            k += 1
    body = (k // _INNER) * 10**6 + k % _INNER + 1
    first9 = str(body).zfill(9)
    return first9 + str(national_code_check_digit(first9))


def make_coop_id(n: int) -> str:
    """Make the ``n``-th valid cooperative ID: ``n`` as its first ten digits.

    Every 10-digit body has exactly one valid check digit, so this numbers the
    valid IDs in increasing order; ``make_coop_id(10_100_000_000 + i)`` gives IDs
    that start with ``10`` as real legal-entity IDs do.

    Args:
        n: An index, 0 <= n < :data:`COOP_ID_COUNT`.

    Returns:
        A valid ID; distinct ``n`` give distinct IDs, larger ``n`` larger IDs.

    Raises:
        ValueError: When ``n`` is out of range.

    Examples:
        >>> make_coop_id(1038028479)
        '10380284790'
    """
    if not 0 <= n < COOP_ID_COUNT:
        msg = f"n={n!r} is not in 0..{COOP_ID_COUNT - 1}"
        raise ValueError(msg)
    first10 = str(n).zfill(10)
    return first10 + str(coop_id_check_digit(first10))


def _mod(values: Int64Array, divisor: int) -> Int64Array:
    """Return ``values % divisor`` for non-negative values and divisor.

    Written as ``v - (v // d) * d``: numpy divides by a constant with a multiply
    and a shift, where ``%`` divides element by element.
    """
    result: Int64Array = values - (values // divisor) * divisor
    return result


def _digit_columns(values: Int64Array, width: int) -> list[Int64Array]:
    """Split non-negative int64 values into ``width`` digit columns, d0 first."""
    columns = []
    rest = values
    for _ in range(width):
        quotient = rest // 10
        columns.append(rest - quotient * 10)
        rest = quotient
    return columns[::-1]


def _as_int64_array(values: Int64Array, *, name: str) -> Int64Array:
    """Return ``values`` as an int64 array, refusing non-integer dtypes."""
    array = np.asarray(values)
    if array.dtype.kind not in "iu":
        msg = f"{name} must be an integer array, not {array.dtype}"
        raise TypeError(msg)
    if array.dtype.kind == "u" and array.size and int(array.max()) > 2**63 - 1:
        msg = f"{name} has values beyond int64"
        raise ValueError(msg)
    return array.astype(np.int64, copy=False)


@functools.cache
def _national_tables() -> tuple[Int64Array, Int64Array, Int64Array, Int64Array]:
    """Return tables for national-code check digits.

    The weighted digit sums of each 3-digit group of a body, and the check digit
    of each possible total (the sums are at most 9 · 54).
    """
    group = np.arange(1000, dtype=np.int64)
    digits = (group // 100, group // 10 % 10, group % 10)
    sums: list[Int64Array] = []
    for start in (0, 3, 6):
        weights = _NATIONAL_WEIGHTS[start : start + 3]
        sums.append(
            digits[0] * weights[0] + digits[1] * weights[1] + digits[2] * weights[2]
        )
    totals = np.arange(9 * sum(_NATIONAL_WEIGHTS) + 1, dtype=np.int64)
    r = totals % 11
    check: Int64Array = np.where(r < 2, r, 11 - r)
    for table in (*sums, check):
        table.flags.writeable = False
    return sums[0], sums[1], sums[2], check


def _national_check_digits(bodies: Int64Array) -> Int64Array:
    """Compute national-code check digits of 9-digit bodies (0 <= b < 10**9).

    The body's three 3-digit groups are looked up in tables of their weighted
    digit sums, and the total in a table of check digits.
    """
    high_sums, middle_sums, low_sums, check = _national_tables()
    high = bodies // 10**6
    rest = bodies - high * 10**6
    middle = rest // 1000
    low = rest - middle * 1000
    digits: Int64Array = check[high_sums[high] + middle_sums[middle] + low_sums[low]]
    return digits


def _coop_check_digits(bodies: Int64Array) -> Int64Array:
    """Compute coop-ID check digits of 10-digit bodies (0 <= b < 10**10)."""
    columns = _digit_columns(bodies, 10)
    t = columns[9] + 2
    s = sum(
        ((d + t) * w for d, w in zip(columns, _COOP_WEIGHTS, strict=True)),
        start=np.zeros_like(bodies),
    )
    r = _mod(s, 11)
    return np.where(r == 10, 0, r)


def valid_national_codes(codes: Int64Array) -> BoolArray:
    """Tell, for each integer national code, whether it is valid (vectorised).

    Args:
        codes: National codes in the register's integer form; values outside
            0..9,999,999,999 are not valid.

    Returns:
        A boolean array of the same shape, equal to :func:`is_valid_national_code`
        on each element.

    Examples:
        >>> valid_national_codes(np.array([68415941, 4271427685, 1111111111]))
        array([ True, False, False])
    """
    array = _as_int64_array(codes, name="codes")
    in_range = (array >= 0) & (array < 10**10)
    safe = np.where(in_range, array, 0)
    bodies = safe // 10
    check_ok = _national_check_digits(bodies) == safe - bodies * 10
    repdigit = _mod(safe, 1_111_111_111) == 0
    inner_zero = _mod(bodies, 10**6) == 0
    result: BoolArray = in_range & check_ok & ~repdigit & ~inner_zero
    return result


def valid_coop_ids(ids: Int64Array) -> BoolArray:
    """Tell, for each integer cooperative ID, whether it is valid (vectorised).

    Args:
        ids: Cooperative IDs in the register's integer form; values outside
            0..99,999,999,999 are not valid.

    Returns:
        A boolean array of the same shape, equal to :func:`is_valid_coop_id` on
        each element.

    Examples:
        >>> valid_coop_ids(np.array([10380284790, 10380284791]))
        array([ True, False])
    """
    array = _as_int64_array(ids, name="ids")
    in_range = (array >= 0) & (array < 10**11)
    safe = np.where(in_range, array, 0)
    bodies = safe // 10
    result: BoolArray = in_range & (_coop_check_digits(bodies) == safe - bodies * 10)
    return result


def make_national_codes(n: Int64Array) -> Int64Array:
    """Make the valid national codes numbered ``n`` (vectorised).

    Args:
        n: Indices, each 0 <= n < :data:`NATIONAL_CODE_COUNT`.

    Returns:
        The codes in integer form: element i is ``int(make_national_code(n[i]))``.

    Raises:
        ValueError: When an index is out of range.

    Examples:
        >>> make_national_codes(np.array([0, 6841587]))
        array([      19, 68415941])
    """
    k = _as_int64_array(n, name="n").copy()
    if k.size and (int(k.min()) < 0 or int(k.max()) >= NATIONAL_CODE_COUNT):
        msg = f"n has values outside 0..{NATIONAL_CODE_COUNT - 1}"
        raise ValueError(msg)
    for position in _REPDIGIT_POSITIONS:
        k += k >= position
    bodies = (k // _INNER) * 10**6 + k % _INNER + 1
    codes: Int64Array = bodies * 10 + _national_check_digits(bodies)
    return codes


def make_coop_ids(n: Int64Array) -> Int64Array:
    """Make the valid cooperative IDs numbered ``n`` (vectorised).

    Args:
        n: Indices, each 0 <= n < :data:`COOP_ID_COUNT`.

    Returns:
        The IDs in integer form: element i is ``int(make_coop_id(n[i]))``.

    Raises:
        ValueError: When an index is out of range.

    Examples:
        >>> make_coop_ids(np.array([1038028479]))
        array([10380284790])
    """
    bodies = _as_int64_array(n, name="n")
    if bodies.size and (int(bodies.min()) < 0 or int(bodies.max()) >= COOP_ID_COUNT):
        msg = f"n has values outside 0..{COOP_ID_COUNT - 1}"
        raise ValueError(msg)
    ids: Int64Array = bodies * 10 + _coop_check_digits(bodies)
    return ids
