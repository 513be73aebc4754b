"""POST /telegram/webhook: updates pushed by Telegram in webhook mode. Requests without
the configured X-Telegram-Bot-Api-Secret-Token get 403."""
import hmac

from sanic import Blueprint, Request, response
from sanic.exceptions import InvalidUsage

from bot import notices
from bot.http_errors import json_error

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

telegram_webhook = Blueprint("telegram_webhook")


@telegram_webhook.post("/telegram/webhook")
async def receive(request: Request):
    channel = getattr(request.app.ctx, "telegram", None)
    if channel is None or channel.settings.mode != "webhook":
        return json_error(404, "not_found", notices.NOT_FOUND)
    given = request.headers.get(SECRET_HEADER, "")
    expected = channel.settings.webhook_secret
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        return json_error(403, "forbidden", notices.FORBIDDEN)
    if not isinstance(request.json, dict) or "update_id" not in request.json:
        raise InvalidUsage("body must be a Telegram update")
    if not channel.ready.is_set():
        return json_error(503, "starting", notices.ASSISTANT_UNAVAILABLE)
    await channel.receive_webhook(request.json)
    return response.json({"ok": True})
