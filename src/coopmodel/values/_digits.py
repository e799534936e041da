"""Digit systems: Persian and Arabic-Indic digits to ASCII and back.

Iranian data mixes three digit systems: ASCII (``0-9``), Extended Arabic-Indic
("Persian", ``۰-۹``, U+06F0..U+06F9) and Arabic-Indic (``٠-٩``, U+0660..U+0669).
Every reader in coopmodel first maps the text to ASCII digits with
:func:`to_ascii_digits`; separators and every other character pass through
unchanged, so each caller decides what a ``٬`` or ``،`` means in its own syntax.
"""

from __future__ import annotations

__all__ = [
    "ARABIC_INDIC_DIGITS",
    "PERSIAN_DIGITS",
    "PERSIAN_THOUSANDS_SEPARATOR",
    "to_ascii_digits",
    "to_persian_digits",
]

#: Extended Arabic-Indic digits, as Persian keyboards type them (U+06F0..U+06F9).
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
#: Arabic-Indic digits (U+0660..U+0669), common in data typed on Arabic layouts.
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
#: The Arabic thousands separator (U+066C) used in Persian typesetting.
PERSIAN_THOUSANDS_SEPARATOR = "\u066c"

_TO_ASCII = str.maketrans(
    PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, "0123456789" + "0123456789"
)
_TO_PERSIAN = str.maketrans("0123456789", PERSIAN_DIGITS)


def to_ascii_digits(text: str) -> str:
    """Replace Persian and Arabic-Indic digits with ASCII digits.

    Every other character, separators included, is kept as it is.

    Args:
        text: Any text.

    Returns:
        The text with each of ``۰-۹`` and ``٠-٩`` replaced by its ASCII digit.

    Examples:
        >>> to_ascii_digits("۱۳۹۹/۰۱/۱۵")
        '1399/01/15'
        >>> to_ascii_digits("٢٧٦ billion")
        '276 billion'
        >>> to_ascii_digits("۵۰٬۰۰۰")
        '50٬000'
    """
    return text.translate(_TO_ASCII)


def to_persian_digits(text: str) -> str:
    """Replace ASCII digits with Persian (Extended Arabic-Indic) digits.

    Every other character is kept as it is.

    Args:
        text: Any text.

    Returns:
        The text with each of ``0-9`` replaced by its Persian digit.

    Examples:
        >>> to_persian_digits("1399-01-15")
        '۱۳۹۹-۰۱-۱۵'
    """
    return text.translate(_TO_PERSIAN)
