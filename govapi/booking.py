"""Appointment slots at service halls: the timetable, the booking window and capacity-safe booking."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from govapi.db import dialect_insert
from govapi.errors import ApiError
from govapi.models import SlotBooking

TIMES = ("09:00", "09:30", "10:00", "10:30", "11:00", "11:30",
         "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30")


def window(today: dt.date, booking_days: int) -> tuple[dt.date, dt.date]:
    return today + dt.timedelta(days=1), today + dt.timedelta(days=booking_days)


def is_open(day: dt.date, today: dt.date, booking_days: int) -> bool:
    first, last = window(today, booking_days)
    return first <= day <= last and day.weekday() < 5


def booked_counts(session: Session, hall_code: str, day: dt.date) -> dict[str, int]:
    rows = session.execute(select(SlotBooking.time, SlotBooking.booked)
                           .where(SlotBooking.hall_code == hall_code, SlotBooking.day == day))
    return dict(rows.all())


def slots(session: Session, hall_code: str, capacity: int, day: dt.date) -> list[dict]:
    booked = booked_counts(session, hall_code, day)
    return [{"time": t, "capacity": capacity, "booked": booked.get(t, 0),
             "available": max(0, capacity - booked.get(t, 0))} for t in TIMES]


def take(session: Session, hall_code: str, capacity: int, day: dt.date, time: str) -> bool:
    """Reserves one place; the conditional UPDATE is atomic, so capacity holds under concurrency."""
    session.execute(dialect_insert(session, SlotBooking)
                    .values(hall_code=hall_code, day=day, time=time, booked=0)
                    .on_conflict_do_nothing(index_elements=["hall_code", "day", "time"]))
    result = session.execute(
        update(SlotBooking)
        .where(and_(SlotBooking.hall_code == hall_code, SlotBooking.day == day, SlotBooking.time == time,
                    SlotBooking.booked < capacity))
        .values(booked=SlotBooking.booked + 1)
    )
    return result.rowcount == 1


def release(session: Session, hall_code: str, day: dt.date, time: str) -> None:
    session.execute(update(SlotBooking)
                    .where(SlotBooking.hall_code == hall_code, SlotBooking.day == day, SlotBooking.time == time,
                           SlotBooking.booked > 0)
                    .values(booked=SlotBooking.booked - 1))


def next_free_dates(session: Session, hall_code: str, capacity: int, after: dt.date, time: str,
                    today: dt.date, booking_days: int, count: int = 3) -> list[str]:
    first, last = window(today, booking_days)
    day = max(after + dt.timedelta(days=1), first)
    found: list[str] = []
    full = set(session.execute(
        select(SlotBooking.day).where(SlotBooking.hall_code == hall_code, SlotBooking.time == time,
                                      SlotBooking.booked >= capacity, SlotBooking.day >= day)).scalars())
    while day <= last and len(found) < count:
        if day.weekday() < 5 and day not in full:
            found.append(day.isoformat())
        day += dt.timedelta(days=1)
    return found


def ensure_bookable(day: dt.date, time: str, today: dt.date, booking_days: int) -> None:
    if time not in TIMES or not is_open(day, today, booking_days):
        first, last = window(today, booking_days)
        raise ApiError(409, "slot_unavailable", bookable_from=first.isoformat(), bookable_until=last.isoformat(),
                       times=list(TIMES))
