"""Subscribing a verified chat user to the citizen's notifications, unsubscribing (also when a
conversation is erased), and the sandbox's reminder scan."""
from __future__ import annotations

from sanic import Blueprint

from govapi import clock, notifications
from govapi.errors import ApiError
from govapi.http import ok, reading, writing
from govapi.identity import chat_user_of, current_citizen
from govapi.routes.system import require_sandbox
from govapi.validation import chat_user, iso_date, json_object

bp = Blueprint("notifications")
SCAN_YEARS = 5  # how far from today a sandbox scan may pretend to be


def _as_json(subscription) -> dict:
    return {"chat_user": subscription.chat_user, "channel": subscription.channel,
            "language": subscription.language, "created_at": clock.iso(subscription.created_at)}


@bp.post("/v1/me/notifications")
async def subscribe(request):
    body = json_object(request)
    language = body.get("language", "zh")
    if language not in notifications.LANGUAGES:
        raise ApiError(400, "invalid_field", "language")
    with writing(request) as session:
        citizen = current_citizen(request, session)
        subscription = notifications.subscribe(session, citizen, chat_user_of(request), language)
        answer = _as_json(subscription)
    return ok({"subscription": answer}, 201)


@bp.get("/v1/me/notifications")
async def show(request):
    with reading(request) as session:
        citizen = current_citizen(request, session)
        subscription = notifications.subscription_of(session, chat_user_of(request))
    mine = subscription is not None and subscription.citizen_id == citizen.id
    return ok({"subscribed": mine, "subscription": _as_json(subscription) if mine else None})


@bp.delete("/v1/notifications")
async def unsubscribe(request):
    """By chat user, verified or not: stopping is always allowed (and erasure needs it)."""
    chat_user_id = chat_user(request.args.get("chat_user"))
    with writing(request) as session:
        removed = notifications.unsubscribe(session, chat_user_id)
    return ok({"unsubscribed": removed})


@bp.post("/sandbox/notifications/reminders")
async def reminders(request):
    """Scans for appointments tomorrow and documents expiring within 60 days (as of `today`)."""
    require_sandbox(request)
    body = json_object(request) if request.body else {}
    today = iso_date(body["today"], "today") if body.get("today") is not None else clock.today()
    if abs((today - clock.today()).days) > SCAN_YEARS * 366:
        raise ApiError(400, "invalid_date", "today")
    with writing(request) as session:
        counts = {"appointment": notifications.appointment_reminders(session, today),
                  "expiry": notifications.expiry_reminders(session, today)}
    request.app.ctx.delivery.wake()
    return ok({"today": today.isoformat(), "emitted": counts})
