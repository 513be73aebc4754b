"""Quiet hours ("21:00-08:00" in a time zone, across midnight or not): when a non-urgent notice
may go out."""
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

_WINDOW = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class QuietHours:
    start_minute: int   # equal to end_minute: no quiet hours
    end_minute: int
    zone: ZoneInfo

    @classmethod
    def parse(cls, text: str, zone_name: str) -> "QuietHours":
        zone = ZoneInfo(zone_name)
        if not text:
            return cls(0, 0, zone)
        match = _WINDOW.match(text.replace(" ", ""))
        if not match:
            raise ValueError(f"NOTIFICATIONS_QUIET_HOURS {text!r} is not like '21:00-08:00'")
        start_h, start_m, end_h, end_m = (int(part) for part in match.groups())
        if start_h > 23 or end_h > 24 or start_m > 59 or end_m > 59:
            raise ValueError(f"NOTIFICATIONS_QUIET_HOURS {text!r} has an impossible time")
        return cls(start_h * 60 + start_m, end_h * 60 + end_m, zone)

    def _local(self, utc_moment: datetime) -> datetime:
        return utc_moment.replace(tzinfo=timezone.utc).astimezone(self.zone)

    def _quiet_at(self, minute: int) -> bool:
        if self.start_minute == self.end_minute:
            return False
        if self.start_minute < self.end_minute:
            return self.start_minute <= minute < self.end_minute
        return minute >= self.start_minute or minute < self.end_minute

    def release_time(self, utc_moment: datetime) -> datetime:
        """When a non-urgent notice arriving at `utc_moment` (naive UTC) may be sent: at once, or
        when the quiet hours end (naive UTC)."""
        local = self._local(utc_moment)
        if not self._quiet_at(local.hour * 60 + local.minute):
            return utc_moment
        end = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(minutes=self.end_minute)
        if end <= local:
            end += timedelta(days=1)
        return end.astimezone(timezone.utc).replace(tzinfo=None)
