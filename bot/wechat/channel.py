"""The WeChat channel: what a citizen's message means (text, a numbered choice, a hand-off link's
token, subscribing, a location, media) and how the answer reaches them: in the HTTP response when
it is ready within the reply window and is one message, else by customer-service message."""
import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from wechatpy.messages import BaseMessage

from bot import notices
from bot.desk.hotline.links import looks_like_token
from bot.halls import HallFinder, describe_halls
from bot.language import reply_language
from bot.router import Reply, Router
from bot.store import in_thread
from bot.wechat.claims import AnswerClaims
from bot.wechat.formatting import chosen, text_messages
from bot.wechat.security import Unreadable
from bot.wechat.sending import CustomerService

logger = logging.getLogger(__name__)

CHANNEL = "wx"
GREETING = "/greet"
OPENID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
SUBSCRIBING = ("subscribe", "subscribe_scan")
MEDIA_KINDS = {"image": "photo", "voice": "voice", "video": "video", "shortvideo": "video", "file": "document"}


def conversation_id(openid: str) -> str:
    return f"{CHANNEL}:{openid}"


def openid_of(conversation: str) -> str:
    return conversation.split(":", 1)[1]


def _metadata(**extra) -> dict:
    return {"channel": "wechat", **extra}


def _coordinates(message: BaseMessage) -> tuple[float, float]:
    try:
        return float(message.location_x), float(message.location_y)
    except (TypeError, ValueError):
        raise Unreadable("location without coordinates") from None


@dataclass(frozen=True)
class Inbound:
    conversation_id: str
    message_id: str                               # the channel's id of the message, the same in WeChat's repeats
    answer: Callable[[], Awaitable[list[Reply]]]  # the replies; none for a repeat


class WechatChannel:
    def __init__(self, router: Router, halls: HallFinder, customer_service: CustomerService,
                 claims: AnswerClaims, reply_window_s: float) -> None:
        self.router = router
        self.halls = halls
        self.customer_service = customer_service
        self.claims = claims
        self.reply_window_s = reply_window_s
        self._background: set = set()
        router.register_channel(CHANNEL, self.deliver)

    # --- what a message means --------------------------------------------------------

    def inbound(self, message: BaseMessage) -> Inbound | None:
        """What to do with a message; None for the events that need no answer."""
        openid = message.source
        if not isinstance(openid, str) or not OPENID.match(openid):
            raise Unreadable("FromUserName is not an openid")
        conversation = conversation_id(openid)
        if message.type == "event":
            if message.event not in SUBSCRIBING:
                return None
            message_id = f"wx:{message.event}:{message.time}"
            return Inbound(conversation, message_id, lambda: self._route(
                conversation, message_id, GREETING, _metadata(), "(关注 / subscribed)", command=True))
        message_id = f"wx:{message.id}" if message.id else f"wx:{message.type}:{message.time}"
        return Inbound(conversation, message_id, self._answer_for(message, conversation, message_id))

    def _answer_for(self, message: BaseMessage, conversation: str, message_id: str):
        if message.type == "text":
            return lambda: self._on_text(conversation, message_id, message.content or "")
        if message.type == "location":
            latitude, longitude = _coordinates(message)
            return lambda: self._on_location(conversation, message_id, latitude, longitude)
        if message.type == "voice" and message.recognition:  # WeChat's speech recognition, when switched on
            return lambda: self._route(conversation, message_id, message.recognition, _metadata(voice=True),
                                       f"(语音 / voice) {message.recognition}")
        kind = MEDIA_KINDS.get(message.type, "other")
        return lambda: self._on_media(conversation, message_id, kind)

    async def _on_text(self, conversation: str, message_id: str, text: str) -> list[Reply]:
        if looks_like_token(text.strip()):  # a desk hand-off link's token, sent by a caller
            return await self._route(conversation, message_id, GREETING, _metadata(start_payload=text.strip()),
                                     "(热线链接 / hotline link)", command=True)
        choice = await self._choice(conversation, text)
        if choice is not None:
            return await self._route(conversation, message_id, choice["payload"] or choice["title"], _metadata(),
                                     f"{text.strip()}. {choice['title']}")
        return await self._route(conversation, message_id, text, _metadata())

    async def _choice(self, conversation: str, text: str) -> dict | None:
        if len(text) > 8 or not text.strip():
            return None
        offered = await in_thread(self.router.store.offered_since_last_message, conversation)
        return chosen(text, offered) if offered else None

    async def _on_location(self, conversation: str, message_id: str, latitude: float,
                           longitude: float) -> list[Reply]:
        known = await in_thread(self.router.store.conversation, conversation)
        language = reply_language((known or {}).get("language_code"))
        halls = await self.halls.nearest(latitude, longitude)
        return await self._exchange(conversation, message_id, f"(location {latitude:.4f},{longitude:.4f})",
                                    describe_halls(halls, language))

    async def _on_media(self, conversation: str, message_id: str, kind: str) -> list[Reply]:
        kind_zh, kind_en = notices.MEDIA_KINDS[kind]
        return await self._exchange(conversation, message_id, f"({kind})",
                                    notices.MEDIA_NOT_UNDERSTOOD.format(kind_zh=kind_zh, kind_en=kind_en))

    async def _route(self, conversation: str, message_id: str, text: str, metadata: dict,
                     shown: str | None = None, command: bool = False) -> list[Reply]:
        return await self.router.handle(conversation, text, metadata, shown, command, external_id=message_id)

    async def _exchange(self, conversation: str, message_id: str, shown: str, text: str) -> list[Reply]:
        reply = {"text": text}
        recorded = await self.router.record_exchange(conversation, shown, [reply], _metadata(), message_id)
        return [reply] if recorded else []

    # --- how the answer reaches the citizen --------------------------------------------

    async def answer(self, inbound: Inbound) -> str | None:
        """The passive reply's text, or None to answer "success" (the answer, if any, goes by
        customer-service message)."""
        task = self._in_background(inbound.answer())
        try:
            done, _ = await asyncio.wait({task}, timeout=self.reply_window_s)
        except asyncio.CancelledError:  # WeChat hung up: the answer goes by customer-service message
            task.add_done_callback(lambda finished: self._in_background(self._send_late(inbound, finished)))
            raise
        # shielded: once the answer is decided, WeChat hanging up must not leave it half done
        if task in done:
            return await asyncio.shield(self._answer_in_time(inbound, task.result()))
        task.add_done_callback(lambda finished: self._in_background(self._send_late(inbound, finished)))
        return await asyncio.shield(self._claim_customer_service(inbound))

    async def _answer_in_time(self, inbound: Inbound, replies: list[Reply]) -> str | None:
        if not replies:  # a repeat (or a message for the desk): give a lost passive answer again
            return await self._claim_customer_service(inbound)
        texts = text_messages(replies)
        if len(texts) == 1 and await in_thread(self.claims.claim_passive, inbound.conversation_id,
                                               inbound.message_id, texts[0]):
            return texts[0]
        self._in_background(self.customer_service.send(openid_of(inbound.conversation_id), texts))
        return None

    async def _claim_customer_service(self, inbound: Inbound) -> str | None:
        return await in_thread(self.claims.claim_customer_service, inbound.conversation_id, inbound.message_id)

    async def _send_late(self, inbound: Inbound, task: asyncio.Task) -> None:
        if task.cancelled() or task.exception() is not None:
            logger.error("wechat message %s not answered: %r", inbound.message_id,
                         None if task.cancelled() else task.exception())
            return
        await self._claim_customer_service(inbound)
        if task.result():
            await self.deliver(inbound.conversation_id, task.result())

    async def deliver(self, conversation: str, replies: list[Reply]) -> None:
        """Replies produced later (slow answers, retries after an outage, staff) as customer-service messages."""
        texts = text_messages(replies)
        if texts:
            await self.customer_service.send(openid_of(conversation), texts)

    def _in_background(self, coroutine) -> asyncio.Task:
        task = asyncio.ensure_future(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    async def close(self, grace_s: float = 5) -> None:
        """Lets answers on their way reach WeChat first."""
        if self._background:
            await asyncio.wait(list(self._background), timeout=grace_s)
        for task in list(self._background):
            task.cancel()
        self.customer_service.close()
