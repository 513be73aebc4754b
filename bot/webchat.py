"""The web chat: its page and the JSON endpoint it (and `make chat`) talks to."""
import re
from pathlib import Path

from sanic import Blueprint, Request, response
from sanic.exceptions import InvalidUsage

STATIC_DIR = Path(__file__).parent / "static"
SENDER_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")

webchat = Blueprint("webchat")


def _chat_request(request: Request):
    body = request.json
    if not isinstance(body, dict):
        raise InvalidUsage("body must be a JSON object")
    sender, message = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not SENDER_PATTERN.match(sender):
        raise InvalidUsage("sender must be 1-64 letters, digits or _.:-")
    if not isinstance(message, str):
        raise InvalidUsage("message must be a string")
    language = body.get("language")
    metadata = {"channel": "web"}
    if isinstance(language, str) and language[:2] in ("zh", "en"):
        metadata["language_code"] = language[:2]
    return sender, message, metadata


@webchat.post("/api/chat")
async def chat(request: Request):
    sender, message, metadata = _chat_request(request)
    replies = await request.app.ctx.router.handle(f"web:{sender}", message, metadata)
    return response.json({"sender": sender, "replies": replies}, ensure_ascii=False)


@webchat.get("/")
async def page(request: Request):
    return await response.file(STATIC_DIR / "index.html")


webchat.static("/static", str(STATIC_DIR), name="webchat_static")
