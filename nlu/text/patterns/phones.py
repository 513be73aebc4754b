"""Mainland China mobile numbers, optionally with +86 and separators."""
import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from nlu.text.found import Found

PHONE = "phone"

_CANDIDATE = re.compile(
    r"(?<![0-9+])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9])"
)
_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def mainland_mobile(candidate: str) -> str:
    """The 11-digit national number, or '' if not a valid mainland mobile."""
    try:
        number = phonenumbers.parse(candidate, "CN")
    except NumberParseException:
        return ""
    if number.country_code != 86 or not phonenumbers.is_valid_number(number):
        return ""
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        return ""
    return str(number.national_number)


def find_phones(normalised_text: str) -> list[Found]:
    found = []
    for match in _CANDIDATE.finditer(normalised_text):
        national = mainland_mobile(match.group())
        if national:
            found.append(Found(PHONE, national, match.start(), match.end()))
    return found
