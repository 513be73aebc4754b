"""Per-day numbering: case numbers JS+yyyymmdd+6 digits, work orders GD+..., appointments YY+...."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from govapi.db import dialect_insert
from govapi.models import NumberSequence

CASE, WORK_ORDER, APPOINTMENT = "JS", "GD", "YY"


def next_number(session: Session, prefix: str, day: dt.date) -> str:
    """Bumps the day's counter inside the caller's transaction; the row stays locked until commit,
    so concurrent requests never share a number."""
    key = f"{day:%Y%m%d}"
    bump = dialect_insert(session, NumberSequence).values(prefix=prefix, day=key, last=1)
    session.execute(bump.on_conflict_do_update(
        index_elements=["prefix", "day"], set_={"last": NumberSequence.last + 1}))
    last = session.execute(
        select(NumberSequence.last).where(NumberSequence.prefix == prefix, NumberSequence.day == key)
    ).scalar_one()
    return f"{prefix}{key}{last:06d}"
