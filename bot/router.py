"""The one path every channel's messages take to Rasa and back.

Every incoming message and every reply is stored. A conversation in hand-off is
diverted: its messages are stored and handed to the hand-off listeners (the
desk), not to Rasa. When Rasa is unavailable the citizen is told and the message
stays pending; `retry_pending` (run in a loop by the app) sends it again later
and delivers the replies through the conversation's channel.

Several gateway processes may share the database: a conversation's messages go to
Rasa from one process at a time (a lease in the database, which runs out if the
process dies), each message carries its key so that Rasa answers a message sent
again from its tracker instead of handling it twice, and a message a channel sends
again (same channel id) is stored once.
"""
import asyncio
import collections
import logging
import uuid
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot import notices, payloads
from bot.message_text import clean
from bot.periodic import repeat
from bot.rasa_client import RasaClient, RasaUnavailable, Reply, Understanding
from bot.store import DATABASE_DOWN, in_thread
from bot.store.message_store import MessageStore, PendingMessage
from bot.store.models import DIVERTED, HANDOFF_BOT, NOTICE
from privacy.masking import mask_personal_data

logger = logging.getLogger(__name__)

# Sends replies produced outside a channel's own request (retries, staff) to the citizen.
Deliver = Callable[[str, list[Reply]], Awaitable[None]]
# Called with (conversation_id, stored message) for every message of a conversation in hand-off.
HandoffListener = Callable[[str, dict[str, Any]], Awaitable[None]]
# Sees (conversation_id, metadata, replies) of every Rasa answer before it is stored; returns the replies
# to keep (the desk turns a hand-off request into the citizen's waiting notice).
AnswerHook = Callable[[str, dict[str, Any], list["Reply"]], Awaitable[list["Reply"]]]
# (conversation id, stored message id, what Rasa understood)
UnderstandingListener = Callable[[str, int, Understanding], Awaitable[None]]
# Sees (conversation_id, text) of a message before Rasa does; replies to answer it in the gateway
# instead (e.g. a satisfaction rating), or None to pass it on.
Interceptor = Callable[[str, str], Awaitable[list["Reply"] | None]]

MESSAGE_KEY = "message_key"     # Rasa's tracker keeps it with the message (rasa_addons.replay)
LEASE_POLL_S = 0.2
UNSTORED_LIMIT = 10_000
# What SQLAlchemy raises while the database cannot be reached.
@dataclass(frozen=True)
class Incoming:
    """A citizen's message as a channel handed it over."""
    conversation_id: str
    raw_text: str
    metadata: dict[str, Any]
    display_text: str | None = None
    command: bool = False
    external_id: str | None = None


def channel_of(conversation_id: str) -> str:
    return conversation_id.split(":", 1)[0]


class Router:
    def __init__(self, rasa: RasaClient, store: MessageStore, max_message_chars: int,
                 lease_s: float = 20.0) -> None:
        self.rasa = rasa
        self.store = store
        self.max_message_chars = max_message_chars
        self.owner = uuid.uuid4().hex    # this process, as holder of conversation leases
        self.lease_s = lease_s
        self._channels: dict[str, Deliver] = {}
        self._handoff_listeners: list[HandoffListener] = []
        self._answer_hooks: list[AnswerHook] = []
        self._understanding_listeners: list[UnderstandingListener] = []
        self._interceptors: list[Interceptor] = []
        # One lock per conversation keeps its messages in order; unused locks are dropped.
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        # Unmasked text of pending messages: the store only has the masked text.
        self._pending_text: dict[int, str] = {}
        # Messages that arrived while the database was unreachable, oldest first.
        self._unstored: collections.deque[Incoming] = collections.deque()
        self._background: set = set()
        # The latest task recording what Rasa understood, per conversation (WeakValue: dropped when done).
        self._recording: weakref.WeakValueDictionary[str, asyncio.Task] = weakref.WeakValueDictionary()

    # --- subscriptions -------------------------------------------------------------

    def register_channel(self, channel: str, deliver: Deliver) -> None:
        self._channels[channel] = deliver

    def on_handoff_message(self, listener: HandoffListener) -> None:
        self._handoff_listeners.append(listener)

    def on_answer(self, hook: AnswerHook) -> None:
        self._answer_hooks.append(hook)

    def on_understood(self, listener: UnderstandingListener) -> None:
        """Hears what Rasa understood of each citizen message, once it is stored."""
        self._understanding_listeners.append(listener)

    def intercept(self, interceptor: Interceptor) -> None:
        """Lets `interceptor` answer a message (a payload only if it was offered) before Rasa sees it."""
        self._interceptors.append(interceptor)

    # --- incoming ------------------------------------------------------------------

    async def handle(self, conversation_id: str, raw_text: str, metadata: dict[str, Any],
                     display_text: str | None = None, command: bool = False,
                     external_id: str | None = None) -> list[Reply]:
        """Answers one incoming message of a conversation (`<channel>:<id>`). `command` marks a
        payload the channel made from one of its own commands; other payloads count only when
        this conversation was offered them as a button. `external_id` is the channel's id of
        the message: sent again, it is neither stored nor answered again."""
        incoming = Incoming(conversation_id, raw_text, metadata, display_text, command, external_id)
        async with self._lock(conversation_id):
            if any(waiting.conversation_id == conversation_id for waiting in self._unstored):
                return self._keep_unstored(incoming)  # behind this conversation's earlier ones
            return await self._handle(incoming)

    async def _handle(self, incoming: "Incoming") -> list[Reply]:
        conversation_id, metadata = incoming.conversation_id, incoming.metadata
        message = clean(incoming.raw_text, self.max_message_chars)
        if message.notice:
            return await self._answer_with_notice(conversation_id, message.text[:self.max_message_chars],
                                                  message.notice, metadata)
        try:
            text = message.text if incoming.command else await self._typed_or_offered(conversation_id, message.text)
            intercepted = await self._intercepted(conversation_id, text)
            if intercepted is not None:
                return await self._answer_in_gateway(incoming, text, intercepted)
            received = await self._db(self.store.receive, conversation_id, text, metadata, incoming.display_text,
                                      incoming.external_id)
        except DATABASE_DOWN as error:
            logger.warning("database unavailable, message kept in memory: %s", type(error).__name__)
            return self._keep_unstored(incoming)
        if received.duplicate:
            return []  # answered, or being answered, the first time it came (pages read the history)
        if received.handoff_state != HANDOFF_BOT:
            await self._notify_handoff(conversation_id, received.message_id)
            return []
        self._pending_text[received.message_id] = text
        try:
            if not await self._wait_for_lease(conversation_id):
                return await self._tell_kept(conversation_id)
            return await self._flush_pending(conversation_id, received.pending, first_try=received.message_id)
        except DATABASE_DOWN as error:  # stored and pending: the retry loop sends it when the database is back
            logger.warning("database unavailable after a message was stored: %s", type(error).__name__)
            return [{"text": notices.ASSISTANT_UNAVAILABLE}]

    def _keep_unstored(self, incoming: "Incoming") -> list[Reply]:
        """Keeps a message the database could not take, in arrival order; the retry loop stores
        and answers it once the database is back (lost only if this process dies meanwhile)."""
        if len(self._unstored) >= UNSTORED_LIMIT:
            logger.error("too many messages waiting for the database; one was dropped")
            self._unstored.popleft()
        self._unstored.append(incoming)
        return [{"text": notices.ASSISTANT_UNAVAILABLE}]

    async def _store_unstored(self) -> bool:
        """False while the database is still away."""
        while self._unstored:
            incoming = self._unstored[0]
            async with self._lock(incoming.conversation_id):
                if self._unstored and self._unstored[0] is incoming:
                    self._unstored.popleft()
                replies = await self._handle(incoming)
                if self._unstored and self._unstored[-1] is incoming:
                    self._unstored.pop()
                    self._unstored.appendleft(incoming)  # the database is still away: first in line again
                    return False
            await self._deliver(incoming.conversation_id, replies)
        return True

    async def after_turn(self, conversation_id: str, job: Callable[[], Awaitable[None]]) -> None:
        """Runs `job` once the message being answered in this conversation is stored and sent."""
        async def when_free() -> None:
            recording = self._recording.get(conversation_id)
            if recording is not None:
                await asyncio.wait([recording])  # what Rasa understood is stored (and heard) first
            async with self._lock(conversation_id):
                await job()
        self._in_background(when_free())

    async def reply(self, conversation_id: str, replies: list[Reply]) -> list[int]:
        """Stores replies that did not come from Rasa (e.g. staff) and delivers them; returns their ids."""
        await self._db(self.store.touch_conversation, conversation_id)
        message_ids = await self._db(self.store.add_replies, conversation_id, replies)
        await self._deliver(conversation_id, replies)
        return message_ids

    async def reply_with_answer(self, conversation_id: str, answer: list[Reply]) -> list[int]:
        """Stores and delivers an answer Rasa gave outside a citizen's turn (staff started the bot at a
        step), after the hooks that see every answer (hand-offs, rating asks ...)."""
        return await self.reply(conversation_id, await self._apply_answer_hooks(conversation_id, {}, answer))

    async def push(self, conversation_id: str, replies: list[Reply]) -> bool:
        """Sends replies that are already stored to the conversation's channel; False when the
        channel has no sender of its own (the web chat reads them from its history)."""
        if channel_of(conversation_id) not in self._channels:
            return False
        await self._deliver(conversation_id, replies)
        return True

    async def record_exchange(self, conversation_id: str, text: str, replies: list[Reply],
                              metadata: dict[str, Any], external_id: str | None = None) -> bool:
        """Stores something a channel answered by itself (media, location, commands); False, with
        nothing stored, when the channel sent this message (`external_id`) before."""
        async with self._lock(conversation_id):
            await self._db(self.store.touch_conversation, conversation_id, metadata.get("language_code"))
            if await self._db(self.store.add_inbound, conversation_id, text, NOTICE, metadata, None,
                              external_id) is None:
                return False
            await self._db(self.store.add_replies, conversation_id, replies)
            return True

    # --- retries -------------------------------------------------------------------

    async def retry_pending(self) -> int:
        """Stores what arrived while the database was away, sends pending messages to Rasa
        again; returns how many conversations got answered."""
        if not await self._store_unstored():
            return 0
        answered = 0
        pending = await self._db(self.store.pending)
        for conversation_id in dict.fromkeys(item.conversation_id for item in pending):
            async with self._lock(conversation_id):
                if not await self._db(self.store.take_lease, conversation_id, self.owner, self.lease_s):
                    continue  # another gateway process is sending them
                if await self._handed_off(conversation_id):
                    await self._divert_pending(conversation_id)
                    await self._db(self.store.release_lease, conversation_id, self.owner)
                    continue
                replies = await self._flush_pending(conversation_id, tell_unavailable=False)
            if replies:
                answered += 1
                await self._deliver(conversation_id, replies)
        return answered

    async def run_retry_loop(self, interval_s: float) -> None:
        await asyncio.sleep(interval_s)
        await repeat(self.retry_pending, interval_s, "retry pass")

    # --- internals -----------------------------------------------------------------

    async def _typed_or_offered(self, conversation_id: str, text: str) -> str:
        if not payloads.looks_like_payload(text):
            return text
        offered = await self._db(self.store.offered_payloads, conversation_id)
        return text if payloads.is_offered(text, offered) else payloads.as_text(text)

    def _lock(self, conversation_id: str) -> asyncio.Lock:
        lock = self._locks.get(conversation_id)
        if lock is None:
            lock = self._locks[conversation_id] = asyncio.Lock()
        return lock

    async def _wait_for_lease(self, conversation_id: str) -> bool:
        """Waits while another gateway process sends this conversation's earlier messages."""
        deadline = asyncio.get_running_loop().time() + self.lease_s
        while not await self._db(self.store.take_lease, conversation_id, self.owner, self.lease_s):
            if asyncio.get_running_loop().time() > deadline:
                return False
            await asyncio.sleep(LEASE_POLL_S)
        return True

    async def _tell_kept(self, conversation_id: str) -> list[Reply]:
        notice = [{"text": notices.ASSISTANT_UNAVAILABLE}]
        await self._db(self.store.add_replies, conversation_id, notice)
        return notice

    async def _flush_pending(self, conversation_id: str, pending: list[PendingMessage] | None = None,
                             tell_unavailable: bool = True, first_try: int | None = None) -> list[Reply]:
        """Sends the conversation's pending messages in order (under this process's lease, which
        it gives back); stops at the first failure. Every message but `first_try` may have
        reached Rasa before and is sent as a retry."""
        replies: list[Reply] = []
        if pending is None:
            pending = await self._db(self.store.pending_of, conversation_id)
        try:
            for item in pending:
                await self._db(self.store.take_lease, conversation_id, self.owner, self.lease_s)
                try:
                    answer = await self._send(item, retry=item.id != first_try)
                except RasaUnavailable as error:
                    logger.warning("rasa unavailable for %s: %s", conversation_id, error)
                    if tell_unavailable:
                        replies.extend(await self._tell_kept(conversation_id))
                    return replies
                replies.extend(answer)
            return replies
        finally:
            await self._db(self.store.release_lease, conversation_id, self.owner)

    async def _send(self, item: PendingMessage, retry: bool) -> list[Reply]:
        text = self._pending_text.get(item.id, item.text)
        metadata = {**item.metadata, MESSAGE_KEY: f"g{item.id}", **({"retry": True} if retry else {})}
        answer = await self.rasa.send(item.conversation_id, text, metadata)
        self._pending_text.pop(item.id, None)
        answer = await self._apply_answer_hooks(item.conversation_id, item.metadata, answer)
        await self._db(self.store.record_answer, item.id, item.conversation_id, answer)
        self._recording[item.conversation_id] = self._in_background(
            self._record_understanding(item.id, item.conversation_id, text))
        return answer

    async def _apply_answer_hooks(self, conversation_id: str, metadata: dict[str, Any],
                                  answer: list[Reply]) -> list[Reply]:
        for hook in self._answer_hooks:
            try:
                answer = await hook(conversation_id, metadata, answer)
            except Exception:
                logger.exception("answer hook failed for %s", conversation_id)
        return answer

    async def _record_understanding(self, message_id: int, conversation_id: str, text: str) -> None:
        understanding = await self.rasa.latest_understanding(conversation_id)
        # Rasa's store keeps the text masked
        if understanding is None or mask_personal_data(understanding.text) != mask_personal_data(text):
            return  # a later message overtook this one: leave intent unknown rather than wrong
        await self._db(self.store.set_intent, message_id, understanding.intent, understanding.confidence,
                       understanding.language)
        for listener in self._understanding_listeners:
            try:
                await listener(conversation_id, message_id, understanding)
            except Exception:
                logger.exception("understanding listener failed for %s", conversation_id)

    async def _handed_off(self, conversation_id: str) -> bool:
        conversation = await self._db(self.store.conversation, conversation_id)
        return bool(conversation) and conversation["handoff_state"] != HANDOFF_BOT

    async def _divert_pending(self, conversation_id: str) -> None:
        """Staff took over while these waited for Rasa: they go to the desk instead."""
        for item in await self._db(self.store.pending_of, conversation_id):
            self._pending_text.pop(item.id, None)
            await self._db(self.store.set_status, item.id, DIVERTED)
            await self._notify_handoff(conversation_id, item.id)

    async def _intercepted(self, conversation_id: str, text: str) -> list[Reply] | None:
        for interceptor in self._interceptors:
            replies = await interceptor(conversation_id, text)
            if replies is not None:
                return replies
        return None

    async def _answer_in_gateway(self, incoming: "Incoming", text: str, replies: list[Reply]) -> list[Reply]:
        """Stores a message an interceptor answered, and its answer (nothing when the channel sent it before)."""
        conversation_id, metadata = incoming.conversation_id, incoming.metadata
        await self._db(self.store.touch_conversation, conversation_id, metadata.get("language_code"))
        if await self._db(self.store.add_inbound, conversation_id, text, NOTICE, metadata, incoming.display_text,
                          incoming.external_id) is None:
            return []
        await self._db(self.store.add_replies, conversation_id, replies)
        return replies

    async def _answer_with_notice(self, conversation_id: str, text: str, notice: str,
                                  metadata: dict[str, Any]) -> list[Reply]:
        replies = [{"text": notice}]
        await self._db(self.store.touch_conversation, conversation_id, metadata.get("language_code"))
        await self._db(self.store.add_inbound, conversation_id, text, NOTICE, metadata)
        await self._db(self.store.add_replies, conversation_id, replies)
        return replies

    async def _notify_handoff(self, conversation_id: str, message_id: int) -> None:
        stored = await self._db(self.store.message, message_id)
        for listener in self._handoff_listeners:
            try:
                await listener(conversation_id, stored)
            except Exception:
                logger.exception("hand-off listener failed for %s", conversation_id)

    async def _deliver(self, conversation_id: str, replies: list[Reply]) -> None:
        deliver = self._channels.get(channel_of(conversation_id))
        if deliver and replies:
            await deliver(conversation_id, replies)

    def _in_background(self, coroutine) -> asyncio.Task:
        task = asyncio.ensure_future(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    _db = staticmethod(in_thread)
