"""What staff read of a conversation: its messages (who said each), its tickets and their events, and
Rasa's slots (masked) with the citizen's verified identity; and who may read it."""
from typing import Any

from bot.desk.accounts import StaffMember
from bot.desk.errors import NotAllowed
from bot.desk.hotline.links import LinkStore
from bot.desk.hotline.tickets import TicketStore
from bot.rasa_client import RasaClient
from bot.store import in_thread
from bot.store.message_store import MessageStore
from privacy.masking import mask_nested

HIDDEN_SLOTS = ("otp",)


def _identity(slots: dict[str, Any]) -> dict[str, Any] | None:
    if not slots.get("identity_verified"):
        return None
    return {"id_number": slots.get("id_number"), "phone": slots.get("phone")}


def _turn(message: dict[str, Any], staff_messages: dict[int, int], usernames: dict[int, str]) -> dict[str, Any]:
    if message["direction"] == "in":
        return {**message, "who": "citizen"}
    if message["id"] not in staff_messages:
        return {**message, "who": "bot"}
    return {**message, "who": "staff", "staff": usernames.get(staff_messages[message["id"]])}


class Transcripts:
    def __init__(self, store: MessageStore, tickets: TicketStore, links: LinkStore, rasa: RasaClient) -> None:
        self.store = store
        self.tickets = tickets
        self.links = links
        self.rasa = rasa

    async def ensure_readable(self, staff: StaffMember, conversation_id: str) -> None:
        """Agents read conversations that came to the desk or that they sent a link into."""
        if staff.role != "agent" or await in_thread(self.tickets.tickets_of, conversation_id):
            return
        if not await in_thread(self.links.followed_by, staff.id, conversation_id):
            raise NotAllowed("this conversation never came to the desk")

    async def transcript(self, conversation_id: str, usernames: dict[int, str]) -> dict[str, Any]:
        messages = await in_thread(self.store.history, conversation_id, 0, 1000)
        staff_messages = await in_thread(self.tickets.staff_message_ids, conversation_id)
        tickets = await in_thread(self.tickets.tickets_of, conversation_id)
        events: list[dict[str, Any]] = []
        for ticket in tickets:
            events.extend(await in_thread(self.tickets.events, ticket["id"]))
        for event in events:
            event["staff"] = usernames.get(event["staff_id"])
        tracker = await self.rasa.tracker(conversation_id) or {}
        slots = {name: mask_nested(value) for name, value in (tracker.get("slots") or {}).items()
                 if name not in HIDDEN_SLOTS and value is not None}
        return {"conversation_id": conversation_id,
                "conversation": await in_thread(self.store.conversation, conversation_id),
                "messages": [_turn(message, staff_messages, usernames) for message in messages],
                "tickets": tickets, "events": events, "slots": slots, "identity": _identity(slots)}
