"""18-character resident identity numbers (居民身份证号码).

The checksum and the birth date are checked with stdnum.cn.ric; the region
is NOT checked (stdnum's region table misses real codes such as 320302).
A number that fails either check is reported as ``id_number_invalid`` so the
dialogue can tell the citizen, instead of silently ignoring it.
"""
import re

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from nlu.text.found import Found

ID_NUMBER = "id_number"
ID_NUMBER_INVALID = "id_number_invalid"

_CANDIDATE = re.compile(r"(?<![0-9a-z])\d{17}[\dx](?![0-9a-z])")


def is_valid_id_number(number: str) -> bool:
    number = number.upper()
    if len(number) != 18 or not number[:17].isdigit():
        return False
    try:
        if ric.calc_check_digit(number) != number[-1]:
            return False
        ric.get_birth_date(number)
    except (ValidationError, ValueError):
        return False
    return True


def find_id_numbers(normalised_text: str) -> list[Found]:
    found = []
    for match in _CANDIDATE.finditer(normalised_text):
        number = match.group().upper()
        entity = ID_NUMBER if is_valid_id_number(number) else ID_NUMBER_INVALID
        found.append(Found(entity, number, match.start(), match.end()))
    return found
