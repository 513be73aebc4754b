"""The web chat: its page and the JSON endpoints it (and `make chat`) talks to."""
import re
from pathlib import Path

from sanic import Blueprint, Request, response
from sanic.exceptions import InvalidUsage

from bot import elder_mode
from bot.language import reply_language
from bot.store import in_thread

STATIC_DIR = Path(__file__).parent / "static"
SENDER_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
HISTORY_LIMIT = 200

webchat = Blueprint("webchat")


def _sender(value) -> str:
    if not isinstance(value, str) or not SENDER_PATTERN.match(value):
        raise InvalidUsage("sender must be 1-64 letters, digits or _.:-")
    return value


def _chat_request(request: Request):
    body = request.json
    if not isinstance(body, dict):
        raise InvalidUsage("body must be a JSON object")
    sender, message = _sender(body.get("sender")), body.get("message")
    switch = body.get("elder_mode")   # the header's switch: the gateway makes the payload
    if switch is not None and not isinstance(switch, bool):
        raise InvalidUsage("elder_mode must be true or false")
    if switch is not None:
        message, body = elder_mode.switch_payload(switch), {**body, "shown_as": elder_mode.SHOWN_AS[switch]}
    if not isinstance(message, str):
        raise InvalidUsage("message must be a string")
    shown_as = body.get("shown_as")
    if shown_as is not None and not isinstance(shown_as, str):
        raise InvalidUsage("shown_as must be a string")
    language = reply_language(body["language"]) if isinstance(body.get("language"), str) else None
    metadata = {"channel": "web"}
    if language:
        metadata["language_code"] = language
    start_payload = body.get("start_payload")  # a desk hand-off link's token (/?handoff=<token>)
    if isinstance(start_payload, str) and start_payload:
        metadata["start_payload"] = start_payload[:64]
    client_id = body.get("client_id")  # the page's id of the message: sent again after a network error
    if client_id is not None and (not isinstance(client_id, str) or not SENDER_PATTERN.match(client_id)):
        raise InvalidUsage("client_id must be 1-64 letters, digits or _.:-")
    return (sender, message, metadata, (shown_as or None) and shown_as[:200], client_id and f"web:{client_id}",
            switch is not None)


@webchat.post("/api/chat")
async def chat(request: Request):
    sender, message, metadata, shown_as, external_id, switch = _chat_request(request)
    replies = await request.app.ctx.router.handle(f"web:{sender}", message, metadata, shown_as,
                                                  command=switch, external_id=external_id)
    elder = await request.app.ctx.elder_mode.is_on(f"web:{sender}")
    return response.json({"sender": sender, "replies": replies, "elder_mode": elder}, ensure_ascii=False)


def _for_page(message: dict) -> dict:
    mine = message["direction"] == "in"
    return {"id": message["id"], "who": "user" if mine else "bot",
            "text": (message["display_text"] or message["text"]) if mine else message["text"],
            "buttons": message["buttons"], "image": message["image"]}


@webchat.get("/api/chat/history")
async def history(request: Request):
    """The conversation so far (masked), for the page after a reload and for replies that
    arrive later (retries after an outage, staff)."""
    sender = _sender(request.args.get("sender"))
    after = request.args.get("after", "0")
    if not after.isdigit():
        raise InvalidUsage("after must be a message id")
    store = request.app.ctx.store
    messages = await in_thread(store.history, f"web:{sender}", int(after), HISTORY_LIMIT)
    elder = await request.app.ctx.elder_mode.is_on(f"web:{sender}")
    return response.json({"sender": sender, "messages": [_for_page(m) for m in messages], "elder_mode": elder},
                         ensure_ascii=False)


@webchat.get("/")
async def page(request: Request):
    return await response.file(STATIC_DIR / "index.html")


webchat.static("/static", str(STATIC_DIR), name="webchat_static")
