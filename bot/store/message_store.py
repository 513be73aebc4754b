"""Reads and writes conversations and messages. Every text is masked on the way in;
methods are synchronous (short transactions) and the router runs them in a thread."""
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from bot.store.models import ANSWERED, DIVERTED, HANDOFF_BOT, INBOUND, OUTBOUND, PENDING, Conversation, Message
from privacy.masking import mask_nested, mask_personal_data

# How many of a conversation's latest replies with buttons can still be answered with a button.
OFFERED_WITHIN = 20


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _insert_ignoring_duplicates(session, table):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table).on_conflict_do_nothing(index_elements=["id"])


@dataclass(frozen=True)
class PendingMessage:
    id: int
    conversation_id: str
    text: str
    metadata: dict[str, Any]


@dataclass(frozen=True)
class Received:
    handoff_state: str
    message_id: int
    pending: list[PendingMessage]
    duplicate: bool = False     # the channel sent this message before; it is stored once


def message_as_dict(message: Message) -> dict[str, Any]:
    return {
        "id": message.id, "conversation_id": message.conversation_id,
        "direction": message.direction, "text": message.text,
        "display_text": message.display_text, "buttons": message.buttons, "image": message.image,
        "status": message.status, "intent": message.intent, "confidence": message.confidence,
        "created_at": message.created_at.isoformat() + "Z",
    }


class MessageStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._session = sessionmaker(engine, future=True, expire_on_commit=False)

    def touch_conversation(self, conversation_id: str, language_code: str | None = None) -> str:
        """Creates the conversation if new, records that it was seen; returns its hand-off state."""
        with self._session.begin() as session:
            return self._touch(session, conversation_id, language_code)

    @staticmethod
    def _touch(session, conversation_id: str, language_code: str | None) -> str:
        now = _now()
        # Insert-or-ignore first, so two messages racing to open a conversation both succeed.
        session.execute(_insert_ignoring_duplicates(session, Conversation).values(
            id=conversation_id, channel=conversation_id.split(":", 1)[0], language_code=language_code,
            handoff_state=HANDOFF_BOT, created_at=now, last_seen_at=now))
        conversation = session.get(Conversation, conversation_id, populate_existing=True)
        conversation.last_seen_at = now
        if language_code and not conversation.language_code:
            conversation.language_code = language_code
        return conversation.handoff_state

    def receive(self, conversation_id: str, text: str, metadata: dict[str, Any],
                display_text: str | None = None, external_id: str | None = None) -> "Received":
        """Stores a citizen's message in one transaction: the conversation is created or
        touched; the message is pending for Rasa, or diverted if the conversation is in
        hand-off. Returns the state, the message id and the conversation's pending messages.
        A message whose channel id (`external_id`) is stored already is not stored again."""
        try:
            with self._session.begin() as session:
                state = self._touch(session, conversation_id, metadata.get("language_code"))
                earlier = self._by_external_id(session, conversation_id, external_id)
                if earlier is not None:
                    return Received(state, earlier, [], duplicate=True)
                status = PENDING if state == HANDOFF_BOT else DIVERTED
                message = Message(conversation_id=conversation_id, direction=INBOUND,
                                  text=mask_personal_data(text), display_text=mask_nested(display_text),
                                  status=status, metadata_=mask_nested(metadata), created_at=_now(),
                                  external_id=external_id)
                session.add(message)
                session.flush()
                pending = self._pending_of(session, conversation_id) if status == PENDING else []
                return Received(state, message.id, pending)
        except IntegrityError:
            if external_id is None:
                raise
            # the same message arrived at two gateways at once: the other one stored it
            with self._session() as session:
                earlier = self._by_external_id(session, conversation_id, external_id)
            assert earlier is not None  # the unique index on the channel's id refused this copy
            return Received(HANDOFF_BOT, earlier, [], duplicate=True)

    @staticmethod
    def _by_external_id(session, conversation_id: str, external_id: str | None) -> int | None:
        if external_id is None:
            return None
        return session.execute(select(Message.id).where(Message.conversation_id == conversation_id,
                                                        Message.external_id == external_id)).scalar()

    def take_lease(self, conversation_id: str, owner: str, seconds: float) -> bool:
        """Makes `owner` the one gateway process sending this conversation's messages to Rasa
        for the next `seconds`; False while another process holds a lease that has not run out."""
        now = _now()
        with self._session.begin() as session:
            taken = session.execute(
                update(Conversation).where(Conversation.id == conversation_id,
                                           or_(Conversation.lease_until.is_(None), Conversation.lease_until < now,
                                               Conversation.lease_owner == owner))
                .values(lease_owner=owner, lease_until=now + timedelta(seconds=seconds))).rowcount
        return taken == 1

    def release_lease(self, conversation_id: str, owner: str) -> None:
        with self._session.begin() as session:
            session.execute(update(Conversation).where(Conversation.id == conversation_id,
                                                       Conversation.lease_owner == owner)
                            .values(lease_owner=None, lease_until=None))

    def conversation(self, conversation_id: str) -> dict[str, Any] | None:
        with self._session() as session:
            found = session.get(Conversation, conversation_id)
            if found is None:
                return None
            return {"id": found.id, "channel": found.channel, "language_code": found.language_code,
                    "handoff_state": found.handoff_state, "elder_mode": bool(found.elder_mode)}

    def set_language(self, conversation_id: str, language_code: str) -> None:
        with self._session.begin() as session:
            session.execute(update(Conversation).where(Conversation.id == conversation_id)
                            .values(language_code=language_code))

    def set_elder_mode(self, conversation_id: str, on: bool) -> None:
        with self._session.begin() as session:
            session.execute(update(Conversation).where(Conversation.id == conversation_id)
                            .values(elder_mode=on))

    def set_handoff_state(self, conversation_id: str, state: str) -> None:
        with self._session.begin() as session:
            session.execute(update(Conversation).where(Conversation.id == conversation_id)
                            .values(handoff_state=state))

    def add_inbound(self, conversation_id: str, text: str, status: str,
                    metadata: dict[str, Any] | None = None, display_text: str | None = None,
                    external_id: str | None = None) -> int | None:
        """Stores a citizen's message, masked; None (and nothing stored) when its channel id
        (`external_id`) is stored already."""
        try:
            with self._session.begin() as session:
                if self._by_external_id(session, conversation_id, external_id) is not None:
                    return None
                message = Message(conversation_id=conversation_id, direction=INBOUND,
                                  text=mask_personal_data(text), display_text=mask_nested(display_text),
                                  status=status, metadata_=mask_nested(metadata or {}), created_at=_now(),
                                  external_id=external_id)
                session.add(message)
                session.flush()
                return message.id
        except IntegrityError:
            if external_id is None:
                raise
            return None  # the same message reached another gateway at the same moment

    def set_status(self, message_id: int, status: str) -> None:
        with self._session.begin() as session:
            session.execute(update(Message).where(Message.id == message_id).values(status=status))

    def record_answer(self, message_id: int, conversation_id: str, replies: list[dict[str, Any]]) -> None:
        """Marks a citizen's message answered and stores the replies, in one transaction."""
        with self._session.begin() as session:
            session.execute(update(Message).where(Message.id == message_id).values(status=ANSWERED))
            session.add_all(self._reply_rows(conversation_id, replies))

    def set_intent(self, message_id: int, intent: str | None, confidence: float | None,
                   language: str | None = None) -> None:
        """What Rasa understood of a message; the reply language, if known, becomes the conversation's."""
        with self._session.begin() as session:
            session.execute(update(Message).where(Message.id == message_id)
                            .values(intent=intent, confidence=confidence))
            if language:
                conversation_id = session.get(Message, message_id).conversation_id
                session.execute(update(Conversation).where(Conversation.id == conversation_id)
                                .values(language_code=language))

    def add_replies(self, conversation_id: str, replies: list[dict[str, Any]]) -> list[int]:
        with self._session.begin() as session:
            rows = self._reply_rows(conversation_id, replies)
            session.add_all(rows)
            session.flush()
            return [row.id for row in rows]

    @staticmethod
    def _reply_rows(conversation_id: str, replies: list[dict[str, Any]]) -> list[Message]:
        now = _now()
        return [Message(conversation_id=conversation_id, direction=OUTBOUND, text=mask_nested(reply.get("text")),
                        buttons=mask_nested(reply.get("buttons")), image=reply.get("image"), created_at=now)
                for reply in replies]

    def pending(self, limit: int = 50) -> list[PendingMessage]:
        """Inbound messages waiting for Rasa, oldest first."""
        with self._session() as session:
            rows = session.execute(select(Message).where(Message.status == PENDING)
                                   .order_by(Message.id).limit(limit)).scalars().all()
            return [PendingMessage(row.id, row.conversation_id, row.text, row.metadata_ or {})
                    for row in rows]

    def pending_of(self, conversation_id: str) -> list[PendingMessage]:
        with self._session() as session:
            return self._pending_of(session, conversation_id)

    @staticmethod
    def _pending_of(session, conversation_id: str) -> list[PendingMessage]:
        rows = session.execute(select(Message).where(Message.conversation_id == conversation_id,
                                                     Message.status == PENDING)
                               .order_by(Message.id)).scalars().all()
        return [PendingMessage(row.id, row.conversation_id, row.text, row.metadata_ or {}) for row in rows]

    def message(self, message_id: int) -> dict[str, Any] | None:
        with self._session() as session:
            found = session.get(Message, message_id)
            return message_as_dict(found) if found else None

    def latest_inbound(self, conversation_id: str, limit: int = 5) -> list[dict[str, Any]]:
        """The citizen's latest messages of a conversation, newest first."""
        with self._session() as session:
            rows = session.execute(select(Message).where(Message.conversation_id == conversation_id,
                                                         Message.direction == INBOUND)
                                   .order_by(Message.id.desc()).limit(limit)).scalars().all()
            return [message_as_dict(row) for row in rows]

    def offered_payloads(self, conversation_id: str, recent: int = OFFERED_WITHIN) -> list[str | None]:
        """The (masked) button payloads of the conversation's latest replies."""
        with self._session() as session:
            rows = session.execute(select(Message.buttons).where(Message.conversation_id == conversation_id,
                                                                 Message.direction == OUTBOUND,
                                                                 Message.buttons.is_not(None))
                                   .order_by(Message.id.desc()).limit(recent)).scalars().all()
        return [button.get("payload") for buttons in rows for button in buttons or [] if isinstance(button, dict)]

    def offered_since_last_message(self, conversation_id: str) -> list[dict[str, Any]]:
        """The (masked) buttons of the replies since the citizen's latest message, in the order shown."""
        with self._session() as session:
            latest_inbound = select(func.coalesce(func.max(Message.id), 0)).where(
                Message.conversation_id == conversation_id, Message.direction == INBOUND).scalar_subquery()
            rows = session.execute(select(Message.buttons).where(Message.conversation_id == conversation_id,
                                                                 Message.direction == OUTBOUND,
                                                                 Message.id > latest_inbound,
                                                                 Message.buttons.is_not(None))
                                   .order_by(Message.id)).scalars().all()
        return [button for buttons in rows for button in buttons or [] if isinstance(button, dict)]

    def history(self, conversation_id: str, after_id: int = 0, limit: int = 200) -> list[dict[str, Any]]:
        with self._session() as session:
            rows = session.execute(select(Message).where(Message.conversation_id == conversation_id,
                                                         Message.id > after_id)
                                   .order_by(Message.id).limit(limit)).scalars().all()
            return [message_as_dict(row) for row in rows]
