"""Read one Arrow column of a bulk table into a numpy array, flagging bad cells.

Each reader works on the whole column with Arrow compute kernels and numpy; only the
messages for bad cells are built one by one. A reader returns the values in the
register's dtype (with a filler where a cell is missing or bad), the mask of missing
cells, and one :class:`Failure` per kind of bad cell.

What each kind of column accepts (surrounding whitespace is ignored, and Persian or
Arabic-Indic digits are read as digits, in every kind but text):

* whole numbers: an Arrow integer; a float that is a whole number (pandas stores an
  integer column with gaps as float64); text of ASCII digits with an optional leading
  ``-``. Never a bool, never thousands separators (as the record models);
* identifiers: an Arrow integer (the register's form, leading zeros dropped) or text of
  digits (8 to 10 for a national code, exactly 11 for a ``coop_id``);
* enums: text spelled as in the rulebook;
* flags: an Arrow bool, or the text ``true``/``false`` in any case (CSV);
* dates: an Arrow ``date32``/``date64``, or text read by
  :func:`coopmodel.values.parse_date_column` (ISO Gregorian or Jalali, detected per
  column). A timestamp is refused: it is not a calendar day;
* text: Arrow text, kept as it is; a required text may not be blank.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from coopmodel._typing import BoolArray, DateArray, Int64Array
from coopmodel.records._models import FIRST_DAY, LAST_DAY
from coopmodel.register._schema import ColumnKind, ColumnSpec
from coopmodel.values._calendar import parse_date_column
from coopmodel.values._digits import ARABIC_INDIC_DIGITS, PERSIAN_DIGITS
from coopmodel.values._ids import valid_coop_ids, valid_national_codes

__all__ = ["Failure", "ParsedColumn", "normalize_column", "parse_column", "shown"]

_INT64_MAX_TEXT = str(2**63 - 1)
#: From this many cells, an enum column is read by its distinct spellings.
_ENUM_ENCODE_FROM = 4096
_SHOWN_CHARS = 80


@attrs.frozen(eq=False)
class Failure:
    """Rows of one column refused for one reason.

    ``reason(row)`` builds the message for one refused row, value included.
    """

    mask: BoolArray
    reason: Callable[[int], str]


@attrs.frozen(eq=False)
class ParsedColumn:
    """A column read into the register's dtype, with its missing and bad cells.

    ``failures`` are cells that could not be read (a wrong type, text that is not a
    number, an unknown enum spelling); ``refusals`` are cells read but refused (a
    negative amount, a failed check digit, a day out of range).
    """

    values: npt.NDArray[Any]
    missing: BoolArray
    failures: tuple[Failure, ...] = ()
    refusals: tuple[Failure, ...] = ()

    def readable(self) -> BoolArray:
        """Return the mask of cells that hold a value that could be read."""
        mask = ~self.missing
        for failure in self.failures:
            mask &= ~failure.mask
        return mask

    def ok(self) -> BoolArray:
        """Return the mask of cells that hold a good value."""
        mask = self.readable()
        for refusal in self.refusals:
            mask &= ~refusal.mask
        return mask


def shown(raw: pa.Array, row: int) -> str:
    """Return a cell as a message shows it: its Python ``repr``, dates in ISO form."""
    value = raw[row].as_py()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    text = repr(value)
    if len(text) > _SHOWN_CHARS:
        text = text[: _SHOWN_CHARS - 3] + "..."
    return text


def _because(raw: pa.Array, phrase: str) -> Callable[[int], str]:
    return lambda row: f"{shown(raw, row)} {phrase}"


def _not_null(raw: pa.Array) -> BoolArray:
    mask: BoolArray = raw.is_valid().to_numpy(zero_copy_only=False)
    return mask


def normalize_column(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    """Return one contiguous array; text as ``string``, dictionaries decoded."""
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    if pa.types.is_large_string(column.type) or pa.types.is_string_view(column.type):
        column = column.cast(pa.string())
    if isinstance(column, pa.ChunkedArray):
        return column.combine_chunks()
    return column


def _is_text(raw: pa.Array) -> bool:
    return bool(pa.types.is_string(raw.type))


def _to_ascii_digits(text: pa.Array) -> pa.Array:
    if len(text) == 0 or pc.all(pc.string_is_ascii(text)).as_py() is not False:
        return text
    for digits in (PERSIAN_DIGITS, ARABIC_INDIC_DIGITS):
        for value, digit in enumerate(digits):
            text = pc.replace_substring(text, pattern=digit, replacement=str(value))
    return text


def _clean_text(raw: pa.Array) -> tuple[pa.Array, BoolArray]:
    """Trim text and read its digits as ASCII; return it and its blank-or-null mask."""
    text = _to_ascii_digits(pc.utf8_trim_whitespace(raw))
    blank = pc.fill_null(pc.equal(pc.utf8_length(text), 0), fill_value=True)
    missing: BoolArray = blank.to_numpy(zero_copy_only=False)
    return text, missing


def _matches(text: pa.Array, pattern: str) -> BoolArray:
    found = pc.fill_null(pc.match_substring_regex(text, pattern), fill_value=False)
    mask: BoolArray = found.to_numpy(zero_copy_only=False)
    return mask


def _text_to_int64(text: pa.Array, ok: BoolArray) -> Int64Array:
    safe = pc.if_else(pa.array(ok), text, "0")
    values: Int64Array = pc.cast(safe, pa.int64()).to_numpy(zero_copy_only=False)
    return values


def _wrong_type(raw: pa.Array, what: str) -> Failure:
    phrase = f"is a {raw.type}, not {what}"
    return Failure(_not_null(raw), _because(raw, phrase))


def _all_missing(size: int, values: npt.NDArray[Any]) -> ParsedColumn:
    return ParsedColumn(values, np.ones(size, dtype=np.bool_))


# --------------------------------------------------------------------------- numbers


def _read_integers(
    raw: pa.Array, what: str
) -> tuple[Int64Array, BoolArray, list[Failure], BoolArray]:
    """Read integer cells; return values, missing, failures and a too-large mask."""
    size = len(raw)
    zeros = np.zeros(size, dtype=np.int64)
    none = np.zeros(size, dtype=np.bool_)
    kind = raw.type
    if pa.types.is_null(kind):
        return zeros, np.ones(size, dtype=np.bool_), [], none
    missing = ~_not_null(raw)
    if pa.types.is_signed_integer(kind):
        values = pc.fill_null(raw, 0).cast(pa.int64()).to_numpy(zero_copy_only=False)
        return values, missing, [], none
    if pa.types.is_unsigned_integer(kind):
        wide = pc.fill_null(raw, 0).cast(pa.uint64()).to_numpy(zero_copy_only=False)
        too_large = wide > np.uint64(2**63 - 1)
        return np.where(too_large, 0, wide).astype(np.int64), missing, [], too_large
    if pa.types.is_floating(kind):
        floats = (
            pc.fill_null(raw, 0.0).cast(pa.float64()).to_numpy(zero_copy_only=False)
        )
        with np.errstate(invalid="ignore"):
            whole = np.isfinite(floats) & (np.floor(floats) == floats)
            whole &= np.abs(floats) <= 2.0**53
        bad = ~whole & ~missing
        failure = Failure(bad, _because(raw, "is not a whole number"))
        return np.where(whole, floats, 0).astype(np.int64), missing, [failure], none
    if _is_text(raw):
        text, missing = _clean_text(raw)
        written = _matches(text, r"^-?[0-9]+$") & ~missing
        digits = pc.utf8_ltrim(pc.utf8_ltrim(text, characters="-"), characters="0")
        length = pc.fill_null(pc.utf8_length(digits), 0).to_numpy(zero_copy_only=False)
        above = pc.fill_null(pc.greater(digits, _INT64_MAX_TEXT), fill_value=False)
        too_large = written & (
            (length > 19) | ((length == 19) & above.to_numpy(zero_copy_only=False))
        )
        negative = _matches(text, r"^-")
        values = _text_to_int64(text, written & ~too_large)
        # A huge negative number is refused for being negative, as the models do.
        values = np.where(too_large & negative, -1, values)
        failure = Failure(
            ~written & ~missing, _because(raw, f"is not {what} written in digits")
        )
        return values, missing, [failure], too_large & ~negative
    return zeros, missing, [_wrong_type(raw, what)], none


def _parse_whole(raw: pa.Array, spec: ColumnSpec) -> ParsedColumn:
    values, missing, failures, too_large = _read_integers(raw, "a whole number")
    refusals = [Failure(too_large, _because(raw, spec.out_of_range_reason(2**63)))]
    read = ~missing & ~too_large
    for failure in failures:
        read &= ~failure.mask
    outside = read & ((values < spec.low) | (values > spec.high))
    refusals.append(
        Failure(
            outside,
            lambda row: (
                f"{shown(raw, row)} {spec.out_of_range_reason(int(values[row]))}"
            ),
        )
    )
    good = np.where(read & ~outside, values, 0)
    return ParsedColumn(good, missing, tuple(failures), tuple(refusals))


# --------------------------------------------------------------------------- ids


def _fixed_width_digits(raw: pa.Array, width: int) -> Int64Array | None:
    """Read a text column of ``width`` ASCII digits per cell from Arrow's buffers.

    None when any cell is null or is anything else. Such a column reads the same
    through the general path (nothing to trim, every cell matches), without
    building a string per cell.
    """
    size = len(raw)
    if size == 0 or raw.null_count or not pa.types.is_string(raw.type):
        return None
    _, offsets_buffer, data_buffer = raw.buffers()
    if offsets_buffer is None or data_buffer is None:
        return None
    offsets = np.frombuffer(
        offsets_buffer, dtype=np.int32, count=size + 1, offset=raw.offset * 4
    )
    start = int(offsets[0])
    if int(offsets[-1]) - start != size * width or np.any(np.diff(offsets) != width):
        return None
    data = np.frombuffer(data_buffer, dtype=np.uint8, count=size * width, offset=start)
    # One row per digit position; bytes below "0" wrap around to large values.
    columns = np.empty((width, size), dtype=np.uint8)
    np.subtract(data.reshape(size, width).T, np.uint8(ord("0")), out=columns)
    if int(columns.max()) > 9:
        return None
    # Horner's rule over groups of up to nine digits in int32, then in int64.
    values = np.zeros(size, dtype=np.int64)
    for start in range(0, width, 9):
        group = columns[start].astype(np.int32)
        for position in range(start + 1, min(start + 9, width)):
            group *= 10
            group += columns[position]
        values *= 10 ** (min(start + 9, width) - start)
        values += group
    return values


def _parse_id(raw: pa.Array, spec: ColumnSpec) -> ParsedColumn:
    is_national = spec.kind is ColumnKind.NATIONAL_CODE
    width = 10 if is_national else 11
    what = "a national code" if is_national else "a coop_id"
    kind = raw.type
    size = len(raw)
    if pa.types.is_null(kind):
        return _all_missing(size, np.zeros(size, dtype=np.int64))
    missing = ~_not_null(raw)
    if pa.types.is_integer(kind):
        values, missing, _, too_large = _read_integers(raw, what)
        readable = ~missing & ~too_large & (values >= 0) & (values < 10**width)
        phrase = f"is not a number of at most {width} digits"
    elif _is_text(raw):
        fixed = _fixed_width_digits(raw, width)
        if fixed is not None:  # the common case: every cell is exactly the digits
            values, missing = fixed, np.zeros(size, dtype=np.bool_)
            readable = ~missing
        else:
            text, missing = _clean_text(raw)
            pattern = r"^[0-9]{8,10}$" if is_national else r"^[0-9]{11}$"
            readable = _matches(text, pattern) & ~missing
            values = _text_to_int64(text, readable)
        phrase = (
            "is not a 10-digit national code (8 or 9 digits are left-padded)"
            if is_national
            else "is not an 11-digit coop_id"
        )
    else:
        zeros = np.zeros(size, dtype=np.int64)
        return ParsedColumn(zeros, missing, (_wrong_type(raw, what),))
    failures = (Failure(~readable & ~missing, _because(raw, phrase)),)
    refusals: list[Failure] = []
    values = np.where(readable, values, 0)
    if is_national:
        invalid = readable & ~valid_national_codes(values)
        degenerate = np.zeros(size, dtype=np.bool_)
        if invalid.any():
            degenerate = (values % 1_111_111_111 == 0) | ((values // 10) % 10**6 == 0)
        refusals.append(
            Failure(
                invalid & degenerate,
                _because(
                    raw,
                    "is not a national code (ten equal digits, or digits 4-9 all zero)",
                ),
            )
        )
        refusals.append(
            Failure(invalid & ~degenerate, _because(raw, "fails its check digit"))
        )
    elif spec.kind is ColumnKind.COOP_ID:
        invalid = readable & ~valid_coop_ids(values)
        refusals.append(Failure(invalid, _because(raw, "fails its check digit")))
    return ParsedColumn(values, missing, failures, tuple(refusals))


# --------------------------------------------------------------------------- others


def _parse_enum(raw: pa.Array, spec: ColumnSpec) -> ParsedColumn:
    size = len(raw)
    codes = np.full(size, -1, dtype=np.int8)
    if pa.types.is_null(raw.type):
        return _all_missing(size, codes)
    noun = spec.name.replace("_", " ")
    expected = ", ".join(member.value for member in spec.members())
    phrase = f"is not a known {noun} (expected one of: {expected})"
    dictionary = pa.types.is_dictionary(raw.type) and _is_text(raw.dictionary)
    if not dictionary and not _is_text(raw):
        missing = ~_not_null(raw)
        return ParsedColumn(codes, missing, (Failure(~missing, _because(raw, phrase)),))
    if dictionary or size > _ENUM_ENCODE_FROM:
        # Few distinct spellings: read each once, then spread by the cells' indices.
        encoded = raw if dictionary else pc.dictionary_encode(raw)
        distinct = _parse_enum(encoded.dictionary, spec)
        index = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
        table_codes = np.append(distinct.values, np.int8(-1))
        table_missing = np.append(distinct.missing, True)
        table_unknown = np.append(distinct.failures[0].mask, False)
        codes = table_codes[index]
        missing = table_missing[index]
        unknown = table_unknown[index]
        return ParsedColumn(codes, missing, (Failure(unknown, _because(raw, phrase)),))
    text, missing = _clean_text(raw)
    spellings = pa.array([m.value for m in spec.members()], type=pa.string())
    index = pc.index_in(text, value_set=spellings)
    known = _not_null(index)
    codes = pc.fill_null(index, -1).cast(pa.int8()).to_numpy(zero_copy_only=False)
    unknown = ~known & ~missing
    return ParsedColumn(codes, missing, (Failure(unknown, _because(raw, phrase)),))


def _parse_flag(raw: pa.Array) -> ParsedColumn:
    size = len(raw)
    if pa.types.is_null(raw.type):
        return _all_missing(size, np.zeros(size, dtype=np.bool_))
    if pa.types.is_boolean(raw.type):
        values = pc.fill_null(raw, fill_value=False).to_numpy(zero_copy_only=False)
        return ParsedColumn(values, ~_not_null(raw))
    if not _is_text(raw):
        missing = ~_not_null(raw)
        zeros = np.zeros(size, dtype=np.bool_)
        return ParsedColumn(zeros, missing, (_wrong_type(raw, "true or false"),))
    text, missing = _clean_text(raw)
    lowered = pc.utf8_lower(text)
    true = pc.fill_null(pc.equal(lowered, "true"), fill_value=False)
    false = pc.fill_null(pc.equal(lowered, "false"), fill_value=False)
    values = true.to_numpy(zero_copy_only=False)
    unread = ~values & ~false.to_numpy(zero_copy_only=False) & ~missing
    failure = Failure(unread, _because(raw, "is not true or false"))
    return ParsedColumn(values, missing, (failure,))


def _parse_text(raw: pa.Array, spec: ColumnSpec) -> ParsedColumn:
    size = len(raw)
    empty = np.full(size, None, dtype=object)
    if pa.types.is_null(raw.type):
        return _all_missing(size, empty)
    missing = ~_not_null(raw)
    if not _is_text(raw):
        return ParsedColumn(empty, missing, (_wrong_type(raw, "text"),))
    values = raw.to_numpy(zero_copy_only=False).astype(object)
    if spec.required:
        _, missing = _clean_text(raw)
    return ParsedColumn(values, missing)


def _parse_date(raw: pa.Array) -> ParsedColumn:
    size = len(raw)
    days: DateArray = np.full(size, np.datetime64("NaT"), dtype="datetime64[D]")
    kind = raw.type
    if pa.types.is_null(kind):
        return _all_missing(size, days)
    missing = ~_not_null(raw)
    failures: list[Failure] = []
    if pa.types.is_date(kind):
        days = raw.cast(pa.date32()).to_numpy(zero_copy_only=False)
    elif _is_text(raw):
        text, missing = _clean_text(raw)
        cells = pc.if_else(pa.array(missing), pa.scalar(None, pa.string()), text)
        days, ok = parse_date_column(cells.to_numpy(zero_copy_only=False))
        days = np.where(ok & ~missing, days, np.datetime64("NaT"))
        failures.append(Failure(~ok & ~missing, _because(raw, "is not a valid date")))
    elif pa.types.is_timestamp(kind):
        failures.append(_wrong_type(raw, "a calendar day"))
    else:
        failures.append(_wrong_type(raw, "a date"))
    days = days.astype("datetime64[D]", copy=False)
    read = ~np.isnat(days)
    # Compared as day numbers (NaT, the smallest int64, is not read anyway).
    numbers = days.view(np.int64)
    first = np.datetime64(FIRST_DAY, "D").astype(np.int64)
    last = np.datetime64(LAST_DAY, "D").astype(np.int64)
    outside = read & ((numbers < first) | (numbers > last))
    phrase = "is outside the supported days 1300-01-01..1500-12-29 (Jalali)"
    refusal = Failure(outside, _because(raw, phrase))
    if outside.any():
        days = np.where(read & ~outside, days, np.datetime64("NaT"))
    elif not days.flags.writeable:
        days = days.copy()  # a view of Arrow's buffer: the register owns its columns
    return ParsedColumn(
        days.astype("datetime64[D]", copy=False), missing, tuple(failures), (refusal,)
    )


def parse_column(raw: pa.Array, spec: ColumnSpec) -> ParsedColumn:
    """Read one column as ``spec`` says, flagging every bad cell.

    Args:
        raw: The column, as :func:`normalize_column` returns it.
        spec: The column's specification.

    Returns:
        The values in the register's dtype, the missing cells and the failures.
    """
    match spec.kind:
        case ColumnKind.WHOLE:
            return _parse_whole(raw, spec)
        case ColumnKind.COOP_ID | ColumnKind.COOP_REFERENCE | ColumnKind.NATIONAL_CODE:
            return _parse_id(raw, spec)
        case ColumnKind.ENUM:
            return _parse_enum(raw, spec)
        case ColumnKind.FLAG:
            return _parse_flag(raw)
        case ColumnKind.TEXT:
            return _parse_text(raw, spec)
        case ColumnKind.DATE:
            return _parse_date(raw)
