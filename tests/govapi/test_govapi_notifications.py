"""Notifications: subscribing needs a verified chat user; a status change, an appointment
tomorrow and a document about to expire reach the webhook signed, in order per citizen, again
after a refusal, and never for a chat user who unsubscribed."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from govapi_support import DEMO, Client, GovapiServer, assert_error
from webhook_receiver import WebhookReceiver

SECRET = "test-notify-secret"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def notifying(request, databases):
    receiver = WebhookReceiver(SECRET).start()
    server = GovapiServer(databases.url(request.param), databases.workdir, {
        "GOVAPI_WORKERS": "2", "GOVAPI_SEED_CITIZENS": "20", "GOVAPI_NOTIFY_URL": receiver.url,
        "GOVAPI_NOTIFY_SECRET": SECRET, "GOVAPI_NOTIFY_RETRY_S": "0.3", "GOVAPI_NOTIFY_INTERVAL_S": "0.2"}).start()
    try:
        yield Client(server.base_url), receiver
    finally:
        server.stop()
        receiver.stop()


def _submit(user: Client) -> str:
    answer = user.post("/v1/me/applications", json={"matter_code": "residence_permit_endorsement", "details": {}})
    assert answer.status_code == 201, answer.text
    return answer.json()["case_number"]


def _advance(api: Client, case_number: str, status: str) -> None:
    moved = api.post(f"/sandbox/applications/{case_number}/advance", json={"status": status})
    assert moved.status_code == 200, moved.text


def test_subscribing_needs_a_verified_chat_user(notifying):
    api, _ = notifying
    assert_error(api.as_user("web:never-verified").post("/v1/me/notifications", json={"language": "en"}),
                 403, "not_verified")
    user = api.login(*DEMO["chen"])
    assert user.get("/v1/me/notifications").json() == {"subscribed": False, "subscription": None}
    assert_error(user.post("/v1/me/notifications", json={"language": "fr"}), 400, "invalid_field")
    made = user.post("/v1/me/notifications", json={"language": "en"})
    assert made.status_code == 201 and made.json()["subscription"]["language"] == "en"
    shown = user.get("/v1/me/notifications").json()
    assert shown["subscribed"] is True and shown["subscription"]["channel"] == "web"
    assert api.delete("/v1/notifications", params={"chat_user": user.chat_user}).json() == {"unsubscribed": True}
    assert api.delete("/v1/notifications", params={"chat_user": user.chat_user}).json() == {"unsubscribed": False}
    assert_error(api.delete("/v1/notifications", params={"chat_user": "nobody"}), 400, "invalid_chat_user")


def test_a_status_change_reaches_the_webhook_signed(notifying):
    api, receiver = notifying
    user = api.login(*DEMO["zhang"])
    case_number = _submit(user)
    assert user.post("/v1/me/notifications", json={"language": "zh"}).status_code == 201
    _advance(api, case_number, "accepted")
    [event] = receiver.wait_for(lambda: receiver.accepted_for(user.chat_user))
    assert event["kind"] == "status" and event["urgent"] is False
    assert event["payload"]["case_number"] == case_number and event["payload"]["status"] == "accepted"
    assert event["payload"]["matter_name_zh"] and event["payload"]["matter_name_en"]
    assert {"chat_user": user.chat_user, "language": "zh"} in event["recipients"]
    item = next(i for i in receiver.received if i["body"]["event_id"] == event["event_id"])
    assert receiver.signed_correctly(item)
    assert abs(int(item["timestamp"]) - time.time()) < 30
    _advance(api, case_number, "rejected")
    rejected = receiver.wait_for(lambda: [e for e in receiver.accepted_for(user.chat_user)
                                          if e["payload"]["status"] == "rejected"])
    assert rejected[0]["urgent"] is True


def test_a_refused_delivery_is_retried_and_order_per_citizen_holds(notifying):
    api, receiver = notifying
    user = api.login(*DEMO["li"])
    case_number = _submit(user)
    assert user.post("/v1/me/notifications", json={"language": "en"}).status_code == 201
    receiver.refuse_next = 2
    _advance(api, case_number, "accepted")
    _advance(api, case_number, "in_review")
    _advance(api, case_number, "approved")
    receiver.wait_for(lambda: len(receiver.accepted_for(user.chat_user)) == 3)
    mine = [i for i in receiver.received if any(r["chat_user"] == user.chat_user for r in i["body"]["recipients"])]
    statuses = [i["body"]["payload"]["status"] for i in mine]
    assert [i["answered"] for i in mine[:2]] == [500, 500]
    # the first event was refused twice: nothing after it went out before it was accepted
    assert statuses == ["accepted", "accepted", "accepted", "in_review", "approved"]
    assert len({i["body"]["event_id"] for i in mine}) == 3


def test_an_unsubscribed_chat_user_is_not_told(notifying):
    api, receiver = notifying
    user = api.login(*DEMO["wang"])
    case_number = _submit(user)
    assert user.post("/v1/me/notifications", json={}).status_code == 201
    assert api.delete("/v1/notifications", params={"chat_user": user.chat_user}).json()["unsubscribed"]
    _advance(api, case_number, "accepted")
    other = api.login(*DEMO["wang"])
    assert other.post("/v1/me/notifications", json={}).status_code == 201
    _advance(api, case_number, "in_review")
    receiver.wait_for(lambda: receiver.accepted_for(other.chat_user))
    assert receiver.accepted_for(user.chat_user) == []


def test_reminders_of_tomorrows_appointment_and_an_expiring_document(notifying):
    api, receiver = notifying
    user = api.login(*DEMO["zhang"])
    assert user.post("/v1/me/notifications", json={"language": "en"}).status_code == 201
    day = dt.date.today() + dt.timedelta(days=3)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    booked = user.post("/v1/me/appointments", json={"hall_code": "320102", "matter_code": "id_card_renewal",
                                                     "date": day.isoformat(), "time": "09:30"})
    assert booked.status_code == 201, booked.text
    number = booked.json()["appointment"]["number"]
    scan = api.post("/sandbox/notifications/reminders", json={"today": (day - dt.timedelta(days=1)).isoformat()})
    assert scan.status_code == 200 and scan.json()["emitted"]["appointment"] >= 1
    events = receiver.wait_for(lambda: [e for e in receiver.accepted_for(user.chat_user)
                                        if e["kind"] in ("appointment", "expiry")] or None)
    receiver.wait_for(lambda: {e["kind"] for e in receiver.accepted_for(user.chat_user)} >= {"appointment", "expiry"})
    events = receiver.accepted_for(user.chat_user)
    appointment = next(e for e in events if e["kind"] == "appointment")
    assert appointment["payload"]["number"] == number and appointment["payload"]["time"] == "09:30"
    expiry = next(e for e in events if e["kind"] == "expiry")
    assert expiry["payload"]["document"] == "id_card" and 0 <= expiry["payload"]["days_left"] <= 60
    again = api.post("/sandbox/notifications/reminders", json={"today": (day - dt.timedelta(days=1)).isoformat()})
    assert again.json()["emitted"] == {"appointment": 0, "expiry": 0}
    for wrong in ("tomorrow", "9999-12-31"):
        assert_error(api.post("/sandbox/notifications/reminders", json={"today": wrong}), 400, "invalid_date")
