"""What staff do with a ticket, carried to the citizen, to Rasa and to the consoles: take a
conversation in, claim, reply, note, transfer, resolve, hand back to the bot at a chosen step."""
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.desk.accounts import StaffMember
from bot.desk.errors import Missing, NotAllowed, RasaRefused, StateConflict
from bot.desk.events import EventHub
from bot.desk.hotline import texts
from bot.desk.hotline.handoffs import HandOffs
from bot.desk.hotline.rasa_control import pause, quietly, resume_after_desk
from bot.desk.hotline.tickets import TicketStore
from bot.desk.models import ACTIVE, CALLBACK, WAITING
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.router import Router
from bot.store import in_thread
from bot.store.message_store import MessageStore
from bot.store.models import HANDOFF_BOT, HANDOFF_HUMAN

logger = logging.getLogger(__name__)


async def existing_ticket(tickets: TicketStore, ticket_id: int) -> dict[str, Any]:
    ticket = await in_thread(tickets.get, ticket_id)
    if ticket is None:
        raise Missing("no such ticket")
    return ticket


async def claimed_ticket(tickets: TicketStore, ticket_id: int, staff: StaffMember,
                         allow_callback: bool = False) -> dict[str, Any]:
    """The ticket, when this staff member works on it: its claimer, or a supervisor."""
    ticket = await existing_ticket(tickets, ticket_id)
    if allow_callback and ticket["state"] == CALLBACK:
        return ticket
    if ticket["state"] != ACTIVE:
        raise StateConflict("the ticket is not claimed")
    if ticket["claimed_by"] != staff.id and staff.role != "supervisor":
        raise NotAllowed("claimed by someone else")
    return ticket


class StaffActions:
    def __init__(self, router: Router, store: MessageStore, tickets: TicketStore, rasa: RasaClient,
                 handoffs: HandOffs, hub: EventHub) -> None:
        self.router = router
        self.store = store
        self.tickets = tickets
        self.rasa = rasa
        self.handoffs = handoffs
        self.hub = hub
        # called with the ticket after staff resolved it (e.g. the satisfaction question)
        self.resolved_listeners: list[Callable[[dict[str, Any]], Awaitable[None]]] = []

    async def open_by_staff(self, conversation_id: str, topic: str | None, staff: StaffMember) -> dict[str, Any]:
        """A staff member takes a conversation into the desk (e.g. a supervisor watching)."""
        if await in_thread(self.store.conversation, conversation_id) is None:
            raise Missing("no such conversation")
        await pause(self.rasa, conversation_id)
        replies = await self.handoffs.hand_off(conversation_id, "staff", topic, opened_by=staff)
        await self.router.reply(conversation_id, replies)
        return await in_thread(self.tickets.open_ticket_of, conversation_id)

    async def claim(self, ticket_id: int, staff: StaffMember) -> dict[str, Any]:
        ticket = await existing_ticket(self.tickets, ticket_id)
        if not await in_thread(self.tickets.claim, ticket_id, staff.id):
            raise StateConflict("already claimed or closed")
        await self._tell(ticket, "claimed", name=staff.username)
        return await self._changed(ticket_id)

    async def reply(self, ticket_id: int, staff: StaffMember, text: str) -> dict[str, Any]:
        ticket = await claimed_ticket(self.tickets, ticket_id, staff)
        message_ids = await self.router.reply(ticket["conversation_id"], [{"text": text}])
        event = await in_thread(self.tickets.add_event, ticket_id, "reply", staff.id, None, message_ids[0])
        stored = await in_thread(self.store.message, message_ids[0])
        self.hub.publish("message", {"conversation_id": ticket["conversation_id"], "ticket_id": ticket_id,
                                     "message": {**stored, "who": "staff", "staff": staff.username}})
        return event

    async def note(self, ticket_id: int, staff: StaffMember, text: str) -> dict[str, Any]:
        await existing_ticket(self.tickets, ticket_id)
        event = await in_thread(self.tickets.add_event, ticket_id, "note", staff.id, text)
        self.hub.publish("note", {**event, "staff": staff.username})
        return event

    async def transfer(self, ticket_id: int, staff: StaffMember, team: str) -> dict[str, Any]:
        ticket = await existing_ticket(self.tickets, ticket_id)
        if ticket["state"] != WAITING:
            ticket = await claimed_ticket(self.tickets, ticket_id, staff)
        if not await in_thread(self.tickets.transfer, ticket_id, staff.id, team):
            raise StateConflict("the ticket is closed")
        await self._tell(ticket, "transferred", team=team)
        return await self._changed(ticket_id)

    async def resolve(self, ticket_id: int, staff: StaffMember) -> dict[str, Any]:
        ticket = await claimed_ticket(self.tickets, ticket_id, staff, allow_callback=True)
        back_to_bot = ticket["state"] != CALLBACK   # a call-back's conversation never left the bot
        if back_to_bot:
            await resume_after_desk(self.rasa, ticket["conversation_id"])
        if not await in_thread(self.tickets.resolve, ticket_id, staff.id):
            raise StateConflict("the ticket is closed")
        if back_to_bot:
            await in_thread(self.store.set_handoff_state, ticket["conversation_id"], HANDOFF_BOT)
            await self._tell(ticket, "bot_back")
        resolved = await self._changed(ticket_id)
        await self._notify_resolved(resolved)
        return resolved

    async def hand_back(self, ticket_id: int, staff: StaffMember, intent: str) -> dict[str, Any]:
        """Resolves and starts the bot at a chosen step (an intent, e.g. medical_remote_filing)."""
        ticket = await claimed_ticket(self.tickets, ticket_id, staff)
        conversation_id = ticket["conversation_id"]
        await resume_after_desk(self.rasa, conversation_id)
        await in_thread(self.store.set_handoff_state, conversation_id, HANDOFF_BOT)
        try:
            replies = await self.rasa.trigger_intent(conversation_id, intent)
        except RasaUnavailable as error:
            await in_thread(self.store.set_handoff_state, conversation_id, HANDOFF_HUMAN)
            await quietly(self.rasa.pause(conversation_id), "pause", conversation_id)
            raise RasaRefused(f"Rasa did not start {intent}: {error}") from error
        await in_thread(self.tickets.resolve, ticket_id, staff.id, "handed_back", intent)
        if replies:
            await self.router.reply_with_answer(conversation_id, replies)
        else:
            await self._tell(ticket, "bot_back")
        return await self._changed(ticket_id)

    async def _tell(self, ticket: dict[str, Any], text: str, **values) -> None:
        """Sends the citizen one of the desk's texts, in the ticket's language."""
        await self.router.reply(ticket["conversation_id"], [{"text": texts.say(text, ticket["language"], **values)}])

    async def _changed(self, ticket_id: int) -> dict[str, Any]:
        ticket = await existing_ticket(self.tickets, ticket_id)
        self.hub.publish("ticket", ticket)
        return ticket

    async def _notify_resolved(self, ticket: dict[str, Any]) -> None:
        for listener in self.resolved_listeners:
            try:
                await listener(ticket)
            except Exception:
                logger.exception("resolve listener failed for ticket %s", ticket["id"])
