"""Local days of moments (the unit every metric is counted in), and weeks of days."""
import functools
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo


def utc_naive(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, timezone.utc).replace(tzinfo=None)


def local_day(moment: datetime, zone: ZoneInfo) -> str:
    """YYYY-MM-DD of a naive UTC moment in the zone."""
    # every zone's offset is a multiple of 15 minutes: the quarter hour decides the day (and is cached)
    return _quarter_hour_day(moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0), zone)


@functools.lru_cache(maxsize=16384)
def _quarter_hour_day(moment: datetime, zone: ZoneInfo) -> str:
    return moment.replace(tzinfo=timezone.utc).astimezone(zone).date().isoformat()


def week_of(day: str) -> str:
    """The Monday (YYYY-MM-DD) of a day's ISO week."""
    parsed = date.fromisoformat(day)
    return (parsed - timedelta(days=parsed.weekday())).isoformat()


def days_between(first: str, last: str):
    current, end = date.fromisoformat(first), date.fromisoformat(last)
    while current <= end:
        yield current.isoformat()
        current += timedelta(days=1)
