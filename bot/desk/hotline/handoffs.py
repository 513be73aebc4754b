"""Conversations coming to the desk: Rasa's hand-off requests become tickets in a team's queue (a
call-back request outside working hours) and the citizen's waiting notice; a phone → chat link's token
starts its matter. The consoles hear of each."""
import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.desk.accounts import StaffMember
from bot.desk.events import EventHub
from bot.desk.hotline import texts
from bot.desk.hotline.hours import WorkingHours
from bot.desk.hotline.links import LinkStore, looks_like_token
from bot.desk.hotline.rasa_control import quietly
from bot.desk.hotline.tickets import TicketStore
from bot.desk.models import CALLBACK, WAITING
from bot.desk.teams import REASONS, team_for
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.router import Reply, Router
from bot.store import in_thread
from bot.store.message_store import MessageStore
from bot.store.models import HANDOFF_HUMAN

logger = logging.getLogger(__name__)

DEFAULT_MINUTES_PER_CITIZEN = 3
AFTER_HOURS_WORK_ORDER_PAYLOAD = "/complaint"
# Answers are stored right after the hook runs; consoles re-read a followed transcript after this.
ACTIVITY_DELAY_S = 0.3


def handoff_request(replies: list[Reply]) -> dict[str, Any] | None:
    """The hand-off payload Rasa sent (action_handoff), if any."""
    for reply in replies:
        custom = reply.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("handoff"), dict):
            return custom["handoff"]
    return None


def _without_handoff(replies: list[Reply]) -> list[Reply]:
    return [reply for reply in replies if not (isinstance(reply.get("custom"), dict)
                                               and "handoff" in reply["custom"])]


class HandOffs:
    def __init__(self, router: Router, store: MessageStore, tickets: TicketStore, links: LinkStore,
                 rasa: RasaClient, hours: WorkingHours, hub: EventHub) -> None:
        self.store = store
        self.tickets = tickets
        self.links = links
        self.rasa = rasa
        self.hours = hours
        self.hub = hub
        self._background: set = set()
        # called with the conversation id after the bot handed a conversation over (e.g. the trainers' inbox)
        self.handoff_listeners: list[Callable[[str], Awaitable[None]]] = []
        router.on_answer(self.on_answer)
        router.on_handoff_message(self.on_handoff_message)

    async def on_answer(self, conversation_id: str, metadata: dict[str, Any], replies: list[Reply]) -> list[Reply]:
        """Sees every Rasa answer before it is stored and sent: hand-off requests and link openings."""
        self._later(self._announce_activity(conversation_id))
        start_payload = metadata.get("start_payload")
        if looks_like_token(start_payload):
            return await self._open_link(conversation_id, start_payload, metadata, replies)
        request = handoff_request(replies)
        if request is None:
            return replies
        reason = request["reason"] if request.get("reason") in REASONS else "request_human"
        for listener in self.handoff_listeners:
            self._later(listener(conversation_id))
        return _without_handoff(replies) + await self.hand_off(conversation_id, reason, request.get("topic"),
                                                               language=request.get("language"))

    async def on_handoff_message(self, conversation_id: str, message: dict[str, Any]) -> None:
        ticket = await in_thread(self.tickets.open_ticket_of, conversation_id)
        self.hub.publish("message", {"conversation_id": conversation_id, "ticket_id": ticket and ticket["id"],
                                     "message": {**message, "who": "citizen"}})

    async def hand_off(self, conversation_id: str, reason: str, topic: str | None,
                       opened_by: StaffMember | None = None, language: str | None = None) -> list[Reply]:
        """Opens a ticket (Rasa has paused the conversation) and returns what the citizen is told,
        in the reply language Rasa names, else the conversation's."""
        conversation = await in_thread(self.store.conversation, conversation_id) or {}
        language = language or conversation.get("language_code")
        team = team_for(topic)
        if opened_by is None and not self.hours.is_open():
            return await self._after_hours(conversation_id, reason, team, language)
        ticket = await in_thread(self.tickets.open, conversation_id, team, reason, language, WAITING,
                                 opened_by and opened_by.id)
        await in_thread(self.store.set_handoff_state, conversation_id, HANDOFF_HUMAN)
        self.hub.publish("ticket", ticket)
        ahead = await in_thread(self.tickets.waiting_ahead, ticket["id"], ticket["team"])
        minutes = await self._expected_wait_minutes(ticket["team"], ahead)
        return [{"text": texts.say("queued", language, team=ticket["team"], ahead=ahead, minutes=minutes)}]

    async def _expected_wait_minutes(self, team: str, ahead: int) -> int:
        """Today's average wait of the team for each citizen in front and this one; a default before any."""
        average_s = await in_thread(self.tickets.average_wait_s, team, self.hours.day_start())
        per_citizen = average_s / 60 if average_s is not None else DEFAULT_MINUTES_PER_CITIZEN
        return max(1, round((ahead + 1) * per_citizen))

    async def _after_hours(self, conversation_id: str, reason: str, team: str,
                           language: str | None) -> list[Reply]:
        """No one to take over: a call-back request is queued and the bot carries on."""
        ticket = await in_thread(self.tickets.open, conversation_id, team, reason, language, CALLBACK)
        self.hub.publish("ticket", ticket)
        await quietly(self.rasa.resume(conversation_id), "resume", conversation_id)
        button = {"title": texts.say("after_hours_button", language), "payload": AFTER_HOURS_WORK_ORDER_PAYLOAD}
        return [{"text": texts.say("after_hours", language, hours=self.hours.spec), "buttons": [button]}]

    async def _open_link(self, conversation_id: str, token: str, metadata: dict[str, Any],
                         replies: list[Reply]) -> list[Reply]:
        """A phone caller opened the chat with a link's token: welcome, the agent's note, the matter started."""
        link = await in_thread(self.links.redeem, token, conversation_id)
        language = metadata.get("language_code")
        if link is None:
            return [{"text": texts.say("link_invalid", language)}]
        welcome = [{"text": texts.say("link_welcome", language)}]
        if link["note"]:
            welcome.append({"text": texts.say("link_note", language, note=link["note"])})
        self.hub.publish("link", link)
        try:
            return welcome + await self.rasa.trigger_intent(conversation_id, link["matter"])
        except RasaUnavailable as error:
            logger.warning("link matter %s not started for %s: %s", link["matter"], conversation_id, error)
            return welcome + replies

    async def _announce_activity(self, conversation_id: str) -> None:
        await asyncio.sleep(ACTIVITY_DELAY_S)
        self.hub.publish("activity", {"conversation_id": conversation_id})

    def _later(self, coroutine) -> None:
        task = asyncio.ensure_future(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
