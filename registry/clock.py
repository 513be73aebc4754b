"""Naive UTC timestamps, as the gateway's store keeps them."""
from datetime import datetime, timezone


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() + "Z" if moment else None
