"""Tests of the digit systems (Persian, Arabic-Indic, ASCII)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from coopmodel.values._digits import (
    ARABIC_INDIC_DIGITS,
    PERSIAN_DIGITS,
    PERSIAN_THOUSANDS_SEPARATOR,
    to_ascii_digits,
    to_persian_digits,
)

PERSIAN_RANGE = range(0x06F0, 0x06FA)
ARABIC_INDIC_RANGE = range(0x0660, 0x066A)

texts = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS + "0123456789٬،,"),
    )
)


def test_digit_tables_are_the_unicode_digit_blocks():
    """The digit tables hold U+06F0..U+06F9 and U+0660..U+0669 in value order."""
    assert [ord(c) for c in PERSIAN_DIGITS] == list(PERSIAN_RANGE)
    assert [ord(c) for c in ARABIC_INDIC_DIGITS] == list(ARABIC_INDIC_RANGE)
    assert unicodedata.name(PERSIAN_THOUSANDS_SEPARATOR) == "ARABIC THOUSANDS SEPARATOR"


def test_known_persian_and_arabic_indic_strings():
    """A Persian date and an Arabic-Indic amount read as their ASCII digits."""
    assert to_ascii_digits("۱۳۹۹/۰۱/۱۵") == "1399/01/15"
    assert to_ascii_digits("٢٧٦ میلیارد") == "276 میلیارد"
    assert to_ascii_digits("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩") == "01234567890123456789"


@given(texts)
def test_to_ascii_digits_matches_the_unicode_database(text):
    """Each Persian/Arabic-Indic digit becomes its Unicode value; all else stays."""
    expected = "".join(
        str(unicodedata.decimal(c))
        if ord(c) in PERSIAN_RANGE or ord(c) in ARABIC_INDIC_RANGE
        else c
        for c in text
    )
    assert to_ascii_digits(text) == expected


@given(texts)
def test_separators_and_length_are_kept(text):
    """Digit mapping is one character for one, and keeps every separator."""
    result = to_ascii_digits(text)
    assert len(result) == len(text)
    for sep in "٬،,":
        assert result.count(sep) == text.count(sep)


@given(texts)
def test_to_persian_digits_round_trips_through_ascii(text):
    """Writing Persian digits then reading them back gives the ASCII reading."""
    persian = to_persian_digits(text)
    assert to_ascii_digits(persian) == to_ascii_digits(text)
    assert not any(c in "0123456789" for c in persian)


@given(st.integers(min_value=0))
def test_persian_digits_of_a_number_read_back_as_the_number(n):
    """A number written in Persian digits is the same number once read."""
    persian = to_persian_digits(str(n))
    assert all(unicodedata.name(c).startswith("EXTENDED ARABIC-INDIC") for c in persian)
    assert int(to_ascii_digits(persian)) == n
