"""Tests of national codes and cooperative IDs (rulebook Art. 1.5).

The oracles below are written straight from the rulebook's wording, digit by
digit, independently of the library's scalar and vectorised code.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from coopmodel._errors import InvalidRecordError
from coopmodel.values._digits import to_persian_digits
from coopmodel.values._ids import (
    COOP_ID_COUNT,
    NATIONAL_CODE_COUNT,
    coop_id_check_digit,
    is_valid_coop_id,
    is_valid_national_code,
    make_coop_id,
    make_coop_ids,
    make_national_code,
    make_national_codes,
    national_code_check_digit,
    normalize_coop_id,
    normalize_national_code,
    valid_coop_ids,
    valid_national_codes,
    validate_coop_id,
    validate_national_code,
)

# Codes published as valid/invalid by the issue (national codes) and by public
# validators of legal-entity IDs (persian-tools' test suite).
VALID_NATIONAL_CODES = [
    "0068415941",
    "0499370899",
    "0790419904",
    "0084575948",
    "0963695398",
    "0684159414",
    "0067749828",
    "0650451252",
    "1583250689",
    "4032152314",
    "0076229645",
]
INVALID_NATIONAL_CODES = [
    "4271427685",
    "0200203041",
    "0684159415",
    "0000000000",
    "1111111111",
]
VALID_COOP_IDS = [
    "10380284790",
    "10100387143",
    "77111986110",
    "18061055669",
    "15292247120",
    "42118547230",
    "27388385445",
    "55828465992",
    "32882926778",
    "97006806007",
    "21272129339",
    "18706641333",
]
INVALID_COOP_IDS = [
    "84735069516",
    "65399567978",
    "99969101031",
    "15826563190",
    "11053639140",
    "18090089802",
    "11111111111",
    "10380284792",
    "10380285692",
    "09748208301",
]
COOP_WEIGHTS = [29, 27, 23, 19, 17, 29, 27, 23, 19, 17]


def oracle_check_digit(body: str) -> int:
    """Art. 1.5's d9 for the nine digits d0..d8, read literally."""
    s = 0
    for i in range(9):
        s += int(body[i]) * (10 - i)
    r = s % 11
    return r if r < 2 else 11 - r


def oracle_national_code(code: str) -> bool:
    """Art. 1.5 for a 10-digit ASCII national code, read literally."""
    d = [int(c) for c in code]
    expected = oracle_check_digit(code[:9])
    all_equal = all(x == d[0] for x in d)
    middle_zero = all(d[i] == 0 for i in range(3, 9))
    return d[9] == expected and not all_equal and not middle_zero


def oracle_coop_id(code: str) -> bool:
    """Art. 1.5 for an 11-digit ASCII cooperative ID, read literally."""
    d = [int(c) for c in code]
    t = d[9] + 2
    s = 0
    for i in range(10):
        s += (d[i] + t) * COOP_WEIGHTS[i]
    r = s % 11
    if r == 10:
        r = 0
    return d[10] == r


def single_digit_changes(code: str) -> list[tuple[int, str]]:
    """List every (position, code) that differs from ``code`` in one digit."""
    return [
        (i, code[:i] + digit + code[i + 1 :])
        for i in range(len(code))
        for digit in "0123456789"
        if digit != code[i]
    ]


national_indices = st.integers(min_value=0, max_value=NATIONAL_CODE_COUNT - 1)
coop_indices = st.integers(min_value=0, max_value=COOP_ID_COUNT - 1)
ten_digits = st.text(alphabet="0123456789", min_size=10, max_size=10)
# Mostly zeros, with the right check digit: reaches the equal-digit and zero-middle
# rules, which random digits almost never do.
sparse_bodies = st.one_of(
    st.builds(
        lambda prefix, position, digit: f"{prefix:03d}" + f"{digit * 10**position:06d}",
        st.integers(0, 999),
        st.integers(0, 5),
        st.integers(0, 9),
    ),
    st.sampled_from("0123456789").map(lambda d: d * 9),
)
checked_national_codes = sparse_bodies.map(lambda b: b + str(oracle_check_digit(b)))
national_texts = st.one_of(ten_digits, checked_national_codes)
eleven_digits = st.text(alphabet="0123456789", min_size=11, max_size=11)


# ----------------------------------------------------------------- national codes


@pytest.mark.parametrize("code", VALID_NATIONAL_CODES)
def test_known_valid_national_codes(code):
    """Each published valid national code validates, as text and as an integer."""
    assert is_valid_national_code(code)
    assert is_valid_national_code(int(code))
    assert validate_national_code(code) == code


@pytest.mark.parametrize("code", INVALID_NATIONAL_CODES)
def test_known_invalid_national_codes(code):
    """Each published invalid national code is refused."""
    assert not is_valid_national_code(code)
    assert not is_valid_national_code(int(code))
    with pytest.raises(InvalidRecordError, match="national_code="):
        validate_national_code(code)


def test_ten_equal_digits_are_refused_although_their_check_digit_fits():
    """1111111111 has s = 54, r = 10, d9 = 1, yet ten equal digits are invalid."""
    assert national_code_check_digit("111111111") == 1
    with pytest.raises(InvalidRecordError, match="ten equal digits"):
        validate_national_code("1111111111")


def test_zero_middle_digits_are_refused_although_their_check_digit_fits():
    """1230000003 has s = 52, r = 8, d9 = 3, yet d3..d8 are all zero."""
    assert national_code_check_digit("123000000") == 3
    assert not is_valid_national_code("1230000003")
    with pytest.raises(InvalidRecordError, match="4th to 9th digits all zero"):
        validate_national_code("1230000003")


def test_short_codes_are_left_padded():
    """8 and 9 digits are left-padded with zeros; 7 and 11 digits are refused."""
    assert normalize_national_code("68415941") == "0068415941"
    assert normalize_national_code("068415941") == "0068415941"
    assert is_valid_national_code("68415941")
    for bad in ("8415941", "00684159410", ""):
        assert not is_valid_national_code(bad)
        with pytest.raises(InvalidRecordError, match="national_code="):
            normalize_national_code(bad)


def test_persian_and_arabic_indic_digits_are_read():
    """Persian and Arabic-Indic spellings of a valid code normalise to ASCII."""
    assert normalize_national_code("۰۴۹۹۳۷۰۸۹۹") == "0499370899"
    assert normalize_national_code("٠٤٩٩٣٧٠٨٩٩") == "0499370899"
    assert normalize_national_code(" 0499370899\t") == "0499370899"
    assert is_valid_national_code("۰۶۸۴۱۵۹۴۱۵") is False


@pytest.mark.parametrize(
    "bad", ["049-937-0899", "0499 370899", "04993708x9", "0499370899.0", "²⁰⁴⁹⁹³⁷⁰⁸⁹"]
)
def test_non_digits_are_refused(bad):
    """A hyphen, an inner space, a letter, or a non-decimal digit is not a digit."""
    assert not is_valid_national_code(bad)
    with pytest.raises(InvalidRecordError, match="not a digit"):
        normalize_national_code(bad)


@pytest.mark.parametrize("bad", [-1, 10**10, True, 4.0, None])
def test_integers_out_of_range_and_other_types_are_refused(bad):
    """Negative or 11-digit integers, booleans, floats and None are refused."""
    assert not is_valid_national_code(bad)
    with pytest.raises(InvalidRecordError, match="national_code="):
        normalize_national_code(bad)


def test_validation_message_names_record_field_and_value():
    """The message names the record, the field, the value and the requirement."""
    with pytest.raises(InvalidRecordError) as info:
        validate_national_code("0012345678", record="member 3 of coop 10380284790")
    assert str(info.value) == (
        "member 3 of coop 10380284790: national_code='0012345678' fails its check digit"
    )
    with pytest.raises(InvalidRecordError, match=r"^member 1: national_code='12'"):
        validate_national_code("12", record="member 1")


def test_check_digit_needs_nine_digits():
    """The check digit is computed from exactly nine digits."""
    with pytest.raises(ValueError, match="nine digits"):
        national_code_check_digit("12345678")
    assert national_code_check_digit("۰۰۶۸۴۱۵۹۴") == 1


@given(national_texts)
def test_national_code_validity_matches_the_oracle(code):
    """Validity of any 10-digit string equals the rulebook read literally."""
    assert is_valid_national_code(code) == oracle_national_code(code)
    assert is_valid_national_code(to_persian_digits(code)) == oracle_national_code(code)


@given(national_indices)
def test_made_national_codes_validate(n):
    """Every made national code is valid by the oracle and by the library."""
    code = make_national_code(n)
    assert len(code) == 10
    assert oracle_national_code(code)
    assert is_valid_national_code(code)


@given(national_indices, national_indices)
def test_making_national_codes_is_strictly_increasing(n, m):
    """Larger indices make larger codes, so distinct indices make distinct codes."""
    if n < m:
        assert make_national_code(n) < make_national_code(m)


@given(st.integers(min_value=0, max_value=NATIONAL_CODE_COUNT - 2))
def test_made_national_codes_skip_no_valid_code(n):
    """No valid code lies between the codes made from n and n + 1."""
    low, high = int(make_national_code(n)), int(make_national_code(n + 1))
    between = range(low + 1, high)
    assert len(between) < 30
    assert not any(oracle_national_code(f"{c:010d}") for c in between)


def valid_bodies_below(body: int) -> int:
    """Count valid national-code bodies below ``body`` (one check digit each)."""
    zero_middle = (body - 1) // 10**6 + 1  # multiples of 10**6 in [0, body)
    repdigits = sum(1 for d in range(1, 10) if d * 111_111_111 < body)
    return body - zero_middle - repdigits


@pytest.mark.parametrize(
    # 999999999, the last body, is covered by test_national_code_numbering_ends.
    "hole",
    [d * 111_111_111 for d in range(1, 9)] + [10**6, 7 * 10**6, 999 * 10**6],
)
def test_made_national_codes_step_over_invalid_bodies(hole):
    """Around a repdigit or zero-middle body, making steps from body-1 to body+1."""
    n = valid_bodies_below(hole)
    assert make_national_code(n - 1)[:9] == f"{hole - 1:09d}"
    assert make_national_code(n)[:9] == f"{hole + 1:09d}"


def test_national_code_numbering_ends():
    """Index 0 is the smallest valid code and the last index the largest."""
    assert make_national_code(0) == "0000000019"  # body 1: s = 2, r = 2, d9 = 9
    # Body 999999998: s = 9·52 + 8·2 = 484 = 44·11, r = 0, d9 = 0.
    assert make_national_code(NATIONAL_CODE_COUNT - 1) == "9999999980"
    assert valid_bodies_below(10**9) == NATIONAL_CODE_COUNT
    for bad in (-1, NATIONAL_CODE_COUNT):
        with pytest.raises(ValueError, match="not in"):
            make_national_code(bad)
        with pytest.raises(ValueError, match="outside"):
            make_national_codes(np.array([0, bad]))


def test_exhaustive_first_valid_codes():
    """The first made codes are exactly the valid codes with bodies below 3000."""
    valid = [
        code
        for body in range(3000)
        for check in range(10)
        if oracle_national_code(code := f"{body:09d}{check}")
    ]
    assert [make_national_code(n) for n in range(len(valid))] == valid
    made = make_national_codes(np.arange(len(valid), dtype=np.int64))
    assert [f"{c:010d}" for c in made] == valid


def test_a_single_digit_change_can_go_undetected():
    """0010000011 (s = 10, r = 10) and 0010000021 (s = 12, r = 1) are both valid."""
    assert is_valid_national_code("0010000011")
    assert is_valid_national_code("0010000021")


@given(national_indices)
def test_single_digit_changes_of_national_codes(n):
    """A one-digit change stays valid only between codes whose check digit is 1.

    Changing d_i (i <= 8) by delta moves s by delta·(10 - i), never a multiple of
    11, so r changes; d9 stays the same only for r in {1, 10}, both giving d9 = 1.
    Changing d9 alone is always detected.
    """
    code = make_national_code(n)
    for position, changed in single_digit_changes(code):
        if is_valid_national_code(changed):
            assert position != 9
            assert code[9] == changed[9] == "1"


# ----------------------------------------------------------------- coop IDs


@pytest.mark.parametrize("code", VALID_COOP_IDS)
def test_known_valid_coop_ids(code):
    """Each published valid legal-entity ID validates, as text and as an integer."""
    assert is_valid_coop_id(code)
    assert is_valid_coop_id(int(code))
    assert validate_coop_id(code) == code


@pytest.mark.parametrize("code", INVALID_COOP_IDS)
def test_known_invalid_coop_ids(code):
    """Each published invalid legal-entity ID is refused."""
    assert not is_valid_coop_id(code)
    with pytest.raises(InvalidRecordError, match="coop_id="):
        validate_coop_id(code)


def test_coop_id_check_digit_by_hand():
    """10380284790: t = 11, s = 3432 = 312·11, so the check digit is 0."""
    assert coop_id_check_digit("1038028479") == 0
    # 1010038714: t = 6, s = 1983 = 180·11 + 3.
    assert coop_id_check_digit("1010038714") == 3


def test_coop_id_remainder_ten_counts_as_zero():
    """A body whose sum leaves 10 takes check digit 0; 1 then is wrong."""
    # With sum(w) = 230 and sum(w[:9]) = 213. Body 0000000001: t = 3,
    # s = 3·213 + 4·17 = 707 = 64·11 + 3. Body 0000000006: t = 8,
    # s = 8·213 + 14·17 = 1942 = 176·11 + 6. Body 0000000070: t = 2,
    # s = 2·230 + 7·19 = 593 = 53·11 + 10, which counts as 0.
    assert coop_id_check_digit("0000000001") == 3
    assert coop_id_check_digit("0000000006") == 6
    assert coop_id_check_digit("0000000070") == 0
    assert is_valid_coop_id("00000000700")
    assert not is_valid_coop_id("00000000701")


def test_coop_id_forms():
    """Persian digits are read; only exactly 11 digits are accepted as text."""
    assert normalize_coop_id("۱۰۳۸۰۲۸۴۷۹۰") == "10380284790"
    assert normalize_coop_id(380284790) == "00380284790"
    for bad in ("1038028479", "103802847900", "1038028479a", -5, 10**11):
        assert not is_valid_coop_id(bad)
        with pytest.raises(InvalidRecordError, match="coop_id="):
            normalize_coop_id(bad)
    with pytest.raises(ValueError, match="ten digits"):
        coop_id_check_digit("123")


def test_coop_id_message_names_record():
    """The message names the record, the field and the reason."""
    with pytest.raises(InvalidRecordError) as info:
        validate_coop_id("10380284791", record="cooperative 7")
    assert (
        str(info.value) == "cooperative 7: coop_id='10380284791' fails its check digit"
    )
    with pytest.raises(InvalidRecordError, match=r"^cooperative 7: coop_id='1'"):
        validate_coop_id("1", record="cooperative 7")


@given(eleven_digits)
def test_coop_id_validity_matches_the_oracle(code):
    """Validity of any 11-digit string equals the rulebook read literally."""
    assert is_valid_coop_id(code) == oracle_coop_id(code)


@given(coop_indices, coop_indices)
def test_made_coop_ids_validate_and_increase(n, m):
    """Made IDs validate, keep n as their body, and increase with n."""
    code = make_coop_id(n)
    assert oracle_coop_id(code)
    assert code[:10] == f"{n:010d}"
    if n < m:
        assert code < make_coop_id(m)


def test_coop_id_numbering_ends():
    """Out-of-range indices are refused."""
    for bad in (-1, COOP_ID_COUNT):
        with pytest.raises(ValueError, match="not in"):
            make_coop_id(bad)
        with pytest.raises(ValueError, match="outside"):
            make_coop_ids(np.array([bad]))


@given(coop_indices)
def test_single_digit_changes_of_coop_ids(n):
    """A one-digit change stays valid only between IDs whose check digit is 0.

    Changing d_i (i <= 8) by delta moves s by delta·w_i with w_i mod 11 in
    {7, 5, 1, 8, 6}; changing d9 also moves t, so s moves by delta·(230 + 17) and
    247 mod 11 = 5. Either way r changes, and the check digit survives only when
    r moves between 0 and 10, which both give 0.
    """
    code = make_coop_id(n)
    for position, changed in single_digit_changes(code):
        if is_valid_coop_id(changed):
            assert position != 10
            assert code[10] == changed[10] == "0"


# ----------------------------------------------------------------- vectorised

extremes = st.sampled_from([-(2**63), -1, 0, 1, 10**10 - 1, 10**10, 10**11, 2**63 - 1])


def national_candidates() -> st.SearchStrategy[int]:
    """Integers near and far from valid national codes."""
    made = national_indices.map(lambda n: int(make_national_code(n)))
    mutated = st.tuples(national_indices, st.integers(0, 89)).map(
        lambda p: int(single_digit_changes(make_national_code(p[0]))[p[1]][1])
    )
    return st.one_of(
        made,
        mutated,
        checked_national_codes.map(int),
        extremes,
        st.integers(-(2**63), 2**63 - 1),
    )


def coop_candidates() -> st.SearchStrategy[int]:
    """Integers near and far from valid cooperative IDs."""
    made = coop_indices.map(lambda n: int(make_coop_id(n)))
    mutated = st.tuples(coop_indices, st.integers(0, 98)).map(
        lambda p: int(single_digit_changes(make_coop_id(p[0]))[p[1]][1])
    )
    return st.one_of(made, mutated, extremes, st.integers(-(2**63), 2**63 - 1))


@given(hnp.arrays(np.int64, st.integers(0, 30), elements=national_candidates()))
def test_vectorised_national_codes_equal_scalar(codes):
    """valid_national_codes equals is_valid_national_code on every element."""
    expected = [is_valid_national_code(int(c)) for c in codes]
    result = valid_national_codes(codes)
    assert result.dtype == np.bool_
    assert result.tolist() == expected


@given(hnp.arrays(np.int64, st.integers(0, 30), elements=coop_candidates()))
def test_vectorised_coop_ids_equal_scalar(ids):
    """valid_coop_ids equals is_valid_coop_id on every element."""
    expected = [is_valid_coop_id(int(c)) for c in ids]
    assert valid_coop_ids(ids).tolist() == expected


@given(hnp.arrays(np.int64, st.integers(0, 30), elements=national_indices))
def test_vectorised_making_equals_scalar_national(indices):
    """make_national_codes equals make_national_code on every element."""
    made = make_national_codes(indices)
    assert made.dtype == np.int64
    assert [f"{c:010d}" for c in made] == [make_national_code(int(n)) for n in indices]
    assert valid_national_codes(made).all()


@given(hnp.arrays(np.int64, st.integers(0, 30), elements=coop_indices))
def test_vectorised_making_equals_scalar_coop(indices):
    """make_coop_ids equals make_coop_id on every element."""
    made = make_coop_ids(indices)
    assert [f"{c:011d}" for c in made] == [make_coop_id(int(n)) for n in indices]
    assert valid_coop_ids(made).all()


def test_vectorised_checks_take_other_integer_dtypes_and_shapes():
    """int32/uint64 arrays and 2-D shapes work; float arrays are refused."""
    small = np.array([[68415941, 1]], dtype=np.int32)
    assert valid_national_codes(small).tolist() == [[True, False]]
    unsigned = np.array([10380284790, 2**64 - 1], dtype=np.uint64)
    with pytest.raises(ValueError, match="beyond int64"):
        valid_coop_ids(unsigned)
    assert valid_coop_ids(unsigned[:1]).tolist() == [True]
    with pytest.raises(TypeError, match="integer array"):
        valid_coop_ids(np.array([1.0]))
