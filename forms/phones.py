"""Phone numbers as people write them: UK national or international, read with libphonenumber.

A worker types 01304 555123 or 07700 900123 the way they were given it; nobody should be told to
add +44. The record keeps exactly what was typed; documents show it in international format.
"""

from __future__ import annotations

import phonenumbers

# Numbers without a country code are read as UK numbers: the app is for UK first responders.
HOME_REGION = "GB"
PROBLEM = (
    "This does not look like a whole phone number. Write it as you would dial it, "
    "e.g. 01304 555123 or 07700 900123, or with its country code, e.g. +33 1 23 45 67 89."
)


def parse_phone(text: str) -> phonenumbers.PhoneNumber | None:
    """The number `text` is, or None when it is not a whole phone number.

    Accepted: anything libphonenumber knows as valid, and any number of a full mobile length
    for its country, so the ranges Ofcom keeps for drama and training (07700 900xxx) count too.
    Separators, brackets, a (0) after +44 and a 00 international prefix are all fine.
    """
    try:
        number = phonenumbers.parse(text, HOME_REGION)
    except phonenumbers.NumberParseException:
        return None
    full_length = phonenumbers.is_possible_number_for_type(
        number, phonenumbers.PhoneNumberType.MOBILE
    )
    return number if phonenumbers.is_valid_number(number) or full_length else None


def phone_problem(text: str) -> str:
    """What is wrong with a typed number, in words the worker can act on ("" when fine)."""
    return "" if not text.strip() or parse_phone(text) is not None else PROBLEM


def international(text: str) -> str:
    """A number in international format (+44 1304 555123) for documents; unreadable text as is."""
    number = parse_phone(text)
    if number is None:
        return text
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
