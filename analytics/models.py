"""Tables of the analytics, in the gateway's database (created by the gateway's migration 0004).
They hold no message text: intent names, places, times and ratings (a comment is masked)."""
from typing import Any

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import declarative_base

# SQLAlchemy 1.4 ships no type information; Any lets the models subclass it (as in bot/store/models.py).
Base: Any = declarative_base()


class ConversationDay(Base):
    """One conversation's activity on one local day (the unit of the conversation metrics)."""
    __tablename__ = "analytics_conversation_days"

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String(80), nullable=False)
    day = Column(String(10), nullable=False)             # YYYY-MM-DD in the analytics time zone
    channel = Column(String(16), nullable=False)
    language = Column(String(8))
    city = Column(String(64))
    county = Column(String(64))
    first_at = Column(DateTime, nullable=False)          # naive UTC, the first citizen message
    last_at = Column(DateTime, nullable=False)
    first_answer_ms = Column(Integer)                    # first citizen message -> first bot message
    turns = Column(Integer, nullable=False, default=0)
    fallbacks = Column(Integer, nullable=False, default=0)
    form = Column(String(64))                            # the form still asking after the latest turn
    had_form = Column(Boolean, nullable=False, default=False)


class Turn(Base):
    """One citizen message as Rasa understood it."""
    __tablename__ = "analytics_turns"

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String(80), nullable=False)
    day = Column(String(10), nullable=False)
    at = Column(DateTime, nullable=False)
    intent = Column(String(64))
    matter = Column(String(64))                          # the intent when it is a matter (analytics.matters)
    message_key = Column(String(64))                     # the message's key: its events recorded twice count once


class MatterDay(Base):
    """A matter a conversation asked about on a day (the unit of the per-matter figures)."""
    __tablename__ = "analytics_matter_days"

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String(80), nullable=False)
    day = Column(String(10), nullable=False)
    matter = Column(String(64), nullable=False)


class Rating(Base):
    """A matter completed or a guide given in chat, or a desk ticket resolved, and what the citizen said
    of it when asked (score 1-5, or declined; an optional masked comment)."""
    __tablename__ = "analytics_ratings"

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String(80), nullable=False)
    day = Column(String(10), nullable=False)
    matter = Column(String(64))
    kind = Column(String(16), nullable=False)            # completed | guide | desk
    person = Column(Boolean, nullable=False)             # a person (the desk) was involved
    asked = Column(Boolean, nullable=False)              # the citizen was asked to rate it
    created_at = Column(DateTime, nullable=False)
    score = Column(Integer)
    declined = Column(Boolean, nullable=False, default=False)
    rated_at = Column(DateTime)
    comment_asked_at = Column(DateTime)
    comment = Column(Text)


class Cursor(Base):
    """How far an event source has been read (the tracker store's last event id)."""
    __tablename__ = "analytics_cursors"

    source = Column(String(64), primary_key=True)
    position = Column(Integer, nullable=False)


Index("ux_analytics_conversation_days", ConversationDay.conversation_id, ConversationDay.day, unique=True)
Index("ix_analytics_conversation_days_day", ConversationDay.day)
Index("ix_analytics_turns_day_intent", Turn.day, Turn.intent)
Index("ix_analytics_turns_conversation", Turn.conversation_id, Turn.day)
Index("ux_analytics_turns_message_key", Turn.conversation_id, Turn.message_key, unique=True)
Index("ux_analytics_matter_days", MatterDay.conversation_id, MatterDay.day, MatterDay.matter, unique=True)
Index("ix_analytics_matter_days_day", MatterDay.day, MatterDay.matter)
Index("ix_analytics_ratings_day", Rating.day)
Index("ix_analytics_ratings_conversation", Rating.conversation_id, Rating.id)
