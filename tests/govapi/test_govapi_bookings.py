"""Appointment booking: the happy path, refusals, cancellation and capacity under concurrency."""
from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

from govapi_support import assert_error

from govapi.seed import generated_logins


def weekday(offset: int) -> dt.date:
    day = dt.date.today() + dt.timedelta(days=offset)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def booking(hall: str, day: dt.date, time: str, matter: str = "id_card_renewal") -> dict:
    return {"hall_code": hall, "matter_code": matter, "date": day.isoformat(), "time": time}


def slot(api, hall: str, day: dt.date, time: str) -> dict:
    slots = api.get(f"/v1/halls/{hall}/slots", params={"date": day.isoformat()}).json()["slots"]
    return next(s for s in slots if s["time"] == time)


def test_book_list_and_cancel(api):
    user = api.login(*generated_logins(200)[30])
    day = weekday(3)
    booked = user.post("/v1/me/appointments", json=booking("320102", day, "14:00"))
    assert booked.status_code == 201, booked.text
    appointment = booked.json()["appointment"]
    assert appointment["number"].startswith("YY") and len(appointment["number"]) == 16
    assert appointment["hall_name_zh"] == "玄武区政务服务中心" and appointment["matter_name_en"]
    assert slot(api, "320102", day, "14:00")["booked"] == 1
    assert_error(user.post("/v1/me/appointments", json=booking("320102", day, "14:00")), 409, "already_booked")
    listed = user.get("/v1/me/appointments").json()
    assert listed["total"] == 1 and listed["appointments"][0]["number"] == appointment["number"]
    cancelled = user.delete(f"/v1/me/appointments/{appointment['number']}").json()["appointment"]
    assert cancelled["status"] == "cancelled"
    assert slot(api, "320102", day, "14:00")["booked"] == 0
    assert user.delete(f"/v1/me/appointments/{appointment['number']}").status_code == 200
    assert slot(api, "320102", day, "14:00")["booked"] == 0


def test_refused_bookings(api):
    user = api.login(*generated_logins(200)[31])
    day = weekday(4)
    sunday = dt.date.today() + dt.timedelta(days=2)
    while sunday.weekday() != 6:
        sunday += dt.timedelta(days=1)
    assert_error(user.post("/v1/me/appointments", json=booking("320102", sunday, "10:00")), 409, "slot_unavailable")
    assert_error(user.post("/v1/me/appointments", json=booking("320102", day, "10:15")), 409, "slot_unavailable")
    assert_error(user.post("/v1/me/appointments", json=booking("320102", dt.date(2020, 3, 2), "10:00")),
                 409, "slot_unavailable")
    assert_error(user.post("/v1/me/appointments", json=booking("320102", weekday(60), "10:00")),
                 409, "slot_unavailable")
    assert_error(user.post("/v1/me/appointments", json=booking("999999", day, "10:00")), 404, "hall_not_found")
    assert_error(user.post("/v1/me/appointments", json=booking("320102", day, "10:00", "nothing")),
                 404, "matter_not_found")
    assert_error(user.post("/v1/me/appointments", json={**booking("320102", day, "10:00"), "date": "01/12/2026"}),
                 400, "invalid_date")
    assert_error(user.post("/v1/me/appointments", json={"hall_code": "320102"}), 400, "missing_field")
    assert_error(user.delete("/v1/me/appointments/YY20990101000001"), 404, "not_found")


def test_capacity_holds_under_concurrent_bookings(api):
    """Twelve citizens race for a slot with four places on a two-worker server."""
    users = [api.login(*credentials) for credentials in generated_logins(200)[40:52]]
    day, time = weekday(5), "09:30"
    barrier = threading.Barrier(len(users))

    def book(user):
        barrier.wait()
        return user.post("/v1/me/appointments", json=booking("320583", day, time))

    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        responses = list(pool.map(book, users))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] * 4 + [409] * 8, [r.text for r in responses]
    for refused in (r for r in responses if r.status_code == 409):
        error = refused.json()["error"]
        assert error["code"] == "slot_full"
        assert error["next_free_dates"] and all(d > day.isoformat() for d in error["next_free_dates"])
    numbers = {r.json()["appointment"]["number"] for r in responses if r.status_code == 201}
    assert len(numbers) == 4
    assert slot(api, "320583", day, time) == {"time": time, "capacity": 4, "booked": 4, "available": 0}
    # a cancellation frees exactly one place
    winner = next(u for u, r in zip(users, responses, strict=True) if r.status_code == 201)
    number = next(a["number"] for a in winner.get("/v1/me/appointments").json()["appointments"])
    winner.delete(f"/v1/me/appointments/{number}")
    loser = next(u for u, r in zip(users, responses, strict=True) if r.status_code == 409)
    assert loser.post("/v1/me/appointments", json=booking("320583", day, time)).status_code == 201
    assert slot(api, "320583", day, time)["available"] == 0
