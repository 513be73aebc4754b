"""The desk's behaviour: opens hand-offs when Rasa asks for a person, carries staff actions to the
citizen and to Rasa (pause, resume, trigger an intent), redeems phone → chat links, and tells the
consoles what changed."""
import asyncio
import logging
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable, Dict, List, Optional

from sanic.exceptions import SanicException

from bot.desk import texts
from bot.desk.accounts import StaffMember
from bot.desk.events import EventHub
from bot.desk.hours import WorkingHours
from bot.desk.links import LinkStore, looks_like_token
from bot.desk.models import CALLBACK, WAITING
from bot.desk.rasa_api import RasaApi, RasaApiError
from bot.desk.teams import REASONS, team_for
from bot.desk.tickets import TicketStore
from privacy.masking import mask_nested
from bot.router import Reply, Router
from bot.store import in_thread
from bot.store.message_store import MessageStore
from bot.store.models import HANDOFF_BOT, HANDOFF_HUMAN

logger = logging.getLogger(__name__)

DEFAULT_MINUTES_PER_CITIZEN = 3
AFTER_HOURS_WORK_ORDER_PAYLOAD = "/complaint"
HIDDEN_SLOTS = ("otp",)
# what a conversation keeps when staff give it back to the bot: the reply language and a verification
# (masked; the platform still decides whether it is valid)
SLOTS_AFTER_DESK = ("language", "language_explicit", "identity_verified", "identity_status", "id_number", "phone")
_REPLY_FIELDS = ("text", "buttons", "image", "attachment")
# Answers are stored right after the hook runs; consoles re-read a followed transcript after this.
ACTIVITY_DELAY_S = 0.3


class DeskError(SanicException):
    """A staff action that cannot be done; status is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message, status_code=status)
        self.status = status


def handoff_request(replies: List[Reply]) -> Optional[Dict[str, Any]]:
    """The hand-off payload Rasa sent (action_handoff), if any."""
    for reply in replies:
        custom = reply.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("handoff"), dict):
            return custom["handoff"]
    return None


def _without_handoff(replies: List[Reply]) -> List[Reply]:
    return [reply for reply in replies if not (isinstance(reply.get("custom"), dict)
                                               and "handoff" in reply["custom"])]


def _as_reply(message: Dict[str, Any]) -> Reply:
    return {key: message[key] for key in _REPLY_FIELDS if message.get(key)}


class Desk:
    def __init__(self, router: Router, store: MessageStore, tickets: TicketStore, links: LinkStore,
                 rasa: RasaApi, hours: WorkingHours, hub: EventHub) -> None:
        self.router = router
        self.store = store
        self.tickets = tickets
        self.links = links
        self.rasa = rasa
        self.hours = hours
        self.hub = hub
        self._background: set = set()
        # called with the conversation id after the bot handed a conversation over (e.g. the trainers' inbox)
        self.handoff_listeners: List[Callable[[str], Awaitable[None]]] = []
        # called with the ticket after staff resolved it (e.g. the satisfaction question)
        self.resolved_listeners: List[Callable[[Dict[str, Any]], Awaitable[None]]] = []
        router.on_answer(self.on_answer)
        router.on_handoff_message(self.on_handoff_message)

    # --- from the router -----------------------------------------------------------

    async def on_answer(self, conversation_id: str, metadata: Dict[str, Any], replies: List[Reply]) -> List[Reply]:
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

    async def on_handoff_message(self, conversation_id: str, message: Dict[str, Any]) -> None:
        ticket = await in_thread(self.tickets.open_ticket_of, conversation_id)
        self.hub.publish("message", {"conversation_id": conversation_id, "ticket_id": ticket and ticket["id"],
                                     "message": {**message, "who": "citizen"}})

    # --- hand-off ------------------------------------------------------------------

    async def hand_off(self, conversation_id: str, reason: str, topic: Optional[str],
                       opened_by: Optional[StaffMember] = None, language: Optional[str] = None) -> List[Reply]:
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
        average_s = await in_thread(self.tickets.average_wait_s, team, self.day_start())
        per_citizen = average_s / 60 if average_s is not None else DEFAULT_MINUTES_PER_CITIZEN
        return max(1, round((ahead + 1) * per_citizen))

    async def _after_hours(self, conversation_id: str, reason: str, team: str,
                           language: Optional[str]) -> List[Reply]:
        """No one to take over: a call-back request is queued and the bot carries on."""
        ticket = await in_thread(self.tickets.open, conversation_id, team, reason, language, CALLBACK)
        self.hub.publish("ticket", ticket)
        await self._resume_quietly(conversation_id)
        button = {"title": texts.say("after_hours_button", language), "payload": AFTER_HOURS_WORK_ORDER_PAYLOAD}
        return [{"text": texts.say("after_hours", language, hours=self.hours.spec), "buttons": [button]}]

    async def open_by_staff(self, conversation_id: str, topic: Optional[str], staff: StaffMember) -> Dict[str, Any]:
        """A staff member takes a conversation into the desk (e.g. a supervisor watching)."""
        if await in_thread(self.store.conversation, conversation_id) is None:
            raise DeskError(404, "no such conversation")
        try:
            await self.rasa.pause(conversation_id)
        except RasaApiError as error:
            raise DeskError(502, f"Rasa did not pause the conversation: {error}") from error
        replies = await self.hand_off(conversation_id, "staff", topic, opened_by=staff)
        await self.router.reply(conversation_id, replies)
        return await in_thread(self.tickets.open_ticket_of, conversation_id)

    # --- staff actions -------------------------------------------------------------

    async def claim(self, ticket_id: int, staff: StaffMember) -> Dict[str, Any]:
        ticket = await self._ticket(ticket_id)
        if not await in_thread(self.tickets.claim, ticket_id, staff.id):
            raise DeskError(409, "already claimed or closed")
        await self.router.reply(ticket["conversation_id"],
                                [{"text": texts.say("claimed", ticket["language"], name=staff.username)}])
        return await self._changed(ticket_id)

    async def reply(self, ticket_id: int, staff: StaffMember, text: str) -> Dict[str, Any]:
        ticket = await self._ticket_of_claimer(ticket_id, staff)
        message_ids = await self.router.reply(ticket["conversation_id"], [{"text": text}])
        event = await in_thread(self.tickets.add_event, ticket_id, "reply", staff.id, None, message_ids[0])
        stored = await in_thread(self.store.message, message_ids[0])
        self.hub.publish("message", {"conversation_id": ticket["conversation_id"], "ticket_id": ticket_id,
                                     "message": {**stored, "who": "staff", "staff": staff.username}})
        return event

    async def note(self, ticket_id: int, staff: StaffMember, text: str) -> Dict[str, Any]:
        await self._ticket(ticket_id)
        event = await in_thread(self.tickets.add_event, ticket_id, "note", staff.id, text)
        self.hub.publish("note", {**event, "staff": staff.username})
        return event

    async def transfer(self, ticket_id: int, staff: StaffMember, team: str) -> Dict[str, Any]:
        ticket = await self._ticket(ticket_id)
        if ticket["state"] != WAITING:
            ticket = await self._ticket_of_claimer(ticket_id, staff)
        if not await in_thread(self.tickets.transfer, ticket_id, staff.id, team):
            raise DeskError(409, "the ticket is closed")
        await self.router.reply(ticket["conversation_id"], [{"text": texts.say("transferred", ticket["language"],
                                                                               team=team)}])
        return await self._changed(ticket_id)

    async def resolve(self, ticket_id: int, staff: StaffMember) -> Dict[str, Any]:
        ticket = await self._ticket_of_claimer(ticket_id, staff, allow_callback=True)
        if ticket["state"] != CALLBACK:
            await self._resume(ticket["conversation_id"], fresh=True)
        if not await in_thread(self.tickets.resolve, ticket_id, staff.id):
            raise DeskError(409, "the ticket is closed")
        if ticket["state"] != CALLBACK:
            await in_thread(self.store.set_handoff_state, ticket["conversation_id"], HANDOFF_BOT)
            await self.router.reply(ticket["conversation_id"], [{"text": texts.say("bot_back", ticket["language"])}])
        resolved = await self._changed(ticket_id)
        for listener in self.resolved_listeners:
            try:
                await listener(resolved)
            except Exception:  # noqa: BLE001 - the ticket is resolved whatever a listener does
                logger.exception("resolve listener failed for ticket %s", ticket_id)
        return resolved

    async def hand_back(self, ticket_id: int, staff: StaffMember, intent: str) -> Dict[str, Any]:
        """Resolves and starts the bot at a chosen step (an intent, e.g. medical_remote_filing)."""
        ticket = await self._ticket_of_claimer(ticket_id, staff)
        conversation_id = ticket["conversation_id"]
        await self._resume(conversation_id, fresh=True)
        await in_thread(self.store.set_handoff_state, conversation_id, HANDOFF_BOT)
        try:
            replies = [_as_reply(message) for message in await self.rasa.trigger_intent(conversation_id, intent)]
        except RasaApiError as error:
            await in_thread(self.store.set_handoff_state, conversation_id, HANDOFF_HUMAN)
            await self._pause_quietly(conversation_id)
            raise DeskError(502, f"Rasa did not start {intent}: {error}") from error
        await in_thread(self.tickets.resolve, ticket_id, staff.id, "handed_back", intent)
        await self.router.reply(conversation_id, [reply for reply in replies if reply]
                                or [{"text": texts.say("bot_back", ticket["language"])}])
        return await self._changed(ticket_id)

    # --- phone → chat --------------------------------------------------------------

    async def _open_link(self, conversation_id: str, token: str, metadata: Dict[str, Any],
                         replies: List[Reply]) -> List[Reply]:
        link = await in_thread(self.links.redeem, token, conversation_id)
        language = metadata.get("language_code")
        if link is None:
            return [{"text": texts.say("link_invalid", language)}]
        welcome = [{"text": texts.say("link_welcome", language)}]
        if link["note"]:
            welcome.append({"text": texts.say("link_note", language, note=link["note"])})
        self.hub.publish("link", link)
        try:
            started = [_as_reply(message) for message in await self.rasa.trigger_intent(conversation_id,
                                                                                         link["matter"])]
        except RasaApiError as error:
            logger.warning("link matter %s not started for %s: %s", link["matter"], conversation_id, error)
            return welcome + replies
        return welcome + [reply for reply in started if reply]

    # --- reading -------------------------------------------------------------------

    async def transcript(self, conversation_id: str, usernames: Dict[int, str]) -> Dict[str, Any]:
        messages = await in_thread(self.store.history, conversation_id, 0, 1000)
        staff_messages = await in_thread(self.tickets.staff_message_ids, conversation_id)
        turns = []
        for message in messages:
            who = "citizen" if message["direction"] == "in" else "staff" if message["id"] in staff_messages else "bot"
            turn = {**message, "who": who}
            if who == "staff":
                turn["staff"] = usernames.get(staff_messages[message["id"]])
            turns.append(turn)
        tickets = await in_thread(self.tickets.tickets_of, conversation_id)
        events = []
        for ticket in tickets:
            events.extend(await in_thread(self.tickets.events, ticket["id"]))
        for event in events:
            event["staff"] = usernames.get(event["staff_id"])
        tracker = await self.rasa.tracker(conversation_id) or {}
        slots = {name: mask_nested(value) for name, value in (tracker.get("slots") or {}).items()
                 if name not in HIDDEN_SLOTS and value is not None}
        return {"conversation_id": conversation_id, "conversation": await in_thread(self.store.conversation,
                                                                                     conversation_id),
                "messages": turns, "tickets": tickets, "events": events, "slots": slots,
                "identity": self._identity(slots)}

    @staticmethod
    def _identity(slots: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        if not slots.get("identity_verified"):
            return None
        return {"id_number": slots.get("id_number"), "phone": slots.get("phone")}

    def day_start(self) -> datetime:
        """Midnight of the desk's time zone today, as naive UTC."""
        local = datetime.now(self.hours.zone).replace(hour=0, minute=0, second=0, microsecond=0)
        return local.astimezone(timezone.utc).replace(tzinfo=None)

    # --- internals -----------------------------------------------------------------

    async def _ticket(self, ticket_id: int) -> Dict[str, Any]:
        ticket = await in_thread(self.tickets.get, ticket_id)
        if ticket is None:
            raise DeskError(404, "no such ticket")
        return ticket

    async def _ticket_of_claimer(self, ticket_id: int, staff: StaffMember, allow_callback: bool = False):
        ticket = await self._ticket(ticket_id)
        if allow_callback and ticket["state"] == CALLBACK:
            return ticket
        if ticket["state"] != "active":
            raise DeskError(409, "the ticket is not claimed")
        if ticket["claimed_by"] != staff.id and staff.role != "supervisor":
            raise DeskError(403, "claimed by someone else")
        return ticket

    async def _changed(self, ticket_id: int) -> Dict[str, Any]:
        ticket = await self._ticket(ticket_id)
        self.hub.publish("ticket", ticket)
        return ticket

    async def _resume(self, conversation_id: str, fresh: bool = False) -> None:
        """Resumes Rasa; `fresh` (after staff had the conversation) as a new session keeping SLOTS_AFTER_DESK."""
        try:
            if fresh:
                await self.rasa.fresh_start(conversation_id, SLOTS_AFTER_DESK)
            else:
                await self.rasa.resume(conversation_id)
        except RasaApiError as error:
            raise DeskError(502, f"Rasa did not resume the conversation: {error}") from error

    async def _resume_quietly(self, conversation_id: str) -> None:
        try:
            await self.rasa.resume(conversation_id)
        except RasaApiError as error:
            logger.warning("could not resume %s: %s", conversation_id, error)

    async def _pause_quietly(self, conversation_id: str) -> None:
        try:
            await self.rasa.pause(conversation_id)
        except RasaApiError as error:
            logger.warning("could not pause %s: %s", conversation_id, error)

    async def _announce_activity(self, conversation_id: str) -> None:
        await asyncio.sleep(ACTIVITY_DELAY_S)
        self.hub.publish("activity", {"conversation_id": conversation_id})

    def _later(self, coroutine) -> None:
        task = asyncio.ensure_future(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

