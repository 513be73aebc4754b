"""The desk's working hours, e.g. DESK_HOURS="Mon-Fri 09:00-17:00" (several ranges: comma-separated),
in DESK_TIMEZONE (default Asia/Shanghai)."""
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(r"^\s*(\w{3})(?:-(\w{3}))?\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class OpeningRange:
    days: tuple[int, ...]
    start_minute: int
    end_minute: int

    def contains(self, moment: datetime) -> bool:
        minute = moment.hour * 60 + moment.minute
        return moment.weekday() in self.days and self.start_minute <= minute < self.end_minute


def _day(name: str) -> int:
    try:
        return DAYS.index(name.lower())
    except ValueError:
        raise ValueError(f"unknown day {name!r} in DESK_HOURS") from None


def _parse_range(text: str) -> OpeningRange:
    match = _RANGE.match(text)
    if not match:
        raise ValueError(f"DESK_HOURS range {text!r} is not like 'Mon-Fri 09:00-17:00'")
    first, last, start_h, start_m, end_h, end_m = match.groups()
    first_day, last_day = _day(first), _day(last or first)
    days = tuple(day % 7 for day in range(first_day, first_day + (last_day - first_day) % 7 + 1))
    return OpeningRange(days, int(start_h) * 60 + int(start_m), int(end_h) * 60 + int(end_m))


class WorkingHours:
    def __init__(self, spec: str, zone_name: str = "Asia/Shanghai") -> None:
        self.spec = spec
        self.zone = ZoneInfo(zone_name)
        self.ranges: list[OpeningRange] = [_parse_range(part) for part in spec.split(",") if part.strip()]

    def is_open(self, moment: datetime | None = None) -> bool:
        local = (moment or datetime.now(self.zone)).astimezone(self.zone)
        return any(opening.contains(local) for opening in self.ranges)

    def day_start(self) -> datetime:
        """Midnight of the desk's time zone today, as naive UTC."""
        local = datetime.now(self.zone).replace(hour=0, minute=0, second=0, microsecond=0)
        return local.astimezone(timezone.utc).replace(tzinfo=None)
