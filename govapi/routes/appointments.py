"""Hall timetables and citizens' appointments."""
from __future__ import annotations

import re

from sanic import Blueprint
from sqlalchemy import select

from govapi import booking, clock
from govapi.errors import ApiError
from govapi.http import ok, reading, writing
from govapi.identity import current_citizen
from govapi.models import Appointment
from govapi.numbers import APPOINTMENT, next_number
from govapi.validation import iso_date, json_object, required_string

bp = Blueprint("appointments", url_prefix="/v1")


def _hall(request, code: str) -> dict:
    hall = request.app.ctx.catalogue.halls.get(code)
    if hall is None:
        raise ApiError(404, "hall_not_found")
    return hall


@bp.get("/halls/<code:str>/slots")
async def hall_slots(request, code: str):
    hall = _hall(request, code)
    day = iso_date(request.args.get("date"))
    settings, today = request.app.ctx.settings, clock.today()
    first, last = booking.window(today, settings.booking_days)
    body = {"hall_code": hall["code"], "date": day.isoformat(), "open": False, "slots": [],
            "bookable_from": first.isoformat(), "bookable_until": last.isoformat()}
    if booking.is_open(day, today, settings.booking_days):
        with reading(request) as session:
            body["slots"] = booking.slots(session, code, request.app.ctx.catalogue.hall_capacity[code], day)
        body["open"] = True
    return ok(body)


def _appointment_json(request, appointment: Appointment) -> dict:
    hall = request.app.ctx.catalogue.halls[appointment.hall_code]
    matter = request.app.ctx.catalogue.matters[appointment.matter_code]
    return {"number": appointment.number, "status": appointment.status, "date": appointment.day.isoformat(),
            "time": appointment.time, "hall_code": hall["code"], "hall_name_zh": hall["name_zh"],
            "hall_name_en": hall["name_en"], "address_zh": hall["address_zh"], "address_en": hall["address_en"],
            "matter_code": matter["code"], "matter_name_zh": matter["name_zh"], "matter_name_en": matter["name_en"]}


@bp.get("/me/appointments")
async def my_appointments(request):
    with reading(request) as session:
        citizen = current_citizen(request, session)
        rows = session.execute(select(Appointment).where(Appointment.citizen_id == citizen.id)
                               .order_by(Appointment.day, Appointment.time)).scalars().all()
    items = [_appointment_json(request, a) for a in rows]
    return ok({"appointments": items, "total": len(items)})


@bp.post("/me/appointments")
async def book(request):
    body = json_object(request)
    hall = _hall(request, required_string(body, "hall_code", 16))
    matter_code = required_string(body, "matter_code", 64)
    if matter_code not in request.app.ctx.catalogue.matters:
        raise ApiError(404, "matter_not_found")
    day, time = iso_date(body.get("date")), required_string(body, "time", 5)
    settings, today = request.app.ctx.settings, clock.today()
    capacity = request.app.ctx.catalogue.hall_capacity[hall["code"]]
    with writing(request) as session:
        citizen = current_citizen(request, session)
        booking.ensure_bookable(day, time, today, settings.booking_days)
        duplicate = session.execute(select(Appointment.number).where(
            Appointment.citizen_id == citizen.id, Appointment.hall_code == hall["code"], Appointment.day == day,
            Appointment.time == time, Appointment.status == "booked")).first()
        if duplicate:
            raise ApiError(409, "already_booked", number=duplicate[0])
        if not booking.take(session, hall["code"], capacity, day, time):
            raise ApiError(409, "slot_full", next_free_dates=booking.next_free_dates(
                session, hall["code"], capacity, day, time, today, settings.booking_days))
        appointment = Appointment(number=next_number(session, APPOINTMENT, today), citizen_id=citizen.id,
                                  hall_code=hall["code"], matter_code=matter_code, day=day, time=time,
                                  status="booked", created_at=clock.now())
        session.add(appointment)
    return ok({"appointment": _appointment_json(request, appointment)}, 201)


@bp.delete("/me/appointments/<number:str>")
async def cancel(request, number: str):
    if not re.fullmatch(r"YY\d{14}", number):
        raise ApiError(404, "not_found")
    with writing(request) as session:
        citizen = current_citizen(request, session)
        appointment = session.get(Appointment, number)
        if appointment is None or appointment.citizen_id != citizen.id:
            raise ApiError(404, "not_found")
        if appointment.status == "booked":
            appointment.status = "cancelled"
            booking.release(session, appointment.hall_code, appointment.day, appointment.time)
    return ok({"appointment": _appointment_json(request, appointment)})
