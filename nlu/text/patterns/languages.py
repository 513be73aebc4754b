"""The reply language a citizen asks for (英文 / English / 说中文 → en / zh).

When a message names two languages ("看不懂英文，请说中文", "I don't read
Chinese, English please") the last one is the one asked for, so only the last
mention becomes an entity. "Chinese" before ID/citizen/... is not a language.
"""
import re

from nlu.text.found import Found

LANGUAGE = "language"

_NOT_LANGUAGE_AFTER = (r"(?!\s+(?:id|citizen|citizenship|girlfriend|boyfriend|wife|husband|passport|"
                       r"people|food|national|nationality|new year|medicine|visa|company|name|driving))")
_PATTERNS = (
    ("en", re.compile(r"英文|英语|英語|洋文|english|(?<=to |in )en\b")),
    ("zh", re.compile(r"中文|汉语|普通话|国语|华语|中国话|mandarin|putonghua|(?<=to |in )(?:zh|cn)\b|chinese"
                      + _NOT_LANGUAGE_AFTER)),
)


def find_languages(normalised_text: str) -> list[Found]:
    found = [Found(LANGUAGE, value, match.start(), match.end())
             for value, pattern in _PATTERNS for match in pattern.finditer(normalised_text)]
    return [max(found, key=lambda item: item.start)] if found else []
