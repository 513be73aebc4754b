"""Platform time: naive datetimes in China Standard Time, the zone the platform works in."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Shanghai")


def now() -> dt.datetime:
    return dt.datetime.now(ZONE).replace(tzinfo=None, microsecond=0)


def today() -> dt.date:
    return now().date()


def iso(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=ZONE).isoformat(timespec="seconds")
