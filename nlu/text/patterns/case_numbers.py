"""Application case numbers: JS followed by 14 digits (JS20261125000123)."""
import re

from nlu.text.found import Found

CASE_NUMBER = "case_number"

# The text is case-folded, so "JS" arrives as "js".
_CASE_NUMBER = re.compile(r"(?<![0-9a-z])js[ -]?(\d{14})(?![0-9])")


def find_case_numbers(normalised_text: str) -> list[Found]:
    return [
        Found(CASE_NUMBER, "JS" + match.group(1), match.start(), match.end())
        for match in _CASE_NUMBER.finditer(normalised_text)
    ]
