"""Tables of the gateway's message store."""
from typing import Any

from sqlalchemy import JSON, Boolean, Column, DateTime, Float, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import declarative_base

# SQLAlchemy 1.4 ships no type information, so mypy sees a variable, not a class; Any lets the models subclass it.
Base: Any = declarative_base()

# Hand-off states: the bot answers ("bot"), or a person does ("human"; the desk sets it).
HANDOFF_BOT = "bot"
HANDOFF_HUMAN = "human"

# Direction of a message.
INBOUND = "in"
OUTBOUND = "out"

# Status of an inbound message.
ANSWERED = "answered"      # Rasa answered it
PENDING = "pending"        # Rasa was unavailable; the retry loop will send it again
DIVERTED = "diverted"      # the conversation was in hand-off; kept for the desk
NOTICE = "notice"          # answered by the gateway itself (empty, too long, media …)


class Conversation(Base):
    __tablename__ = "gateway_conversations"

    id = Column(String(80), primary_key=True)          # "<channel>:<id>", e.g. "tg:12345"
    channel = Column(String(16), nullable=False)
    language_code = Column(String(16))
    handoff_state = Column(String(16), nullable=False, default=HANDOFF_BOT)
    created_at = Column(DateTime, nullable=False)
    last_seen_at = Column(DateTime, nullable=False)
    # The gateway process sending this conversation's messages to Rasa now, and until when
    # (several gateways share the database; a lease of a process that died runs out).
    lease_owner = Column(String(32))
    lease_until = Column(DateTime)
    # elder mode (长辈模式), as the latest utter_elder_mode_on/_off said
    elder_mode = Column(Boolean, nullable=False, default=False, server_default=false())


class Message(Base):
    __tablename__ = "gateway_messages"

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String(80), ForeignKey("gateway_conversations.id"), nullable=False)
    direction = Column(String(3), nullable=False)
    text = Column(Text)                    # masked; what went to / came from Rasa
    display_text = Column(Text)            # masked; what the citizen saw, e.g. a button's title
    buttons = Column(JSON(none_as_null=True))
    image = Column(Text)
    status = Column(String(16))            # inbound only, see above
    metadata_ = Column("metadata", JSON(none_as_null=True))  # channel metadata sent with an inbound message
    intent = Column(String(64))
    confidence = Column(Float)
    created_at = Column(DateTime, nullable=False)
    external_id = Column(String(80))       # inbound: the channel's id of the message (a retry has the same)


Index("ix_gateway_messages_conversation", Message.conversation_id, Message.id)
Index("ux_gateway_messages_external", Message.conversation_id, Message.external_id, unique=True)
Index("ix_gateway_messages_status", Message.status)


class SharedValue(Base):
    """A short-lived value every gateway process sees (a channel's access token, a lock, a claim),
    kept here when there is no Redis (bot.store.shared_values)."""
    __tablename__ = "gateway_shared_values"

    key = Column(String(200), primary_key=True)
    value = Column(Text, nullable=False)
    expires_at = Column(DateTime, nullable=False)
