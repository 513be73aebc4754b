"""Feeds the trainers' curation inbox from the chat: messages the NLU was unsure about or that fell
back (as Rasa's understanding arrives), the messages that led to a hand-off, and messages an agent
flags. Publishes each change to the desk's live stream."""
import logging
from typing import Any

from bot.desk.events import EventHub
from bot.rasa_client import Understanding
from bot.store import in_thread
from bot.store.message_store import MessageStore
from bot.store.models import INBOUND
from curation.inbox import FLAGGED, HANDOFF, CurationInbox, NotFlaggable, Sighting, UnknownMessage, inbox_reason

logger = logging.getLogger(__name__)
HANDOFF_LOOKBACK = 3
# Messages that say nothing a trainer could learn from when they precede a hand-off.
NOT_INSTRUCTIVE = ("request_human", "greet", "goodbye", "thank", "affirm", "deny", "inform", "cancel")


def _typed(message: dict[str, Any]) -> bool:
    text = (message.get("text") or "").strip()
    return bool(text) and not text.startswith("/")


def _sighting(message: dict[str, Any], language: str | None = None,
              understanding: Understanding | None = None) -> Sighting:
    predicted, confidence = message.get("intent"), message.get("confidence")
    if understanding is not None:
        predicted, confidence = understanding.predicted_intent, understanding.predicted_confidence
    return Sighting(text=message["text"], conversation_id=message["conversation_id"], message_id=message["id"],
                    predicted_intent=predicted, confidence=confidence, language=language)


class TrainerFeed:
    def __init__(self, inbox: CurationInbox, store: MessageStore, hub: EventHub, threshold: float) -> None:
        self.inbox = inbox
        self.store = store
        self.hub = hub
        self.threshold = threshold

    async def on_understood(self, conversation_id: str, message_id: int, understanding: Understanding) -> None:
        reason = inbox_reason(understanding.intent, understanding.predicted_confidence, self.threshold)
        if reason is None:
            return
        message = await in_thread(self.store.message, message_id)
        if message and _typed(message):
            await self._add(_sighting(message, understanding.message_language, understanding), reason)

    async def on_handoff(self, conversation_id: str) -> None:
        """The citizen's typed messages that led up to the hand-off, chit-chat left out. The message
        that triggered it (转人工, a second fallback …) is not yet understood; `on_understood` sees it."""
        latest = await in_thread(self.store.latest_inbound, conversation_id, HANDOFF_LOOKBACK + 1)
        for message in latest[1:]:
            if _typed(message) and message.get("intent") not in NOT_INSTRUCTIVE:
                await self._add(_sighting(message), HANDOFF)

    async def flag(self, message_id: int) -> dict[str, Any]:
        """An agent marks a citizen message for the trainers."""
        message = await in_thread(self.store.message, message_id)
        if message is None or message["direction"] != INBOUND:
            raise UnknownMessage("no such citizen message")
        if not _typed(message):
            raise NotFlaggable("only typed messages can be flagged")
        return await self._add(_sighting(message), FLAGGED)

    async def _add(self, sighting: Sighting, reason: str) -> dict[str, Any]:
        item = await in_thread(self.inbox.add, sighting, reason)
        self.hub.publish("curation", item)
        return item
