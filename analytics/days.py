"""Local days of moments (the unit every metric is counted in), and weeks of days."""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo


def utc_naive(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, timezone.utc).replace(tzinfo=None)


def local_day(moment: datetime, zone: ZoneInfo) -> str:
    """YYYY-MM-DD of a naive UTC moment in the zone."""
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
