"""The reply language a citizen asks for (英文 / English / 说中文 → en / zh)."""
import re
from typing import List

from nlu.rules import Found

LANGUAGE = "language"

_PATTERNS = (
    ("en", re.compile(r"英文|英语|english|\beng\b|英語")),
    ("zh", re.compile(r"中文|汉语|普通话|国语|华语|chinese|mandarin|\bputonghua\b")),
)


def find_languages(normalised_text: str) -> List[Found]:
    found = []
    for value, pattern in _PATTERNS:
        for match in pattern.finditer(normalised_text):
            found.append(Found(LANGUAGE, value, match.start(), match.end()))
    return sorted(found, key=lambda item: item.start)
