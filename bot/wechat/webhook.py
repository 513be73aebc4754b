"""GET /wechat answers WeChat's server check; POST /wechat receives messages (plaintext, or AES in
safe mode) and answers with a passive reply or "success". A request WeChat did not sign gets 403
and a message that cannot be read 400, before anything is stored."""
from xml.parsers.expat import ExpatError

from sanic import Blueprint, Request, response
from wechatpy import create_reply, parse_message

from bot import notices
from bot.http_errors import json_error
from bot.wechat.security import Envelope, Forbidden, Signed, Unreadable

ACKNOWLEDGED = "success"   # WeChat's "received, no passive reply"

wechat_webhook = Blueprint("wechat_webhook")


def _forbidden():
    return json_error(403, "forbidden", notices.FORBIDDEN)


def _unreadable():
    return json_error(400, "bad_request", notices.MALFORMED_REQUEST)


def _parsed(xml: str):
    try:
        message = parse_message(xml)
        if message is None:
            raise Unreadable("empty message")
        _ = (message.type, message.id, message.time)  # fields that must be well-formed
        return message
    except (ExpatError, KeyError, TypeError, ValueError, AttributeError):
        raise Unreadable("not a WeChat message") from None


@wechat_webhook.get("/wechat")
async def verify_server(request: Request):
    wechat = getattr(request.app.ctx, "wechat", None)
    if wechat is None:
        return json_error(404, "not_found", notices.NOT_FOUND)
    try:
        wechat.envelope.verify(Signed.from_query(request.args))
    except Forbidden:
        return _forbidden()
    return response.text(request.args.get("echostr", ""))


@wechat_webhook.post("/wechat")
async def receive(request: Request):
    wechat = getattr(request.app.ctx, "wechat", None)
    if wechat is None:
        return json_error(404, "not_found", notices.NOT_FOUND)
    signed = Signed.from_query(request.args)
    try:
        xml, crypto = wechat.envelope.open(signed, request.body.decode("utf-8"))
        message = _parsed(xml)
        inbound = wechat.channel.inbound(message)
    except Forbidden:
        return _forbidden()
    except (Unreadable, UnicodeDecodeError):
        return _unreadable()
    text = await wechat.channel.answer(inbound) if inbound is not None else None
    if text is None:
        return response.text(ACKNOWLEDGED)
    reply = create_reply(text, message, render=True)
    return response.text(Envelope.seal(reply, crypto, signed.nonce), content_type="application/xml")
