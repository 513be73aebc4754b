"""POST /notifications/platform: the platform's signed notification events.

The platform signs "<X-Tongban-Timestamp>.<body>" with HMAC-SHA256 (GOVAPI_NOTIFY_SECRET) in
X-Tongban-Signature. A request not signed with the secret, or signed too long ago, gets 401; a
signed body that is not an event 400 — nothing is kept of either. An event sent again is
answered 200 and kept once."""
import hashlib
import hmac
import json
import re
import time

from sanic import Blueprint, Request, response

from bot.http_errors import json_error
from bot.notifications import texts

TIMESTAMP_HEADER = "X-Tongban-Timestamp"
SIGNATURE_HEADER = "X-Tongban-Signature"
CHAT_USER = re.compile(r"^(tg|web|wx):[A-Za-z0-9_.\-]{1,64}$")
EVENT_ID = re.compile(r"^[A-Za-z0-9\-]{1,64}$")
MAX_RECIPIENTS = 50

FORGED = "通知签名无效。\nThe notification is not correctly signed."
MALFORMED = "通知格式不正确。\nThe notification is not well-formed."

notifications_webhook = Blueprint("notifications_webhook")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def signed(request: Request, secret: str, window_s: float) -> bool:
    timestamp = request.headers.get(TIMESTAMP_HEADER, "")
    given = request.headers.get(SIGNATURE_HEADER, "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > window_s:
        return False
    return hmac.compare_digest(signature(secret, timestamp, request.body or b""), given)


def parse_event(body: bytes) -> dict:
    """The event, or ValueError saying what is wrong with it."""
    try:
        event = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError("not JSON") from None
    if not isinstance(event, dict):
        raise ValueError("not a JSON object")
    if not isinstance(event.get("event_id"), str) or not EVENT_ID.match(event["event_id"]):
        raise ValueError("event_id")
    if not isinstance(event.get("urgent"), bool):
        raise ValueError("urgent")
    texts.check(event.get("kind"), event.get("payload"))
    recipients = event.get("recipients")
    if not isinstance(recipients, list) or len(recipients) > MAX_RECIPIENTS or not all(
            isinstance(r, dict) and isinstance(r.get("chat_user"), str) and CHAT_USER.match(r["chat_user"])
            and r.get("language") in ("zh", "en") for r in recipients):
        raise ValueError("recipients")
    return event


@notifications_webhook.post("/notifications/platform")
async def receive(request: Request):
    settings = request.app.ctx.notification_settings
    if not signed(request, settings.secret, settings.timestamp_window_s):
        return json_error(401, "forged", FORGED)
    try:
        event = parse_event(request.body or b"")
    except ValueError as error:
        return json_error(400, "bad_request", f"{MALFORMED}\n({error})")
    added = await request.app.ctx.notices.receive(event)
    return response.json({"event_id": event["event_id"], "new": added})
