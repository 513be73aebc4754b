"""Amounts and dates written plainly, for elder mode: 2350 (元 follows in the text) / 2,350 (yuan), 12月3日 星期三 /
Wednesday 3 December. Used only while the conversation is in elder mode; ordinary mode keeps its own formats."""
import datetime as dt
import re
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALES = {"zh": "zh_CN", "en": "en_GB"}
# Chinese readers see no thousands separator and no ".00"; English ones a separator.
AMOUNT_PATTERNS = {"zh": "0.##", "en": "#,##0.##"}
DAY_PATTERNS = {"zh": "M月d日 EEEE", "en": "EEEE d MMMM"}
MONTH_PATTERNS = {"zh": "y年M月", "en": "MMMM y"}
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_MONTH = re.compile(r"\d{4}-\d{2}")


def _language(language: str) -> str:
    return "en" if language == "en" else "zh"


def amount(value: Any, language: str) -> str:
    """A sum of money without the unit, which the text around it gives."""
    try:
        number = round(float(value), 2)
    except (TypeError, ValueError):
        return str(value)
    return format_decimal(number, AMOUNT_PATTERNS[_language(language)], locale=LOCALES[_language(language)])


def day(value: dt.date, language: str) -> str:
    return format_date(value, DAY_PATTERNS[_language(language)], locale=LOCALES[_language(language)])


def month(value: dt.date, language: str) -> str:
    return format_date(value, MONTH_PATTERNS[_language(language)], locale=LOCALES[_language(language)])


def plain(value: Any, language: str) -> Any:
    """An ISO day ("2026-12-03") or month ("2026-12") as plain words; anything else as it is."""
    if isinstance(value, dt.date):
        return day(value, language)
    if not isinstance(value, str):
        return value
    try:
        if ISO_DAY.fullmatch(value):
            return day(dt.date.fromisoformat(value), language)
        if ISO_MONTH.fullmatch(value):
            return month(dt.date.fromisoformat(value + "-01"), language)
    except ValueError:
        return value
    return value


def plain_values(values: dict[str, Any], language: str) -> dict[str, Any]:
    """A response's placeholder values with their dates in plain words."""
    return {name: plain(value, language) for name, value in values.items()}
