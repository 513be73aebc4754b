"""Filters of a metrics request (the dashboard's query string, the report command's options),
checked: bad input is a ValueError with a message fit for a 400."""
import re
from collections.abc import Mapping
from datetime import date, timedelta

from analytics.metrics import FILTERS, PERIODS, Filters

DEFAULT_DAYS = 7
MAX_DAYS = 400
_VALUE = re.compile(r"^[\w\u4e00-\u9fff.:-]{1,64}$")


def _day(value: str | None, default: date, name: str) -> str:
    if not value:
        return default.isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"{name} must be a date like 2026-12-01") from None


def parse_filters(values: Mapping[str, str], today: date) -> Filters:
    last = _day(values.get("to"), today, "to")
    first = _day(values.get("from"), date.fromisoformat(last) - timedelta(days=DEFAULT_DAYS - 1), "from")
    if first > last:
        raise ValueError("from must not be after to")
    if (date.fromisoformat(last) - date.fromisoformat(first)).days >= MAX_DAYS:
        raise ValueError(f"at most {MAX_DAYS} days at a time")
    period = values.get("period") or "day"
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}")
    chosen = {}
    for name in FILTERS:
        value = (values.get(name) or "").strip()
        if value and not _VALUE.match(value):
            raise ValueError(f"{name} is not a valid value")
        chosen[name] = value or None
    return Filters(first, last, period, **chosen)
